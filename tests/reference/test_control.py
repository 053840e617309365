"""The /reference-api control endpoints that tests and support staff use, which are not part of Jira."""

from tests.reference.conftest import Client, ClientFactory, basic_header, config_text


def test_ready_names_product_and_data(client: Client) -> None:
    response = client.get("/reference-api/ready")

    assert response.status_code == 200
    assert response.json() == {"ready": True, "product": "jira", "data": "test.toml"}


def test_login_record_shows_counters(client: Client) -> None:
    client.fail_logins("someuser", 3)

    response = client.get("/reference-api/users/someuser/login-record")

    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "someuser"
    assert body["currentFailedCount"] == 3
    assert body["totalFailedCount"] == 3
    assert body["lastFailedLogin"].endswith("Z")
    assert body["loginCount"] == 0
    assert body["lastLogin"] is None
    assert body["captchaRequired"] is True


def test_login_record_unknown_user_not_found(client: Client) -> None:
    response = client.get("/reference-api/users/nobody/login-record")

    assert response.status_code == 404


def test_captcha_answer_for_pending_captcha(client: Client) -> None:
    client.fail_logins("someuser", 3)

    first = client.get("/reference-api/users/someuser/captcha").json()["answer"]
    second = client.get("/reference-api/users/someuser/captcha").json()["answer"]

    assert first.isdigit()
    assert first == second


def test_reset_restores_loaded_state(client: Client) -> None:
    client.new_token("someuser")
    client.fail_logins("someuser", 3)

    response = client.post("/reference-api/reset")

    assert response.status_code == 200
    assert response.json() == {"reset": True}
    assert client.record("someuser").total_failed_count == 0
    assert client.instance.tokens_of(client.user("someuser")) == []


def test_reset_ends_sessions(client: Client) -> None:
    login = client.post("/rest/auth/1/session", json={"username": "someuser", "password": "someuser-password"})
    cookie = {"Cookie": f"JSESSIONID={login.json()['session']['value']}"}

    client.post("/reference-api/reset")

    assert client.get("/rest/api/2/myself", headers=cookie).status_code == 401


def test_reset_keeps_configured_tokens(make_client: ClientFactory) -> None:
    client = make_client(
        config_text(extra='[[tokens]]\nowner = "someuser"\ndescription = "configured"\nsecret = "configured-secret"\n')
    )
    headers = basic_header("someuser", "configured-secret")

    client.post("/reference-api/reset")

    assert client.get("/rest/api/2/myself", headers=headers).status_code == 200


def test_reset_restarts_issue_numbers(client: Client) -> None:
    headers = basic_header("someuser", "someuser-password")
    issue = {"fields": {"project": {"key": "DEMO"}, "summary": "reset test"}}
    first = client.post("/rest/api/2/issue", json=issue, headers=headers).json()["key"]

    client.post("/reference-api/reset")
    again = client.post("/rest/api/2/issue", json=issue, headers=headers).json()["key"]

    assert first == "DEMO-1"
    assert again == "DEMO-1"


def test_captcha_unknown_user_not_found(client: Client) -> None:
    response = client.get("/reference-api/users/nobody/captcha")

    assert response.status_code == 404
    assert "No user is named 'nobody'" in response.json()["errorMessages"][0]
