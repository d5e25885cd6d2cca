"""Uploads kept for an import's preview are capped per user across every session and in
all, and swept when they expire (transfer.stash)."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from areas.models import WorkPlan
from tests.test_transfer_support import PROGRESS_HEADERS, csv_file, upload_file
from transfer.stash import FULL_MESSAGE
from transfer.tasks import sweep_import_uploads

pytestmark = pytest.mark.django_db


def content(percent: int) -> bytes:
    return csv_file([PROGRESS_HEADERS, ["Manajemen Perubahan", "Tim Kerja", 4, str(percent), ""]])


def kept(private_root: Path) -> list[Path]:
    folder = private_root / "imports"
    return sorted(folder.iterdir()) if folder.exists() else []


def fresh_login(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_new_logins_do_not_make_room_beyond_the_users_cap(
    plan: WorkPlan, people: dict, private_root: Path, settings
) -> None:
    settings.IMPORT_KEEP_PER_USER = 2
    sessions = [fresh_login(people["sekretariat"]) for _ in range(3)]
    previews = [upload_file(client, content(10 + n)) for n, client in enumerate(sessions)]
    assert all(preview.status_code == 200 for preview in previews)
    assert len(kept(private_root)) == 2
    # The first session's upload was the oldest: its preview says the file is gone.
    token = previews[0].context["token"]
    gone = sessions[0].get(reverse("transfer_preview", args=["kpu-kalbar", token]), follow=True)
    assert "Berkas unggahan tidak ditemukan lagi" in gone.content.decode()
    latest = previews[2].context["token"]
    url = reverse("transfer_preview", args=["kpu-kalbar", latest])
    assert sessions[2].get(url).status_code == 200


def test_the_users_bytes_are_capped_across_sessions(
    plan: WorkPlan, people: dict, private_root: Path, settings
) -> None:
    size = len(content(10))
    settings.IMPORT_KEEP_USER_BYTES = 2 * size + size // 2  # room for two
    for n in range(3):
        assert upload_file(fresh_login(people["sekretariat"]), content(10 + n)).status_code == 200
    assert sum(path.stat().st_size for path in kept(private_root)) <= 2 * size + size // 2
    assert len(kept(private_root)) == 2


def test_past_the_cap_of_all_users_an_upload_is_refused_with_a_message(
    plan: WorkPlan, people: dict, private_root: Path, settings
) -> None:
    size = len(content(10))
    settings.IMPORT_KEEP_TOTAL_BYTES = size + size // 2  # room for one
    mine = fresh_login(people["sekretariat"])
    first = upload_file(mine, content(10))
    assert first.status_code == 200
    refused = upload_file(fresh_login(people["admin"]), content(20))
    assert refused.status_code == 422
    assert FULL_MESSAGE in refused.content.decode()
    assert len(kept(private_root)) == 1
    # Nothing of the first user's was dropped for it.
    url = reverse("transfer_preview", args=["kpu-kalbar", first.context["token"]])
    assert mine.get(url).status_code == 200


def _age(path: Path, hours: float) -> None:
    then = time.time() - hours * 3600
    os.utime(path, (then, then))


def test_the_sweep_deletes_every_users_expired_uploads_and_keeps_fresh_ones(
    plan: WorkPlan, people: dict, private_root: Path, settings
) -> None:
    settings.IMPORT_KEEP_HOURS = 24
    upload_file(fresh_login(people["sekretariat"]), content(10))
    upload_file(fresh_login(people["admin"]), content(20))
    upload_file(fresh_login(people["admin"]), content(30))
    old_one, old_two, fresh = kept(private_root)
    _age(old_one, 25)
    _age(old_two, 30)
    call_command("sweep_imports", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert kept(private_root) == [fresh]
    _age(fresh, 2)
    assert sweep_import_uploads() == 0
    _age(fresh, 25)
    assert sweep_import_uploads() == 1
    assert kept(private_root) == []


def test_beat_sweeps_the_kept_uploads() -> None:
    tasks = {entry["task"] for entry in django_settings.CELERY_BEAT_SCHEDULE.values()}
    assert "transfer.tasks.sweep_import_uploads" in tasks
