#!/usr/bin/env bash
# Builds the web studio (web/, Vue 3 + Vite) into web/dist, which `omg serve` serves at /.
# Installs the locked npm packages first when they are missing or the lock file changed.
# Usage: scripts/build-web.sh          (scripts/build.sh calls it)
set -euo pipefail
cd "$(dirname "$0")/../web"
if ! command -v npm >/dev/null 2>&1; then
  echo "build-web: npm is not installed (scripts/setup-deps.sh installs it); the studio is not built" >&2
  exit 0
fi
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --ignore-scripts --no-audit --no-fund
fi
npm run build --silent
