"""The Laporan Hasil Survei PDF: the figures of ``surveys.selectors.survey_results`` (the
worked example of docs/surveys.md: IKM 84,86, mutu B), the respondent profile, the weakest
elements, the follow-ups of the period, approved comments only and escaped; signed with
its QR verification like the LHE."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from access.models import Unit
from reports.models import ReportJob
from reports.services import job_output_bytes, job_request, pdf_signature_check
from reports.surveys import selectors as documents
from surveys.selectors import survey_results
from tests.lhe_support import norm, page_texts
from tests.survey_report_support import (
    APPROVED,
    FOLLOW_UP,
    PENDING,
    REJECTED,
    SurveyData,
    worked_quarter,
)
from tests.survey_support import paper_responses

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(province: Unit, people: dict) -> SurveyData:
    for key, (first, last) in {
        "sekretariat": ("Dewi", "Lestari"),
        "ketua": ("Ahmad", "Fauzi"),
    }.items():
        user = people[key]
        user.first_name, user.last_name = first, last
        user.save()
    return worked_quarter(province, user=people["sekretariat"])


def context(unit: Unit, people: dict, quarter: int | None = 2) -> dict:
    return documents.survey_report_context(unit, 2025, quarter, requested_by=people["sekretariat"])


def test_every_figure_is_the_one_survey_results_gives(
    data: SurveyData, province: Unit, people: dict
) -> None:
    screen = survey_results(units=[province], year=2025, quarter=2)[("skm",)]
    skm = context(province, people)["sections"][0]
    assert skm.kind == "skm" and skm.result.as_json() == screen.as_json()
    assert (skm.index_text, skm.ikm_text, skm.result.grade) == ("3,3944", "84,86", "B")
    assert [row.nrr for row in skm.elements] == [
        None if t.nrr is None else t.nrr.quantize(Decimal("0.0001")) for t in screen.tallies
    ]
    assert [row.code for row in skm.weakest] == [t.code for t in screen.weakest()]
    assert [row.code for row in skm.weakest] == ["U8", "U3", "U9"]
    # the profile counts every respondent once in each table
    assert all(sum(r.count for r in table.rows) == 5 for table in skm.profile)
    sex = next(t for t in skm.profile if t.title == "Jenis kelamin")
    assert [(r.label, r.count, r.share) for r in sex.rows] == [
        ("Laki-laki", 2, Decimal(40)),
        ("Perempuan", 2, Decimal(40)),
        ("Tidak diisi", 1, Decimal(20)),
    ]


def test_the_year_pools_its_quarters_as_the_screen_does(
    data: SurveyData, province: Unit, people: dict
) -> None:
    paper_responses(
        province, "skm", [(1,) * 9], [f"U{i}" for i in range(1, 10)], day=datetime.date(2025, 5, 20)
    )
    year = context(province, people, quarter=None)
    skm = year["sections"][0]
    screen = survey_results(units=[province], year=2025)[("skm",)]
    assert skm.result.as_json() == screen.as_json()
    assert [(q.quarter, q.result.responses) for q in skm.quarters] == [(2, 6)]
    assert year["period_text"] == "Tahun 2025"


def render(unit: Unit, user: object, quarter: int | None = 2) -> tuple[ReportJob, str]:
    job, created = job_request(
        user=user, kind="laporan_skm", unit=unit, year=2025, quarter=quarter, here=True
    )
    assert created and job.status == ReportJob.Status.SELESAI, job.error
    return job, "\n".join(page_texts(job_output_bytes(job)))


def test_the_pdf_prints_the_figures_signed_with_its_verification(
    data: SurveyData, province: Unit, people: dict
) -> None:
    paper_responses(
        province,
        "spak",
        [(4, 4, 3, 4, 4), (3, 4, 4, 4, 3)],
        ["A1", "A2", "A3", "A4", "A5"],
        day=datetime.date(2025, 6, 2),
    )
    job, text = render(province, people["sekretariat"])
    assert pdf_signature_check(job_output_bytes(job)).valid
    assert (job.quarter, job.version) == (2, 1)
    assert job.doc_number == "Laporan Survei Triwulan II 2025"
    assert job.doc_title == (
        "Laporan Hasil Survei Pelayanan Publik Komisi Pemilihan Umum Provinsi Kalimantan "
        "Barat Triwulan II 2025"
    )
    assert job.signer_name == "Ahmad Fauzi"
    flat = norm(text)
    for words in [
        "Indeks Kepuasan Masyarakat (IKM) 84,86",
        "B (Baik)",
        "U8 Penanganan pengaduan, saran, dan masukan 4 11 2,7500 68,75 C",
        "Indeks (NRR tertimbang) / IKM 5 3,3944 84,86 B",
        "Populasi pengguna layanan : 100 orang",
        "Sampel minimal (Krejcie–Morgan) : 80 responden",
        "5 responden – sampel minimal belum tercapai",
        "Laki-laki 2 40%",
        "Layanan informasi publik 3 60%",
        "U8 Penanganan pengaduan, saran, dan masukan: NRR 2,7500",
        FOLLOW_UP,
        "Sedang berjalan",
        "30 September 2025",
        "14 Mei 2025",
        # SPAK answered this quarter: its section, IPAK on 1–4 (A1 3,5; A2 4; A3 3,5 …)
        "Survei Persepsi Anti Korupsi (SPAK)",
        "IPAK (skala 1–4) 3,7000",
        f"Verifikasi: http://127.0.0.1:8000/verifikasi/{job.code}/",
        "Ahmad Fauzi",
        "Dewi Lestari",
    ]:
        assert norm(words) in flat, words
    item = data.action_item
    assert norm(f"Area VI {item.label} {item.text[:30]}") in flat  # the linked action item


def test_only_approved_comments_are_printed_and_as_text(
    data: SurveyData, province: Unit, people: dict
) -> None:
    html = documents.survey_report_html(context(province, people), verify={})
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; ramah" in html
    assert "<script>" not in html
    _, text = render(province, people["sekretariat"])
    assert norm(APPROVED) in norm(text)  # printed as the words the respondent typed
    for unpublished in (PENDING, REJECTED):
        assert norm(unpublished) not in norm(text)
        assert unpublished not in html
