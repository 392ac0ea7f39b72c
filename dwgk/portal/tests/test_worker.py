"""With the database task queue, a publishing request does no derived-copy work itself and queues no
task for it: it writes the change feed, and `dwgk worker` brings this node's search index and the shared
mirror up to the feed, and beats."""

import io

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from dwgk.access.audience import audience_keys
from dwgk.core.health import HEARTBEAT_KEY
from dwgk.core.models import ChangeEntry
from dwgk.portal.mirror import file_for
from dwgk.search import services as search

from .conftest import publish_through_workflow

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_publication_only_writes_the_feed_and_the_worker_brings_index_and_mirror_up_to_it(world, settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    settings.DWGK_SEARCH_DIR = tmp_path / "search"
    settings.DWGK_MIRROR_DIR = tmp_path / "mirror"
    settings.DWGK_SEARCH_AUTO_INDEX = True
    settings.DWGK_MIRROR_AUTO = True
    cache.delete(HEARTBEAT_KEY)
    d = publish_through_workflow(world, title="甲区委关于党员志愿服务积分的公示", body="<p>志愿服务积分已核定。</p>")
    page = file_for(tmp_path / "mirror", reverse("portal:disclosure", args=[d.pk]))
    assert ChangeEntry.objects.filter(object_id=d.pk, event="disclosure.published").exists()
    assert not DBTaskResult.objects.exists()  # no task per commit: the worker's loop follows the feed
    assert not page.exists()
    assert search.search("志愿服务", audience_keys(None)).total == 0

    call_command("worker", "--batch", stdout=io.StringIO())

    assert [h.id for h in search.search("志愿服务", audience_keys(None)).hits] == [d.pk]
    assert page.exists()
    assert cache.get(HEARTBEAT_KEY)
