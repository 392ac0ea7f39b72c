"""The catalog pages, driven through the test client as the people who use them."""



import pytest

from dwgk.catalog import services
from dwgk.catalog.models import Catalog, ItemChange

from .factories import filed_catalog, item_data

pytestmark = pytest.mark.django_db


def test_editor_builds_submits_and_the_superior_files(world, login):
    client = login(world.users["office"])
    r = client.post(f"/catalog/org/{world.district.pk}/create/")
    assert r.status_code == 302
    r = client.get(f"/catalog/org/{world.district.pk}/")
    assert "党委领导重要公务活动情况" in r.content.decode()
    r = client.post(f"/catalog/org/{world.district.pk}/items/new/", {
        "subject": "", "category": "other", "scope": "party", "channels": ["board"], "cadence_kind": "immediate"})
    assert "公开事项" in r.content.decode() and r.status_code == 200
    client.post(f"/catalog/org/{world.district.pk}/submit/")
    catalog = Catalog.objects.get(org=world.district)
    assert catalog.state == "submitted"
    # the district office cannot file its own catalog
    filing = catalog.filings.get()
    assert client.post(f"/catalog/filings/{filing.pk}/", {"decision": "file"}).status_code == 403
    city = login(world.users["city_office"])
    assert "中共测试市甲区委员会" in city.get("/catalog/filings/").content.decode()
    r = city.post(f"/catalog/filings/{filing.pk}/", {"decision": "return", "reason": ""})
    assert "退回须写明理由" in r.content.decode()
    city.post(f"/catalog/filings/{filing.pk}/", {"decision": "file", "reason": "同意备案"})
    catalog.refresh_from_db()
    assert catalog.state == "filed"


def test_change_request_and_approval_pages(world, login):
    catalog = filed_catalog(world.district)
    item = catalog.items.get(template_code="L09")
    client = login(world.users["office"])
    r = client.post(f"/catalog/org/{world.district.pk}/changes/new/", {
        "item": item.pk, "kind": "revoke", "reason": "职能调整", "explanation": "本事项撤销，并入第十项",
        "effective_on": "2026-11-22"})
    assert r.status_code == 302, r.content.decode()
    change = ItemChange.objects.get()
    city = login(world.users["city_approver"])
    assert "撤销" in city.get("/catalog/changes/").content.decode()
    city.post(f"/catalog/changes/{change.pk}/", {"decision": "approve", "reason": "同意"})
    change.refresh_from_db()
    assert change.state == "approved"
    services.publish(catalog, scope="public")
    page = city.logout() or city.get(f"/catalog/org/{world.district.pk}/public/")
    text = page.content.decode()
    assert page.status_code == 200 and "本事项撤销，并入第十项" in text
    assert text.count("党委领导重要公务活动情况") == 1  # only in the explanation, no longer in the list


def test_a_filing_decision_other_than_the_two_buttons_is_refused_and_keeps_the_opinion(world, login):
    client = login(world.users["office"])
    client.post(f"/catalog/org/{world.district.pk}/create/")
    client.post(f"/catalog/org/{world.district.pk}/submit/")
    catalog = Catalog.objects.get(org=world.district)
    filing = catalog.filings.get()
    city = login(world.users["city_office"])
    r = city.post(f"/catalog/filings/{filing.pk}/", {"decision": "99999999", "reason": "已核对全部事项"})
    html = r.content.decode()
    assert r.status_code == 200 and "请选择“予以备案”或“退回”" in html
    assert "已核对全部事项</textarea>" in html
    catalog.refresh_from_db()
    filing.refresh_from_db()
    assert catalog.state == "submitted" and filing.decision == "pending"


def test_a_change_decision_other_than_the_two_buttons_is_refused_and_keeps_the_opinion(world, login):
    catalog = filed_catalog(world.district)
    item = catalog.items.get(template_code="L09")
    login(world.users["office"]).post(f"/catalog/org/{world.district.pk}/changes/new/", {
        "item": item.pk, "kind": "revoke", "reason": "职能调整", "explanation": "本事项撤销",
        "effective_on": "2026-11-22"})
    change = ItemChange.objects.get()
    city = login(world.users["city_approver"])
    for data in ({"decision": "99999999", "reason": "同意撤销"}, {"reason": "同意撤销"}):
        r = city.post(f"/catalog/changes/{change.pk}/", data)
        html = r.content.decode()
        assert r.status_code == 200 and "请选择“批准”或“不予批准”" in html
        assert "同意撤销</textarea>" in html
    change.refresh_from_db()
    assert change.state == "pending"


def test_party_scope_catalog_is_not_shown_to_outsiders(world, login):
    catalog = filed_catalog(world.village)
    services.publish(catalog, scope="party")
    assert login(world.users["outsider"]).get(f"/catalog/org/{world.village.pk}/public/").status_code == 404
    assert login(world.users["member_village"]).get(f"/catalog/org/{world.village.pk}/public/").status_code == 200


def test_due_periods_page_shows_overdue_in_words(world, login):
    filed_catalog(world.district)
    r = login(world.users["office"]).get("/catalog/due/?year=2026&state=overdue")
    text = r.content.decode()
    assert "已逾期" in text and "badge-overdue" in text


def test_workbench_panels(world, login):
    catalog = services.create_from_template(world.district)
    services.submit(catalog)
    text = login(world.users["city_office"]).get("/workbench/").content.decode()
    assert "待我备案的党务公开目录" in text
    text = login(world.users["city_office"]).get("/workdays/").content.decode()
    assert "2027" in text and "暂定" in text


def test_exports_download(world, login):
    filed_catalog(world.village)
    client = login(world.users["office"])
    r = client.get(f"/catalog/org/{world.village.pk}/export.xlsx")
    assert r.status_code == 200 and r.content[:2] == b"PK"
    assert client.get(f"/catalog/org/{world.village.pk}/export.doc").status_code == 404


def test_compare_page_lists_missing_items(world, login):
    catalog = services.create_from_template(world.village)
    catalog.items.filter(template_code="V01").delete()
    services.add_item(catalog, item_data())
    text = login(world.users["office"]).get(f"/catalog/org/{world.village.pk}/compare/").content.decode()
    assert "涉及全体村（居）民切身利益重要事项决策情况" in text and "缺少 1 项" in text


