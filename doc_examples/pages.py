"""Read the code blocks of the knowledge base's pages."""

import re
from dataclasses import dataclass
from pathlib import Path

from doc_examples.fences import REPOSITORY, FenceSettingError, FenceSettings, parse_info

DOCS = REPOSITORY / "docs"
_OPENING = re.compile(r"^(?P<indent> *)(?P<fence>`{3,}|~{3,})(?P<info>[^`]*)$")
_INCLUDE = re.compile(r'^--8<--\s+"(?P<path>[^"]+)"\s*$')


@dataclass(frozen=True)
class CodeBlock:
    """One fenced code block of a page, with the 1-based line number of its opening fence."""

    page: Path
    line: int
    language: str
    settings: FenceSettings
    source: str

    @property
    def name(self) -> str:
        """Return `page.md:line`, the name failures and test ids use."""
        try:
            relative = self.page.relative_to(DOCS).as_posix()
        except ValueError:
            relative = self.page.name
        return f"{relative}:{self.line}"

    @property
    def included_file(self) -> str | None:
        """Return the snippet path when the whole block is one `--8<--` include line."""
        match = _INCLUDE.match(self.source.strip())
        return match["path"] if match else None


def pages() -> list[Path]:
    """List the Markdown pages, sorted."""
    return sorted(DOCS.rglob("*.md"))


def code_blocks(page: Path) -> list[CodeBlock]:
    """Return the fenced code blocks of a page file in order."""
    return find_blocks(page.read_text(encoding="utf-8"), page)


def find_blocks(markdown: str, page: Path | str) -> list[CodeBlock]:
    """Return the fenced code blocks of Markdown text in order.

    A fence left open raises ValueError, and an unknown fence setting FenceSettingError, both naming page and line.
    """
    lines = markdown.splitlines()
    blocks = []
    index = 0
    while index < len(lines):
        opening = _OPENING.match(lines[index])
        if opening is None:
            index += 1
            continue
        end = _closing_line(lines, index, opening)
        if end is None:
            raise ValueError(f"{page}:{index + 1}: the code fence opened here is never closed. Add a closing fence.")
        try:
            language, settings = parse_info(opening["info"])
        except FenceSettingError as error:
            raise FenceSettingError(f"{page}:{index + 1}: {error}") from None
        body = [line[len(opening["indent"]) :] for line in lines[index + 1 : end]]
        blocks.append(CodeBlock(Path(page), index + 1, language, settings, "\n".join(body) + "\n"))
        index = end + 1
    return blocks


def _closing_line(lines: list[str], start: int, opening: re.Match) -> int | None:
    fence = opening["fence"]
    closing = re.compile(rf"^ {{0,{len(opening['indent'])}}}{re.escape(fence[0])}{{{len(fence)},}}\s*$")
    for index in range(start + 1, len(lines)):
        if closing.match(lines[index]):
            return index
    return None
