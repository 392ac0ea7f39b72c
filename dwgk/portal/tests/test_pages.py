"""Portal pages on real data: bad input gets a clear Chinese answer; the personal feed token is shown once
and revocable; the 党务公开日 calendar follows 每双月26日（遇节假日顺延）; corrections are marked in place."""

import datetime as dt

import pytest
from django.urls import reverse, set_script_prefix
from django.utils import timezone

from dwgk.core.choices import Scope
from dwgk.disclosures.models import Disclosure
from dwgk.portal import selectors
from dwgk.portal.models import FeedToken

pytestmark = pytest.mark.django_db


def _published(world, title, scope=Scope.PUBLIC, **kw):
    return Disclosure.objects.create(org=world.district, title=title, body="<p>正文</p>", category="organization",
                                     scope=scope, proposer=world.people["proposer"], out_of_catalog_reason="测试",
                                     status="published", published_at=timezone.now(), **kw)


@pytest.mark.parametrize("url, status, text", [
    ("/portal/org/999999/", 404, "没有找到"),
    ("/portal/d/999999/", 404, "没有找到该公开事项，或您无权查看"),
    ("/portal/latest/?before=昨天", 400, "翻页参数无效"),
    ("/portal/feeds/search/atom.xml", 400, "须提供检索词"),
    ("/portal/feeds/search/atom.xml?q=党费&year=abc", 400, "须提供检索词"),
])
def test_bad_input_gets_a_clear_chinese_answer(client, world, url, status, text):
    r = client.get(url)
    assert r.status_code == status
    assert text in r.content.decode()


def test_unknown_category_and_page_past_the_end(client, world):
    r = client.get(reverse("portal:org_category", args=[world.district.pk, "nonsense"]))
    assert r.status_code == 404 and "没有这个公开类别" in r.content.decode()
    _published(world, "唯一的一件")
    assert client.get(reverse("portal:org_all_page", args=[world.district.pk, 5])).status_code == 404
    assert "唯一的一件" in client.get(reverse("portal:org_all", args=[world.district.pk])).content.decode()


def test_personal_feed_token_is_shown_once_and_can_be_revoked(client, world):
    d = _published(world, "党内学习安排", scope=Scope.PARTY)
    client.force_login(world.users["member_town"])
    r = client.post(reverse("portal:my_feed"), {"action": "issue"}, follow=True)
    html = r.content.decode()
    assert "只显示这一次" in html
    url = html.split('id="feed-atom" class="feed-url" type="text" readonly value="')[1].split('"')[0]
    path = url.split("testserver", 1)[1]
    assert "只显示这一次" not in client.get(reverse("portal:my_feed")).content.decode()
    client.logout()
    feed = client.get(path)
    assert feed.status_code == 200 and feed["Content-Type"].startswith("application/atom+xml")
    assert d.title in feed.content.decode()  # the member's party-scope item, read as that member
    assert FeedToken.objects.get().token_hash not in path  # only the hash is stored
    client.force_login(world.users["member_town"])
    client.post(reverse("portal:my_feed"), {"action": "revoke"})
    client.logout()
    assert client.get(path).status_code == 404


def test_party_affairs_days_move_to_the_next_working_day():
    # 2026-04-26 is a Sunday: the day moves to Monday the 27th; 2026-02-26 is a Thursday and stays.
    days = {row["date"]: row["moved"] for row in selectors.calendar(2026)}
    assert days[dt.date(2026, 2, 26)] is False
    assert days[dt.date(2026, 4, 27)] is True
    assert len(days) == 6 and all(d.month % 2 == 0 for d in days)


def test_a_corrected_original_is_marked_in_place(client, world):
    new = _published(world, "更正后的公示", correction_kind="correct", correction_reason="金额有误")
    old = _published(world, "原公示")
    Disclosure.objects.filter(pk=new.pk).update(corrects=old)
    Disclosure.objects.filter(pk=old.pk).update(superseded_by=new)
    html = client.get(reverse("portal:disclosure", args=[old.pk])).content.decode()
    assert "本件已被更正" in html and reverse("portal:disclosure", args=[new.pk]) in html
    html = client.get(reverse("portal:disclosure", args=[new.pk])).content.decode()
    assert "更正说明" in html and "金额有误" in html and reverse("portal:disclosure", args=[old.pk]) in html


def test_anonymous_home_is_the_portal(client, world):
    _published(world, "首页可见的公开事项")
    html = client.get("/").content.decode()
    assert "党务公开专栏" in html and "首页可见的公开事项" in html and "党务公开日" in html


def test_header_offers_the_workbench_to_role_holders_only(client, world, django_assert_max_num_queries):
    link = f'href="{reverse("core:workbench")}"'
    client.force_login(world.users["member_town"])
    assert link not in client.get(reverse("portal:latest")).content.decode()
    client.force_login(world.users["publisher"])
    assert link in client.get(reverse("portal:latest")).content.decode()
    # Session, user with person, the reader's memberships (3), the list: no navigation or role queries.
    with django_assert_max_num_queries(6):
        client.get(reverse("portal:latest"))


def test_header_links_and_list_rows_follow_the_script_prefix(client, world):
    """Links reversed once are still right when the portal is served under a path prefix (SCRIPT_NAME), and
    list rows escape titles and link each disclosure."""
    d = _published(world, "关于<b>党费</b>的公示")
    plain = client.get(reverse("portal:latest")).content.decode()
    assert f'href="/portal/d/{d.pk}/"' in plain and "关于&lt;b&gt;党费&lt;/b&gt;的公示" in plain
    url = reverse("portal:latest")
    set_script_prefix("/dwgk/")  # what the WSGI handler does for SCRIPT_NAME (the test client does not)
    try:
        prefixed = client.get(url).content.decode()
    finally:
        set_script_prefix("/")
    assert f'href="/dwgk/portal/d/{d.pk}/"' in prefixed
    assert 'href="/dwgk/portal/guide/"' in prefixed and 'href="/portal/guide/"' not in prefixed
    assert 'href="/portal/guide/"' in client.get(url).content.decode()
