"""gunicorn settings for the web service (Dockerfile, docker-compose.yml).

gunicorn does not cap request bodies (limit_request_* cover the request line and headers
only): the body is capped by nginx in front (deploy/nginx.conf, client_max_body_size) and,
while it streams, by the portal's upload handler (common/uploads.py).
"""

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
# An import preview or an upload is refused or answered well within this.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190
accesslog = "-"
# nginx sets X-Forwarded-For / X-Forwarded-Proto; trust them only from the proxy. The
# portal reads X-Forwarded-For itself, as far as TRUSTED_PROXY_COUNT says (common/client_ip.py).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
