#!/usr/bin/env bash
# Runs the cargo-fuzz targets of rasd (see README, "Reliability").
#
#   bash fuzz/run.sh SECONDS [TARGET...]     each target (default: all) for SECONDS
#
# e.g. `bash fuzz/run.sh 10` is the CI smoke run, `bash fuzz/run.sh 3600 warc` a one-hour run
# of one target. Needs a nightly toolchain (`rustup toolchain install nightly`); installs
# cargo-fuzz from crates.io when it is missing. Seeds are fuzz/seeds/TARGET (committed); the
# growing corpus is fuzz/corpus/TARGET and crashes land in fuzz/artifacts/TARGET (not
# committed). Environment: FUZZ_JOBS=N runs N processes per target (libFuzzer -fork=N),
# FUZZ_DEV=1 builds without optimizations (faster to build, slower to run: the CI smoke run),
# FUZZ_TARGET_DIR puts the build elsewhere than fuzz/target, FUZZ_RSS_MB (default 2048) is the memory cap of one run, FUZZ_TIMEOUT (default 10) the
# seconds one input may take before it counts as a hang.
set -euo pipefail
cd "$(dirname "$0")"

secs=${1:?usage: fuzz/run.sh SECONDS [TARGET...]}
shift
if ! cargo +nightly --version >/dev/null 2>&1; then
  echo "fuzz: no nightly toolchain (rustup toolchain install nightly); skipped" >&2
  exit 0
fi
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
  echo "fuzz: installing cargo-fuzz" >&2
  cargo install --locked cargo-fuzz
fi
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  mapfile -t targets < <(cargo +nightly fuzz list)
fi

# No sanitizer: the code is safe Rust (SQLite aside); what is looked for is panics, hangs and
# memory blow-ups. Debug assertions and overflow checks are on (cargo-fuzz's default).
build=(-s none)
if [ "${FUZZ_DEV:-0}" = "1" ]; then
  build+=(--dev)
fi
if [ -n "${FUZZ_TARGET_DIR:-}" ]; then
  build+=(--target-dir "$FUZZ_TARGET_DIR")
fi
cargo +nightly fuzz build "${build[@]}"

status=0
for t in "${targets[@]}"; do
  mkdir -p "corpus/$t"
  echo "== fuzz $t for ${secs}s"
  args=(-max_total_time="$secs" -rss_limit_mb="${FUZZ_RSS_MB:-2048}" -timeout="${FUZZ_TIMEOUT:-10}"
        -max_len=65536 -print_final_stats=1)
  if [ "${FUZZ_JOBS:-1}" -gt 1 ]; then
    args+=(-fork="$FUZZ_JOBS")
  fi
  log="logs/$t.log"
  mkdir -p logs
  if cargo +nightly fuzz run "${build[@]}" "$t" "corpus/$t" "seeds/$t" -- "${args[@]}" >"$log" 2>&1; then
    grep -E '^(Done|stat::number_of_executed_units|stat::peak_rss_mb)' "$log" || true
  else
    tail -n 40 "$log" >&2
    echo "fuzz: $t FAILED (input in fuzz/artifacts/$t, log in fuzz/$log)" >&2
    status=1
  fi
done
exit $status
