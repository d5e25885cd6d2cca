#!/bin/sh
# The backup service of docker-compose.yml (docs/operations.md): one dated folder under
# /backups (BACKUP_DIR on the host) with the database dump, the manifest and a copy of every
# object of the bucket; then folders older than BACKUP_KEEP_DAYS are removed. A backup that
# fails (or lists a missing file) exits non-zero, so cron mails the error, and is kept for
# inspection, never pruned as if it were good.
set -eu
folder="/backups/$(date -u +%Y%m%dT%H%M%SZ)"
python manage.py backup --output "$folder" --with-files
find /backups -mindepth 1 -maxdepth 1 -type d -name '20*' -mtime "+${BACKUP_KEEP_DAYS:-14}" \
  -exec rm -rf {} +
echo "Cadangan tersimpan: $folder"
