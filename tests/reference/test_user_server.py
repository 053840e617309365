"""Jira as a user server: the Crowd REST resources that Confluence's "Atlassian Jira" directory calls."""

import pytest
import requests

from tests.reference.conftest import Client, ClientFactory, basic_header, config_text

USER_SERVER = "/rest/usermanagement/1"
SYNC = basic_header("confluence-user-sync", "sync-password")
REJECTED_TEXT = "Application failed to authenticate"
# An application named like an existing user, which the token app mistakes for that user.
COLLIDING_APPLICATION = """
[[applications]]
name = "someuser"
password = "application-password"
"""
COLLIDING = basic_header("someuser", "application-password")


def assert_application_rejected(response: requests.Response) -> None:
    """Check the plain-text 401 that Jira's user server sends for rejected application credentials."""
    assert response.status_code == 401
    assert response.headers["Content-Type"].startswith("text/plain")
    assert response.text == REJECTED_TEXT


# A registered application with the right password, from an allowed address


def test_user_search_lists_users(client: Client) -> None:
    response = client.get(f"{USER_SERVER}/search", params={"entity-type": "user"}, headers=SYNC)

    assert response.status_code == 200
    names = [user["name"] for user in response.json()["users"]]
    assert names == ["admin", "jürgen", "someuser"]


def test_user_search_links_each_user(client: Client) -> None:
    response = client.get(f"{USER_SERVER}/search", params={"entity-type": "user"}, headers=SYNC)

    first = response.json()["users"][0]
    assert first["link"] == {"href": f"{client.url}{USER_SERVER}/user?username=admin", "rel": "self"}


def test_user_search_pages_results(client: Client) -> None:
    params = {"entity-type": "user", "start-index": "1", "max-results": "1"}

    response = client.get(f"{USER_SERVER}/search", params=params, headers=SYNC)

    assert [user["name"] for user in response.json()["users"]] == ["jürgen"]


def test_user_search_bad_paging_rejected(client: Client) -> None:
    params = {"entity-type": "user", "max-results": "many"}

    response = client.get(f"{USER_SERVER}/search", params=params, headers=SYNC)

    assert response.status_code == 400
    assert "max-results" in response.json()["errorMessages"][0]


def test_user_search_other_entity_rejected(client: Client) -> None:
    response = client.get(f"{USER_SERVER}/search", params={"entity-type": "group"}, headers=SYNC)

    assert response.status_code == 400


def test_single_user_returned(client: Client) -> None:
    response = client.get(f"{USER_SERVER}/user", params={"username": "someuser"}, headers=SYNC)

    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "someuser"
    assert body["display-name"] == "Some User"
    assert body["first-name"] == "Some"
    assert body["last-name"] == "User"
    assert body["email"] == "someuser@example.com"
    assert body["active"] is True


def test_single_unknown_user_not_found(client: Client) -> None:
    response = client.get(f"{USER_SERVER}/user", params={"username": "nobody"}, headers=SYNC)

    assert response.status_code == 404
    assert response.json()["reason"] == "USER_NOT_FOUND"


def test_group_memberships_listed(client: Client) -> None:
    response = client.get(f"{USER_SERVER}/group/membership", headers=SYNC)

    assert response.status_code == 200
    assert response.json()["memberships"] == [
        {"group": "jira-administrators", "users": ["admin"]},
        {"group": "jira-software-users", "users": ["admin", "someuser"]},
    ]


def test_event_token_returned(client: Client) -> None:
    response = client.get(f"{USER_SERVER}/event", headers=SYNC)

    assert response.status_code == 200
    assert response.json()["newEventToken"]


def test_application_login_counts_nothing(client: Client) -> None:
    client.get(f"{USER_SERVER}/event", headers=SYNC)

    for user in client.instance.users():
        assert user.login.login_count == 0, user.name
        assert user.login.total_failed_count == 0, user.name


# Rejected application credentials


def test_wrong_application_password_rejected(client: Client) -> None:
    response = client.get(f"{USER_SERVER}/event", headers=basic_header("confluence-user-sync", "wrong-secret"))

    assert_application_rejected(response)


def test_unknown_application_rejected(client: Client) -> None:
    response = client.get(f"{USER_SERVER}/event", headers=basic_header("other-app", "sync-password"))

    assert_application_rejected(response)


def test_application_address_not_allowed_rejected(make_client: ClientFactory) -> None:
    text = config_text().replace('addresses = ["127.0.0.1", "::1"]', 'addresses = ["10.0.0.0/8"]')
    client = make_client(text)

    response = client.get(f"{USER_SERVER}/event", headers=SYNC)

    assert_application_rejected(response)


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Basic not*base64!"}, {"Authorization": "Bearer sync-password"}],
    ids=["no-credentials", "malformed-basic", "bearer"],
)
def test_missing_application_credentials_rejected(client: Client, headers: dict[str, str]) -> None:
    response = client.get(f"{USER_SERVER}/event", headers=headers)

    assert_application_rejected(response)


def test_user_credentials_not_application(client: Client) -> None:
    response = client.get(f"{USER_SERVER}/event", headers=basic_header("someuser", "someuser-password"))

    assert_application_rejected(response)


# An application whose name is also a user name


def test_colliding_name_with_passwords_disabled_forbidden(make_client: ClientFactory) -> None:
    client = make_client(config_text(app="disable_password_basic_auth = true", extra=COLLIDING_APPLICATION))

    response = client.get(f"{USER_SERVER}/search", params={"entity-type": "user"}, headers=COLLIDING)

    assert response.status_code == 403
    assert response.headers["X-Seraph-LoginReason"] == "AUTHENTICATED_FAILED"
    assert client.record("someuser").total_failed_count == 1


def test_colliding_name_with_passwords_allowed_works(make_client: ClientFactory) -> None:
    client = make_client(config_text(extra=COLLIDING_APPLICATION))

    response = client.get(f"{USER_SERVER}/search", params={"entity-type": "user"}, headers=COLLIDING)

    assert response.status_code == 200
    assert "users" in response.json()


def test_config_check_reports_colliding_name(make_client: ClientFactory) -> None:
    client = make_client(config_text(app="disable_password_basic_auth = true", extra=COLLIDING_APPLICATION))

    response = client.get("/reference-api/config-check")

    problems = response.json()["problems"]
    assert len(problems) == 1
    assert "'someuser'" in problems[0]
    assert "Rename the application" in problems[0]


def test_config_check_quiet_with_passwords_allowed(make_client: ClientFactory) -> None:
    client = make_client(config_text(extra=COLLIDING_APPLICATION))

    response = client.get("/reference-api/config-check")

    assert response.json() == {"problems": []}


def test_user_server_absent_on_confluence(make_client: ClientFactory) -> None:
    client = make_client(config_text(product='name = "confluence"'))

    response = client.get(f"{USER_SERVER}/event", headers=SYNC)

    assert response.status_code == 404
