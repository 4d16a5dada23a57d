#!/usr/bin/env bash
# Runs the command given (gunicorn, or Django's development server) with the background worker beside it:
# `manage.py db_worker` (django-tasks-db) runs the long imports and exports the pages queue. Whichever of
# the two stops, the other is stopped too; Ctrl-C or SIGTERM stops both, the worker after the task it is
# running (an import is one transaction: stopped harder, it writes nothing and its page says so).
#
#   ops/with-worker.sh .venv/bin/gunicorn --config config/gunicorn.conf.py
#
# PYTHON names the interpreter (default .venv/bin/python). In production the worker is a systemd unit of
# its own (docs/deploy.md), so it restarts by itself and can run on another machine.
set -u
cd "$(dirname "$0")/.."
"${PYTHON:-.venv/bin/python}" manage.py db_worker --queue-name default --interval 1 -v1 &
worker=$!
"$@" &
server=$!
stop() { kill -TERM "$server" "$worker" 2>/dev/null; }
trap stop INT TERM
wait -n "$server" "$worker"
status=$?
stop
wait "$server" 2>/dev/null
wait "$worker" 2>/dev/null
exit "$status"
