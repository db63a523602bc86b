#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL cluster, then stops it whatever happens.
#   scripts/with-postgres.sh swift test                # the suite on PostgreSQL
#   scripts/with-postgres.sh swift run cairn serve     # the service on PostgreSQL
# Installs Debian's postgresql package when missing. Sets DATABASE_URL and CAIRN_TEST_DATABASE_URL.
# The cluster runs with fsync off: for tests only, never for data you want to keep.
set -euo pipefail

port="${CAIRN_PG_PORT:-54329}"

find_pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

pg_bin="$(find_pg_bin)"
if [[ -z "$pg_bin" || ! -x "$pg_bin/initdb" ]]; then
    echo "with-postgres: installing PostgreSQL (Debian's package)…" >&2
    as_root=""; [[ "$(id -u)" -ne 0 ]] && as_root="sudo"
    $as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $as_root apt-get install -y -qq --no-install-recommends postgresql >/dev/null
    pg_bin="$(find_pg_bin)"
fi

pg_data="$(mktemp -d /tmp/cairn-pg-data.XXXXXX)"
pg_sock="$(mktemp -d /tmp/cairn-pg-sock.XXXXXX)"
run_pg() {
    if [[ "$(id -u)" -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}
if [[ "$(id -u)" -eq 0 ]]; then chown postgres:postgres "$pg_data" "$pg_sock"; fi
chmod 700 "$pg_data"

stop_cluster() {
    run_pg "$pg_bin/pg_ctl" -D "$pg_data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$pg_data" "$pg_sock"
}
trap stop_cluster EXIT

run_pg "$pg_bin/initdb" -D "$pg_data" -U postgres --auth=trust -E UTF8 --no-locale >/dev/null
run_pg "$pg_bin/pg_ctl" -D "$pg_data" -l "$pg_data/server.log" -w -o \
    "-c listen_addresses=127.0.0.1 -p $port -k $pg_sock -c fsync=off -c synchronous_commit=off \
     -c full_page_writes=off -c max_connections=1000 -c shared_buffers=128MB" start >/dev/null

psql_admin() { psql -v ON_ERROR_STOP=1 -q -h 127.0.0.1 -p "$port" -U postgres "$@"; }
# pg_signal_backend: the tests drop each throwaway database WITH (FORCE), which must end any autovacuum worker
# busy in it; PostgreSQL 15 lets only members of pg_signal_backend do that (a CI run's drop failed without it).
psql_admin -c "CREATE ROLE cairn LOGIN PASSWORD 'cairn' CREATEDB" -c "GRANT pg_signal_backend TO cairn" \
    -c "CREATE DATABASE cairn OWNER cairn"

export DATABASE_URL="postgres://cairn:cairn@127.0.0.1:$port/cairn?tlsmode=disable"
export CAIRN_TEST_DATABASE_URL="$DATABASE_URL"
echo "with-postgres: PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port" >&2

set +e
"$@"
status=$?
set -e
exit "$status"
