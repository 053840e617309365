"""A pytest fixture that gives each test a reference server on loopback; installed with the package."""

from collections.abc import Iterator

import pytest

from reference_impl.config import load_demo_config
from reference_impl.server import RunningServer, running_server


@pytest.fixture
def reference_server() -> Iterator[RunningServer]:
    """Start a reference server with fresh demo data on a free loopback port, and stop it after the test."""
    with running_server(load_demo_config()) as server:
        yield server
