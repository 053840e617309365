"""Shell examples: split a console block into commands and shown output, and run them."""

import os
import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

PROMPT = "$ "
BLOCK_TIMEOUT_SECONDS = 120
_MARKER = "@@knowledge-base-example-step@@"

# Output that differs on every run, and the name that stands for it in both the page and the actual output.
VOLATILE = (
    (re.compile(r"\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})"), "<timestamp>"),
    (re.compile(r"\b[0-9A-F]{32}\b"), "<session-id>"),
)
_URL_HOST = re.compile(r"https?://(?P<host>\[[^\]]*\]|[^/\s:'\"]+)")
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "[::1]"}


@dataclass(frozen=True)
class Step:
    """One command of a console block and the output the page shows under it."""

    command: str
    expected: tuple[str, ...]
    # Offset of the command's first line within the block's source (0-based).
    offset: int


def parse_console(source: str) -> list[Step]:
    """Split a console block: `$ ` starts a command, a trailing backslash continues it, other lines are output."""
    lines = source.rstrip("\n").split("\n")
    steps: list[Step] = []
    index = 0
    while index < len(lines):
        if not lines[index].startswith(PROMPT):
            raise ValueError(f"line {index + 1} of the block is output before any command. Start the block with '$ '.")
        offset = index
        command_lines = [lines[index][len(PROMPT) :]]
        while command_lines[-1].endswith("\\") and index + 1 < len(lines):
            index += 1
            command_lines.append(lines[index])
        index += 1
        expected = []
        while index < len(lines) and not lines[index].startswith(PROMPT):
            expected.append(lines[index])
            index += 1
        steps.append(Step("\n".join(command_lines), tuple(expected), offset))
    return steps


def foreign_hosts(command: str) -> list[str]:
    """List the hosts a command names that are not loopback addresses."""
    return [match["host"] for match in _URL_HOST.finditer(command) if match["host"] not in LOOPBACK_HOSTS]


def run_steps(steps: list[Step], substitute: Callable[[str], str], workdir: Path) -> list[list[str]]:
    """Run a block's commands in one bash session, as a reader types them, and return each one's output lines.

    Variables and the working directory carry over from one command to the next. Standard error is
    merged into standard output, as a terminal shows it.
    """
    script = ["exec 2>&1", f"printf '%s\\n' '{_MARKER}'"]
    for step in steps:
        script += [substitute(step.command), f"printf '\\n%s\\n' '{_MARKER}'"]
    completed = subprocess.run(
        ["bash", "-c", "\n".join(script)],
        cwd=workdir,
        env=_environment(workdir),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        timeout=BLOCK_TIMEOUT_SECONDS,
        check=False,
    )
    output = completed.stdout.decode("utf-8", "replace")
    segments = output.split(f"{_MARKER}\n", 1)[-1].split(f"\n{_MARKER}\n")
    return [segment.splitlines() for segment in segments[: len(steps)]]


def normalise(line: str) -> str:
    """Replace the parts of an output line that change from run to run by fixed names."""
    for pattern, name in VOLATILE:
        line = pattern.sub(name, line)
    return line


def _environment(workdir: Path) -> dict[str, str]:
    return {
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '/usr/bin:/bin')}",
        "HOME": str(workdir),
        "LC_ALL": "C.UTF-8",
        "REFERENCE_PYTHON": sys.executable,
        # No proxy may carry example traffic elsewhere; the examples talk to loopback only.
        "NO_PROXY": "*",
    }
