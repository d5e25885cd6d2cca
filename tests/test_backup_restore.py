"""`manage.py backup` and `manage.py restore`: a backup restored into a new database and an
empty storage folder gives back every issued document and evidence file, byte for byte; a
restore refuses a database that has tables, and names every file that does not match."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from access.models import Unit
from areas.models import ActionItem
from evidence.models import EvidenceFile
from evidence.services import evidence_submit
from tests.backup_support import decree_issued, restore_run, rows, sha256
from tests.factories import PDF_BYTES, PNG_BYTES, upload

pytestmark = [pytest.mark.backup, pytest.mark.django_db(transaction=True)]


def restore_into(database: str, storage: Path, backup: Path) -> subprocess.CompletedProcess:
    """`manage.py restore` as an operator runs it: its own process, DATABASE_URL and
    PRIVATE_MEDIA_ROOT naming the new database and the empty folder."""
    return restore_run(database, backup, {"PRIVATE_MEDIA_ROOT": str(storage)})


def test_a_backup_restored_into_a_new_database_gives_back_every_document_and_file(
    evidence_files: list[EvidenceFile],
    fresh_database: str,
    private_root: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    decree = decree_issued(tmp_path / "keputusan.pdf")
    backup = tmp_path / "cadangan"
    call_command("backup", "--output", str(backup))
    assert "3 berkas (3 disalin)" in capsys.readouterr().out
    manifest = json.loads((backup / "manifest.json").read_text())
    listed = {entry["name"]: entry for entry in manifest["files"]}
    assert listed[decree.output.name]["sha256"] == decree.sha256
    assert listed[decree.output.name]["references"] == [f"reports.reportjob:{decree.pk}.output"]
    assert manifest["portal"]["migrations"]["reports"], "the migration state is recorded"

    storage = tmp_path / "kosong"
    storage.mkdir()
    result = restore_into(fresh_database, storage, backup)
    assert result.returncode == 0, result.stderr
    assert "semuanya cocok dengan manifes" in result.stdout
    issued = rows(fresh_database, "SELECT output, sha256, code FROM reports_reportjob")
    assert issued == [(decree.output.name, decree.sha256, decree.code)]
    for name, recorded, _ in issued:
        assert sha256((storage / name).read_bytes()) == recorded
    restored_files = rows(fresh_database, "SELECT file, sha256 FROM evidence_evidencefile")
    assert sorted(restored_files) == sorted((f.file.name, f.sha256) for f in evidence_files)
    for name, recorded in restored_files:
        assert (storage / name).read_bytes() == (private_root / name).read_bytes()
        assert sha256((storage / name).read_bytes()) == recorded


def test_a_restore_into_a_database_with_tables_is_refused(
    evidence_files: list[EvidenceFile], tmp_path: Path
) -> None:
    backup = tmp_path / "cadangan"
    call_command("backup", "--output", str(backup))
    with pytest.raises(CommandError, match=r"Basis data tujuan tidak kosong: ada \d+ tabel"):
        call_command("restore", "--input", str(backup))
    assert EvidenceFile.objects.count() == 2  # nothing touched


def test_a_tampered_and_a_missing_file_in_the_backup_are_named(
    evidence_files: list[EvidenceFile], fresh_database: str, tmp_path: Path
) -> None:
    backup = tmp_path / "cadangan"
    call_command("backup", "--output", str(backup))
    tampered, missing = (f.file.name for f in evidence_files)
    (backup / "files" / "default" / tampered).write_bytes(PDF_BYTES + b"% diubah\n")
    (backup / "files" / "default" / missing).unlink()
    storage = tmp_path / "kosong"
    storage.mkdir()
    result = restore_into(fresh_database, storage, backup)
    assert result.returncode != 0
    assert "hal tidak cocok" in result.stderr
    assert f"Salinan {tampered} dalam cadangan tidak sama dengan manifes" in result.stderr
    assert f"Berkas {missing} tidak ada di penyimpanan setelah pemulihan" in result.stderr
    assert not (storage / tampered).exists()  # a damaged copy is not put back


def test_a_file_changed_after_it_was_recorded_is_named_by_its_row(
    evidence_files: list[EvidenceFile], fresh_database: str, private_root: Path, tmp_path: Path
) -> None:
    changed = evidence_files[0]
    (private_root / changed.file.name).write_bytes(PDF_BYTES + b"% ditimpa\n")
    backup = tmp_path / "cadangan"
    call_command("backup", "--output", str(backup))
    storage = tmp_path / "kosong"
    storage.mkdir()
    result = restore_into(fresh_database, storage, backup)
    assert result.returncode != 0
    assert f"SHA-256 tercatat {changed.sha256} tetapi berkasnya" in result.stderr
    assert f"evidence.evidencefile:{changed.pk}.file" in result.stderr


def test_a_file_missing_from_storage_is_listed_and_the_backup_fails(
    evidence_files: list[EvidenceFile], private_root: Path, tmp_path: Path
) -> None:
    gone = evidence_files[1]
    (private_root / gone.file.name).unlink()
    backup = tmp_path / "cadangan"
    with pytest.raises(CommandError, match=f"Berkas {gone.file.name} .* tidak ada di penyimpanan"):
        call_command("backup", "--output", str(backup))
    manifest = json.loads((backup / "manifest.json").read_text())
    assert [e["name"] for e in manifest["files"] if e.get("missing")] == [gone.file.name]


def test_a_backup_goes_into_a_new_folder_only(
    evidence_files: list[EvidenceFile], tmp_path: Path
) -> None:
    (tmp_path / "lama").mkdir()
    (tmp_path / "lama" / "manifest.json").write_text("{}")
    with pytest.raises(CommandError, match="sudah berisi berkas: pakai folder baru"):
        call_command("backup", "--output", str(tmp_path / "lama"))


def models_with_files() -> list[type]:
    from django.apps import apps
    from django.db import models

    return [
        model
        for model in apps.get_models()
        if not model._meta.proxy
        and any(isinstance(f, models.FileField) for f in model._meta.concrete_fields)
    ]


@pytest.mark.django_db(transaction=False)
def test_the_stored_files_are_read_with_one_query_per_model_with_a_file_field(
    people: dict, django_assert_num_queries
) -> None:
    from backups.files import stored_files

    unit = Unit.objects.get(slug="kpu-kalbar")
    action = ActionItem.objects.filter(area__plan__unit=unit, area__code="manajemen_perubahan")
    for month, content in ((1, PDF_BYTES), (2, PDF_BYTES + b"% dua\n")):
        files = [upload("a.pdf", content), upload("b.png", PNG_BYTES)]
        evidence_submit(user=people["koordinator_own"], action=action[0], month=month, files=files)
    found = len(models_with_files())
    assert found >= 4  # logos, figures, documents, evidence, LKE attachments
    with django_assert_num_queries(found + 1):
        listed = stored_files()
    assert len([f for f in listed if f.references[0].startswith("evidence.evidencefile:")]) == 4
    assert all(len(f.recorded) == 1 for f in listed if "evidencefile" in f.references[0])


@pytest.mark.django_db(transaction=False)
def test_a_backup_of_sqlite_is_refused_with_what_to_do_instead(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(connection, "vendor", "sqlite")
    with pytest.raises(CommandError, match=r"hanya untuk PostgreSQL.*salin var/db\.sqlite3"):
        call_command("backup", "--output", str(tmp_path / "cadangan"))
    assert not (tmp_path / "cadangan").exists()
