"""Run one code block of a page the way the tests do, and report what each command printed."""

import logging
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from pytest_examples import CodeExample
from pytest_examples.config import ExamplesConfig
from pytest_examples.run_code import run_code

from doc_examples.console import Step, foreign_hosts, normalise, parse_console, run_steps
from doc_examples.fences import REPOSITORY
from doc_examples.pages import CodeBlock
from doc_examples.placeholders import Substitution
from doc_examples.reader import prepare_reader
from doc_examples.servers import ServerPool
from reference_impl import Instance, load_demo_config, mocked_instance

# Python examples run against this address; the responses mock serves it, so no request leaves the process.
IN_PROCESS_URL = "https://jira.reference.invalid"


class ForeignHostError(ValueError):
    """A command that would reach a host other than loopback after placeholders are replaced."""


@dataclass(frozen=True)
class StepResult:
    """One command of a console block with the output the page shows and the output it printed.

    Both outputs have placeholders in place of test values; `matches` compares them after normalising.
    """

    step: Step
    actual: tuple[str, ...]

    @property
    def matches(self) -> bool:
        """Tell whether the printed output equals the shown output, up to volatile parts."""
        return [normalise(line) for line in self.actual] == [normalise(line) for line in self.step.expected]


@dataclass(frozen=True)
class BlockRun:
    """The results of one console block, with the reference server's log lines recorded while it ran."""

    results: list[StepResult]
    server_log: list[str]


def prepare_workdir(workdir: Path) -> None:
    """Give commands what a reader has beside them: the ACLI stand-in and the downloadable snippets."""
    shutil.copy(REPOSITORY / "reference_impl" / "acli.sh", workdir / "acli.sh")
    for snippet in (REPOSITORY / "snippets").glob("*.py"):
        shutil.copy(snippet, workdir / snippet.name)


def run_console_block(block: CodeBlock, pool: ServerPool, workdir: Path) -> BlockRun:
    """Run a console block against a freshly reset server and return each command's output."""
    server = pool.get(block.settings.server_config())
    substitution = prepare_reader(server.instance, server.url).restricted_to(block.source)
    steps = parse_console(block.source)
    for step in steps:
        hosts = foreign_hosts(substitution.forward(step.command))
        if hosts:
            raise ForeignHostError(f"docs/{block.name}: the command names hosts that are not placeholders: {hosts}")
    prepare_workdir(workdir)

    with _recorded_server_log() as server_log:
        outputs = run_steps(steps, substitution.forward, workdir)

    results = [
        StepResult(step, tuple(substitution.backward(line) for line in output))
        for step, output in zip(steps, outputs, strict=True)
    ]
    return BlockRun(results, server_log)


def python_example(block: CodeBlock) -> CodeExample:
    """Describe a python block as pytest-examples does, for running it outside pytest."""
    return CodeExample.create(block.source, path=block.page, start_line=block.line, prefix="python")


@contextmanager
def in_process_example(example: CodeExample) -> Iterator[tuple[CodeExample, Substitution]]:
    """Serve fresh demo data in-process and yield the example with test values in place of placeholders."""
    instance = Instance(load_demo_config())
    substitution = prepare_reader(instance, IN_PROCESS_URL)
    runnable = replace(example, source=substitution.forward(example.source))

    with mocked_instance(instance, IN_PROCESS_URL) as mock:
        # Examples that start their own server on loopback talk to it for real.
        mock.add_passthru("http://127.0.0.1")
        yield runnable, substitution


def printed_python_source(example: CodeExample, workdir: Path) -> str:
    """Run a Python example in-process and return its source with the `#>` lines it should have."""
    with in_process_example(example) as (runnable, substitution):
        python_file = workdir / f"{example.module_name}.py"
        python_file.write_text(runnable.source, encoding="utf-8")
        insert_print, _ = run_code(
            example=runnable,
            python_file=python_file,
            loader=None,
            config=ExamplesConfig(),
            enable_print_mock=True,
            print_callback=None,
            include_print=None,
            module_globals=None,
            call=None,
        )

    updated = insert_print.updated_print_statements(runnable)
    return example.source if updated is None else substitution.backward(updated)


@contextmanager
def scratch_directory() -> Iterator[Path]:
    """Create a temporary working directory and remove it afterwards."""
    with tempfile.TemporaryDirectory(prefix="kb-example-") as name:
        yield Path(name)


class _ListHandler(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


@contextmanager
def _recorded_server_log() -> Iterator[list[str]]:
    logger = logging.getLogger("reference_impl")
    handler = _ListHandler()
    previous_level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        yield handler.lines
    finally:
        logger.removeHandler(handler)
        logger.setLevel(previous_level)
