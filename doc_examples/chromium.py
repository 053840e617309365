"""Debian's Chromium as the browser tests and the diagram renderer launch it."""

from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
# No sandbox because the tests run as root, and no background connections to Google's services.
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # No host name but 127.0.0.1 resolves, so nothing reaches another host, not even a preconnect.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]
