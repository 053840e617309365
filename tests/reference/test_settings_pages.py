"""The administration pages that show "Maximum Authentication Attempts Allowed"."""

import re

import pytest

from tests.reference.conftest import ClientFactory, basic_header, config_text

JIRA_PAGE = "/secure/admin/ViewApplicationProperties.jspa"
CONFLUENCE_PAGE = "/admin/editsecurityconfig.action"
ADMIN = basic_header("admin", "admin-password")
VALUE_CELL = re.compile(r'<td id="maximumAuthenticationAttemptsAllowed">([^<]*)</td>')


def shown_maximum(html: str) -> str:
    """Return the value the page shows for the maximum, or fail when the page has no such cell."""
    match = VALUE_CELL.search(html)
    assert match is not None, "the page has no maximumAuthenticationAttemptsAllowed cell"
    return match.group(1)


@pytest.mark.parametrize(
    ("setting", "shown"),
    [("", "3"), ("max_authentication_attempts = 5", "5"), ('max_authentication_attempts = "unlimited"', "")],
    ids=["default", "five", "unlimited"],
)
def test_jira_page_shows_maximum(make_client: ClientFactory, setting: str, shown: str) -> None:
    client = make_client(config_text(product=setting))

    response = client.get(JIRA_PAGE, headers=ADMIN)

    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/html")
    assert "Maximum Authentication Attempts Allowed" in response.text
    assert shown_maximum(response.text) == shown


def test_confluence_page_shows_maximum(make_client: ClientFactory) -> None:
    client = make_client(config_text(product='name = "confluence"\nmax_authentication_attempts = 7'))

    response = client.get(CONFLUENCE_PAGE, headers=ADMIN)

    assert response.status_code == 200
    assert shown_maximum(response.text) == "7"


@pytest.mark.parametrize(("product", "page"), [("jira", JIRA_PAGE), ("confluence", CONFLUENCE_PAGE)])
def test_settings_page_non_admin_forbidden(make_client: ClientFactory, product: str, page: str) -> None:
    client = make_client(config_text(product=f'name = "{product}"'))

    response = client.get(page, headers=basic_header("someuser", "someuser-password"))

    assert response.status_code == 403


@pytest.mark.parametrize(("product", "page"), [("jira", JIRA_PAGE), ("confluence", CONFLUENCE_PAGE)])
def test_settings_page_anonymous_rejected(make_client: ClientFactory, product: str, page: str) -> None:
    client = make_client(config_text(product=f'name = "{product}"'))

    response = client.get(page)

    assert response.status_code == 401


@pytest.mark.parametrize(("product", "page"), [("jira", CONFLUENCE_PAGE), ("confluence", JIRA_PAGE)])
def test_other_products_page_not_found(make_client: ClientFactory, product: str, page: str) -> None:
    client = make_client(config_text(product=f'name = "{product}"'))

    response = client.get(page, headers=ADMIN)

    assert response.status_code == 404
