"""snippets/check_token.py against a real reference server in each situation it explains."""

import os
import subprocess
import sys

import pytest

from doc_examples.fences import REPOSITORY
from reference_impl import parse_config, running_server

SCRIPT = REPOSITORY / "snippets" / "check_token.py"


def run_script(base_url: str, user: str, token: str | None) -> subprocess.CompletedProcess:
    """Run the snippet as a reader would, with the token in the environment."""
    environment = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "NO_PROXY": "*"}
    if token is not None:
        environment["JIRA_API_TOKEN"] = token
    return subprocess.run(
        [sys.executable, str(SCRIPT), base_url, user],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def config(app_settings: str = "") -> str:
    """Return a configuration with someuser and the given [app] lines."""
    return f'[app]\n{app_settings}\n[[users]]\nname = "someuser"\npassword = "pw"\ndisplay_name = "Some User"\n'


def valid_token(server) -> str:
    """Create a token for someuser on the server's model and return its secret."""
    _, secret = server.instance.create_token(server.instance.find_user("someuser"), "snippet test")
    return secret


def test_valid_token_reports_ok() -> None:
    with running_server(parse_config(config(), "test.toml")) as server:
        result = run_script(server.url, "someuser", valid_token(server))

    assert result.returncode == 0
    assert result.stdout == "OK: the token works for someuser (Some User).\n"


def test_wrong_token_reports_rejection() -> None:
    with running_server(parse_config(config(), "test.toml")) as server:
        result = run_script(server.url, "someuser", "wrong-token")

    assert result.returncode == 1
    assert result.stdout.startswith("Rejected: wrong user name or token.")


def test_captcha_state_reported() -> None:
    with running_server(parse_config(config(), "test.toml")) as server:
        for _ in range(3):
            run_script(server.url, "someuser", "wrong-token")
        result = run_script(server.url, "someuser", "wrong-token")

    assert result.returncode == 1
    assert result.stdout.startswith("Denied: too many failed logins, so Jira requires a CAPTCHA")


def test_disabled_passwords_reported() -> None:
    with running_server(parse_config(config("disable_password_basic_auth = true"), "test.toml")) as server:
        result = run_script(server.url, "someuser", "pw")

    assert result.returncode == 1
    assert result.stdout.startswith("Rejected: passwords are disabled")


def test_address_outside_allowlist_reported() -> None:
    # The allowlist names a range the loopback client is not in; no traffic goes there.
    with running_server(parse_config(config('ip_allowlist = ["192.0.2.0/24"]'), "test.toml")) as server:
        result = run_script(server.url, "someuser", valid_token(server))

    assert result.returncode == 1
    assert result.stdout.startswith("Forbidden: either passwords are disabled and this is not a valid token, or your address")


def test_unreachable_server_reported() -> None:
    with running_server(parse_config(config(), "test.toml")) as server:
        closed_url = server.url
    result = run_script(closed_url, "someuser", "any-token")

    assert result.returncode == 1
    assert result.stdout.startswith(f"Cannot reach {closed_url}: ConnectionError.")


@pytest.mark.parametrize("token", [None, ""])
def test_missing_token_prints_usage(token: str | None) -> None:
    result = run_script("http://127.0.0.1:9", "someuser", token)

    assert result.returncode == 2
    assert result.stdout.startswith("Usage: JIRA_API_TOKEN=")


def test_token_never_printed() -> None:
    with running_server(parse_config(config(), "test.toml")) as server:
        secret = valid_token(server)
        results = [run_script(server.url, "someuser", secret), run_script(server.url, "someone", secret)]

    for result in results:
        assert secret not in result.stdout + result.stderr
