"""With the database task queue, a publishing request does no derived-copy work itself: `dwgk worker`
runs the queued mirror task, brings this node's search index up to the change feed, and beats."""

import io

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from dwgk.access.audience import audience_keys
from dwgk.core.health import HEARTBEAT_KEY
from dwgk.portal.mirror import file_for
from dwgk.search import services as search

from .conftest import publish_through_workflow

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_worker_runs_queued_tasks_and_follows_the_feed(world, settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    settings.DWGK_SEARCH_DIR = tmp_path / "search"
    settings.DWGK_MIRROR_DIR = tmp_path / "mirror"
    settings.DWGK_SEARCH_AUTO_INDEX = True
    settings.DWGK_MIRROR_AUTO = True
    cache.delete(HEARTBEAT_KEY)
    d = publish_through_workflow(world, title="甲区委关于党员志愿服务积分的公示", body="<p>志愿服务积分已核定。</p>")
    page = file_for(tmp_path / "mirror", reverse("portal:disclosure", args=[d.pk]))
    assert DBTaskResult.objects.filter(status="READY").exists()  # queued, not run in the request
    assert not page.exists()
    assert search.search("志愿服务", audience_keys(None)).total == 0

    call_command("worker", "--batch", stdout=io.StringIO())

    assert [h.id for h in search.search("志愿服务", audience_keys(None)).hits] == [d.pk]
    assert page.exists()
    assert not DBTaskResult.objects.filter(status="READY").exists()
    assert cache.get(HEARTBEAT_KEY)
