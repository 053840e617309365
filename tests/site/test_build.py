"""The site builds strictly, and a writer's mistake stops the build with a message that names it."""

from pathlib import Path

import pytest

from doc_examples.pages import DOCS, pages
from tests.site.conftest import Build, build_site, copy_project

ARTICLES = ["zapier", "power-automate", "acli", "captcha", "jira-user-server"]


def test_strict_build_renders_every_page(built_site: Build) -> None:
    for page in pages():
        relative = page.relative_to(DOCS).with_suffix("")
        html = built_site.site / ("index.html" if relative.name == "index" else f"{relative}/index.html")
        assert html.is_file(), f"{page.name} was not rendered to {html}"


def test_home_page_links_every_article(built_site: Build) -> None:
    home = (built_site.site / "index.html").read_text(encoding="utf-8")

    for article in ARTICLES:
        assert f'href="{article}/"' in home, f"The home page does not link {article}.md"


def test_included_snippet_rendered(built_site: Build) -> None:
    page = (built_site.site / "power-automate" / "index.html").read_text(encoding="utf-8")

    assert "--8&lt;--" not in page
    assert "Turn Jira's response to /rest/api/2/myself into advice." in page


def append_to_page(project: Path, page: str, text: str) -> None:
    """Add Markdown to the end of a page of a copied project."""
    path = project / "docs" / page
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


BROKEN_PAGES = {
    "unknown fence setting": ('\n```console servr="demo"\n$ true\n```\n', "docs/acli.md:", "servr"),
    "missing server config": ('\n```console server="no-such-config"\n$ true\n```\n', "docs/acli.md:", "no-such-config"),
    "missing include": ('\n```python\n--8<-- "no_such_file.py"\n```\n', "docs/acli.md:", "no_such_file.py"),
    "fence never closed": ("\n```console\n$ true\n", "docs/acli.md:", "never closed"),
    "undefined macro variable": ("\nSee {{ no_such_variable }}.\n", "acli.md", "no_such_variable"),
    "missing anchor": ("\n[Zapier](zapier.md#no-such-anchor)\n", "docs/acli.md:", "#no-such-anchor"),
    "missing anchor on same page": ("\n[Here](#no-such-anchor)\n", "docs/acli.md:", "#no-such-anchor"),
    "block no test covers": ('\n```json\n{"a": 1}\n```\n', "docs/acli.md:", "a json block that no test runs"),
    "missing page": ("\n[Gone](no-such-page.md)\n", "docs/acli.md:", "no-such-page.md"),
}


@pytest.mark.parametrize("case", BROKEN_PAGES, ids=str)
def test_writer_mistake_fails_build(case: str, tmp_path: Path) -> None:
    text, location, detail = BROKEN_PAGES[case]
    project = copy_project(tmp_path / "project")
    page_length = (project / "docs" / "acli.md").read_text(encoding="utf-8").count("\n")
    append_to_page(project, "acli.md", text)

    build = build_site(project, tmp_path / "site")

    assert build.returncode != 0, f"The build passed despite a {case}."
    assert location in build.output
    assert detail in build.output
    if location.endswith(":"):
        assert f"{location}{page_length + 2}" in build.output, "The message names another line than the mistake's."
