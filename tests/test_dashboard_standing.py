"""An area's card says what is behind now and what fell behind earlier (and caught up): never
"all on target" beside a component that had a red month."""

import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from areas.models import Component, WorkPlan
from dashboards.selectors import unit_dashboard
from targets.models import ProgressEntry

pytestmark = pytest.mark.django_db

PEMANTAUAN = "Pemantauan dan Evaluasi Pembangunan WBK/WBBM"


@pytest.fixture
def filled(plan: WorkPlan, people: dict) -> WorkPlan:
    """Areas I and II on target Jan–Apr, except Pemantauan (area I) at 0 in March; the other
    areas empty."""
    entries = []
    for c in Component.objects.filter(
        plan=plan, area__code__in=["manajemen_perubahan", "tatalaksana"]
    ):
        for month in (1, 2, 3, 4):
            value = 0 if (c.name, month) == (PEMANTAUAN, 3) else 100
            entries.append(ProgressEntry(component=c, month=month, percent=Decimal(value)))
    ProgressEntry.objects.bulk_create(entries)
    return plan


def card(body: str, code: str) -> str:
    match = re.search(rf'data-area="{code}".*?</a>', body, re.S)
    assert match, code
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(0)).split())


def test_a_component_that_fell_behind_earlier_is_named_even_when_on_target_now(
    filled: WorkPlan,
) -> None:
    d = unit_dashboard(filled, as_of=4)
    area_i, area_ii, area_iii = d.areas[:3]
    pem = next(c for c in area_i.components if c.component.name == PEMANTAUAN)
    assert (pem.behind, pem.caught_up, pem.shortfall_months, pem.shortfall_text) == (
        False,
        True,
        [3],
        "Maret",
    )
    assert (area_i.behind_count, area_i.caught_up_count) == (0, 1)
    assert area_i.standing == [("caught-up", "1 komponen sempat tertinggal, kini sesuai target")]
    assert area_ii.standing == [("ok", "semua komponen sesuai target sejak Januari")]
    # four of its six components had a target by April, all empty
    assert area_iii.standing == [("behind", "4 komponen tertinggal saat ini")]
    assert [cf.component.name for cf in d.caught_up] == [PEMANTAUAN]


def test_the_cards_and_lists_say_behind_now_and_caught_up_in_words(
    client: Client, people: dict, filled: WorkPlan
) -> None:
    client.force_login(people["ketua"])
    url = reverse("dashboard", args=["kpu-kalbar"]) + "?tahun=2025&bulan=4"
    body = client.get(url).content.decode()
    area_i = card(body, "manajemen_perubahan")
    assert "sempat tertinggal, kini sesuai target" in area_i
    assert "semua" not in area_i
    assert "semua komponen sesuai target sejak Januari" in card(body, "tatalaksana")
    assert "tertinggal saat ini" in card(body, "sdm")
    caught_up = re.search(r'data-testid="caught-up">(.*?)</ul>', body, re.S).group(1)
    assert PEMANTAUAN in caught_up and "tertinggal pada Maret, sudah mengejar" in caught_up
