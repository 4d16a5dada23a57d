#!/usr/bin/env bash
# What a PostgreSQL restart does to running app workers (docs/deploy.md §9), measured on a cluster of its own:
# gunicorn with WORKERS workers on a demo database, every worker warmed up (it keeps a connection), the
# cluster restarted, then REQUESTS requests: how many failed, and each worker's first answer after the restart.
#   ops/check-restart.sh [CLUSTER] [PORT]          (as root; default cluster "restartcheck", port 5441)
# Run twice by the script: with CONN_HEALTH_CHECKS on (the default) and off, to show what the setting does.
# Never point it at a cluster that serves anything: it restarts it.
set -euo pipefail
cd "$(dirname "$0")/.."
CLUSTER=${1:-restartcheck}
PORT=${2:-5441}
WORKERS=${WORKERS:-3}
REQUESTS=${REQUESTS:-30}
VERSION=$(ls /etc/postgresql | sort -n | tail -n1)
work=$(mktemp -d)
trap 'kill "$(cat "$work/pid" 2>/dev/null)" 2>/dev/null || true; rm -rf "$work"' EXIT

if ! pg_lsclusters -h | awk '{print $2}' | grep -qx "$CLUSTER"; then
  pg_createcluster "$VERSION" "$CLUSTER" --port "$PORT" >/dev/null
  # A throwaway cluster on loopback: trust, like the development cluster.
  sed -i 's/scram-sha-256$/trust/; s/md5$/trust/' "/etc/postgresql/$VERSION/$CLUSTER/pg_hba.conf"
fi
pg_ctlcluster --skip-systemctl-redirect "$VERSION" "$CLUSTER" start 2>/dev/null || true
until pg_isready -q -h 127.0.0.1 -p "$PORT"; do sleep 0.2; done
psql -q -h 127.0.0.1 -p "$PORT" -U postgres -c "DROP DATABASE IF EXISTS ptdv_restart" -c "CREATE DATABASE ptdv_restart"
export DATABASE_URL="postgres://postgres@127.0.0.1:$PORT/ptdv_restart"
export SECURE_SSL_REDIRECT=0 SESSION_COOKIE_SECURE=0 CSRF_COOKIE_SECURE=0 SECURE_HSTS_SECONDS=0 SERVE_SKIP_DEPLOY_CHECK=1
export STATIC_ROOT="$work/static"
.venv/bin/python manage.py migrate -v0
.venv/bin/python manage.py load_demo >/dev/null

one_run() {  # $1 = CONN_HEALTH_CHECKS
  local bind="127.0.0.1:$(.venv/bin/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
  CONN_HEALTH_CHECKS=$1 .venv/bin/gunicorn --config config/gunicorn.conf.py --workers "$WORKERS" --bind "$bind" \
    --access-logfile "$work/access-$1.log" --access-logformat '%(p)s %(s)s' --error-logfile "$work/error-$1.log" &
  echo $! > "$work/pid"
  until curl -s -o /dev/null "http://$bind/dang-nhap/"; do sleep 0.5; done
  local jar="$work/cookies-$1"
  curl -s -c "$jar" -b "$jar" -o /dev/null "http://$bind/dang-nhap/"
  local csrf; csrf=$(awk '$6 == "csrftoken" {print $7}' "$jar")
  curl -s -c "$jar" -b "$jar" -o /dev/null -H "Referer: http://$bind/dang-nhap/" \
    --data "csrfmiddlewaretoken=$csrf&username=bantochuc&password=Demo@2024" "http://$bind/dang-nhap/"
  # Warm up until every worker has answered (and so holds a connection).
  for _ in $(seq 1 200); do
    curl -s -b "$jar" -o /dev/null "http://$bind/dang-vien/"
    [ "$(awk '{print $1}' "$work/access-$1.log" | sort -u | wc -l)" -ge "$WORKERS" ] && break
  done
  local before; before=$(wc -l < "$work/access-$1.log")
  pg_ctlcluster --skip-systemctl-redirect "$VERSION" "$CLUSTER" restart -m fast
  until pg_isready -q -h 127.0.0.1 -p "$PORT"; do sleep 0.2; done
  for _ in $(seq 1 "$REQUESTS"); do curl -s -b "$jar" -o /dev/null "http://$bind/dang-vien/"; done
  tail -n +"$((before + 1))" "$work/access-$1.log" > "$work/after-$1.log"
  local failed; failed=$(awk '$2 >= 500' "$work/after-$1.log" | wc -l)
  local workers_seen; workers_seen=$(awk '{print $1}' "$work/after-$1.log" | sort -u | wc -l)
  local first_ok; first_ok=$(awk '!seen[$1]++ {print $2}' "$work/after-$1.log" | grep -c '^200$' || true)
  echo "CONN_HEALTH_CHECKS=$1: after the restart $failed of $REQUESTS requests failed (5xx);" \
       "$workers_seen workers answered, the first answer of $first_ok of them was 200"
  kill "$(cat "$work/pid")"; wait "$(cat "$work/pid")" 2>/dev/null || true
}
one_run 1
one_run 0
