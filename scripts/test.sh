#!/usr/bin/env bash
# The whole test suite: formatting, lints, unit/integration/end-to-end tests, browser tests.
# This is the README's test command and what .ci/run runs. It installs what it needs itself.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== cargo fmt"
cargo fmt --all -- --check
echo "== cargo clippy"
cargo clippy --workspace --all-targets --quiet -- -D warnings
echo "== PostgreSQL test cluster"
source scripts/pg.sh
pg_start
trap pg_stop EXIT
echo "== cargo test"
cargo test --workspace
if [ "${RASD_SKIP_E2E:-0}" != "1" ] && [ -x e2e/run.sh ]; then
  echo "== browser end-to-end tests"
  bash e2e/run.sh
fi
if [ -f ../shared/eval/dev.jsonl ]; then
  echo "== quality on ../shared/eval/dev.jsonl (report only)"
  ./target/debug/rasd eval --gold ../shared/eval/dev.jsonl || true
fi
