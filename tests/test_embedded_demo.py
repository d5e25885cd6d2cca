"""`make run`'s embedded default: the whole demo loads on SQLite with no server (the suite
itself runs on PostgreSQL, so raw SQL that only PostgreSQL reads would pass everywhere
else and break the newcomer's first command)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# make run's steps before it serves (Makefile, target run)
STEPS = [
    ["migrate", "--noinput"],
    ["load_plan"],
    ["load_lke"],
    ["load_surveys"],
    ["load_units"],
    ["load_units", "--file", "access/data/units_kalbar.csv"],
    ["seed_demo"],
]


@pytest.mark.embedded
def test_the_demo_loads_on_sqlite_with_the_national_tree(tmp_path: Path) -> None:
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'demo.sqlite3'}",
        "PRIVATE_MEDIA_ROOT": str(tmp_path / "private"),
        "CELERY_BROKER_DIR": str(tmp_path / "broker"),
        "LOG_LEVEL": "WARNING",
    }
    for step in STEPS:
        result = subprocess.run(
            [sys.executable, "manage.py", *step],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, (step, result.stderr[-3000:])
    assert "ketua-ri" in result.stdout  # the KPU RI account of the national view
    assert "Responden survei contoh" in result.stdout
    check = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "from access.models import Unit; from rollups.models import SurveyTally; "
            "print(Unit.objects.count(), SurveyTally.objects.exists())",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    # KPU RI, 38 provinces, Kalimantan Barat's 14 kab/kota; the survey tallies were counted
    assert check.stdout.split()[-2:] == ["53", "True"], check.stderr[-2000:]
