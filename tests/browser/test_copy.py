"""Copy buttons copy what a reader pastes: the commands of a shell example, a whole code file otherwise."""

import pytest
from playwright.sync_api import Page

from doc_examples.console import parse_console
from doc_examples.fences import REPOSITORY
from doc_examples.pages import DOCS, CodeBlock, code_blocks
from tests.browser.conftest import PAGES, Site
from tests.browser.helpers import PLACEHOLDER_PAGES, READER_VALUES, enter_reader_values, personalise

PAGES_WITH_CODE = [path for path in PAGES if code_blocks(DOCS / f"{path.rstrip('/') or 'index'}.md")]


def expected_copy(block: CodeBlock) -> str:
    """Return what the copy button of a block should copy, with the placeholders the page shows."""
    if block.language == "console":
        return "\n".join(step.command for step in parse_console(block.source))
    included = block.included_file
    source = block.source if included is None else (REPOSITORY / "snippets" / included).read_text(encoding="utf-8")
    return source.rstrip("\n")


def copy_block(page: Page, index: int) -> str:
    """Click the copy button of the page's code block number index and return the clipboard's text."""
    page.evaluate("() => navigator.clipboard.writeText('')")
    block = page.locator("article div.highlight").nth(index)
    block.hover()
    block.locator("button[data-md-type=copy]").click()
    return page.evaluate("() => navigator.clipboard.readText()")


def test_console_block_copies_commands(page: Page, site: Site) -> None:
    page.goto(site.page_url("captcha/"))

    copied = copy_block(page, 0)

    assert copied.startswith("for attempt in 1 2 3 4; do \\\n    curl -s -o /dev/null")
    assert "$ " not in copied
    assert "401 AUTHENTICATED_FAILED" not in copied
    assert "\n\n" not in copied


@pytest.mark.parametrize("path", PAGES_WITH_CODE)
def test_every_block_copies_personalised(page: Page, site: Site, path: str) -> None:
    page.goto(site.page_url("captcha/"))
    enter_reader_values(page, READER_VALUES)
    blocks = code_blocks(DOCS / f"{path.rstrip('/') or 'index'}.md")

    page.goto(site.page_url(path))

    assert page.locator("article div.highlight").count() == len(blocks)
    for index, block in enumerate(blocks):
        expected = expected_copy(block)
        if path not in PLACEHOLDER_PAGES:
            expected = personalise(expected, READER_VALUES)
        assert copy_block(page, index) == expected, f"docs/{block.name}: the copy button copies other text"
