"""Account for every code block: run by the tests, an included snippet with its own tests, or exempt with a reason."""

from dataclasses import dataclass
from pathlib import Path

from doc_examples.fences import REPOSITORY
from doc_examples.pages import CodeBlock, code_blocks, pages

SNIPPET_TESTS = REPOSITORY / "tests" / "snippets"
RUN_LANGUAGES = {"console": "run as shell commands", "python": "run by pytest-examples"}


@dataclass(frozen=True)
class Entry:
    """The coverage of one block; `accounted` is False for a block that no test runs and no setting exempts."""

    block: CodeBlock
    accounted: bool
    coverage: str


def snippet_test_module(included: str) -> Path:
    """Return the test module that a snippet must have: tests/snippets/test_<file name stem>.py."""
    return SNIPPET_TESTS / f"test_{Path(included).stem.replace('-', '_')}.py"


def account_for(block: CodeBlock) -> Entry:
    """Say how the tests cover a block."""
    if block.settings.exempt is not None:
        return Entry(block, True, f"exempt: {block.settings.exempt}")
    included = block.included_file
    if included is not None:
        module = snippet_test_module(included)
        if module.is_file():
            return Entry(block, True, f"snippet {included}, tested by {module.relative_to(REPOSITORY)}")
        return Entry(block, False, f"snippet {included} has no test module {module.relative_to(REPOSITORY)}")
    if block.language in RUN_LANGUAGES:
        return Entry(block, True, RUN_LANGUAGES[block.language])
    return Entry(block, False, f"a {block.language or 'plain'} block that no test runs and no exempt setting explains")


def inventory() -> dict[Path, list[Entry]]:
    """Account for every block of every page."""
    return {page: [account_for(block) for block in code_blocks(page)] for page in pages()}


def report() -> str:
    """Describe, per page, how many blocks there are, how many run, and why the others are exempt."""
    lines = []
    for page, entries in inventory().items():
        run = sum(1 for entry in entries if entry.accounted and not entry.coverage.startswith("exempt"))
        exempt = [entry for entry in entries if entry.coverage.startswith("exempt")]
        noun = "block" if len(entries) == 1 else "blocks"
        lines.append(f"{page.relative_to(REPOSITORY)}: {len(entries)} {noun}, {run} tested, {len(exempt)} exempt")
        for entry in entries:
            marker = "  " if entry.accounted else "! "
            lines.append(f"  {marker}line {entry.block.line} ({entry.block.language}): {entry.coverage}")
    return "\n".join(lines)
