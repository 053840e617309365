"""What the built pages give readers besides the text: reader values, tags, dates, diagrams, local resources."""

import html
import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from doc_examples.fences import REPOSITORY
from doc_examples.placeholders import load_table
from tests.site.conftest import Build
from tests.site.links import page_file
from tests.site.test_facts import page_text

ARTICLES = ["zapier/", "power-automate/", "acli/", "captcha/", "jira-user-server/"]
READER_FORM = REPOSITORY / "overrides" / "partials" / "reader-values.html"
SITE_SCRIPT = REPOSITORY / "docs" / "javascripts" / "kb.js"
DIAGRAMS = {"captcha/": "diagrams/captcha-states.svg", "jira-user-server/": "diagrams/user-server-sync.svg"}
# Words readers search for, and the article that must contain them.
SEARCH_WORDS = {
    "Zapier": "zapier/",
    "ACLI": "acli/",
    "Power Automate": "power-automate/",
    "CAPTCHA": "captcha/",
    "Application failed to authenticate": "jira-user-server/",
    "AUTHENTICATION_DENIED": "captcha/",
}
# Elements that make the browser load something, and the attribute with the address.
LOADING_ATTRIBUTES = {"script": "src", "link": "href", "img": "src", "iframe": "src", "source": "src", "embed": "src"}


class _Elements(HTMLParser):
    """Collects (tag, attributes) of every start tag."""

    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))


def elements(document: str) -> list[tuple[str, dict[str, str | None]]]:
    """Return the tag and attributes of every element of an HTML document."""
    parser = _Elements()
    parser.feed(document)
    return parser.elements


def page_data(document: str) -> dict:
    """Return the data object that a built page carries for docs/javascripts/kb.js."""
    match = re.search(r"<div id=\"kb-page-data\" hidden data-kb-page='([^']*)'>", document)
    assert match is not None, "the page has no kb-page-data element"
    return json.loads(html.unescape(match[1]))


def built_pages(site: Path) -> list[Path]:
    """List every HTML file of a built site."""
    return sorted(site.rglob("*.html"))


def form_field_names() -> set[str]:
    """Return the input names of the reader's-server form."""
    return set(re.findall(r'<input[^>]*\sname="([^"]+)"', READER_FORM.read_text(encoding="utf-8")))


def test_reader_keys_name_form_fields() -> None:
    readers = {placeholder.reader for placeholder in load_table() if placeholder.reader}

    assert readers == form_field_names()


def test_token_placeholders_have_no_reader() -> None:
    for placeholder in load_table():
        if placeholder.kind == "token_of":
            assert placeholder.reader is None, f"placeholders.yml: {placeholder.shown} must not be filled from the form"


def test_reader_form_asks_for_no_secret() -> None:
    form = READER_FORM.read_text(encoding="utf-8")

    assert 'type="password"' not in form
    for name in form_field_names():
        assert not re.search(r"token|password|secret", name, re.IGNORECASE), f"the form field {name} asks for a secret"


def test_site_script_avoids_html_sinks() -> None:
    script = SITE_SCRIPT.read_text(encoding="utf-8")

    sinks = re.findall(r"innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function", script)

    assert not sinks, f"{SITE_SCRIPT.name} must insert reader input as text only, found {sinks}"


@pytest.mark.parametrize("url", ARTICLES)
def test_article_lists_its_placeholders(built_site: Build, url: str) -> None:
    document = page_file(built_site.site, url).read_text(encoding="utf-8")

    readers = {placeholder["reader"] for placeholder in page_data(document)["placeholders"]}

    assert "jira_url" in readers
    assert "data-kb-reader hidden" in document


def test_reference_server_keeps_placeholders(built_site: Build) -> None:
    document = page_file(built_site.site, "reference-server/").read_text(encoding="utf-8")

    assert page_data(document)["placeholders"] == []
    assert "data-kb-reader" not in document


@pytest.mark.parametrize("url", ARTICLES)
def test_article_has_tags_and_date(built_site: Build, url: str) -> None:
    document = page_file(built_site.site, url).read_text(encoding="utf-8")

    assert '<nav class="md-tags"' in document
    assert re.search(r'<p class="kb-updated">Last updated <time datetime="\d{4}-\d{2}-\d{2}">', document)


@pytest.mark.parametrize("word", SEARCH_WORDS)
def test_article_contains_search_word(built_site: Build, word: str) -> None:
    url = SEARCH_WORDS[word]

    assert word in page_text(built_site, url.rstrip("/")), f"{url} does not contain {word!r}"


def test_diagrams_rendered_from_sources() -> None:
    completed = subprocess.run(
        [sys.executable, str(REPOSITORY / "scripts" / "render-diagrams.py"), "--check"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert completed.returncode == 0, completed.stderr


@pytest.mark.parametrize("url", DIAGRAMS)
def test_diagram_embedded_with_alt_text(built_site: Build, url: str) -> None:
    document = page_file(built_site.site, url).read_text(encoding="utf-8")

    images = [attributes for tag, attributes in elements(document) if tag == "img"]
    diagram = [image for image in images if (image.get("src") or "").endswith(DIAGRAMS[url])]

    assert len(diagram) == 1, f"{url} does not show {DIAGRAMS[url]}"
    assert len(diagram[0].get("alt") or "") >= 80, f"{url}: the diagram's alt text does not describe it"


def test_pages_load_nothing_from_other_hosts(built_site: Build) -> None:
    foreign = []
    for file in built_pages(built_site.site):
        for tag, attributes in elements(file.read_text(encoding="utf-8")):
            address = attributes.get(LOADING_ATTRIBUTES.get(tag, ""))
            rel = attributes.get("rel") or ""
            if tag == "link" and rel in ("canonical", "prev", "next", "alternate"):
                continue
            if address and re.match(r"(?:[a-z]+:)?//", address, re.IGNORECASE):
                foreign.append(f"{file.relative_to(built_site.site)}: <{tag}> {address}")

    assert not foreign, f"Pages load resources from other hosts: {foreign}"
