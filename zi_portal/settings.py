"""Settings for ZI Portal, read from the environment with django-environ.

ZI_ENV selects the profile:
- ``development`` (default): works with no environment at all — SQLite file, a Celery
  broker on the local filesystem (no Redis), private files under ./var/private.
- ``production``: no setting falls back to a development value. Required:
  SECRET_KEY, ALLOWED_HOSTS, CSRF_TRUSTED_ORIGINS, DATABASE_URL, REDIS_URL,
  PORTAL_BASE_URL (printed in the signed QR codes: an http(s) address that is not the
  machine itself), EMAIL_URL, DEFAULT_FROM_EMAIL, PRIVATE_MEDIA_ROOT, SIGNING_KEY_FILE and
  SIGNING_CERT_FILE; start-up stops with a message naming a missing one. With
  AWS_STORAGE_BUCKET_NAME (files in a bucket: docs/storage.md) PRIVATE_MEDIA_ROOT is not
  needed.
"""

import ipaddress
from pathlib import Path
from urllib.parse import urlsplit

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.contrib.messages import constants as message_levels
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
ZI_ENV = env.str("ZI_ENV", default="development")
if ZI_ENV not in {"development", "production"}:
    raise ImproperlyConfigured(f"ZI_ENV must be 'development' or 'production', not {ZI_ENV!r}.")
PRODUCTION = ZI_ENV == "production"


def required(name: str, cast: type = str) -> object:
    """Read a variable that production cannot start without."""
    if name not in env.ENVIRON or env.ENVIRON[name] == "":
        raise ImproperlyConfigured(
            f"Variabel lingkungan {name} wajib diisi untuk ZI_ENV=production "
            f"(the {name} environment variable is required in production)."
        )
    if cast is list:
        return env.list(name)
    return env.str(name)


def production_or(name: str, default: str) -> str:
    """A variable with a development default: required in production."""
    return str(required(name)) if PRODUCTION else env.str(name, default=default)


def public_base_url(value: str) -> str:
    """PORTAL_BASE_URL in production: an http(s) address others can open."""
    parts = urlsplit(value)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise ImproperlyConfigured(
            f"PORTAL_BASE_URL harus alamat lengkap, mis. https://zi.example.go.id, bukan "
            f"{value!r} (PORTAL_BASE_URL must be an absolute http(s) address)."
        )
    try:
        address = ipaddress.ip_address(parts.hostname)
        own = address.is_loopback or address.is_unspecified
    except ValueError:
        own = parts.hostname == "localhost" or parts.hostname.endswith(".localhost")
    if own:
        raise ImproperlyConfigured(
            f"PORTAL_BASE_URL {value!r} menunjuk ke mesin ini; kode QR dokumen harus memuat "
            "alamat portal yang dapat dibuka umum (PORTAL_BASE_URL must not be a loopback "
            "address in production)."
        )
    return value


if PRODUCTION:
    SECRET_KEY = required("SECRET_KEY")
    ALLOWED_HOSTS = required("ALLOWED_HOSTS", list)
    CSRF_TRUSTED_ORIGINS = required("CSRF_TRUSTED_ORIGINS", list)
    DATABASES = {"default": env.db_url_config(required("DATABASE_URL"))}
    REDIS_URL = required("REDIS_URL")
    DEBUG = env.bool("DEBUG", default=False)
else:
    SECRET_KEY = env.str(
        "SECRET_KEY", default="django-insecure-development-only-key-never-used-in-production"
    )
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
    CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
    DATABASES = {
        "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")
    }
    REDIS_URL = env.str("REDIS_URL", default="")
    DEBUG = env.bool("DEBUG", default=True)

DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=0))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# SQLite (the embedded default) cannot enforce UNIQUE NULLS NOT DISTINCT; PostgreSQL does.
SILENCED_SYSTEM_CHECKS = ["models.W047"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # Django's own form and widget templates, for the template engine FORM_RENDERER uses.
    "django.forms",
    "django_htmx",
    "import_export",
    "simple_history",
    "axes",
    # The portal's apps, each depending only on the ones above it (docs/architecture.md).
    "common",
    "access",
    "areas",
    "periods",
    "evidence",
    "targets",
    "surveys",
    "lke",
    "rollups",
    "dashboards",
    "reports",
    "transfer",
    "backups",
    "zi_portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "zi_portal.middleware.RefuseNulMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "zi_portal.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "zi_portal.middleware.PrivatePagesMiddleware",
    "zi_portal.middleware.AnonymousUploadThrottleMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Innermost but for axes: it sees the view's database errors first (503, not 500).
    "zi_portal.middleware.DatabaseUnavailableMiddleware",
    # AxesMiddleware last, as its documentation asks.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

if PRODUCTION:
    # Static files come from gunicorn through WhiteNoise; in development runserver and the
    # test live server serve them.
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "zi_portal.urls"
WSGI_APPLICATION = "zi_portal.wsgi.application"
ASGI_APPLICATION = "zi_portal.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "zi_portal.context_processors.navigation",
            ],
        },
    },
]

# Every field of a portal form (PortalFormMixin) is drawn by templates/forms/field.html
# (label, widget, help, errors and the aria attributes tying them together):
# common/form_rendering.py. The renderer adds nothing else: the admin's forms stay Django's.
FORM_RENDERER = "common.form_rendering.PortalFormRenderer"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# A message's tag is its Bootstrap alert (base.html): an error is "danger".
MESSAGE_TAGS = {message_levels.ERROR: "danger"}

# django-axes: lock a username+IP pair out after repeated failures.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=1.0)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
# How many proxies in front of the portal append to X-Forwarded-For (nginx of
# deploy/nginx.conf: 1). 0 trusts no header: the client is REMOTE_ADDR. Read only by
# common.client_ip, for the anonymous upload limit and for axes alike.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "common.client_ip.client_ip"

LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Pontianak"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]

# Evidence and generated documents are private: no MEDIA_URL, served only through views
# that check access. On local disk under PRIVATE_MEDIA_ROOT, or in a private S3 bucket
# (MinIO, AWS …) when AWS_STORAGE_BUCKET_NAME is set: docs/storage.md. django-storages'
# own variable names.
AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME", default="")
PRIVATE_MEDIA_ROOT = Path(
    env.str("PRIVATE_MEDIA_ROOT", default=str(VAR_DIR / "private"))
    if AWS_STORAGE_BUCKET_NAME
    else production_or("PRIVATE_MEDIA_ROOT", str(VAR_DIR / "private"))
)
MEDIA_ROOT = PRIVATE_MEDIA_ROOT
MEDIA_URL = None
PRIVATE_STORAGE = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
}
if AWS_STORAGE_BUCKET_NAME:
    PRIVATE_STORAGE = {
        "BACKEND": "common.storage.PrivateS3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default="") or None,
            "access_key": env.str("AWS_ACCESS_KEY_ID", default="") or None,
            "secret_key": env.str("AWS_SECRET_ACCESS_KEY", default="") or None,
            "region_name": env.str("AWS_S3_REGION_NAME", default="us-east-1"),
            "location": env.str("AWS_LOCATION", default=""),  # a key prefix, if any
            # MinIO and most S3-compatible servers: bucket in the path, not the host name.
            "addressing_style": env.str("AWS_S3_ADDRESSING_STYLE", default="path"),
            "signature_version": "s3v4",
            "default_acl": "private",
            "querystring_auth": True,  # a URL of the bucket is presigned, never public
            "querystring_expire": env.int("AWS_QUERYSTRING_EXPIRE", default=60),
            "file_overwrite": False,  # as on disk: a taken name gets a suffix
            # A file opened with storage.open() (not streamed: common.storage.stream_open)
            # is copied locally first; above this size into a temporary file, not memory.
            "max_memory_size": 8 * 1024 * 1024,
        },
    }
STORAGES = {
    "default": PRIVATE_STORAGE,
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        ),
    },
}
MAX_UPLOAD_BYTES = env.int("EVIDENCE_MAX_UPLOAD_MB", default=25) * 1024 * 1024
# Caps across one request, counted while it streams (common/uploads.py): all files
# together, and how many. Anonymous requests (the public verification page) far lower.
MAX_UPLOAD_REQUEST_BYTES = env.int("MAX_UPLOAD_REQUEST_MB", default=100) * 1024 * 1024
MAX_UPLOAD_FILES = 10
ANON_MAX_UPLOAD_BYTES = env.int("ANON_MAX_UPLOAD_MB", default=10) * 1024 * 1024
ANON_MAX_UPLOAD_FILES = 1
# Past this many file parts Django stops parsing (400): a backstop well above the cap
# that gets a message next to the field.
DATA_UPLOAD_MAX_NUMBER_FILES = 2 * MAX_UPLOAD_FILES
# Anonymous uploads per client address and hour (zi_portal.middleware).
ANON_UPLOADS_PER_HOUR = env.int("ANON_UPLOADS_PER_HOUR", default=10)
# Answers through a desk's open survey link per client address and hour (surveys/throttle.py);
# one-time codes are not counted.
SURVEY_ANSWERS_PER_HOUR = env.int("SURVEY_ANSWERS_PER_HOUR", default=30)
# Imports (XLSX/CSV) refuse files with more rows than this.
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", default=20000)
# Uploads kept between an import's preview and its confirmation (transfer/stash.py): per
# user across every session (files, bytes), all users together, and for how long.
IMPORT_KEEP_PER_USER = env.int("IMPORT_KEEP_PER_USER", default=5)
IMPORT_KEEP_USER_BYTES = env.int("IMPORT_KEEP_USER_MB", default=50) * 1024 * 1024
IMPORT_KEEP_TOTAL_BYTES = env.int("IMPORT_KEEP_TOTAL_MB", default=500) * 1024 * 1024
IMPORT_KEEP_HOURS = env.float("IMPORT_KEEP_HOURS", default=24.0)
# Uploads stream to a temporary file beyond this size instead of memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_PERMISSIONS = 0o640
# The size cap is enforced while the upload streams in (zi_portal.uploads), before the
# built-in handlers store anything.
FILE_UPLOAD_HANDLERS = [
    "common.uploads.SizeLimitUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
# Audit records are never edited or reverted from the admin.
SIMPLE_HISTORY_REVERT_DISABLED = True

# The cache holds the anonymous upload counts: Redis when REDIS_URL is set, so that every
# gunicorn worker shares them; in memory for `make run`. A Redis that does not answer
# fails a request fast (the middleware answers 503) instead of hanging it.
CACHE_TIMEOUT_SECONDS = env.float("CACHE_TIMEOUT_SECONDS", default=2.0)
# The unit dashboard's cached body (dashboards/selectors/page.py): keyed by the unit's data
# stamp, so writes through the services show at once; this bounds what no stamp follows
# (names edited in the admin, writes around the services).
DASHBOARD_CACHE_SECONDS = env.int("DASHBOARD_CACHE_SECONDS", default=60)
CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {
                "socket_connect_timeout": CACHE_TIMEOUT_SECONDS,
                "socket_timeout": CACHE_TIMEOUT_SECONDS,
            },
        }
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# Celery: Redis when REDIS_URL is set (production, tests); otherwise a broker on the
# local filesystem so that `make run` needs no server and still runs a real worker.
CELERY_BROKER_DIR = Path(env.str("CELERY_BROKER_DIR", default=str(VAR_DIR / "celery-broker")))
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS: dict[str, object] = {
        # Unacknowledged tasks of a worker that died come back after this many seconds. A
        # dead worker's export does not wait for this: the job sweeper (below) re-queues it.
        "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600),
        # A web request that publishes while Redis is down gives up fast (the job stays in
        # the outbox) instead of hanging the page.
        "socket_connect_timeout": env.float("CELERY_BROKER_CONNECT_TIMEOUT", default=2.0),
        "socket_timeout": env.float("CELERY_BROKER_SOCKET_TIMEOUT", default=10.0),
    }
else:
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_BROKER_DIR),
        "data_folder_out": str(CELERY_BROKER_DIR),
        "control_folder": str(CELERY_BROKER_DIR / "control"),
    }
# Three queues, each with workers of its own (docker-compose.yml; docs/jobs.md, "Queues"), so
# that a long render never delays a reminder or a sweep: ``documents`` (every export job:
# decrees, reports, the LHE, survey reports and posters, submission packages: one task),
# ``mail`` (the monthly reminder and its notices and e-mails), ``sweeps`` (the job sweeper, the
# import-upload sweep). Every portal task is routed here by name (tests/test_queues.py); a
# worker started without -Q consumes only the default queue, ``documents``, so that an older
# single-queue command line (bench/pdf.py's workers) still renders exports. `make run`'s one
# worker and the tests' real workers consume all three (CELERY_QUEUE_NAMES).
CELERY_QUEUE_DOCUMENTS = "documents"
CELERY_QUEUE_MAIL = "mail"
CELERY_QUEUE_SWEEPS = "sweeps"
CELERY_QUEUE_NAMES = (CELERY_QUEUE_DOCUMENTS, CELERY_QUEUE_MAIL, CELERY_QUEUE_SWEEPS)
CELERY_TASK_DEFAULT_QUEUE = CELERY_QUEUE_DOCUMENTS
CELERY_TASK_ROUTES = {
    "reports.tasks.render_report": {"queue": CELERY_QUEUE_DOCUMENTS},
    "reports.tasks.send_reminders": {"queue": CELERY_QUEUE_MAIL},
    "reports.tasks.sweep_jobs": {"queue": CELERY_QUEUE_SWEEPS},
    "transfer.tasks.sweep_import_uploads": {"queue": CELERY_QUEUE_SWEEPS},
}
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_TIMEOUT = env.float("CELERY_BROKER_CONNECT_TIMEOUT", default=2.0)
# A worker keeps trying to reach a broker that went away; a web request does not (it
# publishes with retry=False and leaves the job to the sweeper).
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

# Documents: signing key and certificate (PEM), the address printed in QR codes, and how
# long a running export may go without a heartbeat before it is re-queued.
SIGNING_DIR = VAR_DIR / "signing"
SIGNING_KEY_FILE = Path(production_or("SIGNING_KEY_FILE", str(SIGNING_DIR / "key.pem")))
SIGNING_CERT_FILE = Path(production_or("SIGNING_CERT_FILE", str(SIGNING_DIR / "cert.pem")))
SIGNING_KEY_PASSPHRASE = env.str("SIGNING_KEY_PASSPHRASE", default="")
# Where the portal is served, for links made without a request (QR codes in PDFs rendered by
# the worker, e-mails): `make run` passes its HOST and PORT; else PORT (default 8000).
# Production has no default: a QR code must never print the machine's own address.
PORTAL_BASE_URL = production_or(
    "PORTAL_BASE_URL", f"http://127.0.0.1:{env.str('PORT', default='8000')}"
)
if PRODUCTION:
    PORTAL_BASE_URL = public_base_url(PORTAL_BASE_URL)
# Export jobs (reports/jobs.py, docs/jobs.md): a running render beats every
# REPORT_HEARTBEAT_SECONDS from a thread of its own; a job without a beat for
# REPORT_STALE_SECONDS lost its worker and is re-queued by the sweeper, which beat runs every
# REPORT_SWEEP_SECONDS (and every worker once at start and once REPORT_STALE_SECONDS later).
REPORT_HEARTBEAT_SECONDS = env.float("REPORT_HEARTBEAT_SECONDS", default=10.0)
REPORT_STALE_SECONDS = env.float("REPORT_STALE_SECONDS", default=60.0)
REPORT_SWEEP_SECONDS = env.float("REPORT_SWEEP_SECONDS", default=30.0)
REPORT_MAX_ATTEMPTS = env.int("REPORT_MAX_ATTEMPTS", default=3)
# A queued job handed to the broker this long ago and never started is sent again (its
# message was lost); one queued longer than REPORT_QUEUE_EXPIRY_SECONDS, or running longer
# than REPORT_MAX_RUN_SECONDS, fails with a message: no job waits forever.
REPORT_REDISPATCH_SECONDS = env.float("REPORT_REDISPATCH_SECONDS", default=600.0)
REPORT_QUEUE_EXPIRY_SECONDS = env.float("REPORT_QUEUE_EXPIRY_SECONDS", default=86400.0)
REPORT_MAX_RUN_SECONDS = env.float("REPORT_MAX_RUN_SECONDS", default=1800.0)
# Tests only: each render waits this long first (beating) so that a test can kill a
# worker in the middle of one. Always 0 in production.
REPORT_RENDER_DELAY_SECONDS = (
    0.0 if PRODUCTION else env.float("REPORT_RENDER_DELAY_SECONDS", default=0.0)
)
# Monthly reminder: on this day, coordinators with missing entries for the month just
# ended get an email and a notice.
REMINDER_DAY = env.int("REMINDER_DAY", default=5)
CELERY_BEAT_SCHEDULE = {
    "monthly-reminders": {
        "task": "reports.tasks.send_reminders",
        "schedule": crontab(minute=0, hour=7, day_of_month=str(REMINDER_DAY)),
    },
    "sweep-export-jobs": {
        "task": "reports.tasks.sweep_jobs",
        "schedule": REPORT_SWEEP_SECONDS,
    },
    "sweep-import-uploads": {
        "task": "transfer.tasks.sweep_import_uploads",
        "schedule": crontab(minute=17),
    },
}

EMAIL_BACKEND = env.str(
    "EMAIL_BACKEND",
    default=(
        "django.core.mail.backends.smtp.EmailBackend"
        if PRODUCTION
        else "django.core.mail.backends.console.EmailBackend"
    ),
)
if PRODUCTION:
    EMAIL_CONFIG = env.email_url_config(required("EMAIL_URL"))
    vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = production_or("DEFAULT_FROM_EMAIL", "ZI Portal <zi-portal@localhost>")

# Security headers; the secure-cookie and HSTS settings follow the profile so that
# `manage.py check --deploy` is clean in production.
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SECURE_REFERRER_POLICY = "same-origin"
# Content-Security-Policy (django-csp): scripts and styles only from the portal's own files —
# no inline scripts or handlers (static/js/portal.js holds the page behaviour), no style
# attributes or <style> blocks (static/css/portal.css; bar widths are classes, the |lebar
# filter; htmx's indicator rule is in the stylesheet, base.html turns its own off).
# tests/test_templates_guard.py keeps the templates so. The admin's rules: static/css/admin.css
# (templates/admin/; the style attributes of simple_history's and import_export's pages are
# allowed by hash on those views only: common/admin.py). The PDFs (templates/reports/pdf/)
# are WeasyPrint's and keep their <style>.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # WeasyPrint logs every rendering step at INFO.
    "loggers": {"weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}
