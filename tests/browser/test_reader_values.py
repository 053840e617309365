"""A reader's base URLs and user name, entered once, appear in every example on every page, and no token is kept."""

import json
import re

import pytest
from playwright.sync_api import BrowserContext, Page

from tests.browser.conftest import PAGES, Site
from tests.browser.helpers import (
    PLACEHOLDER_PAGES,
    READER_PLACEHOLDERS,
    READER_VALUES,
    STORAGE_KEY,
    code_texts,
    enter_reader_values,
    local_storage,
    placeholder_pattern,
)

# A made-up value shaped like an API token (long, mixed case and digits), not a real one.
TOKEN_LIKE_INPUT = "Zq3" + "x7Kp9" * 6
TOKEN_PATTERN = re.compile(r"(?=.*[a-z])(?=.*[A-Z])(?=.*\d)[A-Za-z0-9_+/=-]{20,}")

INVALID_INPUTS = {
    "no scheme": ("jira_url", "jira.example.test"),
    "space": ("jira_url", "https://jira example.test"),
    "quote": ("jira_url", 'https://jira.example.test/"x'),
    "angle bracket": ("confluence_url", "https://wiki.example.test/<b>"),
    "credentials": ("jira_url", "https://jdoe:secret@jira.example.test"),
    "query": ("jira_url", "https://jira.example.test/?os_username=jdoe"),
    "port": ("jira_url", "https://jira.example.test:99999"),
    "script scheme": ("jira_url", "javascript:alert(1)"),
    "user with space": ("user_name", "j doe"),
    "user with markup": ("user_name", "<img src=x>"),
}


def placeholders_left(texts: list[str]) -> list[str]:
    """Return each placeholder that a reader value should have replaced and that the texts still show."""
    return [shown for shown in READER_PLACEHOLDERS if any(placeholder_pattern(shown).search(text) for text in texts)]


def test_values_reach_every_page(page: Page, site: Site) -> None:
    page.goto(site.page_url("captcha/"))
    enter_reader_values(page, READER_VALUES)

    for path in PAGES:
        page.goto(site.page_url(path))
        texts = code_texts(page)
        if path in PLACEHOLDER_PAGES:
            assert not page.locator(".kb-value--reader").count(), f"{path} must keep its placeholders"
            continue
        assert placeholders_left(texts) == [], f"{path} still shows placeholders"
        shown = page.eval_on_selector_all(
            ".kb-value", "spans => spans.map(span => [span.dataset.kbReader, span.textContent])"
        )
        for reader, text in shown:
            assert text == READER_VALUES[reader], f"{path}: a {reader} placeholder shows {text!r}"


def test_values_survive_navigation_and_reload(page: Page, site: Site) -> None:
    page.goto(site.page_url("zapier/"))
    enter_reader_values(page, READER_VALUES)

    page.click("nav.md-nav a[href='../captcha/']")
    page.wait_for_url("**/captcha/")
    after_click = " ".join(code_texts(page))
    page.reload()
    after_reload = " ".join(code_texts(page))

    assert f"-u jdoe:wrong-token {READER_VALUES['jira_url']}/rest/api/2/myself" in after_click
    assert f"-u jdoe:wrong-token {READER_VALUES['jira_url']}/rest/api/2/myself" in after_reload


def test_values_survive_instant_navigation(page: Page, instant_site: Site) -> None:
    page.goto(instant_site.page_url("zapier/"))
    enter_reader_values(page, READER_VALUES)
    page.evaluate("() => { window.sameDocument = true; }")

    page.click("nav.md-nav a[href$='captcha/']")
    page.wait_for_url("**/captcha/")
    # The address changes before the new content replaces the old, so wait for a heading only the new page has.
    page.locator("article h1#captcha").wait_for(state="attached")
    page.locator("article .kb-value--reader").first.wait_for(state="attached")

    assert page.evaluate("() => window.sameDocument") is True
    assert f"-u jdoe:wrong-token {READER_VALUES['jira_url']}/rest/api/2/myself" in " ".join(code_texts(page))


def test_values_reach_other_open_tab(context: BrowserContext, site: Site) -> None:
    other_tab = context.new_page()
    other_tab.goto(site.page_url("acli/"))
    page = context.new_page()
    page.goto(site.page_url("captcha/"))

    enter_reader_values(page, READER_VALUES)
    other_tab.locator(".kb-value--reader").first.wait_for(state="attached")

    assert placeholders_left(code_texts(other_tab)) == []


def test_values_shown_in_inline_code(page: Page, site: Site) -> None:
    page.goto(site.page_url("captcha/"))
    enter_reader_values(page, READER_VALUES)

    inline = page.eval_on_selector_all("article p code, article li code", "codes => codes.map(c => c.textContent)")

    assert f"{READER_VALUES['jira_url']}/secure/admin/ViewApplicationProperties.jspa" in inline
    assert f"{READER_VALUES['confluence_url']}/admin/editsecurityconfig.action" in inline


def test_token_placeholders_stay(page: Page, site: Site) -> None:
    page.goto(site.page_url("zapier/"))
    enter_reader_values(page, READER_VALUES)

    assert "<your-api-token>" in " ".join(code_texts(page))


def test_reset_restores_placeholders(page: Page, site: Site) -> None:
    page.goto(site.page_url("acli/"))
    enter_reader_values(page, READER_VALUES)

    page.click("[data-kb-reader-reset]")
    reset_here = code_texts(page)
    page.goto(site.page_url("zapier/"))

    assert set(placeholders_left(reset_here)) == {"https://your-jira.com", "someuser"}
    assert set(placeholders_left(code_texts(page))) == {"https://your-jira.com", "someuser"}
    assert STORAGE_KEY not in local_storage(page)


def test_partial_values_keep_other_placeholders(page: Page, site: Site) -> None:
    page.goto(site.page_url("captcha/"))
    enter_reader_values(page, {"user_name": "jdoe"})

    assert placeholders_left(code_texts(page)) == ["https://your-jira.com", "https://your-confluence.com"]


@pytest.mark.parametrize("case", INVALID_INPUTS)
def test_invalid_input_rejected(page: Page, site: Site, case: str) -> None:
    name, value = INVALID_INPUTS[case]
    page.goto(site.page_url("captcha/"))

    enter_reader_values(page, {name: value})

    assert value in page.inner_text(f"[data-kb-error-for={name}]")
    assert page.get_attribute(f"#kb-reader-{name}", "aria-invalid") == "true"
    assert STORAGE_KEY not in local_storage(page)
    assert placeholders_left(code_texts(page)) == list(READER_PLACEHOLDERS)


def test_token_like_user_name_rejected(page: Page, site: Site) -> None:
    page.goto(site.page_url("captcha/"))

    enter_reader_values(page, {"user_name": TOKEN_LIKE_INPUT})

    assert "looks like an API token" in page.inner_text("[data-kb-error-for=user_name]")
    assert TOKEN_LIKE_INPUT not in page.inner_text("[data-kb-error-for=user_name]")
    assert STORAGE_KEY not in local_storage(page)


def test_storage_holds_no_token(page: Page, site: Site) -> None:
    page.goto(site.page_url("zapier/"))
    enter_reader_values(page, READER_VALUES)
    page.goto(site.page_url("captcha/"))

    stored = local_storage(page)
    session = page.evaluate("() => Object.fromEntries(Object.entries(sessionStorage))")

    assert json.loads(stored[STORAGE_KEY]) == READER_VALUES
    for key, value in {**stored, **session}.items():
        assert not re.search(r"token|password|secret", key, re.IGNORECASE), f"storage key {key!r}"
        assert not TOKEN_PATTERN.search(value), f"storage value of {key!r} looks like a token"


def test_form_has_no_secret_field(page: Page, site: Site) -> None:
    page.goto(site.page_url("captcha/"))

    names = page.eval_on_selector_all(
        "details.kb-reader input, details.kb-reader textarea", "els => els.map(e => e.name)"
    )
    types = page.eval_on_selector_all("details.kb-reader input", "els => els.map(e => e.type)")

    assert sorted(names) == sorted(READER_VALUES)
    assert "password" not in types


def test_stored_markup_never_rendered(page: Page, site: Site) -> None:
    page.goto(site.page_url("captcha/"))
    page.evaluate(
        "key => localStorage.setItem(key, JSON.stringify({user_name: '<img src=x onerror=\"window.injected=1\">'}))",
        STORAGE_KEY,
    )

    page.reload()

    assert page.evaluate("() => window.injected") is None
    assert page.locator("article pre img").count() == 0
    assert placeholders_left(code_texts(page)) == list(READER_PLACEHOLDERS)
