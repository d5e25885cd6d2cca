FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 ZI_ENV=production
# pg_dump/pg_restore of the server's major version (manage.py backup, restore): PostgreSQL 16
# from the PostgreSQL project's own Debian repository (bookworm ships 15, which refuses to
# dump a 16 server).
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-urw-base35 fontconfig \
    postgresql-common ca-certificates \
 && /usr/share/postgresql-common/pgdg/apt.postgresql.org.sh -y \
 && apt-get install -y --no-install-recommends postgresql-client-16 \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
# The commit a backup's manifest records (docker-compose.yml passes PORTAL_COMMIT).
ARG PORTAL_COMMIT=""
ENV PORTAL_COMMIT=$PORTAL_COMMIT
# collectstatic only: production settings need every variable, none is used here.
RUN SECRET_KEY=collectstatic-only ALLOWED_HOSTS=x CSRF_TRUSTED_ORIGINS=https://x \
    DATABASE_URL=sqlite:////tmp/x.db REDIS_URL=redis://x PORTAL_BASE_URL=https://x \
    EMAIL_URL=smtp://x DEFAULT_FROM_EMAIL=x@x PRIVATE_MEDIA_ROOT=/tmp/x \
    SIGNING_KEY_FILE=/tmp/x SIGNING_CERT_FILE=/tmp/x python manage.py collectstatic --noinput
RUN useradd --system --uid 1000 zi && mkdir -p /data/private && chown zi /data/private
USER zi
EXPOSE 8000
CMD ["gunicorn", "zi_portal.wsgi", "--config", "deploy/gunicorn.conf.py"]
