from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings

from areas.models import Unit, WorkPlan
from areas.services import plan_load, read_plan_file


@pytest.fixture(scope="session")
def plan_data() -> dict:
    return read_plan_file()


@pytest.fixture(scope="session")
def django_db_setup(
    django_db_setup: None, django_db_blocker: pytest.FixtureRequest, plan_data: dict
) -> None:
    """The KPU Kalimantan Barat 2025 plan is loaded once; each test rolls back its changes."""
    with django_db_blocker.unblock():
        plan_load(data=plan_data)


@pytest.fixture
def province(db: None) -> Unit:
    return Unit.objects.get(slug="kpu-kalbar")


@pytest.fixture
def plan(province: Unit) -> WorkPlan:
    return WorkPlan.objects.get(unit=province, year=2025)


@pytest.fixture(autouse=True)
def private_root(tmp_path: Path, settings: settings) -> Iterator[Path]:
    """Each test stores private files in its own folder."""
    root = tmp_path / "private"
    root.mkdir()
    settings.PRIVATE_MEDIA_ROOT = root
    settings.MEDIA_ROOT = root
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": root, "base_url": None},
        },
    }
    yield root
