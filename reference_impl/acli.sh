#!/usr/bin/env sh
# Stand-in for ACLI's acli.sh: runs the Python stand-in with the interpreter the tests chose.
exec "${REFERENCE_PYTHON:-python3}" -m reference_impl.acli "$@"
