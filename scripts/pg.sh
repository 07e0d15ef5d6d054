# Sourced by scripts/test.sh: a throwaway PostgreSQL cluster for the PostgreSQL backend's tests.
# pg_start installs Debian's postgresql when missing (apt-get, idempotent), creates a cluster in
# a temporary directory (as the `postgres` user when run as root), starts it on a free loopback
# port with its socket in that directory, and exports RASD_TEST_PG. pg_stop stops and removes
# it. A RASD_TEST_PG already set is used as it is (no cluster is started).

pg_start() {
  if [ -n "${RASD_TEST_PG:-}" ]; then
    echo "postgres: using RASD_TEST_PG from the environment"
    return 0
  fi
  PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
  if [ -z "$PG_BIN" ] || [ ! -x "$PG_BIN/initdb" ]; then
    echo "postgres: installing postgresql (apt)"
    if ! (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null); then
      echo "postgres: cannot install postgresql: the PostgreSQL backend tests will be SKIPPED"
      return 0
    fi
    PG_BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
  fi
  PG_DIR="$(mktemp -d /tmp/rasd-pg.XXXXXX)"
  PG_AS=()
  if [ "$(id -u)" = 0 ]; then
    # initdb refuses to run as root.
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin postgres
    chown postgres "$PG_DIR"
    PG_AS=(runuser -u postgres --)
  fi
  local port
  port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')"
  "${PG_AS[@]}" "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$PG_DIR/initdb.log" 2>&1 \
    || { cat "$PG_DIR/initdb.log"; return 1; }
  # Durability settings off: a test cluster is thrown away.
  "${PG_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $PG_DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    start >/dev/null || { cat "$PG_DIR/server.log"; return 1; }
  export RASD_TEST_PG="postgres://postgres@127.0.0.1:$port/postgres"
  echo "postgres: test cluster on 127.0.0.1:$port ($("$PG_BIN/postgres" --version))"
}

pg_stop() {
  if [ -n "${PG_DIR:-}" ] && [ -d "$PG_DIR/data" ]; then
    "${PG_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$PG_DIR"
  fi
}
