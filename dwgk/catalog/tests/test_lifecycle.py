"""Filing (报备), return, publication, 暂不公开, change control and versions — in the seeds' words."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from dwgk.audit.models import AuditEntry
from dwgk.catalog import selectors, services
from dwgk.catalog.models import Catalog, CatalogItem, DuePeriod, Filing, ItemChange
from dwgk.orgs import services as org_services
from dwgk.orgs.models import OrgKind, StatCategory

from .factories import filed_catalog, item_data

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 22)


def test_a_new_org_starts_its_catalog_from_the_template_of_its_kind(world):
    catalog = services.create_from_template(world.cdi)
    codes = list(catalog.items.values_list("template_code", flat=True))
    assert codes[0] == "D01" and "D99" in codes
    assert catalog.state == Catalog.State.DRAFT
    with pytest.raises(ValidationError):
        services.create_from_template(world.cdi)


def test_grassroots_catalog_is_made_by_the_superior(world):
    """北京意见三(三)1：其他党的基层组织党务公开目录由上一级党组织制定."""
    assert selectors.catalog_maker_for(world.village) == world.town
    assert selectors.catalog_maker_for(world.town) == world.town
    assert selectors.catalog_maker_for(world.district) == world.district
    catalog = services.create_from_template(world.village)
    assert catalog.maker == world.town and catalog.filed_with == world.town


def test_catalog_is_filed_with_the_superior_and_withheld_items_go_with_their_reason(world):
    """达州办法第十三条：党务公开目录应当报党的上一级组织备案；北京意见四(一)：暂时不宜公开或不能公开的，报上一级党组织备案."""
    catalog = services.create_from_template(world.district)
    item = catalog.items.get(template_code="L10")
    data = {**services.item_snapshot(item), "withheld": True, "withheld_reason": ""}
    data["target_orgs"] = []
    data["target_people"] = []
    data["responsible_person"] = None
    with pytest.raises(ValidationError, match="理由"):
        services.update_item(item, data)
    services.update_item(item, {**data, "withheld": True, "withheld_reason": "涉及尚未公开的人事安排"})
    filing = services.submit(catalog, actor=world.users["office"])
    assert filing.filed_with == world.city and filing.withheld_count == 1
    assert any(r["withheld"] and r["withheld_reason"] == "涉及尚未公开的人事安排" for r in filing.snapshot)
    catalog.refresh_from_db()
    assert catalog.state == Catalog.State.SUBMITTED
    assert list(selectors.filing_inbox(_viewer(world, "city_office"))) == [filing]
    assert not list(selectors.filing_inbox(_viewer(world, "office")))
    version = services.acknowledge(catalog, actor=world.users["city_office"], effective_from=date(2026, 1, 1),
                                   today=TODAY)
    catalog.refresh_from_db()
    assert catalog.state == Catalog.State.FILED and catalog.version == version.number == 1
    # a withheld item makes no obligation and is not on the published page
    assert not DuePeriod.objects.filter(item=item).exists()
    assert item not in selectors.public_catalog_items(catalog)
    assert item not in selectors.published_items_for(world.district)


def test_return_with_reasons_then_resubmit(world):
    catalog = services.create_from_template(world.town)
    services.submit(catalog)
    with pytest.raises(ValidationError, match="理由"):
        services.return_filing(catalog, reason="  ")
    services.return_filing(catalog, reason="缺少党费收缴使用情况的公开频次说明", actor=world.users["office"])
    catalog.refresh_from_db()
    assert catalog.state == Catalog.State.RETURNED
    assert catalog.filings.get().reason == "缺少党费收缴使用情况的公开频次说明"
    services.add_item(catalog, item_data())  # editable again
    services.submit(catalog)
    assert catalog.filings.filter(decision=Filing.Decision.PENDING).count() == 1
    assert catalog.filings.count() == 2


def test_cannot_submit_twice_or_file_a_draft(world):
    catalog = services.create_from_template(world.town)
    with pytest.raises(ValidationError):
        services.acknowledge(catalog)
    services.submit(catalog)
    with pytest.raises(ValidationError):
        services.submit(catalog)


def test_published_with_its_own_scope_which_only_widens(world):
    """目录……按照规定在党内或向社会公开."""
    catalog = services.create_from_template(world.district)
    with pytest.raises(ValidationError, match="备案后"):
        services.publish(catalog, scope="public")
    catalog = filed_catalog(world.sibling)
    catalog = services.publish(catalog, scope="party")
    assert catalog.state == Catalog.State.PUBLISHED
    services.publish(catalog, scope="public")
    with pytest.raises(ValidationError, match="缩小"):
        services.publish(catalog, scope="party")


def test_filed_items_cannot_be_edited_directly(world):
    catalog = filed_catalog(world.district)
    item = catalog.items.first()
    with pytest.raises(ValidationError, match="调整申请"):
        services.update_item(item, item_data())
    with pytest.raises(ValidationError):
        services.add_item(catalog, item_data())


def test_change_needs_approval_of_the_maker_and_publishes_an_explanation(world):
    """北京意见四(一)：公开事项如需变更、撤销或终止，由制定党务公开目录的党组织批准……后及时公布并作出说明."""
    catalog = filed_catalog(world.village)
    item = catalog.items.get(template_code="G12")
    with pytest.raises(ValidationError, match="说明"):
        services.request_change(catalog, kind="change", item=item, reason="调整频次", explanation="",
                                data=item_data(subject="领导群团组织情况"))
    change = services.request_change(
        catalog, kind="change", item=item, reason="群团工作按季度推进", explanation="自2026年7月起改为每季度公开一次",
        data=item_data(subject=item.subject, category="service", scope="public", cadence_kind="periodic",
                       cadence_params={"period": "quarter"}), effective_on=date(2026, 7, 1))
    assert change.approver_org == world.town  # the maker of a village catalog
    item.refresh_from_db()
    assert item.cadence_kind == "periodic" and item.cadence_params == {"period": "year"}  # unchanged until approved
    with pytest.raises(ValidationError, match="待审批"):
        services.request_change(catalog, kind="revoke", item=item, reason="x", explanation="y")
    services.approve_change(change, actor=world.users["office"], opinion="同意", today=TODAY)
    item.refresh_from_db()
    change.refresh_from_db()
    assert item.cadence_params == {"period": "quarter"}
    assert change.state == ItemChange.State.APPROVED and change.published_at and change.version == 2
    assert list(selectors.approved_changes(catalog)) == [change]
    # due periods from the effective date on follow the new cadence
    periods = list(DuePeriod.objects.filter(item=item, year=2026).order_by("window_start"))
    assert [(p.window_start, p.window_end) for p in periods] == [
        (date(2026, 7, 1), date(2026, 9, 30)), (date(2026, 10, 1), date(2026, 12, 31))]
    assert AuditEntry.objects.filter(event="catalog.change_approved").exists()


def test_self_made_catalog_changes_go_to_the_superior(world):
    catalog = filed_catalog(world.district)
    item = catalog.items.get(template_code="L09")
    change = services.request_change(catalog, kind="terminate", item=item, reason="职能调整", explanation="该事项终止")
    assert change.approver_org == world.city
    assert list(selectors.change_inbox(_viewer(world, "city_approver"))) == [change]
    assert not list(selectors.change_inbox(_viewer(world, "approver")))


def test_rejected_change_changes_nothing(world):
    catalog = filed_catalog(world.district)
    item = catalog.items.get(template_code="L09")
    change = services.request_change(catalog, kind="revoke", item=item, reason="x", explanation="y")
    with pytest.raises(ValidationError):
        services.reject_change(change, opinion="")
    services.reject_change(change, opinion="该事项仍需公开")
    item.refresh_from_db()
    assert item.status == CatalogItem.Status.ACTIVE
    assert catalog.versions.count() == 1


def test_revoke_annuls_unfulfilled_periods_and_terminate_keeps_the_past(world):
    catalog = filed_catalog(world.village)
    g11 = catalog.items.get(template_code="G11")  # quarterly
    g04 = catalog.items.get(template_code="G04")  # bimonthly
    assert DuePeriod.objects.filter(item=g11).count() == 4
    c1 = services.request_change(catalog, kind="revoke", item=g11, reason="重复", explanation="与第4项重复，撤销",
                                 effective_on=date(2026, 11, 1))
    services.approve_change(c1, today=TODAY)
    assert not DuePeriod.objects.filter(item=g11).exists()
    c2 = services.request_change(catalog, kind="terminate", item=g04, reason="并入", explanation="自9月起终止",
                                 effective_on=date(2026, 9, 15))
    services.approve_change(c2, today=TODAY)
    assert [p.window_start.month for p in DuePeriod.objects.filter(item=g04).order_by("window_start")] == [1, 3, 5, 7, 9]


def test_adding_an_item_after_filing_goes_through_approval(world):
    catalog = filed_catalog(world.village)
    n = catalog.items.count()
    change = services.request_change(catalog, kind="add", reason="新增工作", explanation="新增“乡村振兴项目”公开事项",
                                     data=item_data(subject="乡村振兴项目实施情况", cadence_kind="periodic",
                                                    cadence_params={"period": "month"}, scope="public"),
                                     effective_on=date(2026, 10, 1))
    assert catalog.items.count() == n
    services.approve_change(change, today=TODAY)
    assert catalog.items.count() == n + 1
    item = catalog.items.get(subject="乡村振兴项目实施情况")
    assert DuePeriod.objects.filter(item=item).count() == 3  # Oct, Nov, Dec


def test_every_version_stays_readable(world):
    catalog = filed_catalog(world.district)
    v1 = catalog.versions.get(number=1)
    item = catalog.items.get(template_code="L09")
    change = services.request_change(catalog, kind="change", item=item, reason="改名", explanation="事项更名",
                                     data=item_data(subject="党委领导公务活动", category="leadership", scope="public"))
    services.approve_change(change, today=TODAY)
    v2 = catalog.versions.get(number=2)
    assert any(r["subject"] == "党委领导重要公务活动情况" for r in v1.items)
    assert any(r["subject"] == "党委领导公务活动" for r in v2.items)
    assert not any(r["subject"] == "党委领导公务活动" for r in v1.items)
    assert [v.number for v in selectors.versions_of(catalog)] == [2, 1]


def test_superior_pushes_a_template_down_its_subtree(world):
    draft = services.create_from_template(world.village2)
    draft.items.filter(template_code="G10").delete()
    filed = filed_catalog(world.village)
    stats = services.push_template(world.district, actor=world.users["office"])
    assert stats == {"created": 1, "extended": 1, "filed_untouched": 1}  # town new, village2 extended
    assert Catalog.objects.filter(org=world.town).exists()
    assert draft.items.filter(template_code="G10").exists()
    assert filed.items.count() == 14


def test_compare_against_template_shows_what_is_missing(world):
    catalog = services.create_from_template(world.village)
    catalog.items.filter(template_code__in=["G07", "V01"]).delete()
    services.add_item(catalog, item_data())
    cmp = selectors.compare_with_template(catalog)
    assert sorted(t.code for t in cmp.missing) == ["G07", "V01"]
    assert [i.subject for i in cmp.extra] == ["党员发展公示"]
    services.add_missing_from_template(catalog)
    assert not selectors.compare_with_template(catalog).missing


def test_targeted_scope_needs_targets_and_bad_input_is_refused(world):
    catalog = services.create_from_template(world.village)
    with pytest.raises(ValidationError) as exc:
        services.add_item(catalog, item_data(scope="targeted", channels=["fax"], category="x"))
    msgs = " ".join(exc.value.messages)
    assert "公开对象" in msgs and "公开方式" in msgs and "公开类别" in msgs
    item = services.add_item(catalog, item_data(scope="targeted", target_orgs=[world.village2.pk]))
    assert list(item.target_orgs.all()) == [world.village2]


def test_template_refined_for_a_new_school_branch(world):
    school = org_services.create_org(name="测试中学党支部", code="T0099", kind=OrgKind.GRASSROOTS,
                                     parent=world.district, category=StatCategory.INSTITUTION_SCHOOL)
    catalog = services.create_from_template(school)
    assert catalog.items.filter(template_code="U01").exists()


def _viewer(world, key):
    from dwgk.access.viewer import Viewer

    user = world.users[key]
    return Viewer(user=user, person=user.person, admin_role=user.admin_role)
