"""Run every shell example of the knowledge base against a real reference server on loopback."""

from pathlib import Path

import pytest

from doc_examples.pages import CodeBlock, code_blocks, pages
from doc_examples.runner import BlockRun, StepResult, run_console_block

CONSOLE_BLOCKS = [
    block
    for page in pages()
    for block in code_blocks(page)
    if block.language == "console" and block.settings.exempt is None
]


def failure(block: CodeBlock, result: StepResult, run: BlockRun) -> str:
    """Describe a failing command with the page, line, command, both outputs and the server's log."""
    line = block.line + 1 + result.step.offset
    shown = "\n".join(result.step.expected) or "(nothing)"
    printed = "\n".join(result.actual) or "(nothing)"
    log = "\n".join(run.server_log) or "(no requests)"
    return (
        f"docs/{block.name}: the shell example's command on line {line} printed other output than the page shows.\n"
        f"command:\n{result.step.command}\nexpected:\n{shown}\nactual:\n{printed}\n"
        f"reference server log while the block ran:\n{log}"
    )


def test_console_blocks_found() -> None:
    assert len(CONSOLE_BLOCKS) >= 10, "Expected the articles' shell examples; the block parser found too few."


@pytest.mark.parametrize("block", CONSOLE_BLOCKS, ids=lambda block: block.name)
def test_console_example(block: CodeBlock, servers, tmp_path: Path) -> None:
    run = run_console_block(block, servers, tmp_path)

    for result in run.results:
        assert result.matches, failure(block, result, run)
