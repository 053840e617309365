"""Command line: `python -m reference_impl serve` starts the reference server on loopback."""

import argparse
import logging
import sys
from dataclasses import replace
from pathlib import Path

from reference_impl.config import ConfigError, InstanceData, load_config, load_demo_config
from reference_impl.model import Instance
from reference_impl.records import Product
from reference_impl.server import serve_forever

logger = logging.getLogger("reference_impl")


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser."""
    parser = argparse.ArgumentParser(
        prog="python -m reference_impl",
        description="A server that behaves like Jira or Confluence Data Center with API Token Authentication.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="serve the reference instance over HTTP")
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1, loopback only)")
    serve.add_argument("--port", type=int, default=0, help="TCP port; 0 picks a free port (default: 0)")
    serve.add_argument("--config", type=Path, help="TOML file with users, tokens and settings (default: demo data)")
    serve.add_argument("--product", choices=[product.value for product in Product], help="override the product of the data")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line and return the exit status."""
    arguments = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", stream=sys.stderr)
    try:
        data = load_config(arguments.config) if arguments.config else load_demo_config()
    except ConfigError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if arguments.product:
        data = replace(data, product=replace(data.product, product=Product(arguments.product)))
    _warn_about_configuration(data)
    try:
        serve_forever(data, arguments.host, arguments.port, announce=lambda url: print(url, flush=True))
    except OSError as error:
        print(f"error: cannot listen on {arguments.host}:{arguments.port} ({error.strerror}). Pick another --port.", file=sys.stderr)
        return 1
    return 0


def _warn_about_configuration(data: InstanceData) -> None:
    if not data.app.disable_password_basic_auth:
        return
    for name in Instance(data).applications_named_like_users():
        logger.warning(
            "User-server application %r has the name of a user while passwords are disabled: synchronisation will fail",
            name,
        )


if __name__ == "__main__":
    sys.exit(main())
