"""Token secrets are stored only as salted hashes and never written to the request log."""

import logging
from dataclasses import fields, is_dataclass
from typing import Any

import pytest

from reference_impl.records import Scope
from tests.reference.conftest import Client, basic_header

TOKENS = "/rest/de.resolution.apitokenauth/latest/user/token"


def contains_secret(value: Any, secret: str, seen: set[int] | None = None) -> bool:
    """Search a value and everything reachable through its attributes, items and keys for the secret."""
    seen = set() if seen is None else seen
    if id(value) in seen:
        return False
    seen.add(id(value))
    if isinstance(value, str):
        return secret in value
    if isinstance(value, (bytes, bytearray)):
        return secret.encode("utf-8") in value
    if isinstance(value, dict):
        return any(
            contains_secret(key, secret, seen) or contains_secret(item, secret, seen) for key, item in value.items()
        )
    if isinstance(value, (list, tuple, set, frozenset)):
        return any(contains_secret(item, secret, seen) for item in value)
    if is_dataclass(value):
        return any(contains_secret(getattr(value, field.name), secret, seen) for field in fields(value))
    if hasattr(value, "__dict__") and not callable(value):
        return contains_secret(vars(value), secret, seen)
    return False


def test_stored_token_holds_no_secret(client: Client) -> None:
    secret = client.new_token("someuser", scope=Scope.READ_ONLY)

    for token in client.instance.tokens_of(client.user("someuser")):
        leaked = contains_secret(token, secret)
        assert not leaked, f"token {token.id} stores its secret in clear text"


def test_instance_state_holds_no_secret(client: Client) -> None:
    response = client.post(
        TOKENS, json={"tokenDescription": "via REST"}, headers=basic_header("someuser", "someuser-password")
    )
    secret = response.json()["plainTextToken"]
    client.get("/rest/api/2/myself", headers=basic_header("someuser", secret))

    leaked = contains_secret(client.instance, secret)

    assert not leaked, "the instance stores a token secret in clear text"


def test_stored_password_holds_no_password(client: Client) -> None:
    leaked = contains_secret(client.instance, "someuser-password")

    assert not leaked, "the instance stores a password in clear text"


def test_secret_search_finds_planted_secret(client: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    # Guards the search itself: a secret planted in a token must be found.
    client.new_token("someuser")
    (token,) = client.instance._tokens.values()
    monkeypatch.setattr(token, "description", "planted-secret-value")

    assert contains_secret(client.instance, "planted-secret-value")


def test_request_log_holds_no_secret(client: Client, caplog: pytest.LogCaptureFixture) -> None:
    secret = client.new_token("someuser")

    with caplog.at_level(logging.INFO, logger="reference_impl"):
        client.get("/rest/api/2/myself", headers=basic_header("someuser", secret))
        client.get("/rest/api/2/myself", headers=basic_header("someuser", secret + "x"))

    assert [record.getMessage() for record in caplog.records] == [
        "GET /rest/api/2/myself 200 user=someuser",
        "GET /rest/api/2/myself 401 user=-",
    ]
    leaked = secret in caplog.text
    assert not leaked, "the request log contains a token secret"
