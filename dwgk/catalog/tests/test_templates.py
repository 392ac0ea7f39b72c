"""Each kind's template covers every item of its seed article, quoted in the seed's own words."""

import pytest

from dwgk.catalog import seed_templates as T
from dwgk.catalog.models import CadenceKind
from dwgk.core.choices import Category
from dwgk.orgs.models import OrgKind, StatCategory


def _covered(kind, category=""):
    items = T.template_for(kind, category)
    return {c for i in items for c in i.covers}, " ".join(i.description for i in items)


def _assert_covers(kind, category, clause_ids):
    covered, text = _covered(kind, category)
    missing = [c for c in clause_ids if c not in covered]
    assert not missing, missing
    for c in clause_ids:
        assert T.CLAUSES[c] in text, c  # quoted verbatim in some item's description


def test_art9_local_committees_disclose_all_eleven_items():
    """达州办法第九条：市委及各县（市、区）委……应当公开以下内容：（一）……至（十一）其他应当公开的党务."""
    ids = [f"001-9-{n}" for n in range(1, 12)]
    assert len(ids) == 11
    _assert_covers(OrgKind.LOCAL_COMMITTEE, "", ids)


@pytest.mark.parametrize("category", [StatCategory.VILLAGE, StatCategory.COMMUNITY_URBAN, StatCategory.ORGAN,
                                      StatCategory.ENTERPRISE, StatCategory.INSTITUTION_SCHOOL])
def test_art10_grassroots_organizations_disclose_all_nine_items(category):
    """达州办法第十条：乡镇、街道(社区)、农村、企业、机关、学校、科研院所、社会组织和其他基层单位党的基层组织
    应当公开以下内容：（一）……至（九）其他应当公开的党务."""
    _assert_covers(OrgKind.GRASSROOTS, category, [f"001-10-{n}" for n in range(1, 10)])


def test_art10_applies_to_townships_too():
    _assert_covers(OrgKind.TOWNSHIP, StatCategory.TOWN, [f"001-10-{n}" for n in range(1, 10)])


def test_art11_discipline_inspection_organs_disclose_all_eight_items():
    """达州办法第十一条：党的纪律检查机关应当公开以下内容：（一）……至（八）其他应当公开的党务."""
    _assert_covers(OrgKind.DISCIPLINE, "", [f"001-11-{n}" for n in range(1, 9)])


def test_art12_working_organs_and_affiliated_institutions_focus():
    """第十二条第二款：党的工作机关和党委直属事业单位应当重点公开落实党委决策部署、开展党的工作情况、机构职能分工、
    本机关重大决策、重要人事任免、重大项目安排、大额资金使用、机关党建以及贯彻执行本机关职责任务的具体部署安排和推进落实情况."""
    ids = ["001-7-1"] + [f"001-12-2{c}" for c in "abcdefghi"]
    _assert_covers(OrgKind.WORKING_ORGAN, "", ids)
    _assert_covers(OrgKind.AFFILIATED, "", ids)


def test_art12_dispatched_organs_focus():
    """第十二条第三款：党委派出机关应当重点公开代表党委领导本地、本领域、本行业、本系统党的工作以及加强机关党建情况."""
    _assert_covers(OrgKind.DISPATCHED, "", ["001-7-1", "001-12-3a", "001-12-3b"])


def test_art12_party_groups_focus():
    """第十二条第四款：党组应当结合实际,重点公开在本单位发挥领导作用、履行全面从严治党责任,落实党建工作责任制情况."""
    _assert_covers(OrgKind.PARTY_GROUP, "", ["001-7-1", "001-12-4a", "001-12-4b", "001-12-4c"])


@pytest.mark.parametrize("kind,category", [(OrgKind.GRASSROOTS, StatCategory.VILLAGE),
                                           (OrgKind.TOWNSHIP, StatCategory.TOWN)])
def test_beijing_opinion_eight_categories_with_their_sub_items(kind, category):
    """北京意见三(二)：1.党组织决议、决定及执行情况……8.其他应当公开的事项 — every sub-item."""
    ids = [c for c in T.CLAUSES if c.startswith("000-")]
    assert len({c.split("-")[1][0] for c in ids}) == 8
    _assert_covers(kind, category, ids)
    items = T.template_for(kind, category)
    assert {i.category for i in items} == set(Category.values)  # every statistics row has an item


def test_unit_level_items_include_three_important_one_large():
    """房产中心实施意见二(一)1：民主决策情况……“三重一大"等重大事项决策落实情况; 1–8 all present."""
    _assert_covers(OrgKind.GRASSROOTS, StatCategory.INSTITUTION_OTHER, [f"003-{n}" for n in range(1, 9)])
    assert any("三重一大" in i.subject for i in T.template_for(OrgKind.GRASSROOTS, StatCategory.INSTITUTION_HEALTH))


def test_2023_plan_focus_per_level():
    """2023 实施方案二.1：区委应当重点公开……；各镇（街道）……重点公开……；村（社区）党组织重点公开……；
    党和国家机关中党的基层组织，重点公开……."""
    _assert_covers(OrgKind.LOCAL_COMMITTEE, "", ["004-district"])
    _assert_covers(OrgKind.TOWNSHIP, StatCategory.STREET, ["004-town"])
    _assert_covers(OrgKind.GRASSROOTS, StatCategory.COMMUNITY_RURAL, ["004-village"])
    _assert_covers(OrgKind.GRASSROOTS, StatCategory.ORGAN, ["004-organ"])


def test_required_table_is_met_for_every_kind():
    for (kind, category), ids in T.REQUIRED.items():
        _assert_covers(kind, category, ids)
    for kind in OrgKind.values:
        assert T.template_for(kind, "")


def test_template_codes_are_unique_and_cadences_valid():
    from dwgk.catalog import cadence

    for kind in OrgKind.values:
        for cat in [""] + list(StatCategory.values):
            items = T.template_for(kind, cat)
            codes = [i.code for i in items]
            assert len(codes) == len(set(codes))
            for i in items:
                assert cadence.normalize(i.cadence_kind, i.cadence_params) == i.cadence_params or \
                    i.cadence_kind == CadenceKind.STANDING
                assert i.channels and i.legal_basis


def test_bimonthly_party_affairs_day_used_by_grassroots_templates():
    """The 党务公开日 carries the routine work of grassroots orgs (房产中心 二(四)2)."""
    items = T.template_for(OrgKind.GRASSROOTS, StatCategory.VILLAGE)
    assert any(i.cadence_params.get("period") == "bimonthly" for i in items)
