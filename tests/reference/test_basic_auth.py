"""REST requests with `Authorization: Basic`: tokens, passwords, failed-login counters and the CAPTCHA state."""

from datetime import datetime, timedelta, timezone

import pytest

from reference_impl.records import Scope
from tests.reference.conftest import Client, ClientFactory, basic_header, config_text, headers_without_date

MYSELF = "/rest/api/2/myself"
ISSUE = "/rest/api/2/issue"
SESSION = "/rest/auth/1/session"
TOKENS = "/rest/de.resolution.apitokenauth/latest/user/token"
NEW_ISSUE = {"fields": {"project": {"key": "DEMO"}, "summary": "Created by a test"}}
EXPIRED_TOKEN_SECRET = "expired-token-secret"
COLON_TOKEN_SECRET = "token:with:colons"
# A user whose password contains colons. The credentials are split on the first colon only.
COLON_USER = """
[[users]]
name = "colonuser"
password = "pass:word:with:colons"
"""
SPECIAL_TOKENS = f"""
[[tokens]]
owner = "someuser"
description = "expired on New Year's Day 2020"
secret = "{EXPIRED_TOKEN_SECRET}"
expires = 2020-01-01T00:00:00Z

[[tokens]]
owner = "someuser"
description = "secret with colons"
secret = "{COLON_TOKEN_SECRET}"
"""


def require_captcha(client: Client, name: str = "someuser") -> None:
    """Fail logins until the user must solve a CAPTCHA (3 failures with the default maximum)."""
    client.fail_logins(name, 3)
    assert client.instance.captcha_required(client.user(name))


# The allowlist, which applies before any credential is checked


@pytest.mark.parametrize("secret_kind", ["token", "password"])
def test_address_outside_allowlist_forbidden(make_client: ClientFactory, secret_kind: str) -> None:
    client = make_client(config_text(app='ip_allowlist = ["10.0.0.0/8"]'))
    secret = client.new_token("someuser") if secret_kind == "token" else "someuser-password"

    response = client.get(MYSELF, headers=basic_header("someuser", secret))

    assert response.status_code == 403
    assert "X-Seraph-LoginReason" not in response.headers
    assert "IP allowlist" in response.json()["errorMessages"][0]


def test_address_outside_allowlist_not_counted(make_client: ClientFactory) -> None:
    client = make_client(config_text(app='ip_allowlist = ["10.0.0.0/8"]'))

    client.get(MYSELF, headers=basic_header("someuser", "wrong-secret"))

    assert client.record("someuser").current_failed_count == 0
    assert client.record("someuser").total_failed_count == 0


def test_address_inside_allowlist_allowed(make_client: ClientFactory) -> None:
    client = make_client(config_text(app='ip_allowlist = ["10.0.0.0/8", "127.0.0.0/8"]'))

    response = client.get(MYSELF, headers=basic_header("someuser", client.new_token("someuser")))

    assert response.status_code == 200


def test_trusted_proxy_header_sets_client_address(make_client: ClientFactory) -> None:
    client = make_client(
        config_text(
            app="""
            ip_allowlist = ["10.0.0.0/8"]
            trusted_proxies = ["127.0.0.1"]
            client_ip_header = "X-Forwarded-For"
            """
        )
    )
    headers = basic_header("someuser", client.new_token("someuser"))

    allowed = client.get(MYSELF, headers={**headers, "X-Forwarded-For": "192.0.2.7, 10.1.2.3"})
    denied = client.get(MYSELF, headers={**headers, "X-Forwarded-For": "10.1.2.3, 192.0.2.7"})
    without_header = client.get(MYSELF, headers=headers)

    assert allowed.status_code == 200
    assert denied.status_code == 403
    assert without_header.status_code == 403


def test_untrusted_peer_client_ip_header_ignored(make_client: ClientFactory) -> None:
    client = make_client(
        config_text(
            app="""
            ip_allowlist = ["10.0.0.0/8"]
            trusted_proxies = ["192.0.2.1"]
            client_ip_header = "X-Forwarded-For"
            """
        )
    )
    headers = {**basic_header("someuser", client.new_token("someuser")), "X-Forwarded-For": "10.1.2.3"}

    response = client.get(MYSELF, headers=headers)

    assert response.status_code == 403


# A valid token


def test_valid_token_returns_resource(client: Client) -> None:
    response = client.get(MYSELF, headers=basic_header("someuser", client.new_token("someuser")))

    assert response.status_code == 200
    assert response.headers["X-Seraph-LoginReason"] == "OK"
    assert response.headers["X-AUSERNAME"] == "someuser"
    assert response.json()["name"] == "someuser"


def test_valid_token_resets_failed_count(client: Client) -> None:
    secret = client.new_token("someuser")
    client.fail_logins("someuser", 2)

    client.get(MYSELF, headers=basic_header("someuser", secret))

    record = client.record("someuser")
    assert record.current_failed_count == 0
    assert record.total_failed_count == 2


def test_valid_token_records_login(client: Client) -> None:
    secret = client.new_token("someuser")
    before = datetime.now(timezone.utc)

    client.get(MYSELF, headers=basic_header("someuser", secret))

    record = client.record("someuser")
    assert record.login_count == 1
    assert record.last_login is not None
    assert record.last_login >= before


def test_valid_token_updates_last_accessed(client: Client) -> None:
    secret = client.new_token("someuser")
    (token,) = client.instance.tokens_of(client.user("someuser"))
    assert token.last_accessed is None

    client.get(MYSELF, headers=basic_header("someuser", secret))

    (token,) = client.instance.tokens_of(client.user("someuser"))
    assert token.last_accessed is not None


def test_user_name_matched_case_insensitively(client: Client) -> None:
    response = client.get(MYSELF, headers=basic_header("SomeUser", client.new_token("someuser")))

    assert response.status_code == 200
    assert response.headers["X-AUSERNAME"] == "someuser"


@pytest.mark.parametrize("scheme", ["basic", "BASIC", "bAsIc"])
def test_scheme_name_case_insensitive(client: Client, scheme: str) -> None:
    response = client.get(MYSELF, headers=basic_header("someuser", client.new_token("someuser"), scheme))

    assert response.status_code == 200
    assert response.headers["X-Seraph-LoginReason"] == "OK"


def test_token_secret_with_colons_accepted(make_client: ClientFactory) -> None:
    client = make_client(config_text(extra=SPECIAL_TOKENS))

    response = client.get(MYSELF, headers=basic_header("someuser", COLON_TOKEN_SECRET))

    assert response.status_code == 200


def test_password_with_colons_accepted(make_client: ClientFactory) -> None:
    client = make_client(config_text(extra=COLON_USER))

    response = client.get(MYSELF, headers=basic_header("colonuser", "pass:word:with:colons"))

    assert response.status_code == 200
    assert response.headers["X-AUSERNAME"] == "colonuser"


def test_non_ascii_name_decoded_as_utf8(client: Client) -> None:
    response = client.get(MYSELF, headers=basic_header("jürgen", client.new_token("jürgen")))

    assert response.status_code == 200
    assert response.json()["name"] == "jürgen"
    # Header values cannot carry every character, so non-ASCII names are percent-encoded as UTF-8.
    assert response.headers["X-AUSERNAME"] == "j%C3%BCrgen"


def test_non_latin1_user_name_accepted(make_client: ClientFactory) -> None:
    client = make_client(config_text(extra='[[users]]\nname = "žofia"\npassword = "žofia-password"\n'))

    response = client.get(MYSELF, headers=basic_header("žofia", "žofia-password"))

    assert response.status_code == 200
    assert response.headers["X-AUSERNAME"] == "%C5%BEofia"


def test_latin1_encoded_non_ascii_name_rejected(client: Client) -> None:
    # What `requests` sends for auth=("jürgen", ...): Latin-1 bytes, which are not valid UTF-8.
    response = client.get(MYSELF, auth=("jürgen", "jürgen-password"))

    assert response.status_code == 401
    assert response.headers["X-Seraph-LoginReason"] == "AUTHENTICATED_FAILED"
    assert client.record("jürgen").total_failed_count == 0


@pytest.mark.parametrize("suffix", ["\n", " "], ids=["trailing-newline", "trailing-space"])
def test_token_with_trailing_whitespace_rejected(client: Client, suffix: str) -> None:
    secret = client.new_token("someuser")

    response = client.get(MYSELF, headers=basic_header("someuser", secret + suffix))

    assert response.status_code == 401
    assert response.headers["X-Seraph-LoginReason"] == "AUTHENTICATED_FAILED"
    assert client.record("someuser").total_failed_count == 1


# A valid token while a CAPTCHA is required


def test_valid_token_during_captcha_succeeds(client: Client) -> None:
    secret = client.new_token("someuser")
    require_captcha(client)

    response = client.get(MYSELF, headers=basic_header("someuser", secret))

    assert response.status_code == 200
    assert response.headers["X-Seraph-LoginReason"] == "OK"
    assert response.headers["X-AUSERNAME"] == "someuser"


def test_valid_token_ends_captcha_state(client: Client) -> None:
    secret = client.new_token("someuser")
    require_captcha(client)

    client.get(MYSELF, headers=basic_header("someuser", secret))

    assert client.record("someuser").current_failed_count == 0
    assert not client.instance.captcha_required(client.user("someuser"))


# Token scopes


def test_read_only_token_write_forbidden(client: Client) -> None:
    secret = client.new_read_only_token("someuser")

    response = client.post(ISSUE, json=NEW_ISSUE, headers=basic_header("someuser", secret))

    assert response.status_code == 403
    assert "X-Seraph-LoginReason" not in response.headers
    assert "read-only" in response.json()["errorMessages"][0]


def test_read_only_token_write_not_counted(client: Client) -> None:
    secret = client.new_read_only_token("someuser")
    client.fail_logins("someuser", 1)

    client.post(ISSUE, json=NEW_ISSUE, headers=basic_header("someuser", secret))

    record = client.record("someuser")
    assert record.current_failed_count == 1
    assert record.total_failed_count == 1
    assert record.login_count == 0


@pytest.mark.parametrize("method", ["GET", "HEAD"])
def test_read_only_token_read_allowed(client: Client, method: str) -> None:
    secret = client.new_read_only_token("someuser")

    response = client.request(method, MYSELF, headers=basic_header("someuser", secret))

    assert response.status_code == 200
    assert response.headers["X-Seraph-LoginReason"] == "OK"


def test_read_only_scope_permits_options(client: Client) -> None:
    # No modelled route accepts OPTIONS, so the scope rule is checked on the token itself.
    client.new_read_only_token("someuser")
    (token,) = client.instance.tokens_of(client.user("someuser"))

    assert token.permits("OPTIONS", scope_exempt=False)
    assert not token.permits("DELETE", scope_exempt=False)


@pytest.mark.parametrize("scope", [Scope.READ_WRITE, None], ids=["read-write", "before-scopes"])
def test_write_token_write_allowed(client: Client, scope: Scope | None) -> None:
    secret = client.new_token("someuser", scope=scope)

    response = client.post(ISSUE, json=NEW_ISSUE, headers=basic_header("someuser", secret))

    assert response.status_code == 201


def test_read_only_token_opens_session(client: Client) -> None:
    secret = client.new_read_only_token("someuser")
    client.fail_logins("someuser", 1)

    response = client.post(SESSION, json={"username": "someuser", "password": secret})

    assert response.status_code == 200
    assert response.json()["session"]["name"] == "JSESSIONID"
    assert client.record("someuser").current_failed_count == 0
    assert client.record("someuser").login_count == 1


def test_read_only_token_creates_token(client: Client) -> None:
    secret = client.new_read_only_token("someuser")

    response = client.post(
        TOKENS, json={"tokenDescription": "made by a read-only token"}, headers=basic_header("someuser", secret)
    )

    assert response.status_code == 200
    assert response.headers["X-Seraph-LoginReason"] == "OK"
    assert "plainTextToken" in response.json()


@pytest.mark.parametrize("method", ["PATCH", "DELETE"])
def test_read_only_token_changes_token_forbidden(client: Client, method: str) -> None:
    secret = client.new_read_only_token("someuser")
    (token,) = client.instance.tokens_of(client.user("someuser"))

    response = client.request(
        method, f"{TOKENS}/{token.id}", json={"tokenDescription": "renamed"}, headers=basic_header("someuser", secret)
    )

    assert response.status_code == 403


# Secrets that match no token while passwords are disabled


def test_wrong_token_passwords_disabled_forbidden(make_client: ClientFactory) -> None:
    client = make_client(config_text(app="disable_password_basic_auth = true"))

    response = client.get(MYSELF, headers=basic_header("someuser", "wrong-secret"))

    assert response.status_code == 403
    assert response.headers["X-Seraph-LoginReason"] == "AUTHENTICATED_FAILED"
    assert client.record("someuser").current_failed_count == 1
    assert client.record("someuser").total_failed_count == 1


def test_password_passwords_disabled_forbidden(make_client: ClientFactory) -> None:
    client = make_client(config_text(app="disable_password_basic_auth = true"))

    response = client.get(MYSELF, headers=basic_header("someuser", "someuser-password"))

    assert response.status_code == 403
    assert response.headers["X-Seraph-LoginReason"] == "AUTHENTICATED_FAILED"
    assert client.record("someuser").total_failed_count == 1


def test_token_passwords_disabled_allowed(make_client: ClientFactory) -> None:
    client = make_client(config_text(app="disable_password_basic_auth = true"))

    response = client.get(MYSELF, headers=basic_header("someuser", client.new_token("someuser")))

    assert response.status_code == 200


def test_expired_token_passwords_disabled_counted(make_client: ClientFactory) -> None:
    client = make_client(config_text(app="disable_password_basic_auth = true", extra=SPECIAL_TOKENS))

    response = client.get(MYSELF, headers=basic_header("someuser", EXPIRED_TOKEN_SECRET))

    assert response.status_code == 403
    assert response.headers["X-Seraph-LoginReason"] == "AUTHENTICATED_FAILED"
    assert client.record("someuser").total_failed_count == 1


def test_deleted_token_passwords_disabled_counted(make_client: ClientFactory) -> None:
    client = make_client(config_text(app="disable_password_basic_auth = true"))
    secret = client.new_token("someuser")
    (token,) = client.instance.tokens_of(client.user("someuser"))
    client.instance.delete_token(client.user("someuser"), token.id)

    response = client.get(MYSELF, headers=basic_header("someuser", secret))

    assert response.status_code == 403
    assert client.record("someuser").total_failed_count == 1


def test_token_expiring_later_stops_working(client: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    secret = client.new_token("someuser", validity_months=6)
    later = datetime.now(timezone.utc) + timedelta(days=400)
    monkeypatch.setattr(client.instance, "clock", lambda: later)

    response = client.get(MYSELF, headers=basic_header("someuser", secret))

    assert response.status_code == 401
    assert client.record("someuser").total_failed_count == 1


# Passwords, wrong secrets and the CAPTCHA threshold


def test_right_password_returns_resource(client: Client) -> None:
    client.fail_logins("someuser", 2)

    response = client.get(MYSELF, headers=basic_header("someuser", "someuser-password"))

    assert response.status_code == 200
    assert response.headers["X-Seraph-LoginReason"] == "OK"
    assert response.headers["X-AUSERNAME"] == "someuser"
    assert client.record("someuser").current_failed_count == 0
    assert client.record("someuser").login_count == 1


def test_wrong_secret_counts_failed_login(client: Client) -> None:
    response = client.get(MYSELF, headers=basic_header("someuser", "wrong-secret"))

    assert response.status_code == 401
    assert response.headers["X-Seraph-LoginReason"] == "AUTHENTICATED_FAILED"
    assert "X-Authentication-Denied-Reason" not in response.headers
    record = client.record("someuser")
    assert record.current_failed_count == 1
    assert record.total_failed_count == 1
    assert record.last_failed_login is not None


def test_expired_token_counts_failed_login(make_client: ClientFactory) -> None:
    client = make_client(config_text(extra=SPECIAL_TOKENS))

    response = client.get(MYSELF, headers=basic_header("someuser", EXPIRED_TOKEN_SECRET))

    assert response.status_code == 401
    assert response.headers["X-Seraph-LoginReason"] == "AUTHENTICATED_FAILED"
    assert client.record("someuser").total_failed_count == 1


def test_deleted_token_counts_failed_login(client: Client) -> None:
    secret = client.new_token("someuser")
    (token,) = client.instance.tokens_of(client.user("someuser"))
    client.instance.delete_token(client.user("someuser"), token.id)

    response = client.get(MYSELF, headers=basic_header("someuser", secret))

    assert response.status_code == 401
    assert client.record("someuser").total_failed_count == 1


def test_another_users_token_counts_failed_login(client: Client) -> None:
    secret = client.new_token("admin")

    response = client.get(MYSELF, headers=basic_header("someuser", secret))

    assert response.status_code == 401
    assert client.record("someuser").total_failed_count == 1


def test_three_wrong_secrets_answered_401(client: Client) -> None:
    statuses = [client.get(MYSELF, headers=basic_header("someuser", "wrong-secret")).status_code for _ in range(3)]

    assert statuses == [401, 401, 401]


def test_fourth_wrong_secret_gets_captcha_challenge(client: Client) -> None:
    client.fail_logins("someuser", 3)

    response = client.get(MYSELF, headers=basic_header("someuser", "wrong-secret"))

    assert response.status_code == 403
    assert response.headers["X-Seraph-LoginReason"] == "AUTHENTICATION_DENIED"
    expected = f"CAPTCHA_CHALLENGE; login-url={client.url}/login.jsp"
    assert response.headers["X-Authentication-Denied-Reason"] == expected
    assert client.record("someuser").current_failed_count == 4


def test_right_password_during_captcha_denied(client: Client) -> None:
    require_captcha(client)

    response = client.get(MYSELF, headers=basic_header("someuser", "someuser-password"))

    assert response.status_code == 403
    assert response.headers["X-Seraph-LoginReason"] == "AUTHENTICATION_DENIED"
    assert response.headers["X-Authentication-Denied-Reason"].startswith("CAPTCHA_CHALLENGE; ")
    assert client.record("someuser").current_failed_count == 4
    assert client.record("someuser").login_count == 0


def test_captcha_login_url_uses_base_url(make_client: ClientFactory) -> None:
    client = make_client(config_text(product='base_url = "https://jira.example.com/"'))
    require_captcha(client)

    response = client.get(MYSELF, headers=basic_header("someuser", "wrong-secret"))

    expected = "CAPTCHA_CHALLENGE; login-url=https://jira.example.com/login.jsp"
    assert response.headers["X-Authentication-Denied-Reason"] == expected


def test_confluence_captcha_answered_401(make_client: ClientFactory) -> None:
    client = make_client(config_text(product='name = "confluence"'))
    client.fail_logins("someuser", 3)

    response = client.get("/rest/api/user/current", headers=basic_header("someuser", "someuser-password"))

    assert response.status_code == 401
    assert response.headers["X-Seraph-LoginReason"] == "AUTHENTICATION_DENIED"
    assert "X-Authentication-Denied-Reason" not in response.headers
    assert client.record("someuser").current_failed_count == 4


def test_confluence_wrong_secret_below_threshold(make_client: ClientFactory) -> None:
    client = make_client(config_text(product='name = "confluence"'))

    response = client.get("/rest/api/user/current", headers=basic_header("someuser", "wrong-secret"))

    assert response.status_code == 401
    assert response.headers["X-Seraph-LoginReason"] == "AUTHENTICATED_FAILED"


def test_custom_maximum_sets_captcha_threshold(make_client: ClientFactory) -> None:
    client = make_client(config_text(product="max_authentication_attempts = 5"))
    client.fail_logins("someuser", 4)

    fifth = client.get(MYSELF, headers=basic_header("someuser", "wrong-secret"))
    sixth = client.get(MYSELF, headers=basic_header("someuser", "wrong-secret"))

    assert fifth.status_code == 401
    assert sixth.status_code == 403


def test_unlimited_attempts_never_require_captcha(make_client: ClientFactory) -> None:
    client = make_client(config_text(product='max_authentication_attempts = "unlimited"'))
    client.fail_logins("someuser", 10)

    response = client.get(MYSELF, headers=basic_header("someuser", "someuser-password"))

    assert response.status_code == 200
    assert client.record("someuser").total_failed_count == 10


def test_zero_attempts_always_require_captcha(make_client: ClientFactory) -> None:
    client = make_client(config_text(product="max_authentication_attempts = 0"))

    response = client.get(MYSELF, headers=basic_header("someuser", "someuser-password"))

    assert response.status_code == 403
    assert response.headers["X-Seraph-LoginReason"] == "AUTHENTICATION_DENIED"


# Unknown user names and malformed credentials


def test_unknown_user_rejected(client: Client) -> None:
    response = client.get(MYSELF, headers=basic_header("nobody", "wrong-secret"))

    assert response.status_code == 401
    assert response.headers["X-Seraph-LoginReason"] == "AUTHENTICATED_FAILED"


def test_unknown_user_like_wrong_secret(client: Client) -> None:
    wrong_secret = client.get(MYSELF, headers=basic_header("someuser", "wrong-secret"))
    unknown_user = client.get(MYSELF, headers=basic_header("nobody", "wrong-secret"))

    assert unknown_user.status_code == wrong_secret.status_code
    assert headers_without_date(unknown_user) == headers_without_date(wrong_secret)
    assert unknown_user.content == wrong_secret.content


def test_email_address_as_user_name_rejected(client: Client) -> None:
    secret = client.new_token("someuser")

    response = client.get(MYSELF, headers=basic_header("someuser@example.com", secret))

    assert response.status_code == 401
    assert response.headers["X-Seraph-LoginReason"] == "AUTHENTICATED_FAILED"
    assert client.record("someuser").total_failed_count == 0


def test_unknown_user_counts_nothing(client: Client) -> None:
    client.get(MYSELF, headers=basic_header("nobody", "wrong-secret"))

    for user in client.instance.users():
        assert user.login.total_failed_count == 0, user.name


MALFORMED_AUTHORIZATION = {
    "not-base64": "Basic not*base64!",
    "no-colon": "Basic " + "c29tZXVzZXI=",  # base64 of "someuser"
    "empty-name": "Basic " + "OnNlY3JldA==",  # base64 of ":secret"
    "empty-credentials": "Basic ",
    "scheme-only": "Basic",
    "empty-header": "",
    "unknown-scheme": "Digest username=someuser",
}


@pytest.mark.parametrize("header", MALFORMED_AUTHORIZATION.values(), ids=MALFORMED_AUTHORIZATION.keys())
def test_malformed_credentials_like_unknown_user(client: Client, header: str) -> None:
    unknown_user = client.get(MYSELF, headers=basic_header("nobody", "wrong-secret"))

    response = client.get(MYSELF, headers={"Authorization": header})

    assert response.status_code == 401
    assert headers_without_date(response) == headers_without_date(unknown_user)
    assert response.content == unknown_user.content


@pytest.mark.parametrize("header", MALFORMED_AUTHORIZATION.values(), ids=MALFORMED_AUTHORIZATION.keys())
def test_malformed_credentials_count_nothing(client: Client, header: str) -> None:
    client.get(MYSELF, headers={"Authorization": header})

    assert client.record("someuser").total_failed_count == 0


def test_inactive_user_rejected_like_unknown(make_client: ClientFactory) -> None:
    client = make_client(
        config_text(extra='[[users]]\nname = "leaver"\npassword = "leaver-password"\nactive = false\n')
    )
    unknown_user = client.get(MYSELF, headers=basic_header("nobody", "wrong-secret"))

    response = client.get(MYSELF, headers=basic_header("leaver", "leaver-password"))

    assert response.status_code == 401
    assert headers_without_date(response) == headers_without_date(unknown_user)
