"""Debian's Chromium, driven by Playwright, against the built site served on 127.0.0.1.

Without /usr/bin/chromium the browser tests are skipped, or fail when the environment variable CI is set.
scripts/install-browser.sh installs it; Playwright's own browser download (`playwright install`) is never used.
"""

import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, Request, sync_playwright

from doc_examples.chromium import CHROMIUM, CHROMIUM_FLAGS
from doc_examples.fences import REPOSITORY
from tests.site.conftest import Build, build_site, copy_project
from tests.site.links import build_changed_site, load_registry

ACTION_TIMEOUT_MS = 10_000
LOOPBACK = "127.0.0.1"
SERVER_STOP_TIMEOUT_SECONDS = 10
# Every published page, as the link registry lists them ("" is the home page).
PAGES = list(load_registry().pages)


class QuietHandler(SimpleHTTPRequestHandler):
    """Serves the built site's files over keep-alive connections, without logging every request."""

    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        pass


@dataclass
class Site:
    """A built site served on loopback."""

    url: str
    root: Path

    def page_url(self, path: str) -> str:
        """Return the absolute URL of a page URL such as "" or "zapier/#account-settings"."""
        return f"{self.url}/{path}"


@dataclass
class RequestLog:
    """Every request the browser context made, by URL."""

    urls: list[str] = field(default_factory=list)

    def record(self, request: Request) -> None:
        self.urls.append(request.url)


def serve(root: Path) -> Iterator[Site]:
    """Serve a folder on a free port of 127.0.0.1 until the generator is closed."""
    server = ThreadingHTTPServer((LOOPBACK, 0), partial(QuietHandler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        host, port = server.server_address[:2]
        yield Site(f"http://{host}:{port}", root)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=SERVER_STOP_TIMEOUT_SECONDS)


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    """Start Playwright's driver, or skip the browser tests when Chromium is missing (fail under CI)."""
    if not CHROMIUM.is_file():
        reason = f"{CHROMIUM} is missing; install it with scripts/install-browser.sh as root."
        if os.environ.get("CI"):
            pytest.fail(f"CI is set and the browser tests cannot run: {reason}", pytrace=False)
        pytest.skip(reason)
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    """Launch Chromium once; Playwright gives it a new temporary --user-data-dir."""
    chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
    yield chromium
    chromium.close()


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """Build the repository's site and serve it on loopback for the whole session."""
    build: Build = build_site(REPOSITORY, tmp_path_factory.mktemp("browser-site"))
    assert build.returncode == 0, f"mkdocs build --strict failed:\n{build.output}"
    yield from serve(build.site)


@pytest.fixture(scope="session")
def redirected_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """Serve a copy of the site with a renamed anchor and a moved page, both with redirects."""
    build = build_changed_site(tmp_path_factory, with_redirects=True)
    yield from serve(build.site)


@pytest.fixture(scope="session")
def instant_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """Serve a copy of the site built with Material's instant navigation, which needs site_url set to its address."""
    folder = tmp_path_factory.mktemp("instant")
    root = folder / "site"
    root.mkdir()
    server = serve(root)
    served = next(server)
    project = copy_project(folder / "project")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace("  features:\n", "  features:\n    - navigation.instant\n", 1)
    config.write_text(f"site_url: {served.url}/\n{text}", encoding="utf-8")

    build = build_site(project, root)

    assert build.returncode == 0, f"mkdocs build --strict failed:\n{build.output}"
    yield served
    server.close()


@pytest.fixture
def requests_made() -> RequestLog:
    return RequestLog()


@pytest.fixture
def context(browser: Browser, site: Site, requests_made: RequestLog) -> Iterator[BrowserContext]:
    """A fresh browser profile (empty localStorage) that may use the clipboard and reach only loopback."""
    browser_context = browser.new_context(viewport={"width": 1280, "height": 900})
    browser_context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site.url)
    browser_context.set_default_timeout(ACTION_TIMEOUT_MS)
    browser_context.on("request", requests_made.record)
    # Requests are recorded before this route aborts them, so a test still gets them. None reaches another host.
    browser_context.route(lambda url: urlsplit(url).hostname != LOOPBACK, lambda route: route.abort())
    yield browser_context
    browser_context.close()


@pytest.fixture(scope="module")
def shared_page(browser: Browser, site: Site) -> Iterator[Page]:
    """One page for the tests of a module that only read pages, so cached assets make them fast."""
    browser_context = browser.new_context(viewport={"width": 1280, "height": 900})
    browser_context.set_default_timeout(ACTION_TIMEOUT_MS)
    browser_context.route(lambda url: urlsplit(url).hostname != LOOPBACK, lambda route: route.abort())
    yield browser_context.new_page()
    browser_context.close()


@pytest.fixture
def page(context: BrowserContext) -> Iterator[Page]:
    """A page of the context; a JavaScript error on it fails the test."""
    errors: list[str] = []
    browser_page = context.new_page()
    browser_page.on("pageerror", lambda error: errors.append(str(error)))
    yield browser_page
    assert not errors, f"JavaScript errors on the page: {errors}"
