"""Which storage the settings choose: local disk with no environment (``make run`` needs no
server), the private bucket with ``AWS_STORAGE_BUCKET_NAME``: objects written private, a
URL of the bucket presigned for at most 60 seconds, never a public one."""

import json

from tests.test_settings import PRODUCTION_ENV, run_manage

BUCKET_ENV = {
    "AWS_STORAGE_BUCKET_NAME": "zi-portal",
    "AWS_S3_ENDPOINT_URL": "http://minio:9000",
    "AWS_ACCESS_KEY_ID": "zi",
    "AWS_SECRET_ACCESS_KEY": "rahasia-panjang",
    "AWS_S3_REGION_NAME": "us-east-1",
}
SHOW = (
    "import json; from django.conf import settings; from django.core.files.storage import "
    "storages; s = storages['default']; o = settings.STORAGES['default']; print(json.dumps("
    "{'backend': o['BACKEND'], 'class': type(s).__name__, 'url': s.url('evidence/a.pdf') "
    "if hasattr(s, 'bucket_name') else '', 'acl': getattr(s, 'default_acl', None), "
    "'expire': getattr(s, 'querystring_expire', 0)}))"
)


def show(env: dict[str, str]) -> dict[str, object]:
    result = run_manage("shell", "-c", SHOW, env=env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_without_a_bucket_files_stay_on_local_disk() -> None:
    seen = show({})
    assert (seen["backend"], seen["class"]) == (
        "django.core.files.storage.FileSystemStorage",
        "FileSystemStorage",
    )


def test_with_a_bucket_every_file_goes_to_the_private_bucket() -> None:
    seen = show(BUCKET_ENV)
    assert (seen["class"], seen["acl"], seen["expire"]) == ("PrivateS3Storage", "private", 60)
    url = str(seen["url"])
    assert url.startswith("http://minio:9000/zi-portal/evidence/a.pdf?")
    assert "X-Amz-Expires=60" in url and "X-Amz-Signature=" in url  # presigned, short


def test_production_with_a_bucket_needs_no_private_media_root() -> None:
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "PRIVATE_MEDIA_ROOT"}
    result = run_manage("check", env={**env, **BUCKET_ENV})
    assert result.returncode == 0, result.stderr
