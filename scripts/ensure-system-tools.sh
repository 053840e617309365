#!/usr/bin/env bash
# Make sure the programs the shell examples call are present: bash and curl (7.84 or later for %header{}).
# As root on Debian or Ubuntu, missing packages are installed with apt-get; otherwise the script prints what to install.
set -euo pipefail

missing=()
command -v curl >/dev/null 2>&1 || missing+=(curl)
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing ${missing[*]} with apt-get" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  exit 0
fi
echo "error: the shell examples need ${missing[*]}, which is not installed. Install it with your package manager and run make test again." >&2
exit 1
