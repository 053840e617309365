"""The link registry (links.yml) and how a built site keeps each registered page URL and section anchor working.

A registered link keeps working while the built site has its page and a heading with the anchor's id.
Redirects count too. For a moved page, mkdocs-redirects writes a page at the old URL that forwards to the
new one and keeps the #anchor. For a renamed section, the page's anchor redirects map the old id to the new
one. The page carries them in its kb-page-data element, and docs/javascripts/kb.js follows them.
"""

import html
import json
import posixpath
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from doc_examples.fences import REPOSITORY
from tests.site.conftest import Build, build_site, copy_project

REGISTRY = REPOSITORY / "links.yml"
MAX_REDIRECTS = 10
_REFRESH = re.compile(r'<meta http-equiv="refresh" content="0; url=(?P<target>[^"]*)">')
_PAGE_DATA = re.compile(r"<div id=\"kb-page-data\" hidden data-kb-page='(?P<json>[^']*)'>")


@dataclass(frozen=True)
class Registry:
    """Registered page URLs (relative to the site root, "" for the home page) with their anchors."""

    pages: dict[str, list[str]]
    anchor_redirects: dict[str, dict[str, str]]

    def links(self) -> list[str]:
        """List every registered link: each page URL, then each of its anchors as URL#anchor."""
        return [link for url, anchors in self.pages.items() for link in [url, *(f"{url}#{a}" for a in anchors)]]


def load_registry(path: Path = REGISTRY) -> Registry:
    """Read links.yml."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    pages = {url: list(anchors or []) for url, anchors in (data.get("pages") or {}).items()}
    redirects = {url: dict(mapping or {}) for url, mapping in (data.get("anchor_redirects") or {}).items()}
    return Registry(pages, redirects)


class _HeadingIds(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if re.fullmatch(r"h[1-6]", tag):
            self.ids.update(value for name, value in attrs if name == "id" and value)


def heading_ids(document: str) -> set[str]:
    """Return the ids of the headings h1 to h6 of an HTML document."""
    parser = _HeadingIds()
    parser.feed(document)
    return parser.ids


def page_file(site: Path, url: str) -> Path:
    """Return the HTML file of a page URL such as "" or "zapier/"."""
    return site / url / "index.html"


def redirect_target(document: str) -> str | None:
    """Return the target of a page that mkdocs-redirects wrote, or None for a real page."""
    match = _REFRESH.search(document)
    return match["target"] if match else None


def anchor_redirects(document: str) -> dict[str, str]:
    """Return the anchor redirects that a built page carries for docs/javascripts/kb.js."""
    match = _PAGE_DATA.search(document)
    return json.loads(html.unescape(match["json"])).get("anchor_redirects", {}) if match else {}


def follow_anchor(anchor: str, ids: set[str], redirects: dict[str, str]) -> str | None:
    """Return the heading id an anchor reaches directly or through the page's anchor redirects, as kb.js does."""
    for _ in range(MAX_REDIRECTS + 1):
        if anchor in ids:
            return anchor
        if anchor not in redirects:
            return None
        anchor = redirects[anchor]
    return None


def check_link(site: Path, link: str) -> str | None:
    """Return why a registered link (URL or URL#anchor) no longer reaches its page or section, or None."""
    url, _, anchor = link.partition("#")
    for _ in range(MAX_REDIRECTS):
        file = page_file(site, url)
        if not file.is_file():
            return (
                f"{link}: the page {url or '(home)'} is gone. Add a redirect for it to redirect_maps of the "
                "redirects plugin in mkdocs.yml."
            )
        document = file.read_text(encoding="utf-8")
        target = redirect_target(document)
        if target is None:
            break
        target_path, _, target_anchor = target.partition("#")
        url = posixpath.normpath(posixpath.join(url, target_path)) + "/"
        url = "" if url == "./" else url
        anchor = anchor or target_anchor
    else:
        return f"{link}: more than {MAX_REDIRECTS} redirects in a row."

    if anchor and follow_anchor(anchor, heading_ids(document), anchor_redirects(document)) is None:
        return (
            f"{link}: the page {url or '(home)'} has no heading with the id {anchor!r}. Restore the id, or map "
            f"it to the new one under anchor_redirects: {url!r} in links.yml."
        )
    return None


def published_links(site: Path) -> dict[str, set[str]]:
    """Return every page URL of a built site, redirect pages and 404.html left out, with its heading ids."""
    published = {}
    for file in sorted(site.rglob("index.html")):
        document = file.read_text(encoding="utf-8")
        if redirect_target(document) is not None:
            continue
        url = file.parent.relative_to(site).as_posix()
        published["" if url == "." else f"{url}/"] = heading_ids(document)
    return published


# The changes the tests make to a copy of the project: a renamed heading and a moved page, as a writer might.
RENAMED_ANCHOR = ("zapier.md", "zapier/", "account-settings", "zapier-account-settings")
MOVED_PAGE = ("acli.md", "appfire-cli.md")


def rename_anchor_and_move_page(project: Path, with_redirects: bool) -> None:
    """Rename the Zapier article's "Account settings" anchor and move the ACLI article, in a copied project."""
    page, url, old_anchor, new_anchor = RENAMED_ANCHOR
    path = project / "docs" / page
    text = path.read_text(encoding="utf-8").replace(f"{{ #{old_anchor} }}", f"{{ #{new_anchor} }}")
    path.write_text(text, encoding="utf-8")

    old_page, new_page = MOVED_PAGE
    (project / "docs" / old_page).rename(project / "docs" / new_page)
    index = project / "docs" / "index.md"
    index.write_text(index.read_text(encoding="utf-8").replace(f"({old_page})", f"({new_page})"), encoding="utf-8")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace(f"- {old_page}", f"- {new_page}")
    if with_redirects:
        entry = f"\n        {old_page}: {new_page}"
        text = text.replace("redirect_maps: {}", "redirect_maps:", 1).replace(
            "redirect_maps:", f"redirect_maps:{entry}", 1
        )
    config.write_text(text, encoding="utf-8")

    if with_redirects:
        registry_file = project / "links.yml"
        registry = yaml.safe_load(registry_file.read_text(encoding="utf-8"))
        registry["anchor_redirects"] = registry.get("anchor_redirects") or {}
        registry["anchor_redirects"].setdefault(url, {})[old_anchor] = new_anchor
        registry_file.write_text(yaml.safe_dump(registry), encoding="utf-8")


def build_changed_site(tmp_path_factory: pytest.TempPathFactory, with_redirects: bool) -> Build:
    """Build a copy of the project with the anchor renamed and the page moved."""
    folder = tmp_path_factory.mktemp("redirected" if with_redirects else "broken")
    project = copy_project(folder / "project")
    rename_anchor_and_move_page(project, with_redirects)
    build = build_site(project, folder / "site")
    assert build.returncode == 0, f"mkdocs build --strict failed:\n{build.output}"
    return build
