"""The portal's own code as the guard tests scan it: its apps (INSTALLED_APPS from
"common" on, zi_portal/settings.py) and their Python files, migrations left out."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
PORTAL_APPS: tuple[str, ...] = tuple(
    settings.INSTALLED_APPS[settings.INSTALLED_APPS.index("common") :]
)


def app_files() -> list[Path]:
    """Every .py file of the portal's apps, migrations left out, in a stable order."""
    return sorted(
        path
        for app in PORTAL_APPS
        for path in (ROOT / app).rglob("*.py")
        if "migrations" not in path.parts
    )
