"""The app's own REST API: creating, listing, renaming and deleting the caller's tokens."""

from datetime import datetime, timedelta, timezone

import pytest

from reference_impl.model import add_months
from tests.reference.conftest import Client, ClientFactory, basic_header, config_text

TOKENS = "/rest/de.resolution.apitokenauth/latest/user/token"
MYSELF = "/rest/api/2/myself"
SOMEUSER = basic_header("someuser", "someuser-password")
TOKEN_FIELDS = {"id", "tokenDescription", "created", "lastAccessed", "validUntil", "scope"}
SIX_MONTHS_MAXIMUM = "max_token_validity = 6"


def parse_time(text: str) -> datetime:
    """Parse a time the app returns, such as 2027-06-30T00:00:00Z."""
    return datetime.fromisoformat(text)


def create_token(client: Client, body: dict, headers: dict[str, str] = SOMEUSER) -> dict:
    """Create a token through the REST API, check the call succeeded and return the JSON body."""
    response = client.post(TOKENS, json=body, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


# Creating tokens


def test_create_returns_secret_once(client: Client) -> None:
    response = client.post(TOKENS, json={"tokenDescription": "CI pipeline"}, headers=SOMEUSER)

    assert response.status_code == 200
    body = response.json()
    assert set(body) == TOKEN_FIELDS | {"plainTextToken"}
    assert body["tokenDescription"] == "CI pipeline"
    assert body["validUntil"] is None
    assert body["lastAccessed"] is None
    assert body["scope"] == "read_write"


def test_created_token_authenticates(client: Client) -> None:
    secret = create_token(client, {"tokenDescription": "CI pipeline"})["plainTextToken"]

    response = client.get(MYSELF, headers=basic_header("someuser", secret))

    assert response.status_code == 200


def test_create_with_validity_months(client: Client) -> None:
    before = datetime.now(timezone.utc)

    body = create_token(client, {"tokenDescription": "six months", "tokenValidityTimeInMonths": 6})

    valid_until = parse_time(body["validUntil"])
    assert add_months(before, 6) - timedelta(seconds=5) <= valid_until
    assert valid_until <= add_months(datetime.now(timezone.utc), 6)


def test_create_with_expiry_date(client: Client) -> None:
    expiry = (datetime.now(timezone.utc) + timedelta(days=30)).replace(microsecond=0)

    body = create_token(client, {"tokenDescription": "thirty days", "tokenExpirationDateTime": expiry.isoformat()})

    assert parse_time(body["validUntil"]) == expiry


def test_create_read_only_scope(client: Client) -> None:
    body = create_token(client, {"tokenDescription": "reports", "scope": "read_only"})

    assert body["scope"] == "read_only"


def test_create_with_maximum_gets_maximum_expiry(make_client: ClientFactory) -> None:
    client = make_client(config_text(app=SIX_MONTHS_MAXIMUM))

    body = create_token(client, {"tokenDescription": "no expiry given"})

    assert body["validUntil"] is not None
    assert parse_time(body["validUntil"]) <= add_months(datetime.now(timezone.utc), 6)


def test_create_within_maximum_accepted(make_client: ClientFactory) -> None:
    client = make_client(config_text(app=SIX_MONTHS_MAXIMUM))

    response = client.post(TOKENS, json={"tokenDescription": "ok", "tokenValidityTimeInMonths": 6}, headers=SOMEUSER)

    assert response.status_code == 200


def test_validity_beyond_maximum_rejected(make_client: ClientFactory) -> None:
    client = make_client(config_text(app=SIX_MONTHS_MAXIMUM))

    response = client.post(
        TOKENS, json={"tokenDescription": "a year", "tokenValidityTimeInMonths": 12}, headers=SOMEUSER
    )

    assert response.status_code == 400
    assert set(response.json()) == {"errorMessage"}
    assert "maximum of 6 months" in response.json()["errorMessage"]


def test_expiry_date_beyond_maximum_rejected(make_client: ClientFactory) -> None:
    client = make_client(config_text(app="max_token_validity = 12"))
    expiry = (datetime.now(timezone.utc) + timedelta(days=800)).isoformat()

    response = client.post(
        TOKENS, json={"tokenDescription": "too long", "tokenExpirationDateTime": expiry}, headers=SOMEUSER
    )

    assert response.status_code == 400
    assert "maximum of 12 months" in response.json()["errorMessage"]


def test_rejected_expiry_creates_no_token(make_client: ClientFactory) -> None:
    client = make_client(config_text(app=SIX_MONTHS_MAXIMUM))

    client.post(TOKENS, json={"tokenDescription": "a year", "tokenValidityTimeInMonths": 12}, headers=SOMEUSER)

    assert client.instance.tokens_of(client.user("someuser")) == []


INVALID_CREATE_BODIES = {
    "missing-description": ({}, "tokenDescription"),
    "blank-description": ({"tokenDescription": "  "}, "tokenDescription"),
    "past-expiry": ({"tokenDescription": "x", "tokenExpirationDateTime": "2020-01-01T00:00:00Z"}, "past"),
    "bad-expiry": ({"tokenDescription": "x", "tokenExpirationDateTime": "next week"}, "ISO 8601"),
    "zero-months": ({"tokenDescription": "x", "tokenValidityTimeInMonths": 0}, "positive"),
    "text-months": ({"tokenDescription": "x", "tokenValidityTimeInMonths": "6"}, "whole number"),
    "bad-scope": ({"tokenDescription": "x", "scope": "admin"}, "read_only"),
}


@pytest.mark.parametrize(("body", "expected"), INVALID_CREATE_BODIES.values(), ids=INVALID_CREATE_BODIES.keys())
def test_invalid_create_request_rejected(client: Client, body: dict, expected: str) -> None:
    response = client.post(TOKENS, json=body, headers=SOMEUSER)

    assert response.status_code == 400
    assert expected in response.json()["errorMessage"]


def test_create_anonymous_rejected(client: Client) -> None:
    response = client.post(TOKENS, json={"tokenDescription": "anonymous"})

    assert response.status_code == 401


# Listing tokens


def test_list_shows_callers_tokens(client: Client) -> None:
    created = create_token(client, {"tokenDescription": "CI pipeline"})
    create_token(client, {"tokenDescription": "admin's token"}, headers=basic_header("admin", "admin-password"))

    response = client.get(TOKENS, headers=SOMEUSER)

    assert response.status_code == 200
    (listed,) = response.json()
    assert set(listed) == TOKEN_FIELDS
    assert listed["id"] == created["id"]
    assert listed["tokenDescription"] == "CI pipeline"
    assert listed["created"] == created["created"]


def test_list_never_shows_secret(client: Client) -> None:
    secret = create_token(client, {"tokenDescription": "CI pipeline"})["plainTextToken"]
    client.get(MYSELF, headers=basic_header("someuser", secret))

    response = client.get(TOKENS, headers=SOMEUSER)

    secret_listed = secret in response.text
    assert not secret_listed, "GET /user/token returned the token's secret"
    assert "plainTextToken" not in response.text


def test_list_shows_last_accessed_after_use(client: Client) -> None:
    secret = create_token(client, {"tokenDescription": "CI pipeline"})["plainTextToken"]
    client.get(MYSELF, headers=basic_header("someuser", secret))

    (listed,) = client.get(TOKENS, headers=SOMEUSER).json()

    assert listed["lastAccessed"] is not None


# Renaming and deleting tokens


def test_rename_changes_description(client: Client) -> None:
    token_id = create_token(client, {"tokenDescription": "old name"})["id"]

    response = client.patch(f"{TOKENS}/{token_id}", json={"tokenDescription": "new name"}, headers=SOMEUSER)

    assert response.status_code == 200
    assert response.json()["tokenDescription"] == "new name"
    (listed,) = client.get(TOKENS, headers=SOMEUSER).json()
    assert listed["tokenDescription"] == "new name"


def test_rename_without_description_rejected(client: Client) -> None:
    token_id = create_token(client, {"tokenDescription": "old name"})["id"]

    response = client.patch(f"{TOKENS}/{token_id}", json={}, headers=SOMEUSER)

    assert response.status_code == 400
    assert "tokenDescription" in response.json()["errorMessage"]


def test_rename_other_users_token_not_found(client: Client) -> None:
    token_id = create_token(client, {"tokenDescription": "admin's"}, headers=basic_header("admin", "admin-password"))[
        "id"
    ]

    response = client.patch(f"{TOKENS}/{token_id}", json={"tokenDescription": "taken over"}, headers=SOMEUSER)

    assert response.status_code == 404


def test_delete_returns_true(client: Client) -> None:
    token_id = create_token(client, {"tokenDescription": "short-lived"})["id"]

    response = client.delete(f"{TOKENS}/{token_id}", headers=SOMEUSER)

    assert response.status_code == 200
    assert response.json() is True


def test_deleted_token_stops_working(client: Client) -> None:
    created = create_token(client, {"tokenDescription": "short-lived"})
    headers = basic_header("someuser", created["plainTextToken"])
    assert client.get(MYSELF, headers=headers).status_code == 200

    client.delete(f"{TOKENS}/{created['id']}", headers=SOMEUSER)
    response = client.get(MYSELF, headers=headers)

    assert response.status_code == 401
    assert client.record("someuser").total_failed_count == 1


def test_delete_other_users_token_not_found(client: Client) -> None:
    token_id = create_token(client, {"tokenDescription": "admin's"}, headers=basic_header("admin", "admin-password"))[
        "id"
    ]

    response = client.delete(f"{TOKENS}/{token_id}", headers=SOMEUSER)

    assert response.status_code == 404
    assert len(client.instance.tokens_of(client.user("admin"))) == 1


@pytest.mark.parametrize("token_id", ["999", "abc"])
def test_delete_unknown_token_not_found(client: Client, token_id: str) -> None:
    response = client.delete(f"{TOKENS}/{token_id}", headers=SOMEUSER)

    assert response.status_code == 404


def test_token_deletes_itself(client: Client) -> None:
    created = create_token(client, {"tokenDescription": "self-deleting"})
    headers = basic_header("someuser", created["plainTextToken"])

    response = client.delete(f"{TOKENS}/{created['id']}", headers=headers)

    assert response.status_code == 200
    assert client.get(MYSELF, headers=headers).status_code == 401


def test_description_of_wrong_type_rejected(client: Client) -> None:
    response = client.post(
        "/rest/de.resolution.apitokenauth/latest/user/token",
        json={"tokenDescription": 5},
        headers=basic_header("someuser", "someuser-password"),
    )

    assert response.status_code == 400
    assert response.json()["errorMessage"] == '"tokenDescription" must be a string, not 5.'
