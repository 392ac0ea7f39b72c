"""Each org's 党务公开办公室 fixes its own procedure (seed 003 二(三) 拟定→审定→审签→公开 must be
expressible), within the rules every procedure keeps; the scanner's word list is kept in the UI."""

import pytest
from django.urls import reverse

from dwgk.audit.models import AuditEntry
from dwgk.disclosures import flows, secrecy
from dwgk.disclosures.models import SecrecyTerm, StepKind, WorkflowTemplate

pytestmark = pytest.mark.django_db
URL = reverse("disclosures:workflow_settings")
TERMS = reverse("disclosures:secrecy_terms")


def login(client, world, name):
    client.force_login(world.users[name])
    return client


def steps_post(rows, **extra):
    data = {"action": "save", "name": "本单位流程", "source": "本单位党务公开实施办法",
            "step-TOTAL_FORMS": str(len(rows)), "step-INITIAL_FORMS": "0", "step-MIN_NUM_FORMS": "0",
            "step-MAX_NUM_FORMS": "12", **extra}
    for i, row in enumerate(rows):
        data.update({f"step-{i}-{k}": v for k, v in row.items() if k != "roles"})
        data[f"step-{i}-ORDER"] = str(i + 1)
        data[f"step-{i}-roles"] = row["roles"]
    return data


SEED_003_ROWS = [
    {"kind": "propose", "label": "拟定公开内容", "roles": ["proposer"]},
    {"kind": "review", "label": "党组织审定", "roles": ["reviewer", "secrecy"], "secrecy": "on", "collective": "on"},
    {"kind": "approve", "label": "第一责任人审签", "roles": ["approver"]},
    {"kind": "publish", "label": "公开", "roles": ["publisher"]},
]


def test_only_the_office_of_the_org_configures_its_workflow(client, world):
    assert login(client, world, "proposer").get(URL).status_code == 403
    page = login(client, world, "office").get(URL)
    assert page.status_code == 200 and "提出→审核→审批→实施" in page.content.decode()


def test_流程设置提交了未知操作时提示选择操作且不改变流程(client, world):
    before = WorkflowTemplate.objects.count()
    page = login(client, world, "office").post(URL, {**steps_post(SEED_003_ROWS), "action": "伪造"})
    assert page.status_code == 200 and "请选择要执行的操作" in page.content.decode()
    assert WorkflowTemplate.objects.count() == before


def test_office_saves_the_seed_003_procedure(client, world):
    response = login(client, world, "office").post(URL, steps_post(SEED_003_ROWS))
    assert response.status_code == 302
    definition = flows.definition_for(world.district)
    assert [s["label"] for s in definition["steps"]] == ["拟定公开内容", "党组织审定", "第一责任人审签", "公开"]
    assert definition["steps"][1]["collective"] is True
    assert AuditEntry.objects.filter(event="disclosure.workflow_template_set").exists()


def test_a_procedure_without_secrecy_review_is_refused_and_nothing_changes(client, world):
    rows = [r for r in SEED_003_ROWS if r["kind"] != "review"]
    response = login(client, world, "office").post(URL, steps_post(rows))
    assert response.status_code == 200
    assert "先审查后公开" in response.content.decode()
    assert not WorkflowTemplate.objects.filter(org=world.district).exists()


def test_preset_subtree_inheritance_and_reset(client, world):
    c = login(client, world, "office")
    c.post(URL, {"action": "preset", "preset": "seed003", "applies_to_subtree": "1"})
    assert flows.definition_for(world.town)["name"] == flows.SEED_003["name"]
    c.post(URL, {"action": "reset"})
    assert flows.definition_for(world.town)["name"] == flows.SEED_001["name"]
    assert flows.definition_for(world.district)["steps"][0]["kind"] == StepKind.PROPOSE


def test_secrecy_word_list_is_kept_in_the_ui_and_used_by_the_scanner(client, world):
    assert login(client, world, "secrecy").get(TERMS).status_code == 403  # district level: not the list keeper
    c = login(client, world, "city_office")
    assert c.get(TERMS).status_code == 200
    c.post(TERMS, {"action": "add", "word": "绝密工程", "note": "专项"})
    assert "绝密工程" in secrecy.configured_words()
    again = c.post(TERMS, {"action": "add", "word": "绝密工程"})
    assert "已在词库中" in again.content.decode()
    short = c.post(TERMS, {"action": "add", "word": "密"})
    assert "至少 2 个字" in short.content.decode()
    term = SecrecyTerm.objects.get(word="绝密工程")
    c.post(TERMS, {"action": "disable", "term": term.pk})
    assert "绝密工程" not in secrecy.configured_words()
    found = secrecy.scan("本项目为重点工程。", ("重点工程",))
    assert [f.kind for f in found] == [secrecy.Kind.WORD]


def test_a_word_list_post_without_an_action_says_so_and_keeps_what_was_typed(client, world):
    c = login(client, world, "city_office")
    r = c.post(TERMS, {"word": "绝密工程", "note": "专项"})
    html = r.content.decode()
    assert r.status_code == 200 and "请选择要执行的操作" in html
    assert 'value="绝密工程"' in html and 'value="专项"' in html
    assert not SecrecyTerm.objects.exists()


def test_nav_shows_the_pages_to_their_roles(client, world):
    page = login(client, world, "office").get(reverse("core:home")).content.decode()
    assert URL in page and TERMS in page  # the district office holds OFFICE_ADMIN: both entries show
    assert URL not in login(client, world, "proposer").get(reverse("core:home")).content.decode()
