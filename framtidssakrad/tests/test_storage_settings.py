"""Stored files on the local disk or on S3-compatible object storage, chosen by environment
variables (parsed only: no network)."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from storages.backends.s3 import S3Storage

from framtidssakrad.settings import file_storage

S3_VARIABLES = [
    "STORAGE_BACKEND", "S3_BUCKET", "S3_ENDPOINT_URL", "S3_REGION", "S3_ACCESS_KEY_ID",
    "S3_SECRET_ACCESS_KEY", "S3_PREFIX", "S3_ADDRESSING_STYLE",
]  # fmt: skip


@pytest.fixture
def env(monkeypatch):
    for name in S3_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_the_local_disk_by_default(env):
    assert file_storage() == {"BACKEND": "django.core.files.storage.FileSystemStorage"}


def test_s3_compatible_storage_from_the_environment(env):
    env.setenv("STORAGE_BACKEND", "S3")
    env.setenv("S3_BUCKET", "framtidssakrad-files")
    env.setenv("S3_ENDPOINT_URL", "https://objects.example.se")
    env.setenv("S3_REGION", "se-south-1")
    env.setenv("S3_ACCESS_KEY_ID", "AKIAEXAMPLE")
    env.setenv("S3_SECRET_ACCESS_KEY", "not-a-real-secret")
    env.setenv("S3_PREFIX", "/prod/")
    env.setenv("S3_ADDRESSING_STYLE", "path")
    config = file_storage()
    assert config["BACKEND"] == "storages.backends.s3.S3Storage"
    # The options are ones django-storages knows: the storage builds with them (no network).
    storage = S3Storage(**config["OPTIONS"])
    assert storage.bucket_name == "framtidssakrad-files"
    assert storage.endpoint_url == "https://objects.example.se"
    assert storage.region_name == "se-south-1"
    assert storage.location == "prod"
    assert storage.addressing_style == "path"
    assert storage.default_acl is None
    assert storage.file_overwrite is False
    assert storage.querystring_auth is True


def test_s3_credentials_may_come_from_boto3s_own_chain(env):
    env.setenv("STORAGE_BACKEND", "s3")
    env.setenv("S3_BUCKET", "b")
    options = file_storage()["OPTIONS"]
    assert options["access_key"] is None and options["secret_key"] is None
    assert options["endpoint_url"] is None


@pytest.mark.parametrize(
    ("variables", "message"),
    [({"STORAGE_BACKEND": "s3"}, "S3_BUCKET"), ({"STORAGE_BACKEND": "ftp"}, "STORAGE_BACKEND")],
)
def test_an_incomplete_or_unknown_storage_stops_the_start(env, variables, message):
    for name, value in variables.items():
        env.setenv(name, value)
    with pytest.raises(ImproperlyConfigured, match=message):
        file_storage()
