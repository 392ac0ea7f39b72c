"""A disclosure page a 政府信息公开 reader recognises: 索引号 by rule, 发文字号, 成文日期, 发布机构, 发布日期,
有效性, 关键词; an 打印 view; 字号 大/中/小; the favicon; a footer with 主办单位, contact and 备案 numbers."""

import datetime as dt
import re

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from dwgk.core.choices import Category, Scope
from dwgk.disclosures import publishing
from dwgk.disclosures.indexno import assign_index_number, index_number_for
from dwgk.disclosures.models import Disclosure
from dwgk.search import providers
from dwgk.search import services as search_services
from dwgk.testing.texts import release_of

from .conftest import publish_through_workflow

pytestmark = pytest.mark.django_db


def test_index_number_follows_the_rule_and_counts_per_org_and_year(world):
    year = dt.date.today().year
    a = publish_through_workflow(world, title="第一件", body="<p>正文甲</p>", category=Category.ORGANIZATION)
    b = publish_through_workflow(world, title="第二件", body="<p>正文乙</p>", category=Category.CADRES)
    other = Disclosure.objects.create(org=world.city, title="别的组织", body="<p>正文丙</p>", category="organization",
                                      scope=Scope.PUBLIC, proposer=world.people["proposer"], out_of_catalog_reason="测试")
    assign_index_number(other)
    code = world.district.code
    # 组织建设 is the 3rd category, 干部选任 the 5th
    assert a.index_number == f"{code}-03-{year}-0001"
    assert b.index_number == f"{code}-05-{year}-0002"
    assert other.index_number == f"{world.city.code}-03-{year}-0001"
    assert index_number_for("QS", "other", 2027, 12) == "QS-08-2027-0012"


def test_the_database_refuses_a_second_row_with_the_same_sequence(world):
    a = publish_through_workflow(world, title="第一件", body="<p>正文</p>")
    b = publish_through_workflow(world, title="第二件", body="<p>正文</p>")
    with pytest.raises(IntegrityError), transaction.atomic():
        Disclosure.objects.filter(pk=b.pk).update(index_seq=a.index_seq)


def test_a_draft_has_no_number_until_published(world):
    d = publish_through_workflow(world, title="公开", body="<p>正文</p>")
    assert d.index_number
    draft = Disclosure.objects.create(org=world.district, title="草稿", body="<p>x</p>", category="other",
                                      scope=Scope.PUBLIC, proposer=world.people["proposer"],
                                      out_of_catalog_reason="测试")
    assert draft.index_number == "" and draft.index_seq is None


def test_page_shows_the_facts_a_reader_looks_for(client, world):
    d = publish_through_workflow(world, title="关于调整党费收缴标准的通知", body="<p>正文</p>",
                                 document_number="东青委发〔2026〕3号", written_on=dt.date(2026, 3, 2),
                                 keywords="党费，收缴  标准")
    html = client.get(reverse("portal:disclosure", args=[d.pk])).content.decode()
    for text in ("索引号", d.index_number, "发布机构", world.district.name, "发文字号", "东青委发〔2026〕3号",
                 "成文日期", "2026年3月2日", "发布日期", "有效性", "现行有效", "关键词", "党费　收缴　标准", "打印"):
        assert text in html, text


def test_validity_follows_the_record(world):
    d = publish_through_workflow(world, title="一件", body="<p>正文</p>")
    assert d.validity == "现行有效"
    publishing.withdraw(d, world.users["publisher"], "内容有误")
    d.refresh_from_db()
    assert d.validity == "已撤回"
    d2 = publish_through_workflow(world, title="二件", body="<p>正文</p>")
    d2.superseded_by = d
    assert d2.validity == "已更正"
    d2.superseded_by, d2.status = None, "expired"
    assert d2.validity == "已废止"


def test_index_number_is_in_the_api(client, world):
    d = publish_through_workflow(world, title="接口可见", body="<p>正文</p>", document_number="东青委发〔2026〕9号")
    data = client.get(f"/api/v1/disclosures/{d.pk}").json()
    assert data["index_number"] == d.index_number
    assert data["document_number"] == "东青委发〔2026〕9号" and data["validity"] == "现行有效"


def test_index_number_and_interpretation_are_searchable(world, settings, tmp_path):
    settings.DWGK_SEARCH_DIR = tmp_path / "search"
    d = publish_through_workflow(world, title="村级组织换届选举结果", body="<p>选举结果如下</p>", keywords="换届")
    item = publishing.add_interpretation(d, world.users["publisher"], kind="written", title="解读换届",
                                         body="<p>本次选举严格执行差额选举办法</p>")
    release_of(publishing.INTERPRETATION, item, world.users["secrecy"], world.users["approver"])
    d = providers.get_provider("disclosure").get(d.pk)
    search_services.index_document(d)
    assert [h.id for h in search_services.search("差额选举", ["public"]).hits] == [d.id]
    assert [h.id for h in search_services.search(d.body.split("\n")[1].split()[0], ["public"]).hits] == [d.id]


def test_print_view_has_the_facts_and_a_print_stylesheet(client, world):
    d = publish_through_workflow(world, title="打印测试", body="<p>正文内容</p>")
    html = client.get(reverse("portal:disclosure_print", args=[d.pk])).content.decode()
    assert "css/print.css" in html and d.index_number in html and "正文内容" in html and "data-print" in html
    assert "<script>" not in html  # behaviour lives in static files (CSP without inline script)


def test_print_view_of_an_unreadable_item_is_absent(client, world):
    d = publish_through_workflow(world, title="党内", body="<p>正文</p>", scope=Scope.PARTY)
    assert client.get(reverse("portal:disclosure_print", args=[d.pk])).status_code == 404


def test_font_size_choice_without_javascript(client, world):
    r = client.post(reverse("portal:font_size"), {"size": "large", "next": "/portal/"})
    assert r.status_code == 302 and r["Location"] == "/portal/"
    html = client.get("/portal/").content.decode()
    assert "fs-large" in html and 'value="large" class="btn btn-small" aria-pressed="true"' in html
    client.post(reverse("portal:font_size"), {"size": "small", "next": "https://evil.example/"})
    assert "fs-small" in client.get("/portal/").content.decode()
    client.post(reverse("portal:font_size"), {"size": "medium"})
    assert "fs-" not in client.get("/portal/").content.decode().split("<body", 1)[1].split(">", 1)[0]


def test_favicon_is_served(client):
    r = client.get("/favicon.ico")
    assert r.status_code == 200 and r["Content-Type"] == "image/x-icon"
    assert b"".join(r.streaming_content)[:4] == b"\x00\x00\x01\x00"  # ICO header


def test_footer_names_the_host_and_configurable_record_numbers(client, settings):
    settings.DWGK_SITE_HOST = "中共测试市委党务公开办公室"
    settings.DWGK_SITE_PHONE = "023-11112222"
    settings.DWGK_SITE_ICP = "渝ICP备00000001号"
    html = client.get("/portal/").content.decode()
    assert "主办单位：中共测试市委党务公开办公室" in html and "023-11112222" in html and "渝ICP备00000001号" in html


def test_next_party_affairs_day_in_a_provisional_year_says_so(rf, world):
    from django.template.loader import render_to_string

    from dwgk.portal import selectors

    row = selectors.next_open_day(dt.date(2026, 12, 29))  # the next one is 26 Feb 2027: no schedule yet
    assert row["date"] == dt.date(2027, 2, 26) and row["provisional"]
    from django.contrib.auth.models import AnonymousUser

    request = rf.get("/portal/")
    request.user = AnonymousUser()
    html = render_to_string("portal/home.html", {"next_day": row, "calendar": [], "year": 2027, "rows": []},
                            request=request)
    assert re.search(r"下一个党务公开日：.*?2027年2月26日.*?暂定", html, re.S)
    assert not selectors.next_open_day(dt.date(2026, 6, 1))["provisional"]
