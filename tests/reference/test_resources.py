"""Jira's and Confluence's own REST resources, with the field names Data Center returns."""

from tests.reference.conftest import Client, ClientFactory, basic_header, config_text

SOMEUSER = basic_header("someuser", "someuser-password")
MYSELF_FIELDS = {
    "self",
    "key",
    "name",
    "emailAddress",
    "avatarUrls",
    "displayName",
    "active",
    "timeZone",
    "locale",
    "groups",
    "applicationRoles",
    "expand",
}
PROJECT_FIELDS = {"self", "id", "key", "name", "avatarUrls", "projectTypeKey"}
AVATAR_SIZES = {"16x16", "24x24", "32x32", "48x48"}


def test_myself_has_jira_fields(client: Client) -> None:
    response = client.get("/rest/api/2/myself", headers=SOMEUSER)

    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/json")
    assert set(response.json()) == MYSELF_FIELDS


def test_myself_values(client: Client) -> None:
    body = client.get("/rest/api/2/myself", headers=SOMEUSER).json()

    assert body["self"] == f"{client.url}/rest/api/2/user?username=someuser"
    assert body["key"] == "JIRAUSER10000"
    assert body["name"] == "someuser"
    assert body["emailAddress"] == "someuser@example.com"
    assert body["displayName"] == "Some User"
    assert body["active"] is True
    assert set(body["avatarUrls"]) == AVATAR_SIZES
    assert body["groups"] == {"size": 1, "items": [{"name": "jira-software-users"}]}


def test_user_by_name_same_shape(client: Client) -> None:
    response = client.get("/rest/api/2/user", params={"username": "admin"}, headers=SOMEUSER)

    assert response.status_code == 200
    assert set(response.json()) == MYSELF_FIELDS
    assert response.json()["key"] == "JIRAUSER10001"


def test_user_by_unknown_name_not_found(client: Client) -> None:
    response = client.get("/rest/api/2/user", params={"username": "nobody"}, headers=SOMEUSER)

    assert response.status_code == 404


def test_user_without_name_rejected(client: Client) -> None:
    response = client.get("/rest/api/2/user", headers=SOMEUSER)

    assert response.status_code == 400
    assert "username" in response.json()["errorMessages"][0]


def test_project_has_jira_fields(client: Client) -> None:
    response = client.get("/rest/api/2/project", headers=SOMEUSER)

    assert response.status_code == 200
    for project in response.json():
        assert set(project) == PROJECT_FIELDS, project["key"]


def test_project_values(client: Client) -> None:
    demo = client.get("/rest/api/2/project", headers=SOMEUSER).json()[0]

    assert demo["id"] == "10000"
    assert demo["key"] == "DEMO"
    assert demo["name"] == "Demo Project"
    assert demo["projectTypeKey"] == "software"
    assert demo["self"] == f"{client.url}/rest/api/2/project/10000"
    assert set(demo["avatarUrls"]) == AVATAR_SIZES


def test_project_id_is_string(client: Client) -> None:
    projects = client.get("/rest/api/2/project", headers=SOMEUSER).json()

    for project in projects:
        assert isinstance(project["id"], str), project["key"]


def test_create_issue_returns_key(client: Client) -> None:
    issue = {"fields": {"project": {"key": "DEMO"}, "summary": "Created by a test"}}

    response = client.post("/rest/api/2/issue", json=issue, headers=SOMEUSER)

    assert response.status_code == 201
    assert response.json()["key"].startswith("DEMO-")
    assert isinstance(response.json()["id"], str)


def test_create_issue_unknown_project_rejected(client: Client) -> None:
    issue = {"fields": {"project": {"key": "NOPE"}, "summary": "Created by a test"}}

    response = client.post("/rest/api/2/issue", json=issue, headers=SOMEUSER)

    assert response.status_code == 400
    assert "NOPE" in response.json()["errorMessages"][0]


def test_confluence_current_user_fields(make_client: ClientFactory) -> None:
    client = make_client(config_text(product='name = "confluence"'))

    response = client.get("/rest/api/user/current", headers=SOMEUSER)

    assert response.status_code == 200
    assert response.json() == {
        "type": "known",
        "username": "someuser",
        "userKey": "JIRAUSER10000",
        "displayName": "Some User",
    }


def test_confluence_has_no_jira_myself(make_client: ClientFactory) -> None:
    client = make_client(config_text(product='name = "confluence"'))

    response = client.get("/rest/api/2/myself", headers=SOMEUSER)

    assert response.status_code == 404
