"""Reference servers for the examples: one per configuration file, started on first use."""

from contextlib import ExitStack
from pathlib import Path

from reference_impl import RunningServer, load_config, load_demo_config, running_server


class ServerPool:
    """Reference servers on loopback, one per configuration file, stopped together with the stack."""

    def __init__(self, stack: ExitStack) -> None:
        self._stack = stack
        self._servers: dict[Path | None, RunningServer] = {}

    def get(self, config: Path | None = None) -> RunningServer:
        """Return the server for a configuration file, or for the demo data when config is None."""
        if config not in self._servers:
            data = load_demo_config() if config is None else load_config(config)
            self._servers[config] = self._stack.enter_context(running_server(data))
        return self._servers[config]
