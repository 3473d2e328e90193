#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server on 127.0.0.1, runs the given command with DATABASE_URL
# pointing at it, then stops the server. initdb refuses to run as root, so as root the server
# runs as the `postgres` user on a data folder it owns.
set -euo pipefail
PGBIN=$(dirname "$(ls /usr/lib/postgresql/*/bin/pg_ctl | sort -V | tail -n 1)")
PORT=${CARECOMMONS_PG_PORT:-54329}
ROOT=$(mktemp -d /tmp/carecommons-pg.XXXXXX)
DATA=$ROOT/data
as_owner() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
if [ "$(id -u)" -eq 0 ]; then chown postgres "$ROOT"; fi
cleanup() { as_owner "$PGBIN/pg_ctl" -D "$DATA" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$ROOT"; }
trap cleanup EXIT
as_owner "$PGBIN/initdb" -D "$DATA" -U carecommons --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
as_owner "$PGBIN/pg_ctl" -D "$DATA" -l "$ROOT/server.log" -w -o "-c listen_addresses=127.0.0.1 -p $PORT -k $ROOT -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null
export DATABASE_URL="postgres://carecommons@127.0.0.1:$PORT/carecommons"
export DJANGO_SETTINGS_MODULE=carecommons.config.settings.test
echo "PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') running on 127.0.0.1:$PORT"
"$@"
