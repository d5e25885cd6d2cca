"""`manage.py backup` and `manage.py restore` with the files in an S3 bucket (a moto server,
tests/s3_support.py): the manifest lists every object with its SHA-256 (read as a stream);
``--with-files`` copies them and a restore under a new, empty key prefix puts every object
back into the bucket (never onto the local disk); a backup without copies is verified
against the bucket that still holds the objects, and names every object an empty prefix
lacks."""

from __future__ import annotations

import json
import socket
import uuid
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from backups.services import restore_verify
from evidence.models import EvidenceFile
from reports.models import ReportJob
from tests.backup_support import decree_issued, evidence_uploaded, restore_run, rows, sha256
from tests.s3_support import S3Server, local_files, whole_object_copies

pytestmark = [pytest.mark.backup, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def bucket_files(s3_storage: str, transactional_db: None, tmp_path: Path) -> dict[str, str]:
    """Two evidence files and an issued decree, stored in the bucket under the test's
    prefix: stored name → SHA-256 its row recorded."""
    evidence = evidence_uploaded()
    decree = decree_issued(tmp_path / "keputusan.pdf")
    return {f.file.name: f.sha256 for f in evidence} | {decree.output.name: decree.sha256}


def object_bytes(server: S3Server, key: str) -> bytes:
    return server.client().get_object(Bucket=server.bucket, Key=key)["Body"].read()


def restore_under(
    prefix: str, database: str, backup: Path, s3_env: dict[str, str], disk: Path
) -> object:
    """The restore, with the storage the bucket under ``prefix`` and an empty local folder
    as PRIVATE_MEDIA_ROOT (which must stay empty)."""
    disk.mkdir()
    return restore_run(
        database, backup, {**s3_env, "AWS_LOCATION": prefix, "PRIVATE_MEDIA_ROOT": str(disk)}
    )


def closed_endpoint() -> str:
    """An S3 address nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{probe.getsockname()[1]}"


def restored_hashes(database: str) -> list[tuple[str, str]]:
    """(stored name, recorded SHA-256) of every issued document and evidence file."""
    return rows(
        database,
        "SELECT output, sha256 FROM reports_reportjob WHERE output <> '' "
        "UNION ALL SELECT file, sha256 FROM evidence_evidencefile ORDER BY 1",
    )


def test_a_backup_with_files_restored_under_an_empty_prefix_puts_every_object_back(
    bucket_files: dict[str, str],
    s3_storage: str,
    s3_server: S3Server,
    s3_env: dict[str, str],
    fresh_database: str,
    private_root: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    copied = whole_object_copies(monkeypatch)
    backup = tmp_path / "cadangan"
    call_command("backup", "--output", str(backup), "--with-files")
    assert "3 berkas (3 disalin)" in capsys.readouterr().out
    assert copied == []  # every object hashed and copied as a stream, none spooled first
    manifest = json.loads((backup / "manifest.json").read_text())
    assert manifest["storage"]["backend"] == "common.storage.PrivateS3Storage"
    listed = {f"{s3_storage}/{e['name']}": e for e in manifest["files"]}
    assert listed.keys() == s3_server.keys(s3_storage).keys()  # every object, nothing else
    for key, entry in listed.items():
        content = object_bytes(s3_server, key)
        assert (entry["size"], entry["sha256"]) == (len(content), sha256(content))
        assert entry["sha256"] == bucket_files[entry["name"]]
        assert entry["copied"] is True
        assert (backup / "files" / "default" / entry["name"]).read_bytes() == content
    assert local_files(private_root) == []

    prefix = f"t-{uuid.uuid4().hex[:12]}"
    assert s3_server.keys(prefix) == {}
    result = restore_under(prefix, fresh_database, backup, s3_env, tmp_path / "disk")
    assert result.returncode == 0, result.stderr
    assert "3 berkas (3 dikembalikan), semuanya cocok dengan manifes" in result.stdout
    restored = restored_hashes(fresh_database)
    assert dict(restored) == bucket_files
    put_back = s3_server.keys(prefix)
    assert put_back.keys() == {f"{prefix}/{name}" for name in bucket_files}
    for name, recorded in restored:
        assert sha256(object_bytes(s3_server, f"{prefix}/{name}")) == recorded
    assert local_files(tmp_path / "disk") == []  # into the bucket, not onto the disk


def test_a_backup_without_files_lists_every_object_and_hash_but_copies_nothing(
    bucket_files: dict[str, str],
    s3_storage: str,
    s3_server: S3Server,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    copied = whole_object_copies(monkeypatch)
    backup = tmp_path / "cadangan"
    call_command("backup", "--output", str(backup))
    assert "3 berkas (0 disalin)" in capsys.readouterr().out
    manifest = json.loads((backup / "manifest.json").read_text())
    assert restore_verify(manifest=manifest) == []  # the bucket checked against it
    assert copied == []  # hashed and checked as streams, no object spooled whole
    assert manifest["storage"]["files_copied"] is False
    assert {e["name"]: e["sha256"] for e in manifest["files"]} == bucket_files
    assert {f"{s3_storage}/{e['name']}" for e in manifest["files"]} == set(
        s3_server.keys(s3_storage)
    )
    assert all(e["copied"] is False for e in manifest["files"])
    assert not (backup / "files").exists()
    assert sorted(p.name for p in backup.iterdir()) == ["database.dump", "manifest.json"]


def test_a_backup_without_files_is_verified_against_the_bucket_that_holds_the_objects(
    bucket_files: dict[str, str],
    s3_storage: str,
    s3_server: S3Server,
    s3_env: dict[str, str],
    fresh_database: str,
    tmp_path: Path,
) -> None:
    backup = tmp_path / "cadangan"
    call_command("backup", "--output", str(backup))
    before = s3_server.keys(s3_storage)
    result = restore_under(s3_storage, fresh_database, backup, s3_env, tmp_path / "disk")
    assert result.returncode == 0, result.stderr
    assert "3 berkas (0 dikembalikan), semuanya cocok dengan manifes" in result.stdout
    assert dict(restored_hashes(fresh_database)) == bucket_files
    assert s3_server.keys(s3_storage) == before  # nothing written


def test_a_backup_without_files_restored_under_an_empty_prefix_names_every_missing_object(
    bucket_files: dict[str, str],
    s3_server: S3Server,
    s3_env: dict[str, str],
    fresh_database: str,
    tmp_path: Path,
) -> None:
    backup = tmp_path / "cadangan"
    call_command("backup", "--output", str(backup))
    prefix = f"t-{uuid.uuid4().hex[:12]}"
    result = restore_under(prefix, fresh_database, backup, s3_env, tmp_path / "disk")
    assert result.returncode != 0
    assert "Pemulihan selesai, tetapi 3 hal tidak cocok:" in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith("- ")]
    assert sorted(lines) == sorted(
        f"- Berkas {name} tidak ada di penyimpanan setelah pemulihan." for name in bucket_files
    )
    assert s3_server.keys(prefix) == {}
    assert ReportJob.objects.exists() and EvidenceFile.objects.count() == 2  # source untouched


def test_a_restore_with_a_bucket_that_cannot_be_reached_is_refused_before_anything_is_written(
    bucket_files: dict[str, str], s3_env: dict[str, str], fresh_database: str, tmp_path: Path
) -> None:
    backup = tmp_path / "cadangan"
    call_command("backup", "--output", str(backup), "--with-files")
    env = {**s3_env, "AWS_S3_ENDPOINT_URL": closed_endpoint(), "AWS_MAX_ATTEMPTS": "1"}
    result = restore_under(s3_env["AWS_LOCATION"], fresh_database, backup, env, tmp_path / "d")
    assert result.returncode != 0
    assert "Penyimpanan berkas 'default' tidak dapat dipakai" in result.stderr
    assert "Tidak ada yang dipulihkan." in result.stderr
    assert "Traceback" not in result.stderr
    assert rows(fresh_database, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'") == [
        (0,)
    ]


def test_a_backup_with_a_bucket_that_cannot_be_reached_says_so_without_a_traceback(
    s3_storage: str,
    transactional_db: None,
    settings: object,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    evidence_uploaded()
    default = settings.STORAGES["default"]
    options = {**default["OPTIONS"], "endpoint_url": closed_endpoint()}
    settings.STORAGES = {**settings.STORAGES, "default": {**default, "OPTIONS": options}}
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "1")
    with pytest.raises(CommandError, match=r"Penyimpanan berkas tidak dapat dibaca .* 0 berkas"):
        call_command("backup", "--output", str(tmp_path / "cadangan"))
    assert not (tmp_path / "cadangan" / "manifest.json").exists()
