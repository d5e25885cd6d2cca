"""The plan ↔ LKE mapping as plan data: its format, copies keep it, the worksheet check
names unknown codes, and the Sekretariat edits it (service and page)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from access.models import Unit
from areas.admin import LkeCodesField
from areas.copying import plan_copy_to_units, plan_copy_to_year
from areas.mapping import plan_mapping_save
from areas.models import ActionItem, Component, WorkPlan
from lke.mapping import mapping_check
from lke.models import Worksheet
from tests.factories import lke_assessment

pytestmark = pytest.mark.django_db


def component(plan: WorkPlan, name: str) -> Component:
    return Component.objects.select_related("area").get(plan=plan, name=name)


def action(plan: WorkPlan, area: str, label: str) -> ActionItem:
    return ActionItem.objects.get(area__plan=plan, area__code=area, label=label)


def mapping_of(plan: WorkPlan) -> tuple[list[tuple], list[tuple]]:
    components = plan.components.order_by("kind", "area__order", "order")
    actions = ActionItem.objects.filter(area__plan=plan).order_by("area__order", "order")
    return (
        list(components.values_list("name", "lke_code")),
        [(a.area.code, a.order, a.lke_codes) for a in actions.select_related("area")],
    )


@pytest.mark.parametrize(
    ("name", "code", "message"),
    [
        ("Tim Kerja", "XX1", "tidak dikenali"),
        ("Tim Kerja", "HB", "tidak dikenali"),
        ("Tim Kerja", "PPB1", "milik area B"),
        ("Peningkatan Pelayanan Publik", "PPA1", "adalah HB"),
    ],
)
def test_a_component_code_must_fit_its_kind_and_area(
    plan: WorkPlan, name: str, code: str, message: str
) -> None:
    row = component(plan, name)
    row.lke_code = code
    with pytest.raises(ValidationError, match=message) as error:
        row.full_clean()
    assert "lke_code" in error.value.message_dict


def test_action_item_codes_are_cleaned_and_malformed_ones_named(plan: WorkPlan) -> None:
    row = action(plan, "manajemen_perubahan", "a.")
    row.lke_codes = ["ppa1a", " PPA1A", "PPA1B"]
    row.full_clean()
    assert row.lke_codes == ["PPA1A", "PPA1B"]
    row.lke_codes = ["PPA1", "PPA1C", "HBA", "Q1"]
    with pytest.raises(ValidationError) as error:
        row.full_clean()
    assert error.value.message_dict["lke_codes"] == [
        "Kode pertanyaan LKE tidak dikenali: PPA1, Q1 "
        "(kode sub-area + huruf butir, misalnya PPA1A atau HBA)."
    ]
    assert LkeCodesField().clean("ppa1a, PPB2C;PPB2C") == ["PPA1A", "PPB2C"]
    assert LkeCodesField().prepare_value(["PPA1A", "PPA1B"]) == "PPA1A, PPA1B"


def test_a_plan_copied_to_kabkota_or_to_another_year_keeps_the_mapping(
    plan: WorkPlan, people: dict, province: Unit
) -> None:
    landak = Unit.objects.get(slug="kpu-landak")
    outcome = plan_copy_to_units(
        user=people["sekretariat"], unit=province, year=2025, targets=[landak]
    )
    assert outcome.copied == [landak]
    next_year = plan_copy_to_year(
        user=people["sekretariat"], unit=province, source_year=2025, year=2026
    )
    expected = mapping_of(plan)
    assert mapping_of(WorkPlan.objects.get(unit=landak, year=2025)) == expected
    assert mapping_of(next_year) == expected
    assert sum(1 for _, code in expected[0] if code) == 25


def test_the_worksheet_check_names_codes_it_does_not_have(plan: WorkPlan) -> None:
    worksheet = Worksheet.objects.get(year=2026)
    Component.objects.filter(plan=plan, name="Standar Pelayanan").update(lke_code="PPF9")
    item = action(plan, "sdm", "1.")
    ActionItem.objects.filter(pk=item.pk).update(lke_codes=["PPC1A", "PPC9A", "PPC1Z"])
    check = mapping_check(plan, worksheet)
    assert [c.name for c in check.unknown_components] == ["Standar Pelayanan"]
    assert [(a.pk, codes) for a, codes in check.unknown_actions] == [(item.pk, ["PPC9A", "PPC1Z"])]
    assert ("PPF1", "i. Standar Pelayanan") in check.unmapped_sub_areas


def test_only_the_sekretariat_saves_the_mapping_all_rows_or_none(
    plan: WorkPlan, people: dict
) -> None:
    tim = component(plan, "Tim Kerja")
    item = action(plan, "manajemen_perubahan", "c.")
    with pytest.raises(PermissionDenied):
        plan_mapping_save(
            plan=plan, user=people["koordinator_own"], components={tim.pk: ""}, actions={}
        )
    with pytest.raises(ValidationError) as error:
        plan_mapping_save(
            plan=plan,
            user=people["sekretariat"],
            components={tim.pk: "PPB1"},
            actions={item.pk: "PPA2C, PPA4D"},
        )
    assert list(error.value.message_dict) == [f"c{tim.pk}"]
    item.refresh_from_db()
    assert item.lke_codes == ["PPA2C"]  # nothing saved
    changed = plan_mapping_save(
        plan=plan,
        user=people["sekretariat"],
        components={tim.pk: "ppa1"},  # unchanged once cleaned
        actions={item.pk: "PPA2C, ppa4d"},
    )
    assert changed == 1
    item.refresh_from_db()
    assert item.lke_codes == ["PPA2C", "PPA4D"]
    latest = ActionItem.history.filter(id=item.pk).latest("history_id")
    assert latest.history_user == people["sekretariat"]


def test_the_mapping_page_shows_the_check_and_lets_the_sekretariat_edit(
    client: Client, plan: WorkPlan, people: dict, province: Unit
) -> None:
    lke_assessment(province)
    url = reverse("lke_mapping", args=["kpu-kalbar", 2025])
    item = action(plan, "pelayanan_publik", "3.")
    client.force_login(people["koordinator_own"])
    body = client.get(url).content.decode()
    assert "PPF3</span> iii. Pengelolaan Pengaduan" in body
    assert f'name="a{item.pk}"' not in body  # read only
    assert client.post(url, {f"a{item.pk}": "PPF1A"}).status_code == 403

    client.force_login(people["sekretariat"])
    form = client.get(url).context["form"]
    data = {name: form[name].value() for name in form.fields}
    response = client.post(url, {**data, f"a{item.pk}": "PPF1A, PPF1Z9"})
    assert response.status_code == 422
    assert "Kode pertanyaan LKE tidak dikenali: PPF1Z9" in response.content.decode()
    response = client.post(url, {**data, f"a{item.pk}": "ppf1a, PPF9A"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.lke_codes == ["PPF1A", "PPF9A"]
    body = client.get(url).content.decode()
    assert "Rencana aksi VI.3.: PPF9A" in body  # the worksheet has no PPF9A


def test_the_mapping_table_of_the_data_readme_is_the_plan_files(plan: WorkPlan) -> None:
    """areas/data/README.md shows the seed's mapping for review; it says what the file says."""
    from pathlib import Path

    import areas

    readme = (Path(areas.__file__).parent / "data" / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("| rencana aksi |") :].splitlines()[2:]
    rows = [line.split(" | ")[1] for line in table if line.startswith("| ")]
    actions = ActionItem.objects.filter(area__plan=plan).order_by("area__order", "order")
    assert rows == [", ".join(a.lke_codes) or "–" for a in actions]
    components = readme[readme.index("| area | komponen") : readme.index("| rencana aksi |")]
    for row in plan.components.all():
        assert f"| {row.name} | {row.lke_code} |" in components
