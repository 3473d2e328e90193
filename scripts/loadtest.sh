#!/usr/bin/env bash
# The load test (`make loadtest`, run inside scripts/with-postgres.sh, which gives DATABASE_URL): migrate, build
# the fictional demo area, make the load test's sign-ins, serve it with gunicorn on 127.0.0.1 only, and run Locust
# headless against it for a bounded time. Results (CSV and an HTML report) go to var/loadtest/.
# Everything runs on this machine: the only address traffic goes to is 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
BIN=$(dirname "$PY")
PORT=${LOADTEST_PORT:-8011}
USERS=${LOADTEST_USERS_COUNT:-40}
RATE=${LOADTEST_RATE:-4}
RUN_TIME=${LOADTEST_TIME:-5m}
WORKERS=${LOADTEST_WORKERS:-3}  # gunicorn's sync workers: 2 cores shared with PostgreSQL and Locust
OUT=${LOADTEST_OUT:-var/loadtest}
HOST=http://127.0.0.1:$PORT
: "${DATABASE_URL:?run inside scripts/with-postgres.sh}"
mkdir -p "$OUT"

export DJANGO_SETTINGS_MODULE=carecommons.config.settings.loadtest
CARECOMMONS_SECRET_KEY=$("$PY" -c 'import secrets; print(secrets.token_urlsafe(50))')
export CARECOMMONS_SECRET_KEY
export CARECOMMONS_ALLOWED_HOSTS=127.0.0.1 CARECOMMONS_BASE_URL=$HOST
export CARECOMMONS_AREA_NAME="Ashby Vale (fictional)" CARECOMMONS_DB_CONN_MAX_AGE=60

# with-postgres.sh starts an empty server: make the database DATABASE_URL names (a fresh one every run).
"$PY" - <<'PY'
import os
from urllib.parse import urlparse, urlunparse

import psycopg

url = urlparse(os.environ["DATABASE_URL"])
name = url.path.lstrip("/")
with psycopg.connect(urlunparse(url._replace(path="/postgres")), autocommit=True) as conn:
    if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
        conn.execute(f'CREATE DATABASE "{name}"')
PY
"$PY" manage.py migrate --noinput -v 0
"$PY" manage.py demo_area --seed "${SEED:-1}" > "$OUT/demo_area.txt"
# One practitioner sign-in for every simulated person at most: each signs in once, with its own code.
"$PY" manage.py loadtest_users --practitioners "$USERS" --out "$OUT/accounts.json"
"$PY" manage.py collectstatic --noinput -v 0

"$BIN/gunicorn" carecommons.config.wsgi --bind "127.0.0.1:$PORT" --workers "$WORKERS" --timeout 30 \
  --error-logfile "$OUT/gunicorn.log" --pid "$OUT/gunicorn.pid" &
GUNICORN=$!
trap 'kill "$GUNICORN" 2>/dev/null; wait "$GUNICORN" 2>/dev/null || true' EXIT
for _ in $(seq 60); do
  if "$PY" -c "import urllib.request,sys; sys.exit(urllib.request.urlopen('$HOST/healthz', timeout=2).status != 200)" 2>/dev/null; then
    break
  fi
  sleep 1
done
# Warm every worker up (imports, first queries), so the timed run starts from a server that has served pages.
"$PY" - "$HOST" <<'PY'
import sys
import urllib.request

for _ in range(6):
    for page in ("/", "/care/", "/ask/", "/ask/who/", "/sign-in/", "/directory/"):
        urllib.request.urlopen(sys.argv[1] + page, timeout=30).read()
PY

echo "Locust: $USERS people, $RATE more a second, for $RUN_TIME, against gunicorn ($WORKERS workers) at $HOST"
status=0
LOADTEST_ACCOUNTS="$OUT/accounts.json" "$BIN/locust" -f loadtest/locustfile.py --headless --host "$HOST" \
  -u "$USERS" -r "$RATE" -t "$RUN_TIME" --stop-timeout 10 --only-summary \
  --csv "$OUT/result" --html "$OUT/report.html" --loglevel WARNING || status=$?
"$PY" scripts/loadtest_summary.py "$OUT/result_stats.csv"
exit "$status"
