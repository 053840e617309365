"""The `reference_server` fixture that the package registers with pytest."""

import pytest
import requests

from reference_impl import RunningServer


def failed_count_after_one_wrong_login(server: RunningServer) -> int:
    """Send one wrong token for someuser and return the user's current failed-login count."""
    requests.get(f"{server.url}/rest/api/2/myself", auth=("someuser", "wrong-token"), timeout=30)
    record = requests.get(f"{server.url}/reference-api/users/someuser/login-record", timeout=30).json()
    return record["currentFailedCount"]


def test_fixture_serves_demo_data(reference_server: RunningServer) -> None:
    response = requests.get(f"{reference_server.url}/reference-api/ready", timeout=30)

    assert reference_server.url.startswith("http://127.0.0.1:")
    assert response.json() == {"ready": True, "product": "jira", "data": "demo.toml"}


# Run twice: a server shared between tests would count 2 the second time.
@pytest.mark.parametrize("run", [1, 2])
def test_fixture_state_fresh_per_test(reference_server: RunningServer, run: int) -> None:
    assert failed_count_after_one_wrong_login(reference_server) == 1
