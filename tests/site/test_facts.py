"""Each article, as a reader sees it in the built site, states the facts it exists to give."""

import html
import re

import pytest

from tests.site.conftest import Build

# Page, then phrases that must appear in its rendered text. Each phrase carries one fact; a rewrite that
# drops the fact must fail here, a rewording that keeps it should update the phrase.
FACTS = {
    "jira-user-server": [
        "disable Basic Auth with passwords",
        "must not have the same name as a Jira user",
        "confluence-user-sync",
        "Confluence's user directory",
        "Otherwise directory synchronisation fails",
        "Jira User Server",
        "Application failed to authenticate",
    ],
    "power-automate": [
        "no longer works with Jira that you host yourself, on-premises",
        "a regular Jira password",
        "an API token created with the API Token Authentication app",
        "Microsoft support confirmed this in July 2020",
    ],
    "zapier": [
        "Basic Auth",
        "https://your-jira.com/rest/api/2/myself",
        '"Edit Accounts"',
        '"Jira (1.0.0)"',
        "Zapier does not let you edit an existing account",
        "Disconnect the old account and connect a new one",
        "Give the account a clear label",
    ],
    "acli": [
        "Bob Swift",
        "two parameters, --password and --token",
        "--token parameter does not work with tokens created by the API Token Authentication app",
        "./acli.sh --server https://your-jira.com --user someuser --password <your-api-token> --action getProjectList",
        "-s for the server URL, -u for the user name and -p for the password",
        "Jira 8.14",
        "Skip the test. The token still works",
        "stand-in",
    ],
    "captcha": [
        "count a wrong or expired API token as a failed login",
        "Maximum Authentication Attempts Allowed",
        "/secure/admin/ViewApplicationProperties.jspa",
        "/admin/editsecurityconfig.action",
        "the next login to the web interface asks for a CAPTCHA",
        "a valid API token on the REST API is still accepted, and it resets the failed login count",
        "the answer to the CAPTCHA and the user's valid local password",
        "tokens are for the REST API only",
        "resolution's SAML SSO app resets the failed login count",
        "Three ways out",
    ],
}


def page_text(built_site: Build, page: str) -> str:
    """Return the visible text of a built page's article, with tags removed and spaces collapsed."""
    document = (built_site.site / page / "index.html").read_text(encoding="utf-8")
    article = document[document.index("<article") : document.index("</article>")]
    text = re.sub(r"<[^>]+>", "", article)
    return re.sub(r"\s+", " ", html.unescape(text))


@pytest.mark.parametrize("page", FACTS)
def test_article_states_its_facts(built_site: Build, page: str) -> None:
    text = page_text(built_site, page)

    missing = [fact for fact in FACTS[page] if fact not in text]

    assert not missing, f"docs/{page}.md no longer states: {missing}"
