"""Filters, ordering, pagination, errors, catalogs and organizations — on real rows, read anonymously
unless a test says otherwise."""

import datetime as dt
import json
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import timezone

from dwgk.catalog import services as catalog_services
from dwgk.catalog.models import DuePeriod
from dwgk.core.choices import Category, Channel, Scope
from dwgk.disclosures.models import Interpretation, Publication
from dwgk.search import services as search_services

from .conftest import publish

FIXED = dt.datetime(2026, 3, 15, 10, 0, tzinfo=dt.UTC)


def _ids(body):
    return [r["id"] for r in body["results"]]


def _at(d, when):
    type(d).objects.filter(pk=d.pk).update(published_at=when)
    return d


# ---- disclosures: filters and ordering -----------------------------------------------------------------

@pytest.fixture
def spread(world):
    """Public disclosures spread over orgs, categories, channels and dates."""
    w = world
    return {
        "district_2025": _at(publish(w, title="区委2025年度公示", category=Category.CADRES,
                                     channels=[Channel.BOARD]), dt.datetime(2025, 12, 31, 15, 59, 59, tzinfo=dt.UTC)),
        # 2026-01-01 00:00 in Beijing, still 2025 in UTC: the year a reader means is Beijing's.
        "district_newyear": _at(publish(w, title="区委新年公示", channels=[Channel.PORTAL, Channel.SCREEN]),
                                dt.datetime(2025, 12, 31, 16, 0, 0, tzinfo=dt.UTC)),
        "town": _at(publish(w, org=w.town, title="镇党委公示", category=Category.SERVICE,
                            channels=[Channel.MEETING]), FIXED),
        "village": _at(publish(w, org=w.village, title="村支部公示", channels=[Channel.PORTAL]),
                       FIXED + dt.timedelta(days=30)),
        "sibling": _at(publish(w, org=w.sibling, title="乙区公示"), FIXED + dt.timedelta(days=60)),
    }


def test_filters_each_narrow_to_the_right_rows(api, world, spread):
    s = {k: v.pk for k, v in spread.items()}
    w = world
    cases = [
        ({}, {*s.values()}),
        ({"org": w.district.pk}, {s["district_2025"], s["district_newyear"]}),
        ({"subtree": w.district.pk}, {s["district_2025"], s["district_newyear"], s["town"], s["village"]}),
        ({"subtree": w.town.pk}, {s["town"], s["village"]}),
        ({"category": Category.CADRES}, {s["district_2025"]}),
        ({"channel": Channel.PORTAL}, {s["district_newyear"], s["village"], s["sibling"]}),
        ({"channel": Channel.SCREEN}, {s["district_newyear"]}),
        ({"channel": Channel.SMS}, set()),
        ({"year": 2025}, {s["district_2025"]}),
        ({"year": 2026}, {*s.values()} - {s["district_2025"]}),
        ({"published_until": "2025-12-31"}, {s["district_2025"]}),
        ({"published_since": "2026-01-01"}, {*s.values()} - {s["district_2025"]}),
        ({"published_since": "2026-03-15"}, {s["town"], s["village"], s["sibling"]}),
        ({"published_until": "2026-03-15"}, {s["district_2025"], s["district_newyear"], s["town"]}),
        ({"published_since": "2026-03-15T18:00:01+08:00"}, {s["village"], s["sibling"]}),
        ({"published_since": "2026-03-15T18:00:00+08:00"}, {s["town"], s["village"], s["sibling"]}),
        ({"published_until": "2026-03-15T10:00:00Z"}, {s["district_2025"], s["district_newyear"], s["town"]}),
        ({"published_since": "2026-03-01", "published_until": "2026-04-30", "subtree": w.district.pk},
         {s["town"], s["village"]}),
        ({"org": w.district.pk, "category": Category.CADRES, "channel": Channel.BOARD}, {s["district_2025"]}),
        ({"category": ""}, {*s.values()}),  # an empty field means no filter
    ]
    for params, expected in cases:
        body = api.json("disclosures", **params)
        assert set(_ids(body)) == expected, params
        assert body["count"] == len(expected), params


def test_an_unencoded_plus_in_a_time_offset_still_means_plus(api, spread):
    r = api.client.get("/api/v1/disclosures?published_since=2026-03-15T18:00:01+08:00")
    assert {x["id"] for x in r.json()["results"]} == {spread["village"].pk, spread["sibling"].pk}


def test_catalog_item_filter(api, world):
    catalog = catalog_services.create_from_template(world.district)
    item = catalog.items.first()
    linked = publish(world, catalog_item=item, out_of_catalog_reason="")
    publish(world)
    body = api.json("disclosures", catalog_item=item.pk)
    assert _ids(body) == [linked.pk]
    assert body["results"][0]["catalog_item"] == {"id": item.pk, "subject": item.subject}


def test_ordering(api, spread):
    for d in spread.values():
        d.refresh_from_db()
    newest_first = [d.pk for d in sorted(spread.values(), key=lambda d: d.published_at, reverse=True)]
    assert _ids(api.json("disclosures")) == newest_first
    assert _ids(api.json("disclosures", ordering="published_at")) == newest_first[::-1]
    assert _ids(api.json("disclosures", ordering="id")) == sorted(newest_first)
    assert _ids(api.json("disclosures", ordering="-id")) == sorted(newest_first, reverse=True)


# ---- pagination --------------------------------------------------------------------------------------

def test_pages_walk_every_row_once_with_exact_counts(api, world):
    made = {publish(world, title=f"第{i}号公示", days_ago=i, attachment=None).pk for i in range(1, 8)}
    publish(world, scope=Scope.PARTY, attachment=None)  # counted for members only
    seen, url, pages = [], "/api/v1/disclosures?page_size=3", 0
    while url:
        body = api.json(url.replace("http://testserver", ""))
        assert body["count"] == 7 and body["num_pages"] == 3 and body["page_size"] == 3
        seen += _ids(body)
        url = body["next"]
        pages += 1
    assert pages == 3 and len(seen) == 7 and set(seen) == made
    last = api.json("disclosures", page=3, page_size=3)
    assert parse_qs(urlsplit(last["previous"]).query) == {"page": ["2"], "page_size": ["3"]}
    assert last["next"] is None
    beyond = api.json("disclosures", page=9, page_size=3)
    assert beyond["results"] == [] and beyond["count"] == 7 and beyond["next"] is None


@pytest.mark.parametrize("params, param", [
    ({"page_size": 0}, "page_size"), ({"page_size": 101}, "page_size"), ({"page": 0}, "page"),
    ({"page": "二"}, "page"), ({"org": "abc"}, "org"),
    ({"category": "secret"}, "category"), ({"channel": "wechat"}, "channel"), ({"year": 1900}, "year"),
    ({"published_since": "2026-13-01"}, "published_since"), ({"published_until": "昨天"}, "published_until"),
    ({"published_since": "2026-05-01", "published_until": "2026-04-01"}, "published_until"),
    ({"ordering": "title"}, "ordering"), ({"catagory": "cadres"}, "catagory"),
])
def test_bad_filters_are_400_naming_the_parameter(api, db, params, param):
    err = api.json("disclosures", status=400, **params)["error"]
    assert err["param"] == param
    assert param in err["message"]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in err["message"])  # said in Chinese
    assert err["code"] in ("invalid_parameter", "unknown_parameter")


@pytest.mark.parametrize("param", ["org", "subtree"])
def test_a_filter_naming_a_missing_org_is_404_naming_the_parameter(api, db, param):
    """A well-formed id that names no organization is not found, as in a path (the schema lists it)."""
    err = api.json("disclosures", status=404, **{param: 999999})["error"]
    assert err["param"] == param and err["code"] == "not_found" and "999999" in err["message"]


def test_a_repeated_parameter_is_refused(api, db):
    r = api.client.get("/api/v1/disclosures?org=1&org=2")
    assert r.status_code == 400 and r.json()["error"] == {
        "code": "invalid_parameter", "message": "参数 org 只能出现一次。", "param": "org"}


# ---- detail --------------------------------------------------------------------------------------------

def test_detail_shows_what_was_published_and_nothing_else(api, world):
    w = world
    d = publish(w, title="原标题含身份证号", body="<p>原文</p>", redacted_title="脱密后的标题",
                redacted_body="<p>脱密后的正文</p>")
    Interpretation.objects.create(disclosure=d, kind="qa", title="政策问答", body="<p>问答</p>", author="区委组织部",
                                  published_at=timezone.now())
    Publication.objects.create(disclosure=d, channel=Channel.MEETING, published_at=timezone.now(),
                               content_hash="x", held_on=dt.date(2026, 3, 2), place="区委第一会议室")
    fix = publish(w, title="更正后的公示", corrects=d, correction_kind="correct", correction_reason="金额有误",
                  version_no=2)
    type(d).objects.filter(pk=d.pk).update(superseded_by=fix)
    body = api.json(f"disclosures/{d.pk}")
    assert body["title"] == "脱密后的标题" and body["body"] == "<p>脱密后的正文</p>"
    assert "原文" not in json.dumps(body, ensure_ascii=False)
    assert body["superseded_by"] == fix.pk and [c["id"] for c in body["corrections"]] == [fix.pk]
    assert body["interpretations"][0]["title"] == "政策问答"
    assert body["publications"] == [{"channel": "meeting", "channel_label": "会议", "published_at": body[
        "publications"][0]["published_at"], "held_on": "2026-03-02", "place": "区委第一会议室"}]
    att = body["attachments"][0]
    assert att["name"] == "附件.pdf" and att["download_url"].endswith(f"/disclosures/{d.pk}/attachments/"
                                                                     f"{d.attachments.get().pk}/download")
    again = api.json(f"disclosures/{fix.pk}")
    assert again["corrects"] == d.pk and again["correction"] == {"kind": "correct", "reason": "金额有误"}


def test_links_to_versions_the_reader_may_not_see_are_not_named(api, world, token_for):
    """A public item corrected by a narrower one: anonymous readers are not told the correction exists."""
    d = publish(world)
    fix = publish(world, scope=Scope.PARTY, corrects=d, correction_kind="clarify", correction_reason="说明")
    type(d).objects.filter(pk=d.pk).update(superseded_by=fix)
    anon = api.json(f"disclosures/{d.pk}")
    assert anon["superseded_by"] is None and anon["corrections"] == []
    member = api.json(f"disclosures/{d.pk}", token_for(world.users["member_district"]))
    assert member["superseded_by"] == fix.pk and [c["id"] for c in member["corrections"]] == [fix.pk]


def test_redacted_attachment_is_what_readers_download(api, world):
    from dwgk.disclosures import readercopy

    d = publish(world, attachment=b"original with 13812345678")
    att = d.attachments.get()
    readercopy.store(att, "r.txt", "text/plain; charset=utf-8", b"redacted with ***")
    resp = api.get(f"disclosures/{d.pk}/attachments/{att.pk}/download")
    assert b"".join(resp.streaming_content) == b"redacted with ***"
    assert "attachment" in resp["Content-Disposition"] and "r.txt" in resp["Content-Disposition"]
    assert resp["Content-Type"] == "text/plain; charset=utf-8"
    meta = api.json(f"disclosures/{d.pk}")["attachments"][0]
    assert meta["redacted"] is True and meta["name"] == "r.txt" and meta["size"] == len(b"redacted with ***")
    other = publish(world)
    assert api.get(f"disclosures/{other.pk}/attachments/{att.pk}/download").status_code == 404


# ---- errors, methods, paths ------------------------------------------------------------------------------

def test_methods_other_than_get_are_405_in_json(api, world):
    d = publish(world, attachment=None)
    for method in ("post", "put", "patch", "delete"):
        r = getattr(api.client, method)(f"/api/v1/disclosures/{d.pk}")
        assert r.status_code == 405, method
        assert r["Allow"] == "GET, HEAD" and r.json()["error"]["code"] == "method_not_allowed"
    assert api.client.head(f"/api/v1/disclosures/{d.pk}").status_code == 200


def test_unknown_paths_and_missing_objects_are_404_in_json(api, world):
    for path in ("/api/v1/nothing", "/api/v1/disclosures/abc", "/api/v1/disclosures/" + "9" * 30,
                 "/api/v1/organizations/99999", "/api/v1/organizations/99999/catalog"):
        r = api.client.get(path)
        assert r.status_code == 404 and r.json()["error"]["code"] == "not_found", path
    assert api.client.post("/api/v1/nothing").status_code == 404


def test_trailing_slash_is_optional(api, world):
    assert api.get("/api/v1/organizations/").status_code == 200
    assert api.get(f"/api/v1/organizations/{world.city.pk}/").status_code == 200


def test_anonymous_answers_are_not_cached_for_others(api, world, token_for):
    r = api.get("disclosures")
    assert "Authorization" in r["Vary"] and r["Cache-Control"] == "no-cache"
    r = api.get("disclosures", token_for(world.users["member_town"]))
    assert r["Cache-Control"] == "private, no-store"


# ---- organizations -------------------------------------------------------------------------------------

def test_organization_filters(api, world):
    w = world
    body = api.json("organizations")
    assert body["count"] == 7 and _ids(body)[0] == w.city.pk  # tree order: the root first
    assert set(_ids(api.json("organizations", parent=w.city.pk))) == {w.cdi.pk, w.district.pk, w.sibling.pk}
    assert set(_ids(api.json("organizations", subtree=w.town.pk))) == {w.town.pk, w.village.pk, w.village2.pk}
    assert set(_ids(api.json("organizations", kind="grassroots"))) == {w.village.pk, w.village2.pk}
    assert _ids(api.json("organizations", category="town")) == [w.town.pk]
    assert _ids(api.json("organizations", q="东村")) == [w.village.pk]
    assert _ids(api.json("organizations", q="T0013")) == [w.village2.pk]
    assert api.json("organizations", status=400, kind="village")["error"]["param"] == "kind"


def test_organization_detail(api, world):
    body = api.json(f"organizations/{world.cdi.pk}")
    assert body["serves"] == {"id": world.city.pk, "name": world.city.name}
    assert body["parent"]["id"] == world.city.pk and body["kind_label"] == "纪律检查机关"
    assert body["catalog_url"] is None
    assert body["disclosures_url"].endswith(f"/api/v1/disclosures?org={world.cdi.pk}")


# ---- catalogs ------------------------------------------------------------------------------------------

def _filed(org, scope=None):
    catalog = catalog_services.create_from_template(org)
    catalog_services.submit(catalog)
    catalog_services.acknowledge(catalog, effective_from=dt.date(2026, 1, 1), today=dt.date(2026, 11, 22))
    if scope:
        catalog_services.publish(catalog, scope=scope)
    catalog.refresh_from_db()
    return catalog


def test_published_catalog_with_items_and_due_periods(api, world, token_for):
    w = world
    public = _filed(w.district, Scope.PUBLIC)
    party = _filed(w.town, Scope.PARTY)
    _filed(w.village)  # filed, not published: nobody reads it here
    period = DuePeriod.objects.filter(org=w.district, year=2026).select_related("item").first()
    done = publish(w, scope=Scope.PARTY, catalog_item=period.item, out_of_catalog_reason="")
    DuePeriod.objects.filter(pk=period.pk).update(state="fulfilled", fulfilled_on=dt.date(2026, 3, 1),
                                                  disclosure_id=done.pk)

    body = api.json(f"organizations/{w.district.pk}/catalog", year=2026)
    assert body["scope"] == "public" and body["year"] == 2026
    assert len(body["items"]) == public.items.filter(withheld=False, status="active").count() > 0
    item = next(i for i in body["items"] if i["id"] == period.item_id)
    row = next(p for p in item["due_periods"] if p["due_date"] == period.due_date.isoformat())
    assert row["state"] == "fulfilled"
    assert row["disclosure"] is None  # a 党内 disclosure is not named to an anonymous reader
    member = api.json(f"organizations/{w.district.pk}/catalog", token_for(w.users["member_district"]), year=2026)
    item = next(i for i in member["items"] if i["id"] == period.item_id)
    assert next(p for p in item["due_periods"] if p["due_date"] == period.due_date.isoformat())[
        "disclosure"] == done.pk

    # 党内 catalog: members below the town read it; anonymous readers and the sibling's members do not.
    assert api.get(f"organizations/{w.town.pk}/catalog").status_code == 404
    assert api.get(f"organizations/{w.town.pk}/catalog", token_for(w.users["member_sibling"])).status_code == 404
    assert api.json(f"organizations/{w.town.pk}/catalog", token_for(w.users["member_village"]))["scope"] == "party"
    assert api.get(f"organizations/{w.village.pk}/catalog").status_code == 404
    assert api.json(f"organizations/{w.district.pk}")["catalog_url"].endswith(
        f"/organizations/{w.district.pk}/catalog")

    # The list agrees with the detail, reader by reader.
    assert [c["org"]["id"] for c in api.json("catalogs")["results"]] == [w.district.pk]
    member_list = api.json("catalogs", token_for(w.users["member_village"]))
    assert [c["org"]["id"] for c in member_list["results"]] == [w.district.pk, w.town.pk]
    assert api.json("catalogs", token_for(w.users["member_village"]), subtree=w.town.pk)["count"] == 1
    assert party.publish_scope == "party"


# ---- search --------------------------------------------------------------------------------------------

def test_search_needs_words_or_a_filter(api, db):
    err = api.json("search", status=400)["error"]
    assert err["code"] == "missing_parameter" and err["param"] == "q"


def test_search_filters_pages_and_highlights(api, world, search_index):
    w = world
    for i in range(5):
        publish(w, title=f"党员发展公示第{i}批", attachment=None, days_ago=i + 1)
    publish(w, org=w.sibling, title="乙区党员发展公示", attachment=None, category=Category.CADRES, days_ago=0)
    search_services.rebuild()
    body = api.json("search", q="党员发展", page_size=2)
    assert body["count"] == 6 and body["num_pages"] == 3 and len(body["results"]) == 2
    assert "<mark>" in body["results"][0]["title_html"]
    assert parse_qs(urlsplit(body["next"]).query)["page"] == ["2"]
    assert api.json("search", q="党员发展", org=w.district.pk)["count"] == 5
    assert api.json("search", q="党员发展", category=Category.CADRES)["count"] == 1
    assert api.json("search", category=Category.CADRES)["count"] == 1  # a filter alone is a search
    assert api.json("search", q="党员发展", sort="date", page_size=50)["results"][0]["title"] == "乙区党员发展公示"
    assert api.json("search", status=400, page_size=51)["error"]["param"] == "page_size"
