"""Shell examples: split a console block into commands and shown output, and run them."""

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

PROMPT = "$ "
COMMAND_TIMEOUT_SECONDS = 60
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


def run_command(command: str, workdir: Path) -> list[str]:
    """Run a command with bash in workdir and return its output lines, stdout and stderr together."""
    environment = {
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '/usr/bin:/bin')}",
        "HOME": str(workdir),
        "LC_ALL": "C.UTF-8",
        "REFERENCE_PYTHON": sys.executable,
        # No proxy may carry example traffic elsewhere; the examples talk to loopback only.
        "NO_PROXY": "*",
    }
    completed = subprocess.run(
        ["bash", "-c", command],
        cwd=workdir,
        env=environment,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        timeout=COMMAND_TIMEOUT_SECONDS,
        check=False,
    )
    return completed.stdout.decode("utf-8", "replace").splitlines()
