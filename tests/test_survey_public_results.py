"""Published survey results on /publik/ (dashboards/selectors/surveys.py): per public unit
and published quarter, aggregates only (responses, IKM and mutu, IPAK, IPKP, NRR per
element), comments only once approved and escaped, the follow-ups' texts and statuses."""

from __future__ import annotations

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse

from access.models import Unit
from common.formatting import score_text
from surveys.choices import CommentStatus
from surveys.follow_ups import follow_up_save
from surveys.models import Response, SurveyPeriod
from surveys.responses import Profile, Submission, responses_create
from surveys.selectors import survey_results
from surveys.services import period_publish
from tests.survey_support import SKM_CODES, WORKED_EXAMPLE, paper_responses, period_make, values_of

pytestmark = pytest.mark.django_db

DAY = datetime.date(2025, 5, 14)  # triwulan 2
QUARTER = reverse("public_survey_quarter", args=["kpu-kalbar", 2025, 2])
SPAK_CODES = ("A1", "A2", "A3", "A4", "A5")
SPKP_CODES = tuple(f"P{i}" for i in range(1, 9))
SPAK_ROWS = ((4, 4, 4, 3, 4), (4, 3, 4, 4, 4), (3, 4, 4, 4, 4), (4, 4, 3, 4, 4), (4, 4, 4, 4, 2))
SPKP_ROWS = ((3, 3, 4, 3, 3, 4, 3, 3), (4, 3, 3, 3, 2, 3, 3, 4)) * 2 + ((4,) * 8,)


def commented(unit: Unit, comment: str, status: str, **profile: object) -> Response:
    """One SKM paper response with a comment; its moderation set as the Sekretariat's
    approval would leave it (the moderation page is another part of the portal)."""
    [response] = responses_create(
        unit=unit,
        kind="skm",
        submissions=[
            Submission(
                values=values_of(SKM_CODES, WORKED_EXAMPLE[0]),
                profile=Profile(comment=comment, **profile),
                service_date=DAY,
            )
        ],
        user=None,
    )
    Response.objects.filter(pk=response.pk).update(comment_status=status)
    return response


@pytest.fixture
def quarter(province: Unit, people: dict) -> SurveyPeriod:
    """Triwulan 2 of 2025 with SKM, SPAK and SPKP responses, published."""
    period = period_make(province, 2025, 2, population=100)
    paper_responses(province, "skm", WORKED_EXAMPLE, SKM_CODES, day=DAY)
    paper_responses(province, "spak", SPAK_ROWS, SPAK_CODES, day=DAY)
    paper_responses(province, "spkp", SPKP_ROWS, SPKP_CODES, day=DAY)
    return period_publish(user=people["sekretariat"], period=period, published=True)


def section(body: str, kind: str) -> str:
    return body.split(f'data-testid="public-survey" data-kind="{kind}"', 1)[1].split("</section>")[
        0
    ]


def test_a_published_quarter_shows_every_surveys_aggregates(
    client: Client, quarter: SurveyPeriod, province: Unit
) -> None:
    body = client.get(QUARTER).content.decode()  # anonymous
    found = survey_results(units=[province], year=2025, quarter=2)
    skm = section(body, "skm")
    assert 'data-testid="responses">5<' in skm
    assert 'data-testid="index">84,86<' in skm and 'data-testid="grade">B (Baik)<' in skm
    rows = re.findall(
        r'data-element="(U\d)"><td>[^<]*</td><td[^>]*>(\d+)</td><td[^>]*>([^<]*)<', skm
    )
    assert rows == [(t.code, str(t.answers), score_text(t.nrr)) for t in found[("skm",)].tallies]
    assert ("U8", "4", "2,75") in rows  # the blank on paper is no answer
    for kind, name in (("spak", "IPAK"), ("spkp", "IPKP")):
        part = section(body, kind)
        assert f">{name}<" in part
        assert f'data-testid="index">{score_text(found[(kind,)].index)}<' in part
    assert "Sampel minimal" in skm and ">80<" in skm


def test_an_unpublished_quarter_is_absent(
    client: Client, quarter: SurveyPeriod, province: Unit, people: dict
) -> None:
    hidden = period_make(province, 2025, 3)
    paper_responses(province, "skm", WORKED_EXAMPLE, SKM_CODES, day=datetime.date(2025, 8, 1))
    url = reverse("public_survey_quarter", args=["kpu-kalbar", 2025, 3])
    assert client.get(url).status_code == 404
    listing = client.get(reverse("public_surveys", args=["kpu-kalbar"])).content.decode()
    assert QUARTER in listing and url not in listing
    plan_page = client.get(reverse("public_plan", args=["kpu-kalbar", 2025])).content.decode()
    assert QUARTER in plan_page and url not in plan_page
    period_publish(user=people["sekretariat"], period=quarter, published=False)  # withdrawn
    assert client.get(QUARTER).status_code == 404
    assert (
        hidden.pk
        and "kpu-kalbar/survei" not in client.get(reverse("public_index")).content.decode()
    )


def test_the_index_links_the_units_that_published(client: Client, quarter: SurveyPeriod) -> None:
    body = client.get(reverse("public_index")).content.decode()
    units = body.split('data-testid="public-survey-units"', 1)[1].split("</ul>", 1)[0]
    assert f'href="{reverse("public_surveys", args=["kpu-kalbar"])}"' in units
    assert "kpu-sambas" not in units


def test_a_unit_not_shown_to_the_public_is_not_found(
    client: Client, quarter: SurveyPeriod, province: Unit
) -> None:
    Unit.objects.filter(pk=province.pk).update(is_public=False)
    assert client.get(QUARTER).status_code == 404
    assert client.get(reverse("public_surveys", args=["kpu-kalbar"])).status_code == 404
    assert "kpu-kalbar" not in client.get(reverse("public_index")).content.decode()
    assert client.get(reverse("public_surveys", args=["tidak-ada"])).status_code == 404


def test_only_approved_comments_appear_and_they_are_escaped(
    client: Client, quarter: SurveyPeriod, province: Unit
) -> None:
    commented(province, "Antrean MENUNGGU-RAHASIA terlalu panjang", CommentStatus.PENDING)
    commented(province, "Petugas DITOLAK-RAHASIA kasar", CommentStatus.REJECTED)
    commented(province, '<script>alert("x")</script> Ruang tunggu nyaman & bersih', "disetujui")
    body = client.get(QUARTER).content.decode()
    assert "MENUNGGU-RAHASIA" not in body and "DITOLAK-RAHASIA" not in body
    comments = body.split('data-testid="public-comments"', 1)[1].split("</ul>", 1)[0]
    assert (
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Ruang tunggu nyaman &amp; bersih"
        in comments
    )
    assert "<script>alert" not in body


def test_no_respondents_answers_or_profile_are_shown(
    client: Client, quarter: SurveyPeriod, province: Unit, people: dict
) -> None:
    commented(
        province,
        "Layanan cepat sekali",
        CommentStatus.APPROVED,
        age=73,
        occupation="wirausaha",
        education="s3",
    )
    body = client.get(QUARTER).content.decode()
    main = body.split("<main", 1)[1].split("</main>", 1)[0]
    assert "Layanan cepat sekali" in main
    assert "73" not in main and "Wirausaha" not in main and "S3" not in main
    assert "kertas" not in main.lower()  # no response's channel, date or id either
    assert "14 Mei 2025" not in main and "2025-05-14" not in main
    for response in Response.objects.all():
        assert f"#{response.pk}" not in main
    # every survey's table has one row per element, never one per respondent
    assert section(body, "skm").count("data-element=") == len(SKM_CODES)
    assert section(body, "spak").count("data-element=") == len(SPAK_CODES)
    for user in people.values():
        assert user.username not in main


def test_follow_ups_show_their_text_and_status_not_who_recorded_them(
    client: Client, quarter: SurveyPeriod, people: dict
) -> None:
    follow_up_save(
        user=people["sekretariat"],
        period=quarter,
        kind="skm",
        element_code="U8",
        action="Membuka <b>kanal</b> pengaduan daring",
        status="berjalan",
        due_date=datetime.date(2025, 9, 30),
    )
    body = client.get(QUARTER).content.decode()
    table = body.split('data-testid="public-follow-ups"', 1)[1].split("</table>", 1)[0]
    assert "U8 Penanganan pengaduan, saran, dan masukan" in table
    assert "Membuka &lt;b&gt;kanal&lt;/b&gt; pengaduan daring" in table
    assert "Sedang berjalan" in table and "30 September 2025" in table
    assert people["sekretariat"].username not in body


def test_a_published_quarter_without_responses_says_so(
    client: Client, province: Unit, people: dict
) -> None:
    period = period_make(province, 2025, 4)
    period_publish(user=people["sekretariat"], period=period, published=True)
    body = client.get(reverse("public_survey_quarter", args=["kpu-kalbar", 2025, 4])).content
    assert "Belum ada responden pada triwulan ini." in body.decode()


def test_odd_quarters_are_not_found_at_the_resolver(client: Client) -> None:
    for quarter in ("0", "5", "12"):
        assert client.get(f"/publik/kpu-kalbar/survei/2025/{quarter}/").status_code == 404


@pytest.mark.parametrize("comments", [1, 30])
def test_the_quarter_page_runs_the_same_queries_however_many_comments(
    client: Client,
    quarter: SurveyPeriod,
    province: Unit,
    people: dict,
    comments: int,
    django_assert_num_queries: object,
) -> None:
    for n in range(comments):
        commented(province, f"Saran {n}", CommentStatus.APPROVED)
        follow_up_save(
            user=people["sekretariat"],
            period=quarter,
            kind="skm",
            element_code="U3",
            action=f"TL {n}",
        )
    # the period; the results' responses, answers, elements and periods; the comments; the
    # follow-ups; the navigation's unread notices need no query for the anonymous
    with django_assert_num_queries(7):
        assert client.get(QUARTER).status_code == 200


def test_a_survey_with_fewer_than_five_respondents_shows_no_figures(
    client: Client, province: Unit, people: dict
) -> None:
    """One respondent's NRR is that person's answer: below five the public sees the count
    only."""
    period = period_make(province, 2025, 2, population=100)
    paper_responses(province, "skm", WORKED_EXAMPLE, SKM_CODES, day=DAY)  # 5: shown
    paper_responses(province, "spak", SPAK_ROWS[:4], SPAK_CODES, day=DAY)  # 4: hidden
    period_publish(user=people["sekretariat"], period=period, published=True)
    body = client.get(QUARTER).content.decode()
    spak = section(body, "spak")
    assert 'data-testid="responses">4<' in spak
    assert "kurang dari 5 responden" in spak
    assert 'data-testid="index"' not in spak and "data-element=" not in spak
    assert 'data-testid="index">84,86<' in section(body, "skm")
