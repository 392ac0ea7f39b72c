import datetime as dt

import pytest

from dwgk.access.audience import audience_keys
from dwgk.search import services
from dwgk.search.documents import audience_terms_for_document
from dwgk.search.index import SCHEMA_VERSION

ANON = ["public"]


def day(n):
    return dt.datetime(2024, 1, 1, 8, tzinfo=dt.UTC) + dt.timedelta(days=n)


def ids(page):
    return [h.id for h in page.hits]


def test_round_trip_finds_by_sub_word_and_whole_word(index, make_doc):
    index.index_documents([
        make_doc(1, "关于发展党员的公示", "拟发展张三同志为预备党员，现予公示。"),
        make_doc(2, "三重一大事项决策情况", "研究决定年度预算。"),
    ])
    assert ids(index.search("发展党员", ANON)) == [1]
    assert ids(index.search("党员", ANON)) == [1]
    assert ids(index.search("三重一大", ANON)) == [2]
    assert index.search("三重一大", ANON).total == 1
    assert index.search("不存在的词语组合", ANON).total == 0


def test_all_query_words_must_match(index, make_doc):
    index.index_documents([make_doc(1, "党费收缴公示"), make_doc(2, "党费使用情况"), make_doc(3, "收缴通知")])
    assert ids(index.search("党费 收缴", ANON)) == [1]


@pytest.fixture
def scoped(index, make_doc, world):
    w = world
    index.index_documents([
        make_doc(1, "党员大会决议 公开", org_id=w.city.pk, org_path=w.city.path, scope="public"),
        make_doc(2, "党员大会决议 党内", org_id=w.district.pk, org_path=w.district.path, scope="party",
                 audience_root_path=w.district.path),
        make_doc(3, "党员大会决议 本单位", org_id=w.village.pk, org_path=w.village.path, scope="unit"),
        make_doc(4, "党员大会决议 特定", org_id=w.town.pk, org_path=w.town.path, scope="targeted",
                 target_org_ids=(w.sibling.pk,), target_person_ids=(w.people["outsider"].pk,)),
        # A discipline commission acts for the city: its party-scope items reach the whole city.
        make_doc(5, "党员大会决议 纪委", org_id=w.cdi.pk, org_path=w.cdi.path, scope="party",
                 audience_root_path=w.city.path),
    ])
    return index


@pytest.mark.parametrize("who, expected", [
    (None, [1]),
    ("member_village", [1, 2, 3, 5]),   # below the district: its party items; affiliated with the village
    ("member_district", [1, 2, 5]),
    ("member_sibling", [1, 4, 5]),      # sibling of the district: not its party items; targeted org
    ("member_city", [1, 5]),            # above the district: party scope does not reach upwards
    ("resident", [1, 3]),               # not a member, affiliated with the village
    ("outsider", [1, 4]),               # targeted person
])
def test_scope_filter_inside_the_query(scoped, world, who, expected):
    keys = audience_keys(world.users[who]) if who else ANON
    page = scoped.search("党员大会", keys, per_page=10)
    assert sorted(ids(page)) == expected
    assert page.total == len(expected)


def test_totals_and_pages_count_only_visible_hits(index, make_doc, world):
    w = world
    docs = [make_doc(i, f"发展党员公示 第{i}号", org_id=w.district.pk, org_path=w.district.path,
                     scope="public" if i % 3 == 0 else "party", audience_root_path=w.district.path,
                     published_at=day(i)) for i in range(1, 31)]
    index.index_documents(docs)
    anon = [index.search("发展党员", ANON, sort="date", page=p, per_page=4) for p in (1, 2, 3)]
    assert [p.total for p in anon] == [10, 10, 10]
    assert anon[0].num_pages == 3
    assert ids(anon[0]) == [30, 27, 24, 21] and ids(anon[2]) == [6, 3]
    member = index.search("发展党员", audience_keys(w.users["member_town"]), per_page=4, page=8)
    assert member.total == 30 and len(member.hits) == 2
    sibling = index.search("发展党员", audience_keys(w.users["member_sibling"]), per_page=100)
    assert sibling.total == 10 and all(h.scope == "public" for h in sibling.hits)


def test_no_keys_sees_nothing(index, make_doc):
    index.index_documents([make_doc(1, "党务公开")])
    assert index.search("党务公开", []).total == 0


def test_filters_subtree_category_year_channel(index, make_doc, world):
    w = world
    index.index_documents([
        make_doc(1, "组织生活会情况", org_id=w.village.pk, org_path=w.village.path, category="organization",
                 channels=("board", "portal"), published_at=dt.datetime(2023, 12, 31, 17, tzinfo=dt.UTC)),
        make_doc(2, "组织生活会情况", org_id=w.sibling.pk, org_path=w.sibling.path, category="organization",
                 channels=("portal",), published_at=dt.datetime(2024, 3, 1, tzinfo=dt.UTC)),
        make_doc(3, "组织生活会情况", org_id=w.town.pk, org_path=w.town.path, category="integrity",
                 channels=("meeting",), published_at=dt.datetime(2024, 6, 1, tzinfo=dt.UTC)),
    ])
    q = "组织生活会"
    assert sorted(ids(index.search(q, ANON, org_path=w.district.path))) == [1, 3]
    assert ids(index.search(q, ANON, org_path=w.village.path)) == [1]
    assert sorted(ids(index.search(q, ANON, org_path=w.city.path))) == [1, 2, 3]
    assert sorted(ids(index.search(q, ANON, category="organization"))) == [1, 2]
    # 2023-12-31 17:00 UTC is already 2024 in Beijing.
    assert sorted(ids(index.search(q, ANON, year=2024))) == [1, 2, 3]
    assert ids(index.search(q, ANON, year=2023)) == []
    assert sorted(ids(index.search(q, ANON, channel="portal"))) == [1, 2]
    assert ids(index.search(q, ANON, channel="board", category="organization")) == [1]
    # Filters alone (no words) browse by date.
    assert ids(index.search("", ANON, org_path=w.district.path)) == [3, 1]


def test_ranking_by_relevance_vs_date(index, make_doc):
    index.index_documents([
        make_doc(1, "廉政教育", "廉政 廉政 廉政 党风廉政建设专题", published_at=day(1)),
        make_doc(2, "工作简报", "本月开展了一次廉政谈话。其他工作若干。" * 5, published_at=day(9)),
        make_doc(3, "会议纪要", "会议提到廉政。", published_at=day(5)),
    ])
    assert ids(index.search("廉政", ANON))[0] == 1
    relevance = index.search("廉政", ANON).hits
    assert relevance[0].score > relevance[-1].score
    assert ids(index.search("廉政", ANON, sort="date")) == [2, 3, 1]


def test_highlight_escapes_markup(index, make_doc):
    index.index_documents([make_doc(1, "公示<b>标题</b>", "前文<script>alert('x')</script>发展党员公示 & 其他")])
    hit = index.search("公示", ANON).hits[0]
    assert "<script>" not in hit.snippet_html and "&lt;script&gt;" in hit.snippet_html
    assert "<mark>公示</mark>" in hit.snippet_html
    assert "&amp;" in hit.snippet_html
    assert hit.title_html == "<mark>公示</mark>&lt;b&gt;标题&lt;/b&gt;"


def test_snippet_is_a_window_around_the_first_match(index, make_doc):
    body = "无关内容。" * 100 + "这里是发展党员的具体情况。" + "其他内容。" * 100
    index.index_documents([make_doc(1, "标题", body)])
    snippet = index.search("发展党员", ANON).hits[0].snippet_html
    assert snippet.startswith("…") and snippet.endswith("…")
    assert "<mark>发展党员</mark>" in snippet and len(snippet) < 200


def test_post_filter_runs_on_every_hit(index, make_doc):
    index.index_documents([make_doc(i, "党务公开") for i in range(1, 6)])
    seen = []

    def can_see(hit):
        seen.append(hit.id)
        return hit.id != 3

    page = index.search("党务公开", ANON, can_see=can_see)
    assert sorted(seen) == [1, 2, 3, 4, 5]
    assert sorted(ids(page)) == [1, 2, 4, 5] and page.hidden == 1


def test_reindex_replaces_and_remove_deletes(index, make_doc):
    index.index_document(make_doc(1, "党费收缴"))
    index.index_document(make_doc(1, "党费使用", scope="party", audience_root_path="000001"))
    assert index.search("收缴", ANON).total == 0
    assert index.search("使用", ANON).total == 0
    assert index.search("使用", ["party:000001"]).total == 1
    assert index.num_docs == 1
    index.remove_document("disclosure", 1)
    assert index.num_docs == 0
    index.remove_document("disclosure", 1)  # removing what is not there is harmless


def test_kinds_do_not_collide(index, make_doc):
    index.index_documents([make_doc(1, "政策解读", kind="disclosure"), make_doc(1, "政策解读", kind="interpretation")])
    assert index.num_docs == 2
    assert index.search("政策解读", ANON, kind="interpretation").total == 1


def test_rebuild_is_idempotent(index, make_doc):
    docs = [make_doc(i, f"主题党日活动 {i}", published_at=day(i)) for i in range(1, 8)]
    index.index_document(make_doc(99, "主题党日 旧的"))
    assert index.rebuild(docs) == 7
    first = ids(index.search("主题党日", ANON, sort="date"))
    assert index.rebuild(docs) == 7
    assert index.num_docs == 7
    assert ids(index.search("主题党日", ANON, sort="date")) == first == list(range(7, 0, -1))


def test_audience_terms_for_each_scope(make_doc):
    """The scope's own key and nothing else: a business role gives no reach on reader paths."""
    scoped = audience_terms_for_document
    assert scoped(make_doc(1, scope="public", org_path="00000100000a")) == ["public"]
    assert scoped(make_doc(1, scope="party", org_path="00000100000a")) == ["party:00000100000a"]
    # 党内公开 of a serving organ reaches the committee it serves (its audience root) …
    assert scoped(make_doc(1, scope="party", org_path="00000100000a", audience_root_path="000001")) == [
        "party:000001"]
    # … but its 本单位公开 reaches only the organ's own people (本部门).
    assert scoped(make_doc(1, scope="unit", org_path="00000100000a", audience_root_path="000001")) == [
        "unit:00000100000a"]
    assert scoped(make_doc(1, scope="targeted", target_org_ids=(4,), target_person_ids=(7, 8))) == [
        "org:4", "person:7", "person:8"]


def test_service_api_uses_the_configured_directory(index, make_doc, settings):
    services.index_document(make_doc(1, "党务公开日"))
    assert services.search("党务公开日", ANON).total == 1
    assert (settings.DWGK_SEARCH_DIR / SCHEMA_VERSION / "meta.json").exists()
    services.remove_document("disclosure", 1)
    assert services.search("党务公开日", ANON).total == 0
