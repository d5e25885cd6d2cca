import logging
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import BadRequest
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import patch_cache_control
from redis.exceptions import RedisError

from common.client_ip import client_ip

logger = logging.getLogger(__name__)


class ChosenLanguageMiddleware:
    """Indonesian unless the user chose another language with the selector.

    Django's LocaleMiddleware would follow the browser's Accept-Language, and most browsers
    here send en-US: the portal must open in Indonesian all the same.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.available = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.available else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class RefuseNulMiddleware:
    """A NUL character in the path or the query string answers 400.

    No page has such a name, and PostgreSQL refuses NUL in text: a lookup with it would
    break in the view (``/verifikasi/%00/`` answered 500). Form fields refuse NUL on their
    own (Django's ProhibitNullCharactersValidator).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        query = request.META.get("QUERY_STRING", "")
        if "\x00" in request.path or "%00" in query or "\x00" in query:
            raise BadRequest("Alamat berisi karakter yang tidak sah.")
        return self.get_response(request)


def anon_upload_key(address: str | None) -> str:
    return f"zi:anon-upload:{address or 'unknown'}"


# What a cache that cannot be reached raises: redis-py's errors, or the socket's.
CACHE_ERRORS: tuple[type[BaseException], ...] = (RedisError, OSError)


class AnonymousUploadThrottleMiddleware:
    """At most ANON_UPLOADS_PER_HOUR anonymous uploads per client address and hour (429).

    The address is common.client_ip's (X-Forwarded-For only as far as
    TRUSTED_PROXY_COUNT trusts it). The count lives in the shared cache (Redis in
    production, so every gunicorn worker sees it). An address already at the limit is
    refused before the body is read, so a refused request stores nothing; a request is
    counted only in ``process_view``, after CsrfViewMiddleware (listed before this one)
    let it through: a post that fails the CSRF check, or goes to no page, could store
    nothing and is not counted. With the cache unreachable the upload is refused with a
    503 that says so (the limit cannot be checked), never a bare 500.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _anonymous_upload(request):
            try:
                count = cache.get(anon_upload_key(client_ip(request)), 0)
            except CACHE_ERRORS as error:
                return upload_limit_unavailable(request, error)
            if count >= settings.ANON_UPLOADS_PER_HOUR:
                return _too_many_uploads(request)
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., HttpResponse], args: object, kwargs: object
    ) -> HttpResponse | None:
        if not _anonymous_upload(request):
            return None
        key = anon_upload_key(client_ip(request))
        try:
            cache.add(key, 0, timeout=3600)
            count = cache.incr(key)
        except CACHE_ERRORS as error:
            return upload_limit_unavailable(request, error)
        if count > settings.ANON_UPLOADS_PER_HOUR:
            return _too_many_uploads(request)
        return None


def _anonymous_upload(request: HttpRequest) -> bool:
    is_upload = request.method == "POST" and request.content_type == "multipart/form-data"
    return is_upload and not request.user.is_authenticated


def _too_many_uploads(request: HttpRequest) -> HttpResponse:
    context = {"per_hour": settings.ANON_UPLOADS_PER_HOUR}
    response = render(request, "429.html", context, status=429)
    response["Retry-After"] = "3600"
    return response


def upload_limit_unavailable(request: HttpRequest, error: BaseException) -> HttpResponse:
    """The anonymous upload limit lives in Redis, which does not answer: the upload is
    refused (the limit cannot be checked) with the 503 that says so."""
    return redis_unavailable(request, error, upload=True)


def redis_unavailable(
    request: HttpRequest, error: BaseException, *, upload: bool = False
) -> HttpResponse:
    """The 503 of a Redis (cache, broker) that does not answer, in Indonesian, logged:
    from the upload limit above, or from anywhere else in a request (the 500 handler,
    zi_portal.views.server_error). Rendered without the request context."""
    logger.error("Redis tidak terjangkau: %s %s", request.method, request.path, exc_info=error)
    context = {"upload": upload, "path": request.get_full_path()}
    response = HttpResponse(render_to_string("503_service.html", context), status=503)
    response["Retry-After"] = "60"
    patch_cache_control(response, private=True, no_store=True)
    return response


class PrivatePagesMiddleware:
    """Pages for a logged-in user are never stored by a browser or a proxy cache: after
    logging out, Back must not show them, and a shared computer must not keep them."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if _logged_in(request):
            patch_cache_control(response, private=True, no_store=True)
        return response


def _logged_in(request: HttpRequest) -> bool:
    try:
        return request.user.is_authenticated
    except DatabaseError:  # the database is gone (a 503 is on its way): assume so
        return settings.SESSION_COOKIE_NAME in request.COOKIES


class DatabaseUnavailableMiddleware:
    """The database connection dropped while a request ran: answer 503 in Indonesian
    saying the save may or may not have been stored, never a bare 500.

    Rendered without the request context (no navigation, no session): those need the
    database too. An htmx row save gets a notice placed before the row, which keeps what
    the user typed (static/js/portal.js lets htmx swap a 503).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        return database_unavailable(request, exception)


def database_unavailable(request: HttpRequest, exception: BaseException) -> HttpResponse:
    """The 503 of a dropped database connection: from a view (the middleware above), or
    from anywhere else in the request (zi_portal.views.server_error, the 500 handler)."""
    logger.error(
        "Koneksi basis data terputus: %s %s", request.method, request.path, exc_info=exception
    )
    saving = request.method not in {"GET", "HEAD", "OPTIONS"}
    if request.headers.get("HX-Request") == "true":
        body = render_to_string("includes/db_unavailable.html", {"saving": saving})
        response = HttpResponse(body, status=503)
        response["HX-Reswap"] = "beforebegin"
    else:
        body = render_to_string("503.html", {"saving": saving, "path": request.get_full_path()})
        response = HttpResponse(body, status=503)
    response["Retry-After"] = "30"
    patch_cache_control(response, private=True, no_store=True)
    return response
