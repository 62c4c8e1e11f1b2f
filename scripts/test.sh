#!/usr/bin/env bash
# `npm test`: the whole check — test dependencies, types, lint, the web console's build, then every
# test (unit, integration, the console's component tests, and its browser tests in Chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-rsyslog.sh
bash scripts/ensure-chromium.sh
echo "== typecheck"
npx tsc --noEmit -p tsconfig.json
npx tsc --noEmit -p web/tsconfig.json
echo "== lint"
npx biome check src test bin scripts bench web
echo "== web console"
node scripts/build-web.mjs --if-stale
echo "== tests"
npx vitest run "$@"
