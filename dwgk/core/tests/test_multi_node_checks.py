"""A configuration of more than one app server is refused with the per-process cache or node-local media."""

from django.core.management import call_command
from django.core.management.base import SystemCheckError

from dwgk.core.checks import multi_node_configuration

LOCMEM = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
REDIS = {"default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": "redis://127.0.0.1:6379/3"}}


def _ids(settings):
    return sorted(e.id for e in multi_node_configuration())


def test_one_node_needs_nothing_shared(settings):
    settings.DWGK_NODES, settings.DWGK_MEDIA_DIR, settings.DWGK_MEDIA_S3_BUCKET = 1, "", ""
    settings.CACHES = LOCMEM
    assert _ids(settings) == []


def test_two_nodes_with_per_process_cache_and_local_media_are_refused(settings):
    settings.DWGK_NODES, settings.DWGK_MEDIA_DIR, settings.DWGK_MEDIA_S3_BUCKET = 2, "", ""
    settings.CACHES = LOCMEM
    settings.DWGK_TASKS = "database"
    sqlite = settings.DATABASES["default"]["ENGINE"].endswith("sqlite3")
    assert _ids(settings) == ["dwgk.E101", "dwgk.E102"] + (["dwgk.E103"] if sqlite else [])
    settings.DWGK_TASKS = "immediate"
    assert "dwgk.E104" in _ids(settings)  # each node's index needs its worker


def test_a_shared_media_directory_alone_still_requires_redis(settings, tmp_path):
    settings.DWGK_NODES, settings.DWGK_MEDIA_DIR, settings.DWGK_MEDIA_S3_BUCKET = 1, str(tmp_path), ""
    settings.CACHES = LOCMEM
    assert _ids(settings) == ["dwgk.E101"]
    settings.CACHES = REDIS
    assert _ids(settings) == []


def test_s3_media_counts_as_shared(settings):
    settings.DWGK_NODES, settings.DWGK_MEDIA_DIR, settings.DWGK_MEDIA_S3_BUCKET = 1, "", "dwgk-media"
    settings.CACHES = LOCMEM
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "storages.backends.s3.S3Storage"}}
    assert _ids(settings) == ["dwgk.E101"]


def test_the_check_stops_the_command(settings):
    settings.DWGK_NODES, settings.DWGK_MEDIA_DIR, settings.DWGK_MEDIA_S3_BUCKET = 2, "", ""
    settings.CACHES = LOCMEM
    try:
        call_command("check")
    except SystemCheckError as e:
        assert "REDIS_URL" in str(e)
    else:
        raise AssertionError("dwgk check passed a two-node configuration with a per-process cache")
