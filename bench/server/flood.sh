#!/usr/bin/env bash
# Connection flood benchmark (not a test): starts `omg serve`, holds 10,000 SSE clients and
# 1,000 slow sockets open against it with omg_conn_flood, and reads /health's latency, a
# submit, the event fan-out and the server's memory meanwhile.
# Usage: bench/server/flood.sh [SSE_CLIENTS] [SLOW_SOCKETS]   (after a build with OMG_BENCH=ON)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
omg="${OMG_BINARY:-$root/build/src/app/omg}"
flood="${OMG_FLOOD:-$root/build/bench/omg_conn_flood}"
sse="${1:-10000}"
slow="${2:-1000}"
ulimit -n "$(ulimit -Hn)"

data="$(mktemp -d)"
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$data"' EXIT
"$omg" serve --port 0 --port-file "$data/port" --data-dir "$data/d" > "$data/server.log" 2>&1 &
pid=$!
for _ in $(seq 100); do [ -s "$data/port" ] && break; sleep 0.1; done
port="$(cat "$data/port")"
rss() { awk '/VmRSS/ {print $2 " kB"}' "/proc/$pid/status"; }
echo "== server RSS before: $(rss)"
"$flood" "$port" "$sse" "$slow" 2000 &
fpid=$!
sleep 20
echo "== server RSS with the flood open: $(rss), threads: $(ls /proc/$pid/task | wc -l)"
wait "$fpid"
sleep 1
echo "== server RSS after: $(rss); /health now: $(curl -s -o /dev/null -w '%{http_code} in %{time_total}s' "http://127.0.0.1:$port/health")"
