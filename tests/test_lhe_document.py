"""The Laporan Hasil Evaluasi PDF: the figures the LKE pages show, the TPI's members and
findings, "DRAF" on every page until the evaluation is completed; signed like the decree."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from access.models import RoleAssignment, Unit
from common.formatting import score_text
from lke.forecast import area_shares, published
from lke.models import Assessment, Side
from lke.scoring import Level
from lke.selectors import assessment_result
from lke.selectors.pages import OVERVIEW_LEVELS
from reports.lhe import selectors as lhe
from reports.models import ReportJob
from reports.services import job_output_bytes, job_run, pdf_signature_check
from tests.factories import user_with_role
from tests.lhe_support import TPI_BELOW, answered_assessment, norm, page_texts, question

pytestmark = pytest.mark.django_db


@pytest.fixture
def tpi_members(province: Unit) -> list[object]:
    chair = user_with_role("tpi-ketua", province, RoleAssignment.Role.TPI)
    chair.first_name, chair.last_name = "Siti", "Rahmawati"
    chair.save()
    member = user_with_role("tpi-anggota", province, RoleAssignment.Role.TPI)
    member.first_name, member.last_name = "Bambang", "Hartono"
    member.save()
    return [chair, member]


@pytest.fixture
def sekretariat(province: Unit) -> object:
    return user_with_role("sekre-lhe", province, RoleAssignment.Role.SEKRETARIAT)


@pytest.fixture
def assessment(province: Unit, sekretariat: object, tpi_members: list[object]) -> Assessment:
    return answered_assessment(province, unit_user=sekretariat, tpi_user=tpi_members[0])


def render(assessment: Assessment, user: object) -> tuple[ReportJob, list[str]]:
    job = ReportJob.objects.create(
        kind=ReportJob.Kind.LHE, unit=assessment.unit, year=assessment.year, requested_by=user
    )
    job = job_run(job_id=job.pk)
    assert job.status == ReportJob.Status.SELESAI, job.error
    return job, page_texts(job_output_bytes(job))


def test_every_score_in_the_pdf_is_the_figure_the_lke_selectors_give(
    assessment: Assessment, sekretariat: object
) -> None:
    tpi = assessment_result(assessment, Side.TPI)
    unit = assessment_result(assessment, Side.UNIT)
    context = lhe.lhe_context(assessment)
    assert context["scores"].total == tpi.scores.total
    assert [r.score for r in context["score_rows"]] == [
        n.score for n in tpi.scores.nodes if n.level in OVERVIEW_LEVELS
    ]
    assert tpi.scores.total < unit.scores.total  # the findings cost points

    job, pages = render(assessment, sekretariat)
    text = norm("".join(pages))
    for node in tpi.scores.nodes:
        if node.level in (Level.KOMPONEN, Level.SUB_KOMPONEN, Level.AREA):
            row = f"{node.path[-1]}{score_text(node.weight)}{score_text(node.score)}"
            assert norm(row) in text, row
    assert norm(f"NILAI TOTAL 100,00 {score_text(tpi.scores.total)}") in text
    # the comparison: each area of change and the total, both sides and the difference
    shares = {a.name: a for a in area_shares(unit.tree, unit.scores)}
    for area in area_shares(tpi.tree, tpi.scores):
        both = f"{area.name}{score_text(area.weight)}{score_text(shares[area.name].score)}"
        assert norm(both + score_text(area.score)) in text, area.name
    # unit minus TPI, as on the comparison page: the unit over-rated itself (positive)
    difference = published(unit.scores.total) - published(tpi.scores.total)
    assert (
        norm(
            f"Nilai total 100,00 {score_text(unit.scores.total)} {score_text(tpi.scores.total)} "
            f"+{score_text(difference)}"
        )
        in text
    )
    # every requirement of both predicates, as lke.forecast words it
    for verdict in tpi.verdicts.values():
        for check in verdict.checks:
            assert norm(check.text) in text, check.text
    assert norm("Belum berpredikat Menuju WBK") in text
    assert pdf_signature_check(job_output_bytes(job)).valid


def test_draf_is_on_every_page_until_the_evaluation_is_completed(
    assessment: Assessment, sekretariat: object
) -> None:
    job, pages = render(assessment, sekretariat)
    assert len(pages) > 5
    assert all("DRAF" in page for page in pages)
    assert job.doc_number == "LHE Tahun 2025 (DRAF)"

    Assessment.objects.filter(pk=assessment.pk).update(state=Assessment.State.COMPLETED)
    job, pages = render(assessment, sekretariat)
    assert not any("DRAF" in page for page in pages)
    assert job.doc_number == "LHE Tahun 2025"
    assert job.version == 2


def test_it_names_the_unit_the_year_the_members_and_their_chair_signs(
    assessment: Assessment, sekretariat: object, tpi_members: list[object]
) -> None:
    job, pages = render(assessment, sekretariat)
    first = norm(pages[0])
    assert norm("LAPORAN HASIL EVALUASI PEMBANGUNAN ZONA INTEGRITAS") in first
    assert norm("KOMISI PEMILIHAN UMUM PROVINSI KALIMANTAN BARAT") in first
    assert norm("TAHUN 2025") in first
    text = norm("".join(pages))
    assert norm("1 Siti Rahmawati Ketua") in text
    assert norm("2 Bambang Hartono Anggota") in text
    assert norm("Ketua Tim Penilai Internal") in norm(pages[-1])
    assert "Siti Rahmawati" in pages[-1]
    assert norm("Pontianak,") in norm(pages[-1])
    assert job.signer_name == "Siti Rahmawati"
    assert job.doc_title == (
        "Laporan Hasil Evaluasi Pembangunan Zona Integritas Komisi Pemilihan Umum Provinsi "
        "Kalimantan Barat Tahun 2025"
    )


def test_the_findings_are_the_questions_below_full_value_with_the_tpis_notes(
    assessment: Assessment, sekretariat: object
) -> None:
    tpi = assessment_result(assessment, Side.TPI)
    below = {qid for qid, value in tpi.scores.question_values.items() if value < 1}
    context = lhe.lhe_context(assessment)
    found = {qid for a in context["areas"] for f in a.findings for qid in f.question_ids}
    assert found == below
    assert {question(key).pk for key in TPI_BELOW} <= found
    assert question("PPA1A").pk not in found  # answered "Ya": full value

    _, pages = render(assessment, sekretariat)
    text = norm("".join(pages))
    for key, (_, note) in TPI_BELOW.items():
        if note:
            assert norm(note) in text, key
    # the answer in words, and the next step up as the recommendation
    assert norm("B – Sebagian menggunakan prosedur yang mewakili sebagian besar unsur") in text
    assert (
        norm(
            "PPA1B: Mencapai kriteria “A”: dengan prosedur/mekanisme yang jelas dan mewakili "
            "seluruh unsur dalam unit kerja (menambah nilai"
        )
        in text
    )
    assert norm("PPA4A: Mencapai jawaban “Ya”: pimpinan menjadi contoh pelaksanaan") in text
    assert norm("Meningkatkan nilai IPAK dari 3,10 menjadi sekurang") in text
    assert norm("(persentase 80%)") in text


def test_without_tpi_members_the_signature_has_a_labelled_blank(
    province: Unit, sekretariat: object, django_assert_max_num_queries
) -> None:
    admin = get_user_model().objects.create_superuser("admin-lhe", "a@example.invalid", "x")
    assessment = answered_assessment(province, unit_user=sekretariat, tpi_user=admin)
    RoleAssignment.objects.filter(unit=province, role=RoleAssignment.Role.TPI).delete()
    loaded = lhe.lhe_assessment(province, assessment.year)
    assert loaded is not None
    # both sides' answers, the tree (3), the questions, the TPI's notes, the members, the
    # unit's internal surveys behind the self-assessment's IPAK/IPKP (4)
    with django_assert_max_num_queries(12):
        context = lhe.lhe_context(loaded)
    assert context["members"] == []
    html = lhe.lhe_html(context, verify={"job": None, "verify_url": "", "qr_data_uri": ""})
    assert lhe.CHAIR_PLACEHOLDER in html
    assert "Belum ada anggota Tim Penilai Internal" in html
