#!/usr/bin/env bash
# `npm test`: the whole check — test dependencies, types, lint, then every test.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-rsyslog.sh
echo "== typecheck"
npx tsc --noEmit -p tsconfig.json
echo "== lint"
npx biome check src test bin scripts bench
echo "== tests"
npx vitest run "$@"
