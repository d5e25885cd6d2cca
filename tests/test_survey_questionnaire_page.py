"""The questionnaire page: each survey's current version with its elements and whether it
is frozen; the Sekretariat edits an element's question and answer words (a frozen or
shipped version gets a successor); older versions are read-only."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from access.models import Unit
from common.dates import quarter_of, today
from surveys.models import Questionnaire
from surveys.selectors import current_questionnaire
from surveys.services import element_update
from tests.survey_support import period_make, phone_response

pytestmark = pytest.mark.django_db

ALL_FOURS = {f"U{i}": 4 for i in range(1, 10)}
WORDS = ["Sangat buruk", "Buruk", "Baik", "Sangat baik"]


def edit_url(unit: Unit, kind: str = "skm", code: str = "U1") -> str:
    return reverse("survey_element_edit", args=[unit.slug, kind, code])


def posted(question: str = "Bagaimana persyaratan layanan?", words: list[str] = WORDS) -> dict:
    return {"question": question} | {f"label_{i}": w for i, w in enumerate(words, start=1)}


def field_error(body: str, name: str) -> str:
    start = body.index(f'data-testid="{name}-error"')
    return body[body.index(">", start) + 1 : body.index("</div>", start)]


def test_the_page_shows_each_surveys_current_version_and_its_elements(
    client: Client, people: dict, province: Unit
) -> None:
    client.force_login(people["tpi"])
    body = client.get(reverse("survey_questionnaires", args=[province.slug])).content.decode()
    for kind, count in (("skm", 9), ("spkp", 8), ("spak", 5)):
        table = body[body.index(f'data-testid="elements-{kind}"') :]
        assert table[: table.index("</table>")].count("data-code=") == count
    assert body.count("Bawaan portal") == 3 and "Versi 1" in body
    assert "Ubah" not in body  # the TPI reads, the Sekretariat edits


def test_editing_the_shipped_version_gives_the_unit_version_2(
    client: Client, people: dict, province: Unit
) -> None:
    client.force_login(people["sekretariat"])
    form = client.get(edit_url(province)).context["form"]
    response = client.post(edit_url(province), posted() | {"seen": form["seen"].value()})
    assert response.status_code == 302
    mine = current_questionnaire(province, "skm")
    assert (mine.unit, mine.version) == (province, 2)
    element = mine.elements.get(code="U1")
    assert (element.question, element.labels) == ("Bagaimana persyaratan layanan?", WORDS)
    body = client.get(reverse("survey_questionnaires", args=[province.slug])).content.decode()
    assert "Unsur U1 disimpan (kuesioner versi 2)." in body
    older = body[body.index('data-testid="older-skm"') :]
    shipped = Questionnaire.objects.get(kind="skm", unit=None)
    assert reverse("survey_questionnaire_version", args=[province.slug, shipped.pk]) in older


def test_a_version_someone_answered_is_frozen_and_an_edit_makes_the_next(
    client: Client, people: dict, province: Unit
) -> None:
    day = today()
    period_make(province, day.year, quarter_of(day.month))
    element_update(
        user=people["sekretariat"],
        unit=province,
        kind="skm",
        code="U1",
        question="Q?",
        labels=WORDS,
    )
    element_update(
        user=people["sekretariat"],
        unit=province,
        kind="skm",
        code="U2",
        question="R?",
        labels=WORDS,
    )
    assert current_questionnaire(province, "skm").version == 2  # unanswered: edited in place
    phone_response(province, "skm", ALL_FOURS)
    client.force_login(people["sekretariat"])
    page = client.get(edit_url(province, code="U3"))
    assert "Versi 2 sudah dijawab dan dibekukan" in page.content.decode()
    data = posted("Waktu penyelesaian?") | {"seen": page.context["form"]["seen"].value()}
    assert client.post(edit_url(province, code="U3"), data).status_code == 302
    mine = current_questionnaire(province, "skm")
    assert mine.version == 3 and mine.elements.get(code="U1").question == "Q?"
    body = client.get(reverse("survey_questionnaires", args=[province.slug])).content.decode()
    older = body[body.index('data-testid="older-skm"') :]
    assert "Beku: 1 jawaban" in older and "Versi 2" in older


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (posted(question=""), "question", "Isi pertanyaan unsur ini."),
        (posted(question="x" * 2001), "question", "Pertanyaan paling banyak 2000 karakter."),
        (posted(words=["A", "B", "", "D"]), "label_3", "Isi kata jawaban bernilai 3."),
        (
            posted(words=["A", "B", "C", "D" * 81]),
            "label_4",
            "Kata jawaban paling banyak 80 karakter.",
        ),
    ],
)
def test_bad_input_is_refused_next_to_its_field_and_no_version_is_made(
    client: Client, people: dict, province: Unit, data: dict, field: str, message: str
) -> None:
    client.force_login(people["sekretariat"])
    response = client.post(edit_url(province), data)
    assert response.status_code == 422
    assert field_error(response.content.decode(), field) == message
    assert not Questionnaire.objects.filter(unit=province).exists()


def test_an_edit_based_on_a_stale_page_is_refused(
    client: Client, people: dict, province: Unit
) -> None:
    client.force_login(people["sekretariat"])
    seen = client.get(edit_url(province)).context["form"]["seen"].value()
    element_update(
        user=people["admin"],
        unit=province,
        kind="skm",
        code="U1",
        question="Milik admin?",
        labels=WORDS,
    )
    response = client.post(edit_url(province), posted() | {"seen": seen})
    assert response.status_code == 422
    assert "telah diubah oleh pengguna lain" in response.content.decode()
    assert current_questionnaire(province, "skm").elements.get(code="U1").question == "Milik admin?"


def test_an_unknown_survey_or_element_is_not_found(
    client: Client, people: dict, province: Unit
) -> None:
    client.force_login(people["sekretariat"])
    assert client.get(edit_url(province, kind="ipk")).status_code == 404
    assert client.get(edit_url(province, code="U10")).status_code == 404
    assert client.get(edit_url(province, kind="spak", code="U1")).status_code == 404


def test_older_versions_are_read_only_and_another_units_are_not_found(
    client: Client, people: dict, province: Unit, sambas: Unit
) -> None:
    element_update(
        user=people["admin"], unit=sambas, kind="spak", code="A1", question="Sambas?", labels=WORDS
    )
    theirs = Questionnaire.objects.get(unit=sambas)
    shipped = Questionnaire.objects.get(kind="spak", unit=None)
    client.force_login(people["koordinator_own"])
    page = client.get(reverse("survey_questionnaire_version", args=[province.slug, shipped.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert body.count("data-code=") == 5 and '<form method="post"' not in body.split("<main")[1]
    url = reverse("survey_questionnaire_version", args=[province.slug, theirs.pk])
    assert client.get(url).status_code == 404


def test_only_the_sekretariat_edits(client: Client, people: dict, province: Unit) -> None:
    for role in ("ketua", "tpi", "koordinator_own"):
        client.force_login(people[role])
        assert client.get(edit_url(province)).status_code == 403
        assert client.post(edit_url(province), posted()).status_code == 403
    assert not Questionnaire.objects.filter(unit=province).exists()
