#!/usr/bin/env bash
# Browser journeys (headless Chromium, axe on every page), then schemathesis against the served
# openapi.yaml, all against a real `cairn serve` that the pytest fixtures start and stop by PID.
#
#   scripts/e2e.sh                 everything
#   scripts/e2e.sh -k home         one journey (any pytest arguments are passed on)
#   CAIRN_BIN=PATH scripts/e2e.sh  test that binary (default .build/debug/cairn; this script never builds)
#
# Installs only what is missing: chromium and chromium-driver with apt (apt-get update first only then),
# and Tests/e2e/requirements.txt with pip into .venv-e2e/ (Python 3.12+, which axe-selenium-python 3.x
# needs). Screenshots, axe reports and the server log go to build/e2e/. See Tests/e2e/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."

export CAIRN_BIN="${CAIRN_BIN:-.build/debug/cairn}"
if [[ ! -x "$CAIRN_BIN" ]]; then
  echo "e2e: no cairn executable at $CAIRN_BIN: build it first (swift build), or set CAIRN_BIN" >&2
  exit 1
fi

as_root() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi; }

# Debian's Chromium and its WebDriver.
missing=()
[[ -x /usr/bin/chromium ]] || missing+=(chromium)
[[ -x /usr/bin/chromedriver ]] || missing+=(chromium-driver)
if ((${#missing[@]})); then
  echo "e2e: installing ${missing[*]} with apt"
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get update -qq
  as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Python 3.12 or newer for the virtual environment (axe-selenium-python 3.x needs it; under 3.11 pip would
# quietly pick 2.1.6 and its 2018 axe-core): $CAIRN_E2E_PYTHON, pyenv's (3.12 first), or on PATH.
new_enough='import sys, venv; sys.exit(sys.version_info < (3, 12))'
find_python() {
  local candidate
  for candidate in "${CAIRN_E2E_PYTHON:-}" \
    $(ls -d "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.1[2-9]*/bin/python3 2>/dev/null | sort -V) \
    python3.12 python3.13 python3; do
    [[ -n "$candidate" ]] || continue
    if "$candidate" -c "$new_enough" 2>/dev/null; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

venv="${CAIRN_E2E_VENV:-.venv-e2e}"
requirements=Tests/e2e/requirements.txt
stamp="$venv/.requirements.sha256"
wanted=$(sha256sum "$requirements" | cut -d' ' -f1)
if ! "$venv/bin/python" -c "$new_enough" 2>/dev/null; then
  python=$(find_python) || {
    echo "e2e: no Python 3.12 or newer (looked at \$CAIRN_E2E_PYTHON, ~/.pyenv/versions/3.1[2-9]*," \
      "python3.12, python3.13, python3); axe-selenium-python 3.x needs it" >&2
    exit 1
  }
  echo "e2e: creating $venv with $python"
  rm -rf "$venv"
  "$python" -m venv "$venv"
fi
if [[ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]]; then
  echo "e2e: installing $requirements into $venv"
  PIP_DISABLE_PIP_VERSION_CHECK=1 "$venv/bin/pip" install --quiet --no-input -r "$requirements"
  echo "$wanted" >"$stamp"
fi

# The journeys, then the API fuzzing (the conftest orders them); pytest's status is ours. All of
# Tests/e2e unless a test file, folder or node id (FILE::TEST) is named among the arguments.
where=(Tests/e2e)
for argument in "$@"; do
  if [[ "$argument" != -* && ( -e "${argument%%::*}" ) ]]; then where=(); fi
done
exec "$venv/bin/python" -m pytest -c Tests/e2e/pytest.ini "${where[@]}" "$@"
