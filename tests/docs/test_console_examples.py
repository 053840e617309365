"""Run every shell example of the knowledge base against a real reference server on loopback."""

import shutil
from pathlib import Path

import pytest

from doc_examples.console import Step, foreign_hosts, normalise, parse_console, run_steps
from doc_examples.fences import REPOSITORY
from doc_examples.pages import CodeBlock, code_blocks, pages
from doc_examples.reader import prepare_reader

CONSOLE_BLOCKS = [
    block
    for page in pages()
    for block in code_blocks(page)
    if block.language == "console" and block.settings.exempt is None
]


def prepare_workdir(workdir: Path) -> None:
    """Give a command what a reader has beside it: the ACLI stand-in and the downloadable snippets."""
    shutil.copy(REPOSITORY / "reference_impl" / "acli.sh", workdir / "acli.sh")
    for snippet in (REPOSITORY / "snippets").glob("*.py"):
        shutil.copy(snippet, workdir / snippet.name)


def failure(block: CodeBlock, step: Step, expected: list[str], actual: list[str]) -> str:
    """Describe a failing step with the page, line, command and both outputs."""
    shown = "\n".join(expected) or "(nothing)"
    printed = "\n".join(actual) or "(nothing)"
    line = block.line + 1 + step.offset
    return (
        f"docs/{block.name}: the shell example's command on line {line} printed other output than the page shows.\n"
        f"command:\n{step.command}\nexpected:\n{shown}\nactual:\n{printed}"
    )


def test_console_blocks_found() -> None:
    assert len(CONSOLE_BLOCKS) >= 10, "Expected the articles' shell examples; the block parser found too few."


@pytest.mark.parametrize("block", CONSOLE_BLOCKS, ids=lambda block: block.name)
def test_console_example(block: CodeBlock, servers, tmp_path: Path) -> None:
    server = servers.get(block.settings.server_config())
    substitution = prepare_reader(server.instance, server.url).restricted_to(block.source)
    prepare_workdir(tmp_path)

    steps = parse_console(block.source)
    for step in steps:
        hosts = foreign_hosts(substitution.forward(step.command))
        assert not hosts, f"docs/{block.name}: the command names hosts that are not placeholders: {hosts}"

    outputs = run_steps(steps, substitution.forward, tmp_path)

    for step, output in zip(steps, outputs, strict=True):
        actual = [normalise(substitution.backward(line)) for line in output]
        expected = [normalise(line) for line in step.expected]
        assert actual == expected, failure(block, step, expected, actual)
