#!/usr/bin/env bash
# Browser end-to-end tests of the rasd web app.
# Installs what it needs (Debian chromium, playwright-core), builds rasd, starts `rasd demo` on a
# free loopback port with a fresh database, runs test.mjs, and stops the server.
# Env: RASD_E2E_SERVER=fake uses the in-memory fake backend (no store/pipeline needed);
#      RASD_BIN=path uses an already built rasd binary.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
cd "$HERE"

if [ ! -x /usr/bin/chromium ]; then
  echo "e2e: installing chromium (apt)"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
if [ ! -d node_modules/playwright-core ]; then
  if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi
fi

PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')"
TOKEN="e2e-$(date +%s)-$$"
WORK="$(mktemp -d)"
LOG="$WORK/server.log"
mkdir -p "$HERE/artifacts"

if [ "${RASD_E2E_SERVER:-demo}" = "fake" ]; then
  (cd "$ROOT" && cargo build -q -p rasd-server --example fake_serve)
  BIN="${CARGO_TARGET_DIR:-$ROOT/target}/debug/examples/fake_serve"
  "$BIN" "127.0.0.1:$PORT" 400 "$TOKEN" >"$LOG" 2>&1 &
else
  if [ -z "${RASD_BIN:-}" ]; then
    (cd "$ROOT" && cargo build -q -p rasd)
    RASD_BIN="${CARGO_TARGET_DIR:-$ROOT/target}/debug/rasd"
  fi
  "$RASD_BIN" demo --db "$WORK/db" --addr "127.0.0.1:$PORT" --token "$TOKEN" >"$LOG" 2>&1 &
fi
SERVER_PID=$!
cleanup() { kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; cp "$LOG" "$HERE/artifacts/server.log" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

for _ in $(seq 1 600); do
  if curl -fsS "http://127.0.0.1:$PORT/api/health" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then echo "e2e: server exited:"; cat "$LOG"; exit 1; fi
  sleep 0.5
done
curl -fsS "http://127.0.0.1:$PORT/api/health" >/dev/null || { echo "e2e: server did not start:"; cat "$LOG"; exit 1; }
echo "e2e: server on http://127.0.0.1:$PORT (log: artifacts/server.log)"
BASE_URL="http://127.0.0.1:$PORT" TOKEN="$TOKEN" node test.mjs
