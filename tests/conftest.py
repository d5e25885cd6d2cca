from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.db import transaction

from access.models import Unit
from areas.models import WorkPlan
from areas.services import plan_load, read_plan_file
from lke.services import read_worksheet_files, worksheet_load
from surveys.loading import questionnaires_load
from tests.backup_support import evidence_files, fresh_database  # noqa: F401 (fixtures)
from tests.db_snapshot import Snapshot, put_back_after_transactional_tests, snapshot_take
from tests.module_data import (
    TEST_PASSWORD_HASHERS,
    ModuleData,
    is_transactional,
    module_wants_data,
    people_make,
    sambas_make,
)
from tests.render_once import rendering_settings
from tests.s3_support import s3_env, s3_server, s3_storage  # noqa: F401 (fixtures)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The order of the run (after any plugin's own reordering: pytest-playwright regroups
    by browser). Every test starts from the same database (tests/db_snapshot.py) and the
    same settings, so the order is about time only:

    1. the long waits (a real worker rendering, a migration round trip, a backup restored,
       a gigabyte through the S3 server, make run's commands on SQLite) first, so that under
       xdist they overlap the other processes' work instead of ending the run alone;
    2. the tests in a rolled-back transaction, so that a module's shared people are made
       once (tests/module_data.py);
    3. the other transactional tests (live server, threads, commits).
    """

    def waits_long(item: pytest.Item) -> bool:
        return any(
            item.get_closest_marker(name)
            for name in ("worker", "migration_test", "backup", "embedded", "large_files")
        )

    items.sort(key=lambda item: (not waits_long(item), is_transactional(item)))


@pytest.fixture(scope="session")
def plan_data() -> dict:
    return read_plan_file()


@pytest.fixture(scope="session")
def django_db_setup(
    django_db_setup: None, django_db_blocker: pytest.FixtureRequest, plan_data: dict
) -> Iterator[Snapshot]:
    """The KPU Kalimantan Barat 2025 plan, the 2026 LKE and the survey questionnaires are
    loaded once; each test rolls
    back its changes, and each transactional test ends by putting this state back
    (tests/db_snapshot.py)."""
    with django_db_blocker.unblock():
        plan_load(data=plan_data)
        worksheet_load(**read_worksheet_files())
        questionnaires_load()
        snapshot = snapshot_take()
    with put_back_after_transactional_tests(snapshot):
        yield snapshot


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
    settings.PASSWORD_HASHERS = TEST_PASSWORD_HASHERS
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


@pytest.fixture(autouse=True)
def anonymous_upload_count() -> Iterator[None]:
    """The anonymous upload count of the test client's address starts at zero (it lives
    in Redis, which outlives a test)."""
    from django.core.cache import cache

    from zi_portal.middleware import anon_upload_key

    cache.delete(anon_upload_key("127.0.0.1"))
    yield


@pytest.fixture(autouse=True)
def unit_tree_fresh() -> Iterator[None]:
    """Each test reads the unit tree (access/tree.py) from its own database: the cached
    tree lives in Redis, which outlives the units a test made and rolled back. The first
    rule that needs the tree in a test costs its one query."""
    from access.tree import tree_forget

    tree_forget()
    yield


@pytest.fixture(autouse=True)
def dashboard_bodies_fresh() -> Iterator[None]:
    """No test sees a dashboard body cached by another (dashboards/selectors/page.py):
    the bodies live in Redis, and a rolled-back test's data stamps start again from the
    same versions in the next test."""
    from django.core.cache import cache

    client = cache._cache.get_client()  # type: ignore[attr-defined]
    keys = list(client.scan_iter(match=cache.make_key("dasbor:*")))
    if keys:
        client.delete(*keys)
    yield


@pytest.fixture(scope="module", autouse=True)
def module_data(
    request: pytest.FixtureRequest, django_db_blocker: pytest.FixtureRequest
) -> Iterator[ModuleData]:
    """``people`` and ``sambas`` made once for the module's tests (tests/module_data.py)."""
    data = ModuleData()
    first = request._pyfuncitem  # the test this module's run starts with
    if not is_transactional(first) and module_wants_data(first):
        request.getfixturevalue("django_db_setup")
        with django_db_blocker.unblock():
            data.make()
    yield data
    with django_db_blocker.unblock():
        data.close()


@pytest.fixture(autouse=True)
def transactional_outside_module_data(
    request: pytest.FixtureRequest,
    module_data: ModuleData,
    django_db_blocker: pytest.FixtureRequest,
) -> None:
    """A transactional test commits for real: the module's open transaction ends first."""
    if module_data.open and is_transactional(request.node):
        with django_db_blocker.unblock():
            module_data.close()


@pytest.fixture
def sambas(province: Unit, plan: WorkPlan, module_data: ModuleData) -> Unit:
    """Another unit (a kab/kota) with its own copy of the plan."""
    if module_data.open:
        return Unit.objects.get(slug="kpu-sambas")
    return sambas_make()


@pytest.fixture
def people(province: Unit, sambas: Unit, module_data: ModuleData) -> dict[str, object]:
    """One user per role: koordinator of area I and II, ketua, sekretariat, tpi, and a
    koordinator and ketua of another unit (kpu-sambas), and an admin."""
    if module_data.open:
        return module_data.load_people()
    return people_make()


@pytest.fixture(scope="session")
def signing_files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A self-signed certificate made once by the portal's own command."""
    from django.core.management import call_command
    from django.test import override_settings

    folder = tmp_path_factory.mktemp("signing")
    key, cert = folder / "key.pem", folder / "cert.pem"
    with override_settings(
        SIGNING_KEY_FILE=key, SIGNING_CERT_FILE=cert, SIGNING_KEY_PASSPHRASE="uji-rahasia"
    ):
        call_command("create_signing_certificate", verbosity=0)
    return key, cert


@pytest.fixture(autouse=True)
def signing_settings(settings: settings, signing_files: tuple[Path, Path]) -> None:
    settings.SIGNING_KEY_FILE, settings.SIGNING_CERT_FILE = signing_files
    settings.SIGNING_KEY_PASSPHRASE = "uji-rahasia"


@dataclass(frozen=True)
class RenderedDecree:
    """An issued decree kept as bytes: its job's columns, its storage name and its file."""

    values: dict[str, object]
    unit_slug: str
    name: str
    data: bytes


@pytest.fixture(scope="session")
def rendered_decree(
    django_db_setup: None,
    django_db_blocker: pytest.FixtureRequest,
    signing_files: tuple[Path, Path],
    tmp_path_factory: pytest.TempPathFactory,
) -> RenderedDecree:
    """The province's 2025 decree rendered and signed once per run (4–7 s a render), in a
    transaction that is rolled back. Tests that only read an issued decree take it through
    ``issue_rendered_decree``; a test about a render itself renders its own."""
    from django.contrib.auth import get_user_model

    from reports.models import ReportJob
    from reports.services import job_output_bytes, job_run

    root = tmp_path_factory.mktemp("rendered-decree")
    with (
        django_db_blocker.unblock(),
        rendering_settings(root, signing_files),
        transaction.atomic(),
    ):
        user = get_user_model().objects.create(username="render-sekali")
        unit = Unit.objects.get(slug="kpu-kalbar")
        job = ReportJob.objects.create(kind="keputusan", unit=unit, year=2025, requested_by=user)
        job = job_run(job_id=job.pk)
        assert job.status == "selesai", job.error
        rendered = RenderedDecree(
            values={
                f.attname: getattr(job, f.attname)
                for f in ReportJob._meta.concrete_fields
                if f.attname not in {"id", "unit_id", "requested_by_id", "output"}
            },
            unit_slug=unit.slug,
            name=job.output.name,
            data=job_output_bytes(job),
        )
        transaction.set_rollback(True)
    return rendered


@pytest.fixture
def issue_rendered_decree(rendered_decree: RenderedDecree, db: None) -> Callable[[object], object]:
    """Puts the session's rendered decree back as this test's issued job (version 1): the
    same row values, code and hash, its file in this test's private folder."""
    from django.core.files.base import ContentFile

    from reports.models import ReportJob

    def issue(requested_by: object) -> ReportJob:
        job = ReportJob(
            **rendered_decree.values,
            unit=Unit.objects.get(slug=rendered_decree.unit_slug),
            requested_by=requested_by,
        )
        job.output.name = job.output.storage.save(
            rendered_decree.name, ContentFile(rendered_decree.data)
        )
        job.save()
        # created_at is stamped on insert; keep the render's own time.
        ReportJob.objects.filter(pk=job.pk).update(created_at=rendered_decree.values["created_at"])
        job.refresh_from_db()
        return job

    return issue
