import shutil
import subprocess
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


SECRETS = ("SECRET_KEY", "POSTGRES_PASSWORD", "AWS_SECRET_ACCESS_KEY", "MINIO_ROOT_PASSWORD")
WEB = ("web1", "web2")
WORKERS = {"worker-documents": "documents", "worker-mail": "mail", "worker-sweeps": "sweeps"}


def filled_in(example: Path) -> str:
    """An example env file with a value for every secret left empty."""
    return "".join(
        f"{line}x\n" if line.split("=")[0] in SECRETS and line.endswith("=") else f"{line}\n"
        for line in example.read_text().splitlines()
    )


def services() -> dict[str, dict]:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]


def test_docker_compose_file_is_valid() -> None:
    assert shutil.which("docker-compose"), "make test installs Debian's docker-compose"
    made = []
    for name in (".env", "minio.env"):
        if not (ROOT / name).exists():
            (ROOT / name).write_text(filled_in(ROOT / f"{name}.example"))
            made.append(ROOT / name)
    try:
        result = subprocess.run(
            ["docker-compose", "-f", "docker-compose.yml", "config", "-q"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        )
    finally:
        for path in made:
            path.unlink()
    assert result.returncode == 0, result.stderr


def test_compose_runs_two_web_replicas_a_worker_per_queue_beat_and_minio() -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    assert compose["version"] == "3.8"
    assert set(compose["services"]) == {
        *WEB, *WORKERS, "migrate", "proxy", "beat", "backup", "db", "redis", "minio",
        "minio-bucket",
    }  # fmt: skip
    assert compose["services"]["db"]["image"] == "postgres:16"
    assert compose["services"]["redis"]["image"] == "redis:7"
    for web in WEB:
        assert "gunicorn" in compose["services"][web]["command"]
        assert "migrate" not in compose["services"][web]["command"].replace(
            "wait-for-migrations", ""
        )
    assert compose["services"]["migrate"]["command"] == "python manage.py migrate --noinput"
    assert {"db-data", "minio-data"} <= set(compose["volumes"])


def test_each_worker_consumes_its_own_queue_and_together_every_queue() -> None:
    from django.conf import settings

    for name, queue in WORKERS.items():
        command = services()[name]["command"]
        assert f"celery -A zi_portal worker -Q {queue} " in command
    assert set(WORKERS.values()) == set(settings.CELERY_QUEUE_NAMES)
    assert "celery -A zi_portal beat" in services()["beat"]["command"]


def test_no_volume_is_shared_by_web_and_the_workers_files_go_to_minio() -> None:
    """Evidence and documents are objects in the bucket: a volume mounted by web and a
    worker would hide a replica that writes where the other cannot read."""
    portal = [*WEB, *WORKERS, "beat", "migrate"]
    for name in portal:
        service = services()[name]
        assert not service.get("volumes"), f"{name} mounts {service.get('volumes')}"
        env = service["environment"]
        assert env["AWS_S3_ENDPOINT_URL"] == "http://minio:9000"
        assert "minio" in service["depends_on"]
    example = (ROOT / ".env.example").read_text()
    for name in ("AWS_STORAGE_BUCKET_NAME", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        assert f"\n{name}=" in example
    # MinIO's root account is the minio services' own file, never the portal's .env.
    assert "MINIO_ROOT" not in example
    assert "MINIO_ROOT_PASSWORD=\n" in (ROOT / "minio.env.example").read_text()
    assert services()["minio"]["env_file"] == "minio.env"
    assert "mc version enable" in (ROOT / "deploy" / "minio-bucket.sh").read_text()


def test_the_proxy_balances_both_web_replicas() -> None:
    site = (ROOT / "deploy" / "nginx.conf").read_text()
    upstream = site[site.index("upstream zi_portal {") : site.index("}")]
    assert [line.split()[1] for line in upstream.splitlines() if "server " in line] == [
        f"{web}:8000" for web in WEB
    ]
    assert set(services()["proxy"]["depends_on"]) == set(WEB)


def test_the_backup_service_runs_the_backup_command_into_dated_folders() -> None:
    backup = services()["backup"]
    assert backup["profiles"] == ["backup"]  # run by cron, not by `up`
    script = (ROOT / "deploy" / "backup.sh").read_text()
    assert 'manage.py backup --output "$folder" --with-files' in script
    assert "BACKUP_KEEP_DAYS" in script
    assert "postgresql-client-16" in (ROOT / "Dockerfile").read_text()


def test_env_example_holds_no_secret() -> None:
    lines = dict(
        line.split("=", 1)
        for line in (ROOT / ".env.example").read_text().splitlines()
        if line and not line.startswith("#")
    )
    for secret in SECRETS[:3]:
        assert lines[secret] == "", secret


def test_only_the_proxy_is_published_and_web_trusts_exactly_it() -> None:
    services = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
    published = {name for name, service in services.items() if service.get("ports")}
    assert published == {"proxy"}
    for web in WEB:
        assert services[web]["environment"]["TRUSTED_PROXY_COUNT"] == "1"
        assert services[web]["environment"]["ZI_ENV"] == "production"
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
    for web in WEB:
        assert services()[web]["environment"]["CONN_MAX_AGE"] == "60"
