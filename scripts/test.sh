#!/usr/bin/env bash
# The whole test suite: formatting, lints, unit/integration/end-to-end tests, browser tests.
# This is the README's test command and what .ci/run runs. It installs what it needs itself.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== cargo fmt"
cargo fmt --all -- --check
echo "== cargo clippy"
cargo clippy --workspace --all-targets --quiet -- -D warnings
# Headless LibreOffice opens an exported CSV in crates/store/tests/export.rs (the test is
# skipped, saying so, where it cannot be installed). About 90 MB, a minute to install.
if ! command -v soffice >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  echo "== installing LibreOffice Calc (headless) for the CSV export test"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libreoffice-calc-nogui >/dev/null) \
    || echo "could not install LibreOffice: the LibreOffice CSV test will be skipped"
fi
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
if [ "${RASD_FUZZ:-0}" = "1" ] && [ "${RASD_SKIP_FUZZ:-0}" != "1" ]; then
  # Every cargo-fuzz target for a few seconds (needs a nightly toolchain; installs cargo-fuzz
  # if missing; skipped without nightly). Opt-in with RASD_FUZZ=1: the cold nightly,
  # instrumented build of all targets would take the suite past its time budget on a fresh
  # 2-core machine. RASD_FUZZ_SECONDS sets the time per target; the build is kept in
  # target/fuzz for the next run.
  echo "== fuzz smoke run"
  FUZZ_TARGET_DIR="${FUZZ_TARGET_DIR:-${CARGO_TARGET_DIR:-$PWD/target}/fuzz}" \
    bash fuzz/run.sh "${RASD_FUZZ_SECONDS:-8}"
fi
if [ -f ../shared/eval/dev.jsonl ]; then
  echo "== quality on ../shared/eval/dev.jsonl (report only)"
  ./target/debug/rasd eval --gold ../shared/eval/dev.jsonl || true
fi
