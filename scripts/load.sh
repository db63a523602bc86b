#!/usr/bin/env bash
# The load benchmark (issue #21 item 8): a release build of `cairn serve` on SQLite with the demo data, wrk against
# each main page and API operation (64 connections, 30 s each), then a mixed run at 200 connections for 60 s;
# requests/s, p50, p99, errors, time-outs and the server's peak RSS, with /healthz as the ceiling in the same run.
#   scripts/load.sh                          # builds release (20–50 min the first time on 2 cores), then ~8 min
#   CAIRN_BIN=path/to/cairn scripts/load.sh  # a binary already built
#   CAIRN_LOAD_SECONDS=10 CAIRN_LOAD_MIXED_SECONDS=20 scripts/load.sh   # shorter runs
#   scripts/with-postgres.sh scripts/load.sh # the same on PostgreSQL (DATABASE_URL is passed through)
# Installs wrk (Debian's package) when missing. Results: docs/PERFORMANCE.md.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v wrk >/dev/null 2>&1; then
    echo "load: installing wrk (Debian's package)…" >&2
    as_root=""; [[ "$(id -u)" -ne 0 ]] && as_root="sudo"
    $as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $as_root apt-get install -y -qq --no-install-recommends wrk >/dev/null
fi
if [[ -z "${CAIRN_BIN:-}" ]]; then
    scratch="${CAIRN_RELEASE_SCRATCH:-$HOME/.cache/cairn/release-build}"
    echo "load: building cairn (release) in $scratch…" >&2
    swift build -c release --product cairn --scratch-path "$scratch" >&2
    CAIRN_BIN="$scratch/release/cairn"
fi

data="$(mktemp -d /tmp/cairn-load.XXXXXX)"
port="${CAIRN_LOAD_PORT:-8390}"
server=""
stop() {
    [[ -n "$server" ]] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null || true
    rm -rf "$data"
}
trap stop EXIT INT TERM
export CAIRN_DATA_DIR="$data" CAIRN_KEY_FILE="$data/cairn.keys" CAIRN_BASE_URL="http://127.0.0.1:$port"
export CAIRN_RESOURCES_DIR="$PWD" CAIRN_PORT="$port" CAIRN_MAIL_TRANSPORT=file CAIRN_LOG_LEVEL="${CAIRN_LOG_LEVEL:-warning}"
"$CAIRN_BIN" migrate >&2
"$CAIRN_BIN" demo > "$data/demo.txt"
"$CAIRN_BIN" serve > "$data/serve.log" 2>&1 &
server="$!"
for _ in $(seq 1 300); do
    curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
    sleep 0.2
done
database="SQLite"; [[ -n "${DATABASE_URL:-}" ]] && database="PostgreSQL"
echo "load: $("$CAIRN_BIN" version 2>/dev/null | head -1), $database, $(nproc) cores" >&2
python3 scripts/load.py --base "http://127.0.0.1:$port" --pid "$server" --demo-output "$data/demo.txt" \
    --seconds "${CAIRN_LOAD_SECONDS:-30}" --mixed-seconds "${CAIRN_LOAD_MIXED_SECONDS:-60}"
if grep -q " 5[0-9][0-9] \|error" "$data/serve.log"; then
    echo "load: the server logged errors:" >&2
    grep " 5[0-9][0-9] \|error" "$data/serve.log" | sort | uniq -c | sort -rn | head -10 >&2
fi
