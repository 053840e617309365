#!/usr/bin/env bash
# Install Debian's Chromium (/usr/bin/chromium) for the browser tests and the diagram renderer.
# Playwright drives this Chromium and never downloads a browser of its own: `playwright install` is not used.
# Exits 0 when Chromium is present or was installed, 1 when it is missing and cannot be installed here.
set -euo pipefail

CHROMIUM=/usr/bin/chromium

if [ -x "$CHROMIUM" ]; then
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "error: $CHROMIUM is missing, and installing it needs root. Run: sudo apt-get install chromium" >&2
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "error: $CHROMIUM is missing and this system has no apt-get. Install Chromium so that $CHROMIUM exists." >&2
  exit 1
fi

echo "Installing Debian's chromium package with apt-get" >&2
started=$SECONDS
apt-get update -qq
# Recommends are left out. The fonts come with the dependencies: libfontconfig1 needs fontconfig-config,
# which needs a font package such as fonts-dejavu-core.
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null
echo "Installed $("$CHROMIUM" --version 2>/dev/null) in $((SECONDS - started)) s" >&2
