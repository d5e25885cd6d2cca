"""Shared by lke_import and lke_export: the unit and the user the command acts as."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError, CommandParser

from access.models import Unit


def add_unit_arguments(parser: CommandParser) -> None:
    parser.add_argument("--unit", required=True, help="Kode satuan kerja, misalnya kpu-kalbar.")
    parser.add_argument("--year", type=int, required=True, help="Tahun rencana kerja.")
    parser.add_argument(
        "--user",
        help="Nama pengguna yang dicatat (riwayat, catatan impor); default: superuser pertama.",
    )


def unit_and_user(slug: str, username: str | None) -> tuple[Unit, Any]:
    unit = Unit.objects.filter(slug=slug).first()
    if unit is None:
        raise CommandError(f"Satuan kerja {slug!r} tidak ditemukan.")
    users = get_user_model().objects.filter(is_active=True)
    user = (
        users.filter(username=username).first()
        if username
        else users.filter(is_superuser=True).order_by("pk").first()
    )
    if user is None:
        raise CommandError(
            f"Pengguna {username!r} tidak ditemukan."
            if username
            else "Tidak ada superuser untuk dicatat sebagai pengimpor (buat satu atau pakai --user)."
        )
    return unit, user
