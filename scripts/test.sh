#!/usr/bin/env bash
# The README's test command, with any extra arguments passed on (e.g. --filter OperationsTests).
# SQLite by default; scripts/with-postgres.sh scripts/test.sh runs the same suite on PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
exec swift test "$@"
