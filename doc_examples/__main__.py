"""Command line for writers: `report` lists how every code block is tested; `regenerate` rewrites shown output."""

import argparse
import sys
from pathlib import Path

from doc_examples.inventory import inventory, report
from doc_examples.pages import DOCS, pages
from doc_examples.regenerate import regenerate


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser."""
    parser = argparse.ArgumentParser(prog="python -m doc_examples")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("report", help="list every code block of every page and how the tests cover it")
    regenerate_command = commands.add_parser(
        "regenerate", help="rewrite the output shown under examples from the reference server"
    )
    regenerate_command.add_argument("pages", nargs="*", help="page names such as captcha.md (default: every page)")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run a command and return the exit status."""
    arguments = build_parser().parse_args(argv)
    if arguments.command == "report":
        print(report())
        unaccounted = [entry for entries in inventory().values() for entry in entries if not entry.accounted]
        return 1 if unaccounted else 0
    try:
        chosen = [_page(name) for name in arguments.pages] or pages()
    except FileNotFoundError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    changed = regenerate(chosen)
    for page in changed:
        print(f"updated {page.relative_to(DOCS.parent)}")
    if not changed:
        print("no output changed")
    return 0


def _page(name: str) -> Path:
    path = DOCS / name if name.endswith(".md") else DOCS / f"{name}.md"
    if not path.is_file():
        raise FileNotFoundError(f"no page {name!r} under docs/. Name a page such as captcha.md.")
    return path


if __name__ == "__main__":
    sys.exit(main())
