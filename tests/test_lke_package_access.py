"""Who may request, see and download the submission package: the unit's own Ketua and
Sekretariat, and admins; the button on the export page for each year with an assessment."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from access import rules
from access.models import Unit
from reports.models import ReportJob
from reports.services import job_request
from tests.factories import lke_assessment

pytestmark = pytest.mark.django_db

PACKAGE = {"kind": "paket", "year": "2025"}
ZIP_BYTES = b"PK\x05\x06" + b"\x00" * 18  # an empty ZIP


def finished_package(unit: Unit, user: object) -> ReportJob:
    """A package job as a worker leaves it (its file stored, issued as version 1)."""
    job = ReportJob(
        kind=ReportJob.Kind.PACKAGE,
        unit=unit,
        year=2025,
        requested_by=user,
        status=ReportJob.Status.SELESAI,
        progress=100,
        version=1,
        finished_at=timezone.now(),
        sha256="0" * 64,
        size=len(ZIP_BYTES),
    )
    job.output.save(f"{unit.slug}/2025/paket-v1.zip", ContentFile(ZIP_BYTES), save=False)
    job.save()
    return job


@pytest.mark.parametrize(
    ("role", "own", "other"),
    [
        ("sekretariat", True, False),
        ("ketua", True, False),  # the province's Ketua reads a kab/kota, but not its package
        ("admin", True, True),
        ("tpi", False, False),
        ("koordinator_own", False, False),
        ("ketua_other_unit", False, True),
        ("koordinator_other_unit", False, False),
    ],
)
def test_can_download_package_is_the_units_own_ketua_and_sekretariat_and_admins(
    people: dict, province: Unit, sambas: Unit, role: str, own: bool, other: bool
) -> None:
    user = people[role]
    assert (
        rules.can_download_package(user, province),
        rules.can_download_package(user, sambas),
    ) == (
        own,
        other,
    )


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("sekretariat", 302),
        ("ketua", 302),
        ("admin", 302),
        ("tpi", 403),
        ("koordinator_own", 403),
        ("koordinator_other_unit", 404),
        ("ketua_other_unit", 404),
    ],
)
def test_who_may_request_the_package(
    client: Client, people: dict, province: Unit, role: str, status: int
) -> None:
    lke_assessment(province, 2025, state="evaluating")
    client.force_login(people[role])
    response = client.post(reverse("job_create", args=[province.slug]), PACKAGE)
    queued = list(ReportJob.objects.filter(kind=ReportJob.Kind.PACKAGE))
    assert (response.status_code, len(queued)) == (status, 1 if status == 302 else 0)
    for job in queued:  # the one queued: for the unit's year, and its page shows it
        assert (job.unit, job.year, job.month, job.status) == (province, 2025, None, "antre")
        assert response["Location"] == job.get_absolute_url()
        assert "Paket pengajuan LKE" in client.get(job.get_absolute_url()).content.decode()


def test_the_provinces_ketua_may_not_request_a_kab_kota_package(people: dict, sambas: Unit) -> None:
    lke_assessment(sambas, 2025)
    with pytest.raises(PermissionDenied):
        job_request(user=people["ketua"], kind="paket", unit=sambas, year=2025)


def test_no_package_without_an_assessment(client: Client, people: dict, province: Unit) -> None:
    client.force_login(people["sekretariat"])
    response = client.post(reverse("job_create", args=[province.slug]), PACKAGE, follow=True)
    assert "belum memiliki penilaian LKE tahun 2025" in response.content.decode()
    assert not ReportJob.objects.exists()


@pytest.mark.parametrize(
    ("role", "unit_name", "status"),
    [
        ("sekretariat", "province", 200),
        ("ketua", "province", 200),
        ("admin", "province", 200),
        ("admin", "sambas", 200),
        ("ketua_other_unit", "sambas", 200),
        ("ketua", "sambas", 404),  # reads sambas' documents, not its package
        ("tpi", "province", 404),
        ("koordinator_own", "province", 404),
        ("koordinator_other_unit", "province", 404),
        ("ketua_other_unit", "province", 404),
    ],
)
def test_who_may_see_and_download_a_package(
    client: Client,
    people: dict,
    province: Unit,
    sambas: Unit,
    role: str,
    unit_name: str,
    status: int,
) -> None:
    unit = province if unit_name == "province" else sambas
    job = finished_package(unit, people["admin"])
    client.force_login(people[role])
    assert client.get(reverse("job_detail", args=[job.pk])).status_code == status
    response = client.get(reverse("job_download", args=[job.pk]))
    assert response.status_code == status
    if status == 200:
        assert response["Content-Type"] == "application/zip"
        assert f'filename="paket-{unit.slug}-2025-v1.zip"' in response["Content-Disposition"]
        assert response["Cache-Control"] == "private, no-store"
        assert b"".join(response.streaming_content) == ZIP_BYTES


def test_the_job_page_offers_the_zip_and_its_manifest_not_a_verification_code(
    client: Client, people: dict, province: Unit
) -> None:
    job = finished_package(province, people["sekretariat"])
    client.force_login(people["ketua"])
    body = client.get(reverse("job_detail", args=[job.pk])).content.decode()
    assert "Unduh ZIP (versi 1, 22 B)" in body and "MANIFEST.sha256" in body
    assert reverse("verify", args=[job.code]) not in body
    assert client.get(reverse("verify", args=[job.code])).status_code == 404


def test_the_export_page_offers_the_package_beside_the_lhe_to_the_sekretariat(
    client: Client, people: dict, province: Unit
) -> None:
    client.force_login(people["sekretariat"])
    page = reverse("job_list", args=[province.slug])
    assert 'data-testid="package-export"' not in client.get(page).content.decode()
    lke_assessment(province, 2025, state="evaluating")
    body = client.get(page).content.decode()
    lhe_block = body[body.index('data-testid="lhe-export"') :]
    assert "Ekspor LHE 2025" in lhe_block and "Paket pengajuan 2025" in lhe_block
    assert '<option value="paket">' not in body  # not in the general select


def test_the_ketua_gets_the_package_button_and_sees_package_jobs(
    client: Client, people: dict, province: Unit
) -> None:
    lke_assessment(province, 2025, state="evaluating")
    finished_package(province, people["sekretariat"])
    client.force_login(people["ketua"])
    body = client.get(reverse("job_list", args=[province.slug])).content.decode()
    assert 'data-testid="lhe-export"' not in body  # the LHE stays the Sekretariat's
    assert 'data-testid="package-export"' in body and "Paket pengajuan 2025" in body
    assert "Paket pengajuan LKE 2025" in body  # the issued package in the list


def test_the_provinces_ketua_sees_neither_button_nor_jobs_of_a_kab_kota_package(
    client: Client, people: dict, sambas: Unit
) -> None:
    lke_assessment(sambas, 2025)
    finished_package(sambas, people["admin"])
    client.force_login(people["ketua"])
    response = client.get(reverse("job_list", args=[sambas.slug]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Paket pengajuan" not in body
