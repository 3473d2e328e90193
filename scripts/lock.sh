#!/usr/bin/env bash
# Regenerates the lock files (ADR 0029): every package pinned to one version with the hashes of its files.
#   requirements/runtime.txt  what the service runs on (pyproject's dependencies, and setuptools to install it)
#   requirements/test.txt     the test and load-test tools (pyproject's `test` extra), constrained by runtime.txt
#   requirements/oracle.txt   pabutools alone, installed with --no-deps: its own dependencies pull gurobipy
#                             (proprietary), which nothing here may install; its real ones are in test.txt
# `make lock` keeps every pin it can; `make lock UPGRADE=1` moves everything to the newest allowed version.
# Hashes come from the package index alone: a machine's own pip configuration (local wheel folders, mirrors)
# is set aside, so the locks hold the index's files. LOCK_KEEP_PIP_CONFIG=1 keeps it.
set -euo pipefail
cd "$(dirname "$0")/.."
PIP_TOOLS=7.7.0
PABUTOOLS=$(sed -n 's/^PABUTOOLS := //p' Makefile)
TOOLS=${LOCK_VENV:-.venv-lock}
if [ "${LOCK_KEEP_PIP_CONFIG:-0}" != 1 ]; then
  export PIP_CONFIG_FILE=/dev/null
  unset PIP_FIND_LINKS PIP_EXTRA_INDEX_URL PIP_INDEX_URL PIP_CONSTRAINT
fi
test -x "$TOOLS/bin/pip-compile" || { python3.11 -m venv "$TOOLS" && "$TOOLS/bin/pip" install --quiet "pip-tools==$PIP_TOOLS"; }
upgrade=()
[ "${UPGRADE:-0}" = 1 ] && upgrade=(--upgrade)
common=(--quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links
        --resolver=backtracking "${upgrade[@]}")
"$TOOLS/bin/pip-compile" "${common[@]}" --all-build-deps --output-file requirements/runtime.txt pyproject.toml
"$TOOLS/bin/pip-compile" "${common[@]}" --extra test --constraint requirements/runtime.txt \
  --output-file requirements/test.txt pyproject.toml
# pabutools without its dependencies: pip-compile would follow them to gurobipy, so its files are hashed here.
dl=$(mktemp -d)
trap 'rm -rf "$dl"' EXIT
"$TOOLS/bin/pip" download --quiet --no-deps --only-binary=:all: -d "$dl" "pabutools==$PABUTOOLS"
{
  echo "# The participatory budgeting oracle (carecommons/testing/pabutools_oracle.py), installed with --no-deps:"
  echo "# its own dependencies pull gurobipy, proprietary. Written by scripts/lock.sh (make lock); do not edit."
  echo "pabutools==$PABUTOOLS \\"
  for f in "$dl"/*; do echo "    --hash=sha256:$(sha256sum "$f" | cut -d' ' -f1)"; done
} > requirements/oracle.txt
# Nothing proprietary may enter a lock.
if grep -qi '^gurobipy' requirements/*.txt; then echo "gurobipy found in a lock file" >&2; exit 1; fi
echo "Locked: $(grep -c '^[a-z0-9]' requirements/runtime.txt) runtime, $(grep -c '^[a-z0-9]' requirements/test.txt) with the test tools, pabutools $PABUTOOLS"
