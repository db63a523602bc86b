#!/usr/bin/env bash
# Cairn as it runs at scale, on this machine: three `cairn serve` processes on one PostgreSQL behind HAProxy
# (deploy/haproxy.cfg, the configuration the cluster test uses).
#   scripts/cluster.sh              # http://127.0.0.1:8080 until Ctrl-C (demo data loaded)
#   CAIRN_LB_PORT=9000 scripts/cluster.sh
#   CAIRN_BIN=path/to/cairn scripts/cluster.sh    # a binary already built (default: swift build, debug)
# Installs HAProxy (Debian's package) when missing; PostgreSQL comes with scripts/with-postgres.sh. Everything it
# starts, and its throwaway database and data directory, go when it stops.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ "${1:-}" != "--inside-postgres" ]]; then
    if ! command -v haproxy >/dev/null 2>&1 && [[ ! -x /usr/sbin/haproxy ]]; then
        echo "cluster: installing HAProxy (Debian's package)…" >&2
        as_root=""; [[ "$(id -u)" -ne 0 ]] && as_root="sudo"
        $as_root apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $as_root apt-get install -y -qq --no-install-recommends haproxy >/dev/null
    fi
    if [[ -z "${CAIRN_BIN:-}" ]]; then
        swift build --product cairn >&2
        CAIRN_BIN="$(swift build --show-bin-path)/cairn"
    fi
    export CAIRN_BIN
    exec env CAIRN_PG_PORT="${CAIRN_PG_PORT:-54339}" scripts/with-postgres.sh "$0" --inside-postgres
fi

haproxy_bin="$(command -v haproxy || echo /usr/sbin/haproxy)"
lb_port="${CAIRN_LB_PORT:-8080}"
data="$(mktemp -d /tmp/cairn-cluster.XXXXXX)"
pids=()
stop_all() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$data"
}
trap stop_all EXIT INT TERM

export CAIRN_DATA_DIR="$data" CAIRN_KEY_FILE="$data/cairn.keys" CAIRN_BASE_URL="http://127.0.0.1:$lb_port"
export CAIRN_RESOURCES_DIR="$PWD"
"$CAIRN_BIN" migrate >&2
"$CAIRN_BIN" demo >&2 || echo "cluster: no demo data (the database was not empty)" >&2

export CAIRN_LB_PORT="$lb_port"
for n in 1 2 3; do
    port=$((lb_port + n))
    export "CAIRN_PORT_$n=$port"
    CAIRN_PORT="$port" "$CAIRN_BIN" serve > "$data/serve-$n.log" 2>&1 &
    pids+=("$!")
done
for n in 1 2 3; do
    port_var="CAIRN_PORT_$n"
    for _ in $(seq 1 300); do
        curl -fsS "http://127.0.0.1:${!port_var}/healthz" >/dev/null 2>&1 && break
        sleep 0.2
    done
done
"$haproxy_bin" -db -f deploy/haproxy.cfg &
pids+=("$!")
echo "cluster: http://127.0.0.1:$lb_port — three instances (ports $CAIRN_PORT_1, $CAIRN_PORT_2, $CAIRN_PORT_3; logs in $data), Ctrl-C stops" >&2
wait -n "${pids[@]}" || true
