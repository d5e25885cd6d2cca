"""C3: the first edit of a seeded value shows that value as "Sebelumnya", not "–"."""

import pytest
from django.test import Client
from django.urls import reverse

from access.models import Unit
from targets.models import ProgressEntry
from targets.services import progress_update
from zi_portal.demo import demo_progress

pytestmark = pytest.mark.django_db


def test_the_first_edit_of_a_demo_entry_shows_the_seeded_value(
    client: Client, people: dict, province: Unit
) -> None:
    demo_progress(province)
    entry = (
        ProgressEntry.objects.filter(
            component__plan__unit=province, component__area__code="manajemen_perubahan"
        )
        .select_related("component")
        .order_by("component__order", "month")
        .first()
    )
    seeded = f"{entry.percent.normalize():f}".replace(".", ",") + "%"
    progress_update(
        user=people["koordinator_own"],
        component=entry.component,
        month=entry.month,
        percent=entry.percent / 2,
        version=entry.version,
    )
    client.force_login(people["ketua"])
    url = reverse("entry_history", args=["kpu-kalbar", 2025, entry.month, entry.component_id])
    page = " ".join(client.get(url).content.decode().split())
    assert f"<td>realisasi (%)</td><td>{seeded}</td>" in page
    assert "<td>realisasi (%)</td><td>–</td>" not in page
