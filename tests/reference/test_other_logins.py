"""Bearer tokens, REST sessions, anonymous access, the web login form, single sign-on and the administrator's reset."""

from urllib.parse import quote

import pytest
import requests

from reference_impl.records import Scope
from tests.reference.conftest import Client, ClientFactory, basic_header, config_text

MYSELF = "/rest/api/2/myself"
SESSION = "/rest/auth/1/session"
RESET_COUNT = "/secure/admin/user/ResetFailedLoginCount.jspa"
NO_CHECK = {"X-Atlassian-Token": "no-check"}
ADMIN = basic_header("admin", "admin-password")
BEARER_ALLOWED = "allow_bearer = true"


def bearer_header(secret: str) -> dict[str, str]:
    """Build an `Authorization: Bearer` header."""
    return {"Authorization": f"Bearer {secret}"}


def require_captcha(client: Client, name: str = "someuser") -> None:
    """Fail logins until the user must solve a CAPTCHA."""
    client.fail_logins(name, 3)
    assert client.instance.captcha_required(client.user(name))


def captcha_answer(client: Client, name: str = "someuser") -> str:
    """Read the solution of a user's pending CAPTCHA from the control interface."""
    response = client.get(f"/reference-api/users/{name}/captcha")
    assert response.status_code == 200
    return response.json()["answer"]


def session_cookie(response: requests.Response) -> dict[str, str]:
    """Build a Cookie header from a session login's JSON body."""
    session = response.json()["session"]
    return {"Cookie": f"{session['name']}={session['value']}"}


def cookie_from_set_cookie(set_cookie: str) -> dict[str, str]:
    """Build a Cookie header from the first name=value pair of a Set-Cookie header."""
    return {"Cookie": set_cookie.split(";", 1)[0]}


# Bearer tokens


def test_bearer_with_bearer_disabled_rejected(client: Client) -> None:
    secret = client.new_token("someuser")

    response = client.get(MYSELF, headers=bearer_header(secret))

    assert response.status_code == 401
    assert "X-Seraph-LoginReason" not in response.headers
    assert "X-AUSERNAME" not in response.headers


def test_bearer_with_bearer_disabled_not_counted(client: Client) -> None:
    secret = client.new_token("someuser")
    client.fail_logins("someuser", 1)

    client.get(MYSELF, headers=bearer_header(secret))

    record = client.record("someuser")
    assert record.current_failed_count == 1
    assert record.total_failed_count == 1
    assert record.login_count == 0


def test_bearer_with_bearer_enabled_accepted(make_client: ClientFactory) -> None:
    client = make_client(config_text(app=BEARER_ALLOWED))
    secret = client.new_token("someuser")
    client.fail_logins("someuser", 2)

    response = client.get(MYSELF, headers=bearer_header(secret))

    assert response.status_code == 200
    assert response.headers["X-Seraph-LoginReason"] == "OK"
    assert response.headers["X-AUSERNAME"] == "someuser"
    assert client.record("someuser").current_failed_count == 0
    assert client.record("someuser").login_count == 1


def test_bearer_token_updates_last_accessed(make_client: ClientFactory) -> None:
    client = make_client(config_text(app=BEARER_ALLOWED))
    secret = client.new_token("someuser")

    client.get(MYSELF, headers=bearer_header(secret))

    (token,) = client.instance.tokens_of(client.user("someuser"))
    assert token.last_accessed is not None


def test_bearer_scheme_name_case_insensitive(make_client: ClientFactory) -> None:
    client = make_client(config_text(app=BEARER_ALLOWED))

    response = client.get(MYSELF, headers={"Authorization": f"BEARER {client.new_token('someuser')}"})

    assert response.status_code == 200


def test_unknown_bearer_with_bearer_enabled_rejected(make_client: ClientFactory) -> None:
    client = make_client(config_text(app=BEARER_ALLOWED))

    response = client.get(MYSELF, headers=bearer_header("not-a-token"))

    assert response.status_code == 401
    assert "X-Seraph-LoginReason" not in response.headers


def test_read_only_bearer_write_forbidden(make_client: ClientFactory) -> None:
    client = make_client(config_text(app=BEARER_ALLOWED))
    secret = client.new_token("someuser", scope=Scope.READ_ONLY)
    issue = {"fields": {"project": {"key": "DEMO"}, "summary": "Created by a test"}}

    response = client.post("/rest/api/2/issue", json=issue, headers=bearer_header(secret))

    assert response.status_code == 403


def test_bearer_outside_allowlist_forbidden(make_client: ClientFactory) -> None:
    client = make_client(config_text(app='allow_bearer = true\nip_allowlist = ["10.0.0.0/8"]'))

    response = client.get(MYSELF, headers=bearer_header(client.new_token("someuser")))

    assert response.status_code == 403


# REST sessions


def test_session_login_with_token_succeeds(client: Client) -> None:
    secret = client.new_token("someuser")
    client.fail_logins("someuser", 2)

    response = client.post(SESSION, json={"username": "someuser", "password": secret})

    assert response.status_code == 200
    body = response.json()
    assert body["session"]["name"] == "JSESSIONID"
    assert body["session"]["value"]
    assert set(body["loginInfo"]) == {"failedLoginCount", "loginCount"}
    assert response.headers["Set-Cookie"].startswith(f"JSESSIONID={body['session']['value']};")
    assert client.record("someuser").current_failed_count == 0
    assert client.record("someuser").login_count == 1


def test_session_login_with_password_succeeds(client: Client) -> None:
    response = client.post(SESSION, json={"username": "someuser", "password": "someuser-password"})

    assert response.status_code == 200
    assert response.headers["X-AUSERNAME"] == "someuser"


def test_session_login_wrong_secret_counted(client: Client) -> None:
    response = client.post(SESSION, json={"username": "someuser", "password": "wrong-secret"})

    assert response.status_code == 401
    assert response.headers["X-Seraph-LoginReason"] == "AUTHENTICATED_FAILED"
    assert client.record("someuser").total_failed_count == 1


def test_session_login_during_captcha_denied(client: Client) -> None:
    require_captcha(client)

    response = client.post(SESSION, json={"username": "someuser", "password": "someuser-password"})

    assert response.status_code == 403
    assert response.headers["X-Seraph-LoginReason"] == "AUTHENTICATION_DENIED"
    assert response.headers["X-Authentication-Denied-Reason"] == f"CAPTCHA_CHALLENGE; login-url={client.url}/login.jsp"
    assert response.json()["errorMessages"] == ["Login denied"]
    assert "Set-Cookie" not in response.headers


def test_captcha_session_login_with_token_succeeds(client: Client) -> None:
    secret = client.new_token("someuser")
    require_captcha(client)

    response = client.post(SESSION, json={"username": "someuser", "password": secret})

    assert response.status_code == 200
    assert client.record("someuser").current_failed_count == 0


def test_session_cookie_authenticates(client: Client) -> None:
    login = client.post(SESSION, json={"username": "someuser", "password": client.new_token("someuser")})

    response = client.get(MYSELF, headers=session_cookie(login))

    assert response.status_code == 200
    assert response.json()["name"] == "someuser"
    assert response.headers["X-AUSERNAME"] == "someuser"
    assert "X-Seraph-LoginReason" not in response.headers


def test_current_session_names_user(client: Client) -> None:
    login = client.post(SESSION, json={"username": "someuser", "password": "someuser-password"})

    response = client.get(SESSION, headers=session_cookie(login))

    assert response.status_code == 200
    assert response.json()["name"] == "someuser"


def test_session_logout_ends_session(client: Client) -> None:
    login = client.post(SESSION, json={"username": "someuser", "password": "someuser-password"})
    cookie = session_cookie(login)

    logout = client.delete(SESSION, headers=cookie)
    after = client.get(MYSELF, headers=cookie)

    assert logout.status_code == 204
    assert "Max-Age=0" in logout.headers["Set-Cookie"]
    assert after.status_code == 401


def test_logout_without_session_rejected(client: Client) -> None:
    response = client.delete(SESSION)

    assert response.status_code == 401


def test_unknown_session_cookie_anonymous(client: Client) -> None:
    response = client.get(MYSELF, headers={"Cookie": "JSESSIONID=0123456789ABCDEF"})

    assert response.status_code == 401


# No credentials


def test_anonymous_myself_rejected(client: Client) -> None:
    response = client.get(MYSELF)

    assert response.status_code == 401
    assert "X-Seraph-LoginReason" not in response.headers


def test_anonymous_projects_only_open_ones(client: Client) -> None:
    response = client.get("/rest/api/2/project")

    assert response.status_code == 200
    assert [project["key"] for project in response.json()] == ["OPEN"]
    assert response.headers["X-AUSERNAME"] == "anonymous"


def test_anonymous_projects_empty_by_default(make_client: ClientFactory) -> None:
    client = make_client(config_text().replace("anonymous_browse = true", "anonymous_browse = false"))

    response = client.get("/rest/api/2/project")

    assert response.status_code == 200
    assert response.json() == []


def test_authenticated_projects_list_all(client: Client) -> None:
    response = client.get("/rest/api/2/project", headers=basic_header("someuser", client.new_token("someuser")))

    assert [project["key"] for project in response.json()] == ["DEMO", "OPEN"]


def test_anonymous_server_info_answered(client: Client) -> None:
    response = client.get("/rest/api/2/serverInfo")

    assert response.status_code == 200
    assert response.json()["baseUrl"] == client.url
    assert response.json()["deploymentType"] == "Server"


def test_anonymous_confluence_current_user(make_client: ClientFactory) -> None:
    client = make_client(config_text(product='name = "confluence"'))

    response = client.get("/rest/api/user/current")

    assert response.status_code == 200
    assert response.json() == {"type": "anonymous"}


# The web login form


def test_web_login_with_password_succeeds(client: Client) -> None:
    response = client.post("/login.jsp", data={"os_username": "someuser", "os_password": "someuser-password"})

    assert response.status_code == 302
    assert response.headers["Location"] == f"{client.url}/secure/Dashboard.jspa"
    assert response.headers["X-Seraph-LoginReason"] == "OK"
    assert client.record("someuser").login_count == 1


def test_web_login_session_cookie_authenticates(client: Client) -> None:
    login = client.post("/login.jsp", data={"os_username": "someuser", "os_password": "someuser-password"})

    response = client.get(MYSELF, headers=cookie_from_set_cookie(login.headers["Set-Cookie"]))

    assert response.status_code == 200


def test_web_login_with_token_fails(client: Client) -> None:
    secret = client.new_token("someuser")

    response = client.post("/login.jsp", data={"os_username": "someuser", "os_password": secret})

    assert response.status_code == 200
    assert response.headers["X-Seraph-LoginReason"] == "AUTHENTICATED_FAILED"
    assert "Set-Cookie" not in response.headers
    assert "REST API only" in response.text


def test_web_login_with_token_counted(client: Client) -> None:
    secret = client.new_token("someuser")

    client.post("/login.jsp", data={"os_username": "someuser", "os_password": secret})

    assert client.record("someuser").current_failed_count == 1
    assert client.record("someuser").total_failed_count == 1


def test_captcha_web_login_without_answer_denied(client: Client) -> None:
    require_captcha(client)

    response = client.post("/login.jsp", data={"os_username": "someuser", "os_password": "someuser-password"})

    assert response.status_code == 200
    assert response.headers["X-Seraph-LoginReason"] == "AUTHENTICATION_DENIED"
    assert "Set-Cookie" not in response.headers
    assert client.record("someuser").current_failed_count == 4


def test_captcha_web_login_wrong_answer_denied(client: Client) -> None:
    require_captcha(client)
    wrong = "not-the-answer"

    response = client.post(
        "/login.jsp", data={"os_username": "someuser", "os_password": "someuser-password", "os_captcha": wrong}
    )

    assert response.headers["X-Seraph-LoginReason"] == "AUTHENTICATION_DENIED"
    assert client.record("someuser").current_failed_count == 4


def test_captcha_web_login_wrong_password_denied(client: Client) -> None:
    require_captcha(client)
    answer = captcha_answer(client)

    response = client.post(
        "/login.jsp", data={"os_username": "someuser", "os_password": "wrong-secret", "os_captcha": answer}
    )

    assert response.headers["X-Seraph-LoginReason"] == "AUTHENTICATION_DENIED"
    assert client.record("someuser").current_failed_count == 4


def test_captcha_web_login_with_answer_succeeds(client: Client) -> None:
    require_captcha(client)
    answer = captcha_answer(client)

    response = client.post(
        "/login.jsp", data={"os_username": "someuser", "os_password": "someuser-password", "os_captcha": answer}
    )

    assert response.status_code == 302
    assert response.headers["X-Seraph-LoginReason"] == "OK"
    assert client.record("someuser").current_failed_count == 0
    assert client.record("someuser").total_failed_count == 3
    assert not client.instance.captcha_required(client.user("someuser"))


def test_confluence_web_login_with_answer_succeeds(make_client: ClientFactory) -> None:
    client = make_client(config_text(product='name = "confluence"'))
    require_captcha(client)
    answer = captcha_answer(client)

    response = client.post(
        "/dologin.action", data={"os_username": "someuser", "os_password": "someuser-password", "os_captcha": answer}
    )

    assert response.status_code == 302
    assert response.headers["Location"] == f"{client.url}/index.action"
    assert client.record("someuser").current_failed_count == 0


def test_captcha_answer_absent_without_captcha(client: Client) -> None:
    response = client.get("/reference-api/users/someuser/captcha")

    assert response.status_code == 404


# Single sign-on


def test_single_sign_on_logs_in(client: Client) -> None:
    response = client.post("/plugins/servlet/samlconsumer", data={"username": "someuser"})

    assert response.status_code == 302
    assert response.headers["X-Seraph-LoginReason"] == "OK"
    assert response.headers["Set-Cookie"].startswith("JSESSIONID=")
    assert client.record("someuser").login_count == 1


def test_single_sign_on_ends_captcha(client: Client) -> None:
    require_captcha(client)

    response = client.post("/plugins/servlet/samlconsumer", data={"username": "someuser"})

    assert response.status_code == 302
    assert client.record("someuser").current_failed_count == 0
    assert not client.instance.captcha_required(client.user("someuser"))


def test_single_sign_on_unknown_user_forbidden(client: Client) -> None:
    response = client.post("/plugins/servlet/samlconsumer", data={"username": "nobody"})

    assert response.status_code == 403


# The administrator's "Reset Failed Login Count"


def test_admin_reset_clears_failed_count(client: Client) -> None:
    require_captcha(client)

    response = client.get(RESET_COUNT, params={"name": "someuser"}, headers={**ADMIN, **NO_CHECK})

    assert response.status_code == 302
    assert response.headers["Location"] == f"{client.url}/secure/admin/user/ViewUser.jspa?name=someuser"
    assert client.record("someuser").current_failed_count == 0
    assert client.record("someuser").total_failed_count == 3
    assert not client.instance.captcha_required(client.user("someuser"))


def test_admin_reset_without_xsrf_header_forbidden(client: Client) -> None:
    client.fail_logins("someuser", 2)

    response = client.get(RESET_COUNT, params={"name": "someuser"}, headers=ADMIN)

    assert response.status_code == 403
    assert "X-Atlassian-Token: no-check" in response.json()["errorMessages"][0]
    assert client.record("someuser").current_failed_count == 2


def test_admin_reset_by_non_admin_forbidden(client: Client) -> None:
    client.fail_logins("admin", 2)
    headers = {**basic_header("someuser", "someuser-password"), **NO_CHECK}

    response = client.get(RESET_COUNT, params={"name": "admin"}, headers=headers)

    assert response.status_code == 403
    assert client.record("admin").current_failed_count == 2


def test_admin_reset_with_admin_token_rejected(client: Client) -> None:
    client.fail_logins("someuser", 2)
    headers = {**basic_header("admin", client.new_token("admin")), "X-Atlassian-Token": "no-check"}

    response = client.get(RESET_COUNT, params={"name": "someuser"}, headers=headers)

    assert response.status_code == 401
    assert client.record("someuser").current_failed_count == 2
    assert client.record("admin").current_failed_count == 1


def test_admin_reset_anonymous_rejected(client: Client) -> None:
    response = client.get(RESET_COUNT, params={"name": "someuser"}, headers=NO_CHECK)

    assert response.status_code == 401


def test_admin_reset_unknown_user_not_found(client: Client) -> None:
    response = client.get(RESET_COUNT, params={"name": "nobody"}, headers={**ADMIN, **NO_CHECK})

    assert response.status_code == 404


@pytest.mark.parametrize("name", ["jürgen", "JÜRGEN"])
def test_admin_reset_non_ascii_user(client: Client, name: str) -> None:
    client.fail_logins("jürgen", 3)

    response = client.get(RESET_COUNT, params={"name": name}, headers={**ADMIN, **NO_CHECK})

    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/secure/admin/user/ViewUser.jspa?name={quote(name)}")
    assert client.record("jürgen").current_failed_count == 0
