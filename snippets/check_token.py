"""Check whether Jira accepts a user name and API token, and explain the response.

Usage: JIRA_API_TOKEN='<your-api-token>' python3 check_token.py https://your-jira.com someuser
The token is read from the environment so that it stays out of the command line. Needs `requests`.
"""

import os
import sys

import requests


def explain(response: requests.Response) -> str:
    """Turn Jira's response to /rest/api/2/myself into advice."""
    reason = response.headers.get("X-Seraph-LoginReason")
    if response.status_code == 200:
        user = response.json()
        return f"OK: the token works for {user['name']} ({user['displayName']})."
    if reason == "AUTHENTICATION_DENIED":
        return (
            "Denied: too many failed logins, so Jira requires a CAPTCHA, and this token is not valid. "
            "A valid token on the REST API clears the CAPTCHA."
        )
    if response.status_code == 403 and reason == "AUTHENTICATED_FAILED":
        return "Rejected: passwords are disabled and this is not a valid token of the user. Create a new token."
    if response.status_code == 403:
        return (
            "Forbidden: either passwords are disabled and this is not a valid token, or your address is not "
            "in the app's IP allowlist. Check the token, then ask an administrator about the allowlist."
        )
    if response.status_code == 401:
        return (
            "Rejected: wrong user name or token. Use the user name, not the e-mail address, "
            "and check that the token has not expired. This attempt counts as a failed login."
        )
    return f"Unexpected answer: HTTP {response.status_code} from {response.url}."


def main() -> int:
    """Check the credentials and return 0 if they work, 1 if not, 2 on wrong usage."""
    if len(sys.argv) != 3 or not os.environ.get("JIRA_API_TOKEN"):
        print("Usage: JIRA_API_TOKEN='<your-api-token>' python3 check_token.py <base URL> <user name>")
        return 2
    base_url, user_name = sys.argv[1].rstrip("/"), sys.argv[2]
    try:
        response = requests.get(
            f"{base_url}/rest/api/2/myself",
            auth=(user_name, os.environ["JIRA_API_TOKEN"]),
            timeout=30,
        )
    except requests.RequestException as error:
        print(f"Cannot reach {base_url}: {type(error).__name__}. Check the base URL and your network.")
        return 1
    print(explain(response))
    return 0 if response.status_code == 200 else 1


if __name__ == "__main__":
    sys.exit(main())
