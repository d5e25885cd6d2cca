"""The client's address: the one reader of X-Forwarded-For.

Behind a proxy every request comes from the proxy's address, so the anonymous upload
limit (zi_portal.middleware) and the login lockout (django-axes, through
``AXES_CLIENT_IP_CALLABLE``) would count every client as one. The header is trusted only
as far as ``TRUSTED_PROXY_COUNT`` says: each of that many proxies in front of the portal
appends the address it saw (nginx: ``$proxy_add_x_forwarded_for``), so the entry that
many places from the right was written by the outermost trusted proxy; whatever a client
put before it is its own claim and is never read. With 0 (the default) the header is
ignored and ``REMOTE_ADDR`` is the client.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _address(value: str) -> str | None:
    """The address in its canonical spelling, or None when the text is not one."""
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str | None:
    """The address of the client that sent the request, as far as the trusted proxies
    vouch for it; ``REMOTE_ADDR`` when the header is missing, too short or not an address.
    None for a request without any address (``force_login``'s, a management command's):
    axes stores it as such."""
    remote = _address(request.META.get("REMOTE_ADDR", ""))
    count = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0))
    if count <= 0:
        return remote
    chain = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    if len(chain) < count:
        return remote
    return _address(chain[-count]) or remote
