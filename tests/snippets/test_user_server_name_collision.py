"""snippets/reference-server/user-server-name-collision.toml: synchronisation fails, and renaming fixes it."""

import requests

from doc_examples.fences import SERVER_CONFIGS
from reference_impl import load_config, parse_config, running_server

CONFIG = SERVER_CONFIGS / "user-server-name-collision.toml"
SEARCH = "/rest/usermanagement/1/search?entity-type=user"


def test_collision_config_loads() -> None:
    data = load_config(CONFIG)

    assert data.app.disable_password_basic_auth is True
    assert [application.name for application in data.applications] == ["confluence"]
    assert "confluence" in [user.name for user in data.users]


def test_collision_breaks_synchronisation() -> None:
    with running_server(load_config(CONFIG)) as server:
        response = requests.get(server.url + SEARCH, auth=("confluence", "sync-password"), timeout=30)

    assert response.status_code == 403


def test_config_check_reports_collision() -> None:
    with running_server(load_config(CONFIG)) as server:
        problems = requests.get(server.url + "/reference-api/config-check", timeout=30).json()["problems"]

    assert len(problems) == 1
    assert "'confluence'" in problems[0]


def test_purpose_name_fixes_synchronisation() -> None:
    renamed = CONFIG.read_text(encoding="utf-8").replace('name = "confluence"\npassword = "sync-password"', 'name = "confluence-user-sync"\npassword = "sync-password"')
    assert renamed != CONFIG.read_text(encoding="utf-8"), "The snippet's application entry changed; update this test."

    with running_server(parse_config(renamed, "renamed.toml")) as server:
        response = requests.get(server.url + SEARCH, auth=("confluence-user-sync", "sync-password"), timeout=30)

    assert response.status_code == 200
    assert "confluence" in [user["name"] for user in response.json()["users"]]
