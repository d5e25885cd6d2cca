"""On a 390 × 844 phone, from a desk's QR link to the thank-you page: the survey chosen,
the code typed, a forgotten question shown next to it with the other answers kept, answered
by keyboard, sent. Every page fits the screen (no sideways scroll), every answer target is
at least 44 px, the honeypot is off screen, and Chromium reports no policy violation."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import ConsoleMessage, Page, expect
from playwright.sync_api import Response as PageResponse

from access.models import Unit
from surveys.models import Response
from tests.survey_public_support import forget_counts, office_make

from .conftest import RESULTS_DIR, Portal

PHONE = {"width": 390, "height": 844}
TARGET = 44


def _fits(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], (page.url, width)


@pytest.mark.browser
def test_a_phone_answers_from_the_desks_qr_link_to_the_thank_you_page(portal: Portal) -> None:
    forget_counts()
    office = office_make(Unit.objects.get(slug="kpu-kalbar"), portal.users["sekretariat"])
    (code,) = office.codes()
    page = portal.page
    problems: list[str] = []

    def console(message: ConsoleMessage) -> None:
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            problems.append(message.text)

    def failed(response: PageResponse) -> None:
        # 422: the page refused the forgotten question, on purpose
        expected = response.status == 422 or response.url.endswith("/favicon.ico")
        if response.status >= 400 and not expected:
            problems.append(f"{response.status} {response.url}")

    page.on("console", console)
    page.on("response", failed)
    page.set_viewport_size(PHONE)

    # the QR link of a desk with two surveys: choose one
    page.goto(f"{portal.url}/survei/{office.code_desk.token}/")
    _fits(page)
    choice = page.get_by_role("link", name="Survei Kepuasan Masyarakat (SKM)")
    assert choice.bounding_box()["height"] >= TARGET
    choice.click()

    # the code of the slip, typed in lower case
    expect(page.get_by_role("heading", name="Masukkan kode survei")).to_be_visible()
    _fits(page)
    page.get_by_label("Kode survei").fill(code.code.lower())
    page.get_by_role("button", name="Lanjut").click()

    # the questionnaire
    expect(
        page.get_by_role("heading", name="Survei Kepuasan Masyarakat", exact=True)
    ).to_be_visible()
    _fits(page)
    groups = page.locator("fieldset.survey-item")
    expect(groups).to_have_count(9)
    for target in page.locator(".survey-choice").all():
        box = target.bounding_box()
        assert box["height"] >= TARGET and box["width"] >= TARGET, box
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    trap = page.locator("#id_website")
    expect(trap).not_to_be_in_viewport()
    assert trap.get_attribute("tabindex") == "-1"
    expect(page.get_by_label("Jangan diisi")).to_have_count(1)

    page.get_by_label("Usia (tahun)").fill("41")
    page.get_by_role("group", name="Jenis kelamin").get_by_text("Perempuan").click()
    page.get_by_label("Pendidikan terakhir").select_option("s1")
    # eight questions answered by tapping the fourth row (its words, not the small circle);
    # the ninth forgotten
    for i in range(8):
        groups.nth(i).locator(".survey-choice-text").nth(3).click()
    page.get_by_role("button", name="Kirim jawaban").click()

    summary = page.get_by_test_id("error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("Pertanyaan 9")
    ninth = page.get_by_role("group", name=re.compile("^9\\."))
    expect(ninth.get_by_test_id("U9-error")).to_have_text(
        "Pilih salah satu jawaban untuk pertanyaan ini."
    )
    _fits(page)
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(RESULTS_DIR / "phone-survey-error.png"), full_page=True)
    # what was given is still there
    expect(page.get_by_label("Usia (tahun)")).to_have_value("41")
    expect(groups.nth(0).locator("input:checked")).to_have_value("4")
    expect(groups.nth(3).locator("input:checked")).to_have_value("4")

    # the ninth by keyboard: into the group, the arrow keys move the choice, Enter sends
    summary.get_by_role("link", name="Pertanyaan 9").click()
    ninth.locator("input").first.focus()
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    expect(ninth.locator("input:checked")).to_have_value("3")
    page.get_by_role("button", name="Kirim jawaban").focus()
    page.keyboard.press("Enter")

    expect(page.get_by_test_id("thanks")).to_have_text("Terima kasih")
    _fits(page)
    assert problems == []
    stored = Response.objects.get()
    assert (stored.channel, stored.age, stored.sex, stored.education) == ("kode", 41, "P", "s1")
    assert dict(stored.answers.values_list("element__code", "value")) == {
        **{f"U{i}": 4 for i in range(1, 9)},
        "U9": 3,
    }
    code.refresh_from_db()
    assert code.is_used
