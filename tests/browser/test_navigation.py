"""Section links, redirects and search bring a reader to the right page and heading."""

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import Site
from tests.site.links import load_registry
from tests.site.test_reader_pages import SEARCH_WORDS

ANCHORED_LINKS = [link for link in load_registry().links() if "#" in link]
# What readers type into the search box, and the article the first result must open.
SEARCHES = {
    **SEARCH_WORDS,
    # A segment of a URL on the page: found because the search also splits words at / and .
    "ViewApplicationProperties": "captcha/",
}


def heading_in_view(page: Page, heading_id: str) -> bool:
    """Tell whether the heading with the id is inside the viewport, below the fixed header."""
    return page.evaluate(
        """id => {
            const heading = document.getElementById(id);
            if (heading === null) return false;
            const box = heading.getBoundingClientRect();
            return box.top >= 0 && box.bottom <= window.innerHeight;
        }""",
        heading_id,
    )


def landing_heading(page: Page) -> str:
    """Return the id in the address once a heading has it, after kb.js followed any anchor redirect."""
    page.wait_for_function("() => document.getElementById(decodeURIComponent(location.hash.slice(1))) !== null")
    return page.evaluate("() => decodeURIComponent(location.hash.slice(1))")


@pytest.mark.parametrize("link", ANCHORED_LINKS)
def test_section_link_shows_heading(shared_page: Page, site: Site, link: str) -> None:
    shared_page.goto(site.page_url(link))

    heading = landing_heading(shared_page)

    assert heading_in_view(shared_page, heading), f"{link}: the heading #{heading} is not in view"


def test_section_link_visible_and_named(page: Page, site: Site) -> None:
    page.goto(site.page_url("zapier/"))
    link = page.locator("#check-token a.headerlink")

    opacity = float(link.evaluate("element => getComputedStyle(element).opacity"))

    assert opacity >= 0.5
    assert link.get_attribute("aria-label") == "Link to this section: Check the token first"
    assert link.get_attribute("href") == "#check-token"


def test_renamed_anchor_lands_on_new_heading(page: Page, redirected_site: Site) -> None:
    page.goto(redirected_site.page_url("zapier/#account-settings"))

    heading = landing_heading(page)

    assert heading == "zapier-account-settings"
    assert heading_in_view(page, heading)


def test_renamed_anchor_followed_within_page(page: Page, redirected_site: Site) -> None:
    page.goto(redirected_site.page_url("zapier/"))

    page.evaluate("() => { location.hash = 'account-settings'; }")
    page.wait_for_function("() => location.hash === '#zapier-account-settings'")

    assert heading_in_view(page, "zapier-account-settings")


def test_moved_page_keeps_anchor(page: Page, redirected_site: Site) -> None:
    page.goto(redirected_site.page_url("acli/#token-parameter"))
    page.wait_for_url("**/appfire-cli/#token-parameter")

    assert heading_in_view(page, "token-parameter")


@pytest.mark.parametrize("term", SEARCHES)
def test_search_opens_article(page: Page, site: Site, term: str) -> None:
    page.goto(site.page_url(""))

    page.click("input.md-search__input")
    page.keyboard.type(term)
    first = page.locator(".md-search-result__item > a").first
    first.wait_for()
    first.click()
    page.wait_for_load_state()

    assert page.url.split("?")[0].split("#")[0] == site.page_url(SEARCHES[term])
