"""Run every Python example of the knowledge base in-process and check the output printed under it."""

import pytest
from pytest_examples import CodeExample, EvalExample, find_examples

from doc_examples.fences import parse_info
from doc_examples.pages import DOCS
from doc_examples.runner import in_process_example

EXAMPLES = [
    example
    for example in find_examples(DOCS)
    if not example.source.lstrip().startswith("--8<--") and parse_info(example.prefix)[1].exempt is None
]


def test_python_examples_found() -> None:
    assert len(EXAMPLES) >= 2, "Expected the articles' Python examples; pytest-examples found too few."


@pytest.mark.parametrize("example", EXAMPLES, ids=str)
def test_python_example(example: CodeExample, eval_example: EvalExample) -> None:
    failure = None
    with in_process_example(example) as (runnable, _):
        try:
            eval_example.run_print_check(runnable)
        except Exception as error:
            # pytest cannot render the traceback that pytest-examples rewrites, so the test reports the error alone.
            failure = f"docs/{example.path.name}:{example.start_line}: the Python example raised {type(error).__name__}: {error}"

    if failure is not None:
        pytest.fail(failure, pytrace=False)
