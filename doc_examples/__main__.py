"""Command line: `python -m doc_examples report` lists every code block of the site and how the tests cover it."""

import argparse
import sys

from doc_examples.inventory import inventory, report


def main(argv: list[str] | None = None) -> int:
    """Print the report; exit with 1 when a block is neither tested nor exempt."""
    parser = argparse.ArgumentParser(prog="python -m doc_examples")
    parser.add_argument("command", choices=["report"], help="report: every code block and how the tests cover it")
    parser.parse_args(argv)
    print(report())
    unaccounted = [entry for entries in inventory().values() for entry in entries if not entry.accounted]
    return 1 if unaccounted else 0


if __name__ == "__main__":
    sys.exit(main())
