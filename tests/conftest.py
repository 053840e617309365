"""Fixtures shared by all tests: reference servers on loopback, started once per session."""

from collections.abc import Iterator
from contextlib import ExitStack

import pytest

from doc_examples.servers import ServerPool


@pytest.fixture(scope="session")
def servers() -> Iterator[ServerPool]:
    """Start servers as tests need them and stop them all at the end of the session."""
    with ExitStack() as stack:
        yield ServerPool(stack)
