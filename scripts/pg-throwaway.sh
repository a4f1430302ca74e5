#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for tests: `source` this file, then
# pg_throwaway_start (exports DATABASE_URL) and pg_throwaway_stop.
# PostgreSQL refuses to run as root, so the cluster runs as the postgres user.

_pg_bin() {
  local dir
  # Prefer Debian's versioned folder (it has every tool); the PATH may hold only symlinks.
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -n "$dir" ]; then echo "$dir"; return; fi
  command -v initdb >/dev/null 2>&1 && dirname "$(readlink -f "$(command -v initdb)")"
}

pg_throwaway_start() {
  local bin
  bin=$(_pg_bin)
  if [ -z "$bin" ]; then
    echo "Installing Debian's postgresql package"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    bin=$(_pg_bin)
  fi
  id postgres >/dev/null 2>&1 || useradd --system --home /var/lib/postgresql postgres
  PG_DIR=$(mktemp -d /tmp/thidua-pg.XXXXXX)
  chown postgres "$PG_DIR"
  PG_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  runuser -u postgres -- "$bin/initdb" -D "$PG_DIR/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
  runuser -u postgres -- "$bin/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w \
    -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off" start >/dev/null
  runuser -u postgres -- "$bin/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres thidua
  export PG_BIN="$bin" PG_DIR PG_PORT
  export DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/thidua"
}

pg_throwaway_stop() {
  [ -n "${PG_DIR:-}" ] || return 0
  runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"
}
