"""Run every Python example of the knowledge base in-process and check the output printed under it."""

from dataclasses import replace

import pytest
from pytest_examples import CodeExample, EvalExample, find_examples

from doc_examples.fences import parse_info
from doc_examples.pages import DOCS
from reference_impl import Instance, load_demo_config, mocked_instance
from doc_examples.reader import prepare_reader
from doc_examples.runner import IN_PROCESS_URL

EXAMPLES = [
    example
    for example in find_examples(DOCS)
    if not example.source.lstrip().startswith("--8<--") and parse_info(example.prefix)[1].exempt is None
]


def test_python_examples_found() -> None:
    assert len(EXAMPLES) >= 2, "Expected the articles' Python examples; pytest-examples found too few."


@pytest.mark.parametrize("example", EXAMPLES, ids=str)
def test_python_example(example: CodeExample, eval_example: EvalExample) -> None:
    instance = Instance(load_demo_config())
    substitution = prepare_reader(instance, IN_PROCESS_URL)
    runnable = replace(example, source=substitution.forward(example.source))

    failure = None
    with mocked_instance(instance, IN_PROCESS_URL) as mock:
        # Examples that start their own server on loopback talk to it for real.
        mock.add_passthru("http://127.0.0.1")
        try:
            eval_example.run_print_check(runnable)
        except Exception as error:
            # pytest cannot render the traceback that pytest-examples rewrites, so the test reports the error alone.
            failure = f"docs/{example.path.name}:{example.start_line}: the Python example raised {type(error).__name__}: {error}"

    if failure is not None:
        pytest.fail(failure, pytrace=False)
