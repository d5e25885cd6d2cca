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


def test_compose_runs_the_six_services_with_volumes() -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    assert compose["version"] == "3.8"
    assert set(compose["services"]) == {"proxy", "web", "worker", "beat", "db", "redis"}
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


def test_only_the_proxy_is_published_and_web_trusts_exactly_it() -> None:
    services = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
    published = {name for name, service in services.items() if service.get("ports")}
    assert published == {"proxy"}
    assert services["web"]["environment"]["TRUSTED_PROXY_COUNT"] == "1"
    assert services["web"]["environment"]["ZI_ENV"] == "production"
    assert "TRUSTED_PROXY_COUNT" not in (ROOT / ".env.example").read_text()
    mounts = " ".join(services["proxy"]["volumes"])
    assert "./deploy/nginx.conf:" in mounts and "./deploy/zi_portal_proxy.conf:" in mounts


def test_nginx_appends_the_client_address_to_x_forwarded_for() -> None:
    proxy = (ROOT / "deploy" / "zi_portal_proxy.conf").read_text()
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in proxy
    site = (ROOT / "deploy" / "nginx.conf").read_text()
    assert site.count("include /etc/nginx/zi_portal_proxy.conf;") == site.count("proxy_pass")


def test_web_keeps_its_database_connections() -> None:
    """A connection per request halves the public survey answers' rate (docs/performance.md,
    "Survey answers"): gunicorn's workers keep theirs."""
    services = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
    assert services["web"]["environment"]["CONN_MAX_AGE"] == "60"
