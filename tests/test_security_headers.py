"""Content-Security-Policy without inline scripts, and no caching of logged-in pages."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from access.models import Unit

pytestmark = pytest.mark.django_db

INLINE_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE)
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\ssrc=)[^>]*>", re.IGNORECASE)


def pages(province: Unit) -> list[str]:
    slug = province.slug
    return [
        f"/satker/{slug}/dasbor/",
        f"/satker/{slug}/provinsi/",
        f"/satker/{slug}/progres/?tahun=2025&bulan=4",
        f"/satker/{slug}/progres/kunci/2025/",
        f"/satker/{slug}/dokumen/",
        f"/satker/{slug}/data/",
        f"/satker/{slug}/bukti/2025/",
        "/pemberitahuan/",
        "/publik/",
        f"/publik/{slug}/2025/",
        "/akun/masuk/",
    ]


@pytest.mark.parametrize("role", ["ketua", "sekretariat", "koordinator_own", "tpi", "admin"])
def test_pages_carry_a_policy_that_forbids_inline_scripts_and_have_none(
    client: Client, people: dict, province: Unit, role: str
) -> None:
    client.force_login(people[role])
    for url in pages(province):
        response = client.get(url)
        assert response.status_code in {200, 403}, url  # not every role may see every page
        policy = response["Content-Security-Policy"]
        script_src = re.search(r"script-src ([^;]*)", policy)[1]
        assert script_src.split() == ["'self'"], policy
        assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
        body = response.content.decode()
        assert not INLINE_HANDLER.search(body), (url, INLINE_HANDLER.search(body)[0])
        assert not INLINE_SCRIPT.search(body), (url, INLINE_SCRIPT.search(body)[0])
        assert response.status_code == 403 or "js/portal.js" in body


@pytest.mark.parametrize("role", ["ketua", "koordinator_own", "admin"])
def test_every_logged_in_page_is_private_and_not_stored(
    client: Client, people: dict, province: Unit, role: str
) -> None:
    client.force_login(people[role])
    for url in [*pages(province), "/admin/", f"/satker/{province.slug}/tidak-ada/"]:
        response = client.get(url)
        directives = {d.strip() for d in response["Cache-Control"].split(",")}
        assert {"private", "no-store"} <= directives, (url, response["Cache-Control"])


def test_public_pages_for_visitors_are_not_marked_private(client: Client, province: Unit) -> None:
    response = client.get("/publik/")
    assert "private" not in response.get("Cache-Control", "")
    assert "Content-Security-Policy" in response


def test_the_admin_export_page_allows_its_one_inline_handler_by_hash(
    client: Client, people: dict
) -> None:
    import base64
    import hashlib

    client.force_login(people["admin"])
    response = client.get("/admin/areas/component/export/")
    assert response.status_code == 200
    handlers = re.findall(r'\son[a-z]+="([^"]*)"', response.content.decode())
    assert handlers, "the page has no inline handler any more: drop the exception"
    script_src = re.search(r"script-src ([^;]*)", response["Content-Security-Policy"])[1].split()
    assert "'unsafe-inline'" not in script_src
    for handler in handlers:
        digest = base64.b64encode(hashlib.sha256(handler.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in script_src, handler
    assert (
        "'unsafe-hashes'"
        not in re.search(
            r"script-src ([^;]*)", client.get("/admin/").headers["Content-Security-Policy"]
        )[1]
    )
