"""Every URL pattern, filled with odd values, for every role: never a 500.

The patterns are read from the resolver (nothing listed by hand), so a new page is walked
as soon as it is routed. Each parameter is tried with its odd values one at a time, the
others kept at an ordinary value: 0, 13, an integer past bigint, -1, NUL, very long strings,
another unit's slug and another unit's object ids (one value per class of input).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import unquote

import pytest
from django.test import Client
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve
from django.urls.resolvers import RoutePattern

from access.models import Unit
from areas.models import ActionItem, Component
from evidence.services import evidence_submit
from tests.factories import PDF_BYTES, upload

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "admin", "ketua", "sekretariat", "koordinator_own", "tpi"]
# One value per class: no such row (and month 0), a small number past every month that may
# also be a row, one past the largest bigint (2**63), a negative number.
NUMBERS = ["0", "13", "9223372036854775808", "-1"]
# NUL alone and inside a word, a very long string, non-ASCII, a path climbing out.
TEXTS = ["%00", "a%00b", "x" * 3000, "%C3%A9%F0%9F%98%80", "..%2F..%2Fetc"]
ROUTE_PARAM = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")
REGEX_GROUP = re.compile(r"\(\?P<(?P<name>\w+)>[^)]*\)")


def patterns(resolver: URLResolver, prefix: tuple = ()) -> Iterator[tuple]:
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from patterns(entry, (*prefix, entry.pattern))
        elif isinstance(entry, URLPattern):
            yield (*prefix, entry.pattern)


def parameters(chain: tuple) -> list[tuple[str, str]]:
    """(name, kind) of each parameter along a pattern chain, in order."""
    found = []
    for part in chain:
        if isinstance(part, RoutePattern):
            found += [
                (m["name"], m["converter"] or "str") for m in ROUTE_PARAM.finditer(part._route)
            ]
        else:
            found += [(m["name"], "regex") for m in REGEX_GROUP.finditer(part._regex)]
    return found


def build(chain: tuple, values: dict[str, str]) -> str:
    url = ""
    for part in chain:
        if isinstance(part, RoutePattern):
            url += ROUTE_PARAM.sub(lambda m: values[m["name"]], part._route)
        else:
            text = REGEX_GROUP.sub(lambda m: values[m["name"]], part._regex)
            url += text.lstrip("^").rstrip("$").replace("\\", "")
    return "/" + url


def odd_values(kind: str, name: str, other: dict[str, list[str]]) -> list[str]:
    if kind == "slug" and name == "slug":
        return ["kpu-sambas", "tidak-ada", "a" * 300, *TEXTS[:2]]
    if kind in {"year", "month", "int"}:
        return [*NUMBERS, "abc"]
    if kind == "id":
        return [*NUMBERS, *other["ids"]]
    return [*NUMBERS[:3], *TEXTS, *other["ids"][:1]]


def ordinary(kind: str, name: str) -> str:
    return {"slug": "kpu-kalbar" if name == "slug" else "x", "year": "2025", "month": "4"}.get(
        kind, "1"
    )


def reaches_a_view(url: str) -> bool:
    """Whether the resolver matches the URL (else it answers 404 before any view runs)."""
    try:
        resolve(unquote(url))
    except Resolver404:
        return False
    return True


def urls(other: dict[str, list[str]], admin: bool, refused: bool = True) -> Iterator[str]:
    """Every pattern filled with ordinary and odd values; ``refused=False`` leaves out the
    URLs the resolver refuses."""
    for chain in patterns(get_resolver()):
        is_admin = build(chain, {n: "1" for n, _ in parameters(chain)}).startswith("/admin/")
        params = parameters(chain)
        if is_admin != admin or (admin and not params):
            continue
        base = {name: ordinary(kind, name) for name, kind in params}
        filled = [build(chain, base)] + [
            build(chain, {**base, name: value})
            for name, kind in params
            for value in odd_values(kind, name, other)
        ]
        yield from (url for url in filled if refused or reaches_a_view(url))


@pytest.fixture
def other_ids(people: dict, sambas: Unit) -> dict[str, list[str]]:
    """Ids of another unit's objects (and an evidence file of this unit, so file ids
    resolve to something real)."""
    component = Component.objects.filter(plan__unit=sambas).first()
    action = ActionItem.objects.filter(area__plan__unit=sambas).first()
    own_action = ActionItem.objects.filter(area__plan__unit__slug="kpu-kalbar").first()
    version = evidence_submit(
        user=people["koordinator_own"],
        action=own_action,
        month=4,
        files=[upload("sk.pdf", PDF_BYTES)],
    )
    ids = [component.pk, action.pk, version.evidence_id, version.files.get().pk]
    return {"ids": [str(i) for i in ids]}


def walk(client: Client, urls: Iterator[str], relogin: object = None) -> list[str]:
    failures = []
    for url in urls:
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            if response.status_code >= 500:
                failures.append(f"{method.upper()} {url[:120]} → {response.status_code}")
            if relogin and "/akun/keluar/" in url:
                client.force_login(relogin)
    return failures


# A URL the resolver refuses is answered 404 before any view runs: what the role changes is
# only the 404 page's navigation, so those URLs are walked signed out and as one signed-in
# role; every role walks every URL that reaches a view.
ROLES_WALKING_REFUSED_URLS = {"anonymous", "ketua"}


@pytest.mark.parametrize("role", ROLES)
def test_no_page_answers_500_to_odd_path_values(
    people: dict, other_ids: dict[str, list[str]], role: str
) -> None:
    client = Client(raise_request_exception=False)
    user = None if role == "anonymous" else people[role]
    if user:
        client.force_login(user)
    refused = role in ROLES_WALKING_REFUSED_URLS
    failures = walk(client, urls(other_ids, admin=False, refused=refused), relogin=user)
    assert failures == [], "\n".join(failures)


@pytest.mark.parametrize("role", ["anonymous", "admin"])
def test_no_admin_page_answers_500_to_odd_path_values(
    people: dict, other_ids: dict[str, list[str]], role: str
) -> None:
    """Users who are not staff are sent to the admin's login before any value is read;
    the superuser reaches every admin view with the odd values."""
    client = Client(raise_request_exception=False)
    if role != "anonymous":
        client.force_login(people[role])
    failures = walk(client, urls(other_ids, admin=True))
    assert failures == [], "\n".join(failures)


def test_the_walk_tells_refused_urls_from_those_that_reach_a_view() -> None:
    assert reaches_a_view("/satker/kpu-kalbar/dasbor/")
    assert not reaches_a_view("/satker/kpu-kalbar/progres/komponen/99999999999999999999/")
    assert not reaches_a_view("/tidak-ada-halaman/")
