"""The ACLI stand-in: exactly the parameters the knowledge base shows, sent as ACLI sends them."""

import subprocess
import sys

import pytest

from reference_impl import RunningServer


def run_acli(*arguments: str) -> subprocess.CompletedProcess[str]:
    """Run the stand-in as `acli.sh` would."""
    return subprocess.run(
        [sys.executable, "-m", "reference_impl.acli", *arguments],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def token_for_someuser(server: RunningServer) -> str:
    """Create a token for someuser and return its secret."""
    _, secret = server.instance.create_token(server.instance.find_user("someuser"), "acli test")
    return secret


@pytest.mark.parametrize("form", [["--server", "--user", "--password"], ["-s", "-u", "-p"]], ids=["long", "short"])
def test_password_parameter_lists_projects(reference_server: RunningServer, form: list[str]) -> None:
    server, user, password = form
    token = token_for_someuser(reference_server)

    result = run_acli(server, reference_server.url, user, "someuser", password, token, "--action", "getProjectList")

    assert result.returncode == 0
    assert result.stdout.splitlines()[0] == "2 projects in list"


def test_password_parameter_opens_session(reference_server: RunningServer, caplog: pytest.LogCaptureFixture) -> None:
    token = token_for_someuser(reference_server)

    with caplog.at_level("INFO", logger="reference_impl"):
        run_acli("-s", reference_server.url, "-u", "someuser", "-p", token, "--action", "getProjectList")

    assert [record.getMessage() for record in caplog.records] == [
        "POST /rest/auth/1/session 200 user=someuser",
        "GET /rest/api/2/project 200 user=someuser",
    ]


def test_token_parameter_sends_bearer_rejected(reference_server: RunningServer) -> None:
    token = token_for_someuser(reference_server)

    result = run_acli("-s", reference_server.url, "-u", "someuser", "--token", token, "--action", "getProjectList")

    assert result.returncode == 1
    assert result.stderr == "Remote error: the server rejected the credentials (HTTP 401 Unauthorized).\n"


@pytest.mark.parametrize("abbreviation", ["--pass", "--serv", "--us", "--act"])
def test_abbreviated_parameter_rejected(reference_server: RunningServer, abbreviation: str) -> None:
    arguments = {"--server": reference_server.url, "--user": "someuser", "--password": "x", "--action": "getProjectList"}
    full = next(name for name in arguments if name.startswith(abbreviation))
    argv = [part for name, value in arguments.items() for part in (abbreviation if name == full else name, value)]

    result = run_acli(*argv)

    assert result.returncode == 2
    assert "unrecognized arguments" in result.stderr or "required" in result.stderr
