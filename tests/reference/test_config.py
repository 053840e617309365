"""Configuration files: valid settings load, and each invalid one names the file, the key and what was expected."""

from pathlib import Path

import pytest

from reference_impl import ConfigError, load_config, load_demo_config, parse_config
from reference_impl.records import Product, Scope
from tests.reference.conftest import config_text

USER = '[[users]]\nname = "someuser"\npassword = "someuser-password"\n'

# Each case: TOML text, then fragments the error message must contain (the key and the expectation).
INVALID_CONFIGS = {
    "not-toml": ("[product\n", ["not valid TOML"]),
    "unknown-top-level-key": ("[servers]\n", ["unknown key 'servers'", "Allowed keys there"]),
    "unknown-app-key": ("[app]\nallow_basic = true\n", ["'app.allow_basic'", "Allowed keys there", "allow_bearer"]),
    "wrong-type": ('[app]\nallow_bearer = "yes"\n', ["'app.allow_bearer'", "must be of type bool", "'yes'"]),
    "bad-product": ('[product]\nname = "bitbucket"\n', ["'product.name'", "'jira' or 'confluence'"]),
    "bad-attempts": (
        '[product]\nmax_authentication_attempts = "many"\n',
        ["'product.max_authentication_attempts'", "whole number or 'unlimited'"],
    ),
    "float-attempts": (
        "[product]\nmax_authentication_attempts = 2.5\n",
        ["'product.max_authentication_attempts'", "int or str"],
    ),
    "bad-base-url": ('[product]\nbase_url = "jira.example.com"\n', ["'product.base_url'", "http:// or https://"]),
    "bad-validity": ("[app]\nmax_token_validity = 3\n", ["'app.max_token_validity'", "'never', 6, 12 or 24"]),
    "bad-allowlist": ('[app]\nip_allowlist = ["10.0.0.300"]\n', ["'app.ip_allowlist'", "IP address or CIDR range"]),
    "allowlist-not-strings": ("[app]\nip_allowlist = [10]\n", ["'app.ip_allowlist'", "list of strings"]),
    "bad-trusted-proxy": (
        '[app]\ntrusted_proxies = ["proxy"]\n',
        ["'app.trusted_proxies'", "IP address or CIDR range"],
    ),
    "users-not-array": ('users = "someuser"\n', ["'users'", "must be of type list"]),
    "user-not-table": ('users = ["someuser"]\n', ["'users[0]' must be a table"]),
    "user-missing-password": ('[[users]]\nname = "someuser"\n', ["missing key 'users[0].password'"]),
    "duplicate-user": (USER + '[[users]]\nname = "SomeUser"\npassword = "x"\n', ["'users[1]'", "Names must be unique"]),
    "token-unknown-owner": (
        USER + '[[tokens]]\nowner = "nobody"\ndescription = "x"\n',
        ["'tokens[0].owner'", "[[users]]"],
    ),
    "token-bad-scope": (
        USER + '[[tokens]]\nowner = "someuser"\ndescription = "x"\nscope = "all"\n',
        ["'tokens[0].scope'", "'read_only' or 'read_write'"],
    ),
    "token-bad-expiry": (
        USER + '[[tokens]]\nowner = "someuser"\ndescription = "x"\nexpires = "soon"\n',
        ["'tokens[0].expires'", "date or date-time"],
    ),
    "project-missing-name": ('[[projects]]\nkey = "DEMO"\n', ["missing key 'projects[0].name'"]),
    "duplicate-project": (
        '[[projects]]\nkey = "A"\nname = "a"\n[[projects]]\nkey = "A"\nname = "b"\n',
        ["'projects[1]'", "Names must be unique"],
    ),
    "application-bad-address": (
        '[[applications]]\nname = "sync"\npassword = "x"\naddresses = ["anywhere"]\n',
        ["'applications[0].addresses'", "IP address or CIDR range"],
    ),
}


@pytest.mark.parametrize(("text", "fragments"), INVALID_CONFIGS.values(), ids=INVALID_CONFIGS.keys())
def test_invalid_config_names_file_and_key(text: str, fragments: list[str]) -> None:
    with pytest.raises(ConfigError) as raised:
        parse_config(text, "settings/bad.toml")

    message = str(raised.value)
    assert message.startswith("settings/bad.toml: ")
    for fragment in fragments:
        assert fragment in message


def test_missing_file_error_names_path(tmp_path: Path) -> None:
    path = tmp_path / "absent.toml"

    with pytest.raises(ConfigError) as raised:
        load_config(path)

    assert str(raised.value).startswith(f"{path}: cannot read the configuration file")
    assert "Check the path" in str(raised.value)


def test_file_error_names_file_path(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text('[app]\nmax_token_validity = "forever"\n', encoding="utf-8")

    with pytest.raises(ConfigError) as raised:
        load_config(path)

    assert str(raised.value).startswith(f"{path}: 'app.max_token_validity'")


def test_empty_config_uses_defaults() -> None:
    data = parse_config("", "empty.toml")

    assert data.product.product is Product.JIRA
    assert data.product.max_authentication_attempts == 3
    assert data.product.base_url is None
    assert data.app.disable_password_basic_auth is False
    assert data.app.allow_bearer is False
    assert data.app.ip_allowlist == ()
    assert data.app.max_token_validity_months is None
    assert data.users == ()


def test_settings_read_from_config() -> None:
    text = config_text(
        product='name = "confluence"\nbase_url = "https://wiki.example.com/"\nmax_authentication_attempts = "unlimited"',
        app='disable_password_basic_auth = true\nallow_bearer = true\nmax_token_validity = 24\nip_allowlist = ["10.0.0.0/8"]',
    )

    data = parse_config(text, "test.toml")

    assert data.product.product is Product.CONFLUENCE
    assert data.product.base_url == "https://wiki.example.com"
    assert data.product.max_authentication_attempts is None
    assert data.app.disable_password_basic_auth is True
    assert data.app.allow_bearer is True
    assert data.app.max_token_validity_months == 24
    assert [str(network) for network in data.app.ip_allowlist] == ["10.0.0.0/8"]


def test_configured_token_secret_hashed() -> None:
    text = (
        USER + '[[tokens]]\nowner = "someuser"\ndescription = "x"\nsecret = "configured-secret"\nscope = "read_only"\n'
    )

    (token,) = parse_config(text, "test.toml").tokens

    assert token.scope is Scope.READ_ONLY
    assert token.secret_hash.matches("configured-secret")
    assert b"configured-secret" not in token.secret_hash.digest


def test_configured_token_without_scope_has_none() -> None:
    (token,) = parse_config(USER + '[[tokens]]\nowner = "someuser"\ndescription = "x"\n', "test.toml").tokens

    assert token.scope is None


def test_application_without_addresses_gets_loopback() -> None:
    (application,) = parse_config('[[applications]]\nname = "sync"\npassword = "x"\n', "test.toml").applications

    assert application.allows_address("127.0.0.1")
    assert application.allows_address("::1")
    assert not application.allows_address("192.0.2.1")


def test_demo_config_loads() -> None:
    data = load_demo_config()

    assert data.source == "demo.toml"
    assert [user.name for user in data.users] == ["someuser", "admin"]


def test_non_utf8_file_named(tmp_path: Path) -> None:
    path = tmp_path / "latin1.toml"
    path.write_bytes('[[users]]\nname = "j\xfcrgen"\npassword = "x"\n'.encode("latin-1"))

    with pytest.raises(ConfigError, match="not UTF-8 text") as raised:
        load_config(path)

    assert str(path) in str(raised.value)


@pytest.mark.parametrize("key", ["password", "secret"])
def test_secret_of_wrong_type_not_printed(key: str) -> None:
    owner = '[[users]]\nname = "someuser"\npassword = "x"\n'
    text = (
        f'[[users]]\nname = "someuser"\n{key} = ["do-not-print-me"]\n'
        if key == "password"
        else owner + f'[[tokens]]\nowner = "someuser"\ndescription = "d"\n{key} = ["do-not-print-me"]\n'
    )

    with pytest.raises(ConfigError) as raised:
        parse_config(text, "test.toml")

    assert "must be of type str, not list" in str(raised.value)
    assert "do-not-print-me" not in str(raised.value)
