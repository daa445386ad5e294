#!/usr/bin/env bash
# Server benchmark (not a test): wrk against GET /api/v1/jobs/{id} and GET /health at 64
# connections, memory before/after 100,000 status requests, and submit-to-completed time for
# a 30 s track while the status load runs.
# Usage: bench/server/run.sh [path/to/omg]   (needs wrk: scripts/setup-deps.sh installs it)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
omg="${1:-$root/build/src/app/omg}"
duration="${BENCH_DURATION:-20s}"
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 1; }

data="$(mktemp -d)"
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$data"' EXIT
"$omg" serve --port 0 --port-file "$data/port" --data-dir "$data/d" --http-threads 128 \
  > "$data/server.log" 2>&1 &
pid=$!
for _ in $(seq 100); do [ -s "$data/port" ] && break; sleep 0.1; done
port="$(cat "$data/port")"
base="http://127.0.0.1:$port"

job="$(curl -s -X POST "$base/api/v1/generate" -H 'Content-Type: application/json' \
  -d '{"prompt":"bench warm-up march","duration":10}' | sed -E 's/.*"job_id":"([^"]+)".*/\1/')"
until curl -s "$base/api/v1/jobs/$job" | grep -q '"status":"completed"'; do sleep 0.2; done

rss() { awk '/VmRSS/ {print $2 " kB"}' "/proc/$pid/status"; }
echo "== RSS before: $(rss)"
echo "== GET /api/v1/jobs/{id}, 64 connections, $duration"
wrk -t4 -c64 -d"$duration" --latency "$base/api/v1/jobs/$job"
echo "== GET /health, 64 connections, $duration"
wrk -t4 -c64 -d"$duration" --latency "$base/health"
echo "== GET /api/v1/jobs/{id} at about 2,000 requests/s (64 connections, 32 ms apart): the p99 target is 5 ms"
wrk -t4 -c64 -d"$duration" --latency -s "$here/rate2000.lua" "$base/api/v1/jobs/$job"
echo "== RSS after: $(rss)"

echo "== submit -> completed for a 30 s track under status load"
wrk -t2 -c64 -d60s "$base/api/v1/jobs/$job" > /dev/null &
load=$!
start=$(date +%s.%N)
job2="$(curl -s -X POST "$base/api/v1/generate" -H 'Content-Type: application/json' \
  -d '{"prompt":"bench circus march with brass","duration":30}' | sed -E 's/.*"job_id":"([^"]+)".*/\1/')"
until curl -s "$base/api/v1/jobs/$job2" | grep -q '"status":"completed"'; do sleep 0.05; done
end=$(date +%s.%N)
kill "$load" 2>/dev/null || true
echo "submit->completed: $(echo "$end - $start" | bc) s"
