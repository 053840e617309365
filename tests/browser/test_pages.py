"""Every page as Chromium shows it: diagrams load, nothing comes from another host, no sideways scrolling
on a phone, and axe-core finds no serious or critical accessibility violation."""

from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page

from tests.browser.conftest import ACTION_TIMEOUT_MS, LOOPBACK, PAGES, RequestLog, Site
from tests.browser.helpers import READER_VALUES, enter_reader_values

DIAGRAMS = {"captcha/": "captcha-states.svg", "jira-user-server/": "user-server-sync.svg"}
PHONE_WIDTH = 375
SEVERE_IMPACTS = {"serious", "critical"}


def foreign_requests(urls: list[str], site: Site) -> list[str]:
    """Return the requested URLs that do not go to the site's own origin; data: and blob: URLs stay local."""
    origin = urlsplit(site.url)
    foreign = []
    for url in urls:
        parts = urlsplit(url)
        if parts.scheme in ("data", "blob"):
            continue
        if (parts.scheme, parts.netloc) != (origin.scheme, origin.netloc):
            foreign.append(url)
    return foreign


def severe_violations(page: Page) -> list[str]:
    """Run axe-core on the page and describe each serious or critical violation with its elements."""
    results = Axe().run(page)
    return [
        f"{violation['id']} ({violation['impact']}): {[node['target'] for node in violation['nodes']]}"
        for violation in results.response["violations"]
        if violation["impact"] in SEVERE_IMPACTS
    ]


def open_reader_form_with_error(page: Page) -> None:
    """Open the reader's-server form and submit an invalid URL, so its error message shows too."""
    enter_reader_values(page, {"jira_url": "jira.example.test"})


@pytest.mark.parametrize("path", DIAGRAMS)
def test_diagram_image_renders(page: Page, site: Site, path: str) -> None:
    page.goto(site.page_url(path))
    image = page.locator(f"article img[src$='{DIAGRAMS[path]}']")

    image.scroll_into_view_if_needed()
    complete, natural_width, natural_height = image.evaluate(
        "img => [img.complete, img.naturalWidth, img.naturalHeight]"
    )
    box = image.bounding_box()

    assert complete is True
    assert natural_width > 0, f"{DIAGRAMS[path]} did not load"
    assert natural_height > 0, f"{DIAGRAMS[path]} did not load"
    assert box is not None
    assert box["width"] > 0
    assert box["height"] > 0
    assert len(image.get_attribute("alt") or "") >= 80


def test_no_request_leaves_origin(page: Page, site: Site, requests_made: RequestLog) -> None:
    page.goto(site.page_url("captcha/"))
    enter_reader_values(page, READER_VALUES)
    for path in PAGES:
        page.goto(site.page_url(path))
        page.wait_for_load_state("networkidle")
    page.click("input.md-search__input")
    page.keyboard.type("CAPTCHA")
    page.locator(".md-search-result__item > a").first.click()
    page.wait_for_load_state("networkidle")

    assert len(requests_made.urls) > len(PAGES)
    assert foreign_requests(requests_made.urls, site) == []


@pytest.mark.parametrize("path", PAGES)
def test_phone_width_no_sideways_scroll(browser: Browser, site: Site, path: str) -> None:
    context = browser.new_context(viewport={"width": PHONE_WIDTH, "height": 800})
    context.set_default_timeout(ACTION_TIMEOUT_MS)
    context.route(lambda url: urlsplit(url).hostname != LOOPBACK, lambda route: route.abort())
    try:
        page = context.new_page()
        page.goto(site.page_url(path))
        if page.locator("details.kb-reader").count():
            open_reader_form_with_error(page)

        widths = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    finally:
        context.close()

    assert widths[0] <= widths[1], f"{path} is {widths[0]} px wide at a {widths[1]} px viewport"


@pytest.mark.parametrize("path", PAGES)
def test_no_severe_accessibility_violation(shared_page: Page, site: Site, path: str) -> None:
    shared_page.goto(site.page_url(path))
    if shared_page.locator("details.kb-reader").count():
        open_reader_form_with_error(shared_page)

    violations = severe_violations(shared_page)

    assert not violations, f"{path or '(home)'}: " + "; ".join(violations)
