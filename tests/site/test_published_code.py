"""The code the tests run is, byte for byte, the code the built pages show readers."""

import html
import re

import pytest

from doc_examples.fences import REPOSITORY
from doc_examples.pages import DOCS, CodeBlock, code_blocks, pages
from tests.site.conftest import Build

_CODE = re.compile(r"<pre[^>]*>(?:<span></span>)?<code[^>]*>(?P<code>.*?)</code></pre>", re.S)


def published_code(built_site: Build, page_name: str) -> list[str]:
    """Return the text of every code block of a built page, in order."""
    relative = page_name.removesuffix(".md")
    path = built_site.site / ("index.html" if relative == "index" else f"{relative}/index.html")
    document = path.read_text(encoding="utf-8")
    return [html.unescape(re.sub(r"<[^>]+>", "", match["code"])) for match in _CODE.finditer(document)]


def code_under_test(block: CodeBlock) -> str:
    """Return the text the tests run for a block: its source, or the snippet file it includes."""
    included = block.included_file
    if included is not None:
        return (REPOSITORY / "snippets" / included).read_text(encoding="utf-8")
    return block.source


@pytest.mark.parametrize("page", [page.relative_to(DOCS).as_posix() for page in pages()])
def test_published_code_matches_tested(built_site: Build, page: str) -> None:
    blocks = code_blocks(DOCS / page)
    published = published_code(built_site, page)

    assert len(published) == len(blocks), f"docs/{page}: {len(blocks)} code blocks in the source, {len(published)} on the page"
    for block, shown in zip(blocks, published, strict=True):
        assert shown.rstrip("\n") == code_under_test(block).rstrip("\n"), f"docs/{block.name}: the page shows other code than the tests run"
