"""Answering through a desk's open link (surveys/public_views.py ``survey_desk_kind``):
stored whole through the one door, every problem next to its cause with the given answers
kept, nothing stored half, comments waiting for the Sekretariat, everything escaped."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from access.models import Unit
from surveys.models import Answer, Response, SurveyPeriod
from surveys.services import element_update
from tests.survey_public_support import (
    Office,
    answers,
    desk_url,
    forget_counts,
    office_make,
    phone,
    post_page,
    send,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(province: Unit, people: dict) -> Office:
    forget_counts()
    return office_make(province, people["sekretariat"])


def _checked(body: str, name: str) -> list[str]:
    """The values of the checked radios of ``name`` on a page."""
    inputs = re.findall(rf'<input[^>]*name="{name}"[^>]*>', body)
    return [re.search(r'value="([^"]*)"', i)[1] for i in inputs if " checked" in i]


def test_the_page_shows_the_profile_every_element_with_its_four_answers_and_the_services(
    client: Client, office: Office
) -> None:
    page = client.get(desk_url(office.open_desk))
    assert page.status_code == 200
    body = page.content.decode()
    assert body.count('<fieldset class="survey-item') == 9
    assert body.count('<legend class="survey-question">') == 9
    assert "Tidak sesuai" in body and "Sangat sesuai" in body
    assert 'name="U1" value="4"' in body
    for label in ("Usia (tahun)", "Jenis kelamin", "Pendidikan terakhir", "Pekerjaan utama"):
        assert label in body
    # the desk's own service is chosen already; the other active one is offered
    assert re.search(rf'<option value="{office.service.pk}" selected>Informasi publik', body)
    assert "Pengaduan</option>" in body
    assert "Jangan diisi" in body and 'class="survey-trap"' in body
    assert 'href="/satker/' not in body  # nothing of the portal's own pages


def test_a_complete_answer_is_stored_and_the_phone_is_sent_to_the_thank_you_page(
    office: Office,
) -> None:
    client = phone()
    data = answers(
        {"U3": "2"},
        age="34",
        sex="P",
        education="s1",
        occupation="swasta",
        service=str(office.other_service.pk),
        comment="Antrean panjang",
    )
    response = post_page(client, desk_url(office.open_desk), data)
    assert response.status_code == 303
    assert response["Location"] == reverse("survey_thanks")
    stored = Response.objects.get()
    assert (stored.channel, stored.kind, stored.period) == ("tautan", "skm", office.period)
    assert (stored.age, stored.sex, stored.education, stored.occupation) == (
        34,
        "P",
        "s1",
        "swasta",
    )
    assert stored.service == office.other_service
    assert stored.comment == "Antrean panjang"
    assert stored.comment_status == Response.CommentStatus.PENDING
    assert sorted(stored.answers.values_list("element__code", "value")) == sorted(
        [(code, 2 if code == "U3" else 4) for code in data if code.startswith("U")]
    )
    thanks = client.get(response["Location"])
    assert thanks.status_code == 200
    assert "Jawaban Saudara sudah kami terima." in thanks.content.decode()


def test_missing_and_out_of_scale_answers_are_shown_next_to_their_questions_answers_kept(
    client: Client, office: Office
) -> None:
    data = answers({"U2": "", "U5": "5", "U9": "dua"}, age="7", comment="Baik")
    data.pop("U2")
    data["U4"] = "1"
    response = send(client, desk_url(office.open_desk), data)
    assert response.status_code == 422
    body = response.content.decode()
    assert not Response.objects.exists() and not Answer.objects.exists()
    errors = dict(re.findall(r'data-testid="(\w+)-error"[^>]*>([^<]*)<', body))
    assert errors == {
        "age": "Usia paling sedikit 10 tahun.",
        "U2": "Pilih salah satu jawaban untuk pertanyaan ini.",
        "U5": "Jawaban harus bernilai 1, 2, 3, atau 4.",
        "U9": "Jawaban harus bernilai 1, 2, 3, atau 4.",
    }
    # each message is inside its question's fieldset, which points at it
    u5 = re.search(r'<fieldset[^>]*id="id_U5_item"[^>]*>.*?</fieldset>', body, re.S)[0]
    assert 'aria-describedby="id_U5_error"' in u5 and "bernilai 1, 2, 3, atau 4" in u5
    # the summary links to each question
    assert 'href="#id_U2_item">Pertanyaan 2</a>' in body
    # what the person gave is still there
    assert _checked(body, "U4") == ["1"] and _checked(body, "U1") == ["4"]
    assert _checked(body, "U2") == [] and _checked(body, "U5") == []
    assert 'value="7"' in body and "\nBaik</textarea>" in body


def test_a_value_outside_the_scale_for_every_element_stores_nothing(
    client: Client, office: Office
) -> None:
    response = send(client, desk_url(office.open_desk), dict.fromkeys(answers(), "0"))
    assert response.status_code == 422
    assert response.content.decode().count("Jawaban harus bernilai 1, 2, 3, atau 4.") == 9 * 2
    assert not Response.objects.exists()


def test_a_service_of_another_unit_or_an_odd_profile_value_is_refused_next_to_it(
    client: Client, office: Office, sambas: Unit, people: dict
) -> None:
    from surveys.services import service_save

    foreign = service_save(user=people["admin"], unit=sambas, name="Layanan Sambas")
    data = answers(service=str(foreign.pk), sex="X", education="s9", age="abc")
    body = send(client, desk_url(office.open_desk), data).content.decode()
    errors = dict(re.findall(r'data-testid="(\w+)-error"[^>]*>([^<]*)<', body))
    assert errors == {
        "service": "Pilih salah satu dari daftar.",
        "sex": "Pilih salah satu dari daftar.",
        "education": "Pilih salah satu dari daftar.",
        "age": "Isi usia dengan angka, dalam tahun.",
    }
    assert not Response.objects.exists()


def test_a_quarter_closed_while_the_page_was_open_refuses_the_answer_and_keeps_it(
    client: Client, office: Office
) -> None:
    url = desk_url(office.open_desk)
    assert client.get(url).status_code == 200
    SurveyPeriod.objects.filter(pk=office.period.pk).update(status=SurveyPeriod.Status.CLOSED)
    response = send(client, url, answers({"U1": "2"}))
    assert response.status_code == 422
    body = response.content.decode()
    summary = re.search(r'data-testid="error-summary".*?</div>', body, re.S)[0]
    assert "Periode survei ini sudah ditutup; jawaban tidak dapat diterima lagi." in summary
    assert _checked(body, "U1") == ["2"]
    assert not Response.objects.exists()
    # opened again, the page says so before anyone starts
    page = client.get(url)
    assert page.status_code == 410
    assert "Periode survei ini sudah ditutup" in page.content.decode()
    office.period.delete()
    page = client.get(url)
    assert page.status_code == 410
    assert "Survei triwulan ini belum dibuka oleh satuan kerja." in page.content.decode()


def test_a_desk_closed_between_page_and_answer_refuses_it_in_words(
    client: Client, office: Office
) -> None:
    office.open_desk.is_active = False
    office.open_desk.save()
    response = send(client, desk_url(office.open_desk), answers())
    assert response.status_code == 410
    assert "Loket ini tidak lagi menerima survei." in response.content.decode()
    assert not Response.objects.exists()


def test_comments_and_questions_are_escaped_and_the_comment_waits(
    client: Client, office: Office
) -> None:
    element_update(
        user=office.sekretariat,
        unit=office.unit,
        kind="skm",
        code="U1",
        question="Apakah <b>persyaratan</b> jelas?",
        labels=["<i>Tidak</i>", "Kurang", "Sesuai", "Sangat"],
    )
    body = client.get(desk_url(office.open_desk)).content.decode()
    assert "Apakah &lt;b&gt;persyaratan&lt;/b&gt; jelas?" in body and "<b>" not in body
    assert "&lt;i&gt;Tidak&lt;/i&gt;" in body
    script = "<script>alert(1)</script>"
    data = answers(comment=script)
    data.pop("U7")
    body = send(client, desk_url(office.open_desk), data).content.decode()
    assert script not in body and "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    send(client, desk_url(office.open_desk), answers(comment=script))
    stored = Response.objects.get()
    assert stored.comment == script and stored.comment_status == "menunggu"
    thanks = client.get(reverse("survey_thanks")).content.decode()
    assert "alert" not in thanks


def test_a_comment_longer_than_its_column_is_refused_next_to_it(
    client: Client, office: Office
) -> None:
    from common.limits import COMMENT_CHARS

    body = send(
        client, desk_url(office.open_desk), answers(comment="a" * (COMMENT_CHARS + 1))
    ).content.decode()
    assert 'data-testid="comment-error"' in body
    assert not Response.objects.exists()
    send(client, desk_url(office.open_desk), answers(comment="a" * COMMENT_CHARS))
    assert len(Response.objects.get().comment) == COMMENT_CHARS


def test_the_honeypot_filled_looks_like_success_and_stores_nothing(office: Office) -> None:
    response = post_page(phone(), desk_url(office.open_desk), answers(website="http://x.test"))
    assert response.status_code == 303
    assert response["Location"] == reverse("survey_thanks")
    assert not Response.objects.exists()


def test_a_post_without_the_csrf_token_is_refused(office: Office) -> None:
    response = send(phone(), desk_url(office.open_desk), answers())
    assert response.status_code == 403
    assert not Response.objects.exists()


def test_the_page_and_the_answer_take_a_fixed_number_of_queries(
    client: Client, office: Office, django_assert_num_queries: object
) -> None:
    url = desk_url(office.open_desk)
    # the desk, the quarter, the questionnaire, its elements, the services
    with django_assert_num_queries(5):
        assert client.get(url).status_code == 200
    # … then the desk, the questionnaire, its elements, the services, and the door: the
    # quarter, the response and its answers in one transaction (savepoint … release), and
    # the quarter's tallies incremented in it (rollups/surveys.py: the count, the elements'
    # answers; an SKM answer moves no LKE score) and the unit's data stamp bumped
    # (rollups/stamps.py: 1, the service names the unit)
    with django_assert_num_queries(9 + 2 + 1):
        assert send(client, url, answers()).status_code == 303
