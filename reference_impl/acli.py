"""A stand-in for Appfire's ACLI with only the parameters the knowledge base shows.

ACLI itself cannot be installed where the tests run, so this stand-in sends what ACLI sends on Data Center.
With --password, it logs in with `POST /rest/auth/1/session` and makes the call with the session cookie.
With --token, it makes the call with `Authorization: Bearer <token>`, as personal access tokens are sent.
"""

import argparse
import sys

import requests

TIMEOUT_SECONDS = 30


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser with ACLI's names for the parameters."""
    # allow_abbrev=False: a mistyped parameter such as --pass must fail, not pass as --password.
    parser = argparse.ArgumentParser(prog="acli.sh", description="Stand-in for ACLI's Jira actions.", allow_abbrev=False)
    parser.add_argument("-s", "--server", required=True, help="base URL of the Jira server")
    parser.add_argument("-u", "--user", help="user name (not the e-mail address)")
    credentials = parser.add_mutually_exclusive_group(required=True)
    credentials.add_argument("-p", "--password", help="password, or an API token of the token app")
    credentials.add_argument("--token", help="personal access token, sent as a Bearer token")
    parser.add_argument("--action", required=True, choices=["getProjectList"], help="the action to run")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one action and return the exit status."""
    arguments = build_parser().parse_args(argv)
    server = arguments.server.rstrip("/")
    if arguments.password is not None and not arguments.user:
        print("error: --user is required with --password.", file=sys.stderr)
        return 2
    try:
        with requests.Session() as session:
            if arguments.token is not None:
                session.headers["Authorization"] = f"Bearer {arguments.token}"
            else:
                _check(session.post(f"{server}/rest/auth/1/session", json={"username": arguments.user, "password": arguments.password}, timeout=TIMEOUT_SECONDS))
            response = _check(session.get(f"{server}/rest/api/2/project", timeout=TIMEOUT_SECONDS))
    except requests.RequestException as error:
        print(f"Client error: cannot reach {server} ({type(error).__name__}). Check --server.", file=sys.stderr)
        return 1
    except RemoteError as error:
        print(f"Remote error: {error}", file=sys.stderr)
        return 1
    print_project_list(response.json())
    return 0


class RemoteError(Exception):
    """An error status in the server's response."""


def print_project_list(projects: list[dict]) -> None:
    """Print projects the way ACLI lists them: a count line, then CSV with a header row."""
    print(f"{len(projects)} projects in list")
    print('"Key","Name","Id","Type"')
    for project in projects:
        print(",".join(f'"{project[field]}"' for field in ("key", "name", "id", "projectTypeKey")))


def _check(response: requests.Response) -> requests.Response:
    if response.status_code in (401, 403):
        raise RemoteError(f"the server rejected the credentials (HTTP {response.status_code} {response.reason}).")
    if response.status_code >= 400:
        raise RemoteError(f"the server returned HTTP {response.status_code} {response.reason} for {response.url}.")
    return response


if __name__ == "__main__":
    sys.exit(main())
