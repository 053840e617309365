"""A reference server that behaves like Jira or Confluence Data Center with the API Token Authentication app."""

from reference_impl.config import ConfigError, InstanceData, load_config, load_demo_config, parse_config
from reference_impl.mock import mocked_instance
from reference_impl.model import Instance
from reference_impl.server import RunningServer, running_server

__all__ = [
    "ConfigError",
    "Instance",
    "InstanceData",
    "RunningServer",
    "load_config",
    "load_demo_config",
    "mocked_instance",
    "parse_config",
    "running_server",
]
