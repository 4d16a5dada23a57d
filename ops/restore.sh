#!/usr/bin/env bash
# Restore an archive of ops/backup.sh into an EMPTY database (docs/deploy.md), in one transaction: either the
# whole archive is restored or nothing is. Refuses a database that already has tables.
#   createdb -O ptdv ptdv_restored
#   DATABASE_URL=postgres://ptdv:...@127.0.0.1:5432/ptdv_restored ops/restore.sh /var/backups/ptdv/ptdv-....dump
set -euo pipefail
: "${DATABASE_URL:?DATABASE_URL must name the empty database to restore into}"
archive=${1:?usage: ops/restore.sh ARCHIVE.dump}
[ -r "$archive" ] || { echo "Cannot read $archive" >&2; exit 1; }

tables=$(psql "$DATABASE_URL" -XAtc "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
if [ "$tables" != "0" ]; then
  echo "The target database already has $tables tables: restore into a new, empty database." >&2
  exit 1
fi
pg_restore --no-owner --no-privileges --exit-on-error --single-transaction --dbname="$DATABASE_URL" "$archive"
echo "Restored $archive"
