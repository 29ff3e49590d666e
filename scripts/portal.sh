#!/usr/bin/env bash
# The README's two commands:
#   bash scripts/portal.sh start   install, build and run the portal with demo data (PGlite + bundled Meilisearch)
#   bash scripts/portal.sh test    install and run every test (unit, integration, end-to-end)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/ensure-node.sh
export ASTRO_TELEMETRY_DISABLED=1

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi

case "${1:-}" in
  start)
    npm run build
    exec npm start
    ;;
  test)
    exec npm test
    ;;
  *)
    echo "用法: bash scripts/portal.sh start|test" >&2
    exit 2
    ;;
esac
