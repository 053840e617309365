"""Every code block on every page is run by a test, is a snippet with its own tests, or is exempt with a reason."""

from pathlib import Path

from doc_examples.fences import REPOSITORY
from doc_examples.inventory import account_for, inventory, snippet_test_module
from doc_examples.pages import code_blocks, find_blocks, pages

SNIPPETS = REPOSITORY / "snippets"


def test_every_block_accounted_for() -> None:
    problems = [
        f"docs/{entry.block.name}: {entry.coverage}"
        for entries in inventory().values()
        for entry in entries
        if not entry.accounted
    ]

    assert not problems, "Blocks that no test covers. Make them run, or add exempt=\"<reason>\":\n" + "\n".join(problems)


def test_unmarked_block_reported(tmp_path: Path) -> None:
    blocks = find_blocks("```json\n{\"a\": 1}\n```\n", tmp_path / "page.md")

    assert account_for(blocks[0]).accounted is False


def test_exempt_block_accounted(tmp_path: Path) -> None:
    blocks = find_blocks('```json exempt="sample of a reply"\n{"a": 1}\n```\n', tmp_path / "page.md")

    assert account_for(blocks[0]).coverage == "exempt: sample of a reply"


def test_every_snippet_included_and_tested() -> None:
    included = {block.included_file for page in pages() for block in code_blocks(page)} - {None}
    snippets = {path.relative_to(SNIPPETS).as_posix() for path in SNIPPETS.rglob("*") if path.is_file()}

    assert snippets - included == set(), "Snippets that no page includes"
    for snippet in snippets:
        assert snippet_test_module(snippet).is_file(), f"snippets/{snippet} has no tests"
