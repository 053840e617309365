"""Run every Python example of the knowledge base in-process and check the output printed under it."""

from dataclasses import replace

import pytest
from pytest_examples import CodeExample, EvalExample, find_examples

from doc_examples.pages import DOCS
from reference_impl import Instance, load_demo_config, mocked_instance
from doc_examples.reader import prepare_reader

# Examples run against this address; the responses mock answers it, so no request leaves the process.
IN_PROCESS_URL = "https://jira.reference.invalid"

EXAMPLES = [example for example in find_examples(DOCS) if not example.source.lstrip().startswith("--8<--")]


def test_python_examples_found() -> None:
    assert len(EXAMPLES) >= 2, "Expected the articles' Python examples; pytest-examples found too few."


@pytest.mark.parametrize("example", EXAMPLES, ids=str)
def test_python_example(example: CodeExample, eval_example: EvalExample) -> None:
    instance = Instance(load_demo_config())
    substitution = prepare_reader(instance, IN_PROCESS_URL)
    runnable = replace(example, source=substitution.forward(example.source))

    with mocked_instance(instance, IN_PROCESS_URL):
        eval_example.run_print_check(runnable)
