"""Rewrite the output shown under examples from what the reference server returns now.

Only output lines change: commands and code stay as written. An output line whose difference is only
volatile (a timestamp, a session id) keeps its written form, so a clean tree stays unchanged.
"""

import os
import tempfile
from contextlib import ExitStack
from pathlib import Path

from doc_examples.console import normalise
from doc_examples.pages import CodeBlock, code_blocks
from doc_examples.runner import printed_python_source, python_example, run_console_block, scratch_directory
from doc_examples.servers import ServerPool


def regenerate(pages: list[Path]) -> list[Path]:
    """Update the shown output of every runnable block of the pages; return the pages that changed."""
    changed = []
    with ExitStack() as stack:
        pool = ServerPool(stack)
        for page in pages:
            original = page.read_text(encoding="utf-8")
            updated = _regenerated_page(original, code_blocks(page), pool)
            if updated != original:
                write_atomically(page, updated)
                changed.append(page)
    return changed


def write_atomically(path: Path, text: str) -> None:
    """Write a file so that readers see either the old or the new content, never a part."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as file:
            file.write(text)
        os.chmod(temporary, path.stat().st_mode & 0o777)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _regenerated_page(text: str, blocks: list[CodeBlock], pool: ServerPool) -> str:
    lines = text.split("\n")
    # From the last block up, so that a block whose length changes leaves earlier line numbers valid.
    for block in reversed(blocks):
        if block.settings.exempt is not None or block.included_file is not None:
            continue
        body = _regenerated_body(block, pool)
        if body is None:
            continue
        indent = " " * (len(lines[block.line - 1]) - len(lines[block.line - 1].lstrip(" ")))
        old_length = block.source.count("\n")
        lines[block.line : block.line + old_length] = [f"{indent}{line}" if line else line for line in body]
    return "\n".join(lines)


def _regenerated_body(block: CodeBlock, pool: ServerPool) -> list[str] | None:
    with scratch_directory() as workdir:
        if block.language == "console":
            return _console_body(block, pool, workdir)
        if block.language == "python":
            return printed_python_source(python_example(block), workdir).rstrip("\n").split("\n")
    return None


def _console_body(block: CodeBlock, pool: ServerPool, workdir: Path) -> list[str]:
    source_lines = block.source.rstrip("\n").split("\n")
    body = []
    for result in run_console_block(block, pool, workdir).results:
        command_length = result.step.command.count("\n") + 1
        body += source_lines[result.step.offset : result.step.offset + command_length]
        body += _kept_or_new(list(result.step.expected), list(result.actual))
    return body


def _kept_or_new(shown: list[str], printed: list[str]) -> list[str]:
    if [normalise(line) for line in shown] == [normalise(line) for line in printed]:
        return shown
    return printed
