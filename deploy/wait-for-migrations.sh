#!/bin/sh
# Start a portal process (the arguments) once the database has every migration of this
# code: the one-shot `migrate` service of docker-compose.yml applies them, and two web
# replicas never migrate at once. `migrate --check` exits non-zero while one is pending
# (or while the database does not answer yet).
set -eu
waited=0
until python manage.py migrate --check >/dev/null 2>&1; do
  if [ "$waited" -ge "${MIGRATION_WAIT_SECONDS:-600}" ]; then
    echo "Migrasi belum selesai setelah ${waited} detik; lihat log layanan migrate." >&2
    exit 1
  fi
  sleep 2
  waited=$((waited + 2))
done
exec "$@"
