import datetime as dt
import io
import threading

import pytest
from django.core.management import call_command
from django.urls import reverse

from dwgk.search import providers, services


@pytest.fixture
def fake_kind(make_doc):
    """A provider over an in-memory 'database' so the hooks can be exercised on their own."""
    rows = {}
    providers.register("note", lambda: (rows[k] for k in sorted(rows)), rows.get)
    yield rows
    providers.unregister("note")


def test_on_document_changed_indexes_then_removes(index, make_doc, fake_kind):
    fake_kind[1] = make_doc(1, "征求意见公告", kind="note")
    assert services.on_document_changed("note", 1) is True
    assert services.search("征求意见", ["public"]).total == 1
    fake_kind[1] = make_doc(1, "征求意见公告", kind="note", scope="party", audience_root_path="000001")
    services.on_document_changed("note", 1)  # scope narrowed: anonymous no longer finds it
    assert services.search("征求意见", ["public"]).total == 0
    del fake_kind[1]  # withdrawn
    assert services.on_document_changed("note", 1) is False
    assert services.search("征求意见", ["party:000001"]).total == 0


def test_unknown_kind_is_an_error(index):
    with pytest.raises(LookupError):
        services.on_document_changed("nothing", 1)


def test_rebuild_command_reads_the_providers(db, index, make_doc, fake_kind):
    fake_kind.update({i: make_doc(i, "公开承诺", kind="note") for i in (1, 2, 3)})
    index.index_document(make_doc(50, "公开承诺 已撤回", kind="note"))
    call_command("search", "rebuild", stdout=io.StringIO())
    assert index.num_docs == 3
    assert sorted(h.id for h in services.search("公开承诺", ["public"], kind="note").hits) == [1, 2, 3]


def test_concurrent_writers_are_serialized(index, make_doc):
    errors = []

    def work(start):
        try:
            for i in range(start, start + 10):
                services.index_document(make_doc(i, "并发写入测试"))
        except Exception as exc:  # noqa: BLE001 - surfaced by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n * 100,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert services.search("并发", ["public"], per_page=50).total == 40


@pytest.fixture
def page_docs(index, world):
    """Real published disclosures, indexed through the provider: the page asks the gate about each hit."""
    from django.utils import timezone

    from dwgk.disclosures.models import Disclosure

    w = world

    def publish(title, body, scope, days_ago):
        return Disclosure.objects.create(
            org=w.district, title=title, body=body, category="organization", scope=scope,
            proposer=w.people["proposer"], out_of_catalog_reason="测试", status="published",
            published_at=timezone.now() - dt.timedelta(days=days_ago))

    for i in range(1, 24):
        publish(f"发展党员公示第{i}期", "<p>拟发展对象&lt;script&gt;alert(1)&lt;/script&gt;公示</p>", "public", i)
    publish("发展党员公示 党内", "<p>党内</p>", "party", 30)
    services.rebuild()
    return index


def test_page_anonymous_counts_and_escapes(client, page_docs):
    r = client.get(reverse("search:search"), {"q": "发展党员"})
    html = r.content.decode()
    assert r.status_code == 200
    assert "共找到 <strong>23</strong> 条结果" in html
    assert "党内" not in html.split("检索结果")[1].split("</ol>")[0]
    assert "<script>alert(1)" not in html and "&lt;script&gt;" in html
    assert "<mark>发展党员</mark>" in html
    assert 'rel="next"' in html and "第 1 / 2 页" in html
    r2 = client.get(reverse("search:search"), {"q": "发展党员", "page": 2, "sort": "date"})
    assert r2.content.decode().count('class="search-hit"') == 3


def test_page_member_sees_party_item(client, page_docs, world):
    client.force_login(world.users["member_village"])
    html = client.get(reverse("search:search"), {"q": "发展党员"}).content.decode()
    assert "共找到 <strong>24</strong> 条结果" in html


def test_page_sibling_member_does_not(client, page_docs, world):
    client.force_login(world.users["member_sibling"])
    html = client.get(reverse("search:search"), {"q": "发展党员"}).content.decode()
    assert "共找到 <strong>23</strong> 条结果" in html


def test_page_org_filter_and_empty(client, page_docs, world):
    r = client.get(reverse("search:search"), {"q": "发展党员", "org": world.sibling.pk})
    assert "没有找到相关内容" in r.content.decode()
    r = client.get(reverse("search:search"))
    assert r.status_code == 200 and "检索结果" not in r.content.decode()


def test_publishing_saves_reach_the_index_after_commit(index, world, settings, django_capture_on_commit_callbacks):
    """The index is kept current on publish and withdraw: a derived copy, never ahead of the database."""
    from django.utils import timezone

    from dwgk.disclosures.models import Disclosure

    settings.DWGK_SEARCH_AUTO_INDEX = True
    settings.DWGK_MIRROR_AUTO = False
    with django_capture_on_commit_callbacks(execute=True):
        d = Disclosure.objects.create(
            org=world.district, title="关于党费收缴情况的公示", body="<p>党费</p>", category="organization",
            scope="public", proposer=world.people["proposer"], out_of_catalog_reason="测试", status="published",
            published_at=timezone.now())
    assert [h.id for h in services.search("党费收缴", ["public"]).hits] == [d.pk]
    with django_capture_on_commit_callbacks(execute=True):
        d.withdrawn_at = timezone.now()
        d.status = "withdrawn"
        d.save()
    assert services.search("党费收缴", ["public"]).total == 0


def test_feed_entries_reach_the_index_together_and_only_once(db, index, make_doc, fake_kind):
    """The index follows the change feed from its own watermark: entries recorded since are applied in one
    pass (a withdrawn item goes), and a second pass finds nothing new."""
    from dwgk.core import changes

    services.rebuild([])  # a new index: its watermark starts at the feed's head
    fake_kind.update({i: make_doc(i, "党员发展公示", kind="note") for i in (1, 2, 3)})
    changes.record("note", [1, 2])
    changes.record("note", [3])
    assert services.search("党员发展", ["public"]).total == 0  # not yet followed
    del fake_kind[2]  # withdrawn before the follower ran
    assert services.follow_feed() == 3  # three entries: ids 1, 2 and 3
    assert services.search("党员发展", ["public"]).total == 2
    assert services.follow_feed() == 0


def test_a_node_that_was_down_catches_up_without_a_rebuild(db, index, make_doc, fake_kind):
    from dwgk.core import changes

    fake_kind[1] = make_doc(1, "党费收缴公示", kind="note")
    services.rebuild()
    fake_kind[2] = make_doc(2, "党费使用公示", kind="note")
    fake_kind[3] = make_doc(3, "党费补缴公示", kind="note")
    # Meanwhile, changes through another node; this node's index was not following.
    changes.record("note", [2])
    changes.record("note", [3])
    index.index_document(make_doc(99, "党费 不在数据库中", kind="note"))  # would vanish in a rebuild
    assert services.follow_feed() == 2
    assert sorted(h.id for h in services.search("党费", ["public"]).hits) == [1, 2, 3, 99]


def test_a_new_node_builds_its_index_once_then_follows(db, index, make_doc, fake_kind):
    from dwgk.core import changes

    fake_kind[1] = make_doc(1, "公开承诺", kind="note")
    changes.record("note", [1])
    assert not services.feed_follower().path.exists()
    assert services.follow_feed() == 0  # no watermark: built from the providers
    assert services.search("公开承诺", ["public"]).total == 1
    assert services.feed_follower().load().position == changes.head()
