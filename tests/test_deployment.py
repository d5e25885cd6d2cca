import shutil
import subprocess
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def test_docker_compose_file_is_valid() -> None:
    assert shutil.which("docker-compose"), "make test installs Debian's docker-compose"
    env_file = ROOT / ".env"
    created = not env_file.exists()
    if created:
        env_file.write_text(
            (ROOT / ".env.example").read_text().replace("POSTGRES_PASSWORD=", "POSTGRES_PASSWORD=x")
        )
    try:
        result = subprocess.run(
            ["docker-compose", "-f", "docker-compose.yml", "config", "-q"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        )
    finally:
        if created:
            env_file.unlink()
    assert result.returncode == 0, result.stderr


def test_compose_runs_the_five_services_with_volumes() -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    assert compose["version"] == "3.8"
    assert set(compose["services"]) == {"web", "worker", "beat", "db", "redis"}
    assert compose["services"]["db"]["image"] == "postgres:16"
    assert compose["services"]["redis"]["image"] == "redis:7"
    assert "gunicorn" in compose["services"]["web"]["command"]
    assert {"db-data", "private-files"} <= set(compose["volumes"])


def test_env_example_holds_no_secret() -> None:
    lines = dict(
        line.split("=", 1)
        for line in (ROOT / ".env.example").read_text().splitlines()
        if line and not line.startswith("#")
    )
    assert lines["SECRET_KEY"] == ""
    assert lines["POSTGRES_PASSWORD"] == ""
