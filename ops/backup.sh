#!/usr/bin/env bash
# Nightly backup of the app's database (docs/deploy.md): one pg_dump archive (custom format: compressed,
# restorable table by table) per run in BACKUP_DIR, checked readable, older than KEEP_DAYS removed.
#   DATABASE_URL=postgres://ptdv:...@127.0.0.1:5432/ptdv ops/backup.sh     # prints the archive's path
set -euo pipefail
: "${DATABASE_URL:?DATABASE_URL must name the database to back up}"
BACKUP_DIR=${BACKUP_DIR:-/var/backups/ptdv}
KEEP_DAYS=${KEEP_DAYS:-30}

mkdir -p "$BACKUP_DIR"
umask 077  # members' personal data: readable by the backup's owner only
target="$BACKUP_DIR/ptdv-$(date +%Y%m%d-%H%M%S).dump"
# Written under a temporary name, so a half-written archive is never taken for a backup.
pg_dump --format=custom --no-owner --no-privileges --dbname="$DATABASE_URL" --file="$target.partial"
pg_restore --list "$target.partial" >/dev/null
mv "$target.partial" "$target"
find "$BACKUP_DIR" -maxdepth 1 -name 'ptdv-*.dump' -mtime +"$KEEP_DAYS" -delete
echo "$target"
