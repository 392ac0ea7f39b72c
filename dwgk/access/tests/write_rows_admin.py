"""Write rows of administration and oversight: org tree (roles, imports), catalogs (edits, filing, change
approval, template pushes), oversight records, the holiday schedule, reports, and the disclosure settings
(workflow, secrecy word list). Allowed actors are written by hand from the duties (dwgk/access/orgs.py,
catalog.py, oversight.py, workdays.py, configuration.py):

  * roles: the security administrator, or a 党务公开办公室 at the org or above — never for oneself;
  * catalog edits: 承办 / 审批 / 党务公开办公室 at the org (or its catalog's maker) or above; filing and
    change decisions: 审批 / 党务公开办公室 at the superior named, or above; template pushes: the office;
  * oversight records: the office at the org or above; answers: a duty at the org itself or its office;
  * the holiday schedule: the office of a top-level org, or the system administrator;
  * workflow settings: the office of the org one works as; the word list: a top-level org's 保密审查 or office.
The test world: city ⊃ district ⊃ town ⊃ village, village2; district holds every business role, the city an
office and an approver (dwgk.testing.world)."""

from __future__ import annotations

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from dwgk.catalog import exports as catalog_exports
from dwgk.catalog import services as catalog_services
from dwgk.catalog.models import CatalogItem
from dwgk.core.choices import Scope
from dwgk.orgs.models import Line, Role
from dwgk.oversight import services as ov
from dwgk.oversight.models import Circular, Inspection, SupervisorAppointment, Survey
from dwgk.reports import briefing
from dwgk.workdays import services as workdays_services

from .write_matrix import WM, WriteRow

ONLY = frozenset
DAY = datetime.date(2026, 3, 2)
TODAY = datetime.date.today()

GRANTORS = ONLY({"office", "city_office", "secadmin"})               # at the district
DISTRICT_EDITORS = ONLY({"proposer", "approver", "office", "city_office", "city_approver"})
CITY_DECIDERS = ONLY({"city_office", "city_approver"})
DISTRICT_DECIDERS = ONLY({"approver", "office", "city_office", "city_approver"})
DISTRICT_OFFICES = ONLY({"office", "city_office"})
CALENDAR_KEEPERS = ONLY({"city_office", "sysadmin"})


def setup(wm: WM) -> None:
    w, o = wm.world, wm.objs
    # catalogs: the town's draft (one template item missing), the village's awaiting the town's filing,
    # the district's filed catalog with one change awaiting the city.
    town = catalog_services.create_from_template(w.town)
    o["town_catalog"] = town
    o["town_item"] = town.items.order_by("seq").first()
    town.items.order_by("-seq").first().delete()
    village = catalog_services.create_from_template(w.village)
    catalog_services.submit(village)
    o["village_filing"] = village.filings.get()
    district = catalog_services.create_from_template(w.district)
    catalog_services.submit(district)
    catalog_services.acknowledge(district, effective_from=datetime.date(2026, 1, 1))
    district.refresh_from_db()
    o["district_catalog"] = district
    items = list(district.items.filter(status=CatalogItem.Status.ACTIVE).order_by("seq"))
    o["change_item"] = items[1]
    o["pending_change"] = catalog_services.request_change(
        district, kind="revoke", item=items[0], reason="职能调整", explanation="本事项撤销", effective_on=DAY)
    o["catalog_xlsx"] = catalog_exports.export_xlsx(town, include_withheld=True)

    # oversight: a serving supervisor; an inspection under way (town, unchecked) and one concluded with a
    # rectification answered; a draft assessment; an open survey with one question; a best-practice round.
    SupervisorAppointment.objects.create(org=w.district, person=w.people["supervisor"], appointed_on=DAY)
    leader = w.people["office"]
    insp = ov.create_inspection(w.district, kind=Inspection.Kind.ROUTINE, title="矩阵督查", leader=leader,
                                started_on=DAY, targets=[w.town])
    o["inspection"], o["target"] = insp, insp.targets.get()
    done = ov.create_inspection(w.district, kind=Inspection.Kind.SPECIAL, title="矩阵专项督查", leader=leader,
                                started_on=DAY, targets=[w.town])
    t = done.targets.get()
    finding = ov.add_finding(t, check_item="content", description="公开内容不全")
    o["rect_open"] = ov.order_rectification(finding, requirement="补充公开", days=15, today=DAY)
    finding2 = ov.add_finding(t, check_item="content", description="公开不及时")
    o["rect_answered"] = ov.order_rectification(finding2, requirement="按时公开", days=15, today=DAY)
    ov.answer_rectification(o["rect_answered"], answer="已补充公开", on=DAY)
    o["circular"] = Circular.objects.create(kind=Circular.Kind.COMPLIANCE, org=w.district, title="矩阵通报",
                                            body="通报正文", scope=Scope.PARTY, published_at=timezone.now())
    o["assessment"] = ov.create_assessment(w.district, year=2025, title="矩阵考核", assessed=[w.town],
                                           indicators_spec=[])
    o["survey"] = ov.create_survey(w.district, subject=w.district, kind=Survey.Kind.SATISFACTION,
                                   audience=Survey.Audience.MEMBERS, title="矩阵测评", opens_on=TODAY,
                                   closes_on=TODAY + datetime.timedelta(days=30),
                                   questions=[{"kind": "satisfaction", "text": "对党务公开工作是否满意"}])
    ov.set_survey_state(o["survey"], Survey.State.OPEN)
    o["line"] = Line.objects.create(code="matrix-line", name="矩阵条线", lead_org=w.district)
    o["round"] = ov.open_round(w.city, year=2025, title="矩阵选树", lines=[o["line"]])
    o["round_line"] = o["round"].lines.get()

    workdays_services.load_schedule(
        workdays_services.parse_schedule("2026-10-01,holiday,国庆节\n2026-10-09,holiday,矩阵假日\n", "2026.csv"),
        source="矩阵")
    o["briefing"] = briefing.generate(w.district, 2025)


def _csv(name: str, text: str):
    return lambda wm: {"file": SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")}


ITEM = {"subject": "矩阵新增事项", "description": "说明", "category": "organization", "scope": "party",
        "channels": ["board"], "cadence_kind": "immediate", "workdays": "5", "responsible_unit": "办公室"}
ORG_CSV = "组织名称,组织代码,组织类型,统计类别,上级组织代码,所属条线,排序\r\n矩阵新支部,MX01,基层党组织,,T0011,,\r\n"

ROWS = [
    # ---- roles (issue 12 Why 6) and imports --------------------------------------------------------------
    WriteRow("orgs:grant_role", GRANTORS, args=lambda wm: [wm.world.district.pk],
             data=lambda wm: {"person": wm.world.people["member_district"].pk, "role": Role.PUBLISHER}),
    # The district office granting itself 审批: refused to it; the city's office and the security admin may.
    WriteRow("orgs:grant_role", ONLY({"city_office", "secadmin"}), args=lambda wm: [wm.world.district.pk],
             data=lambda wm: {"person": wm.world.people["office"].pk, "role": Role.APPROVER}, label="为本办公室人员授审批"),
    WriteRow("orgs:revoke_role", GRANTORS, args=lambda wm: [wm.world.district.pk],
             data=lambda wm: {"person": wm.world.people["proposer"].pk, "role": Role.PROPOSER}),
    WriteRow("orgs:import", ONLY({"office", "city_office", "sysadmin"}), data=lambda wm: {"kind": "orgs"},
             files=_csv("orgs.csv", ORG_CSV)),

    # ---- catalogs ----------------------------------------------------------------------------------------
    WriteRow("catalog:create", DISTRICT_EDITORS, args=lambda wm: [wm.world.village2.pk]),
    WriteRow("catalog:item_new", DISTRICT_EDITORS, args=lambda wm: [wm.world.town.pk], data=lambda wm: ITEM),
    WriteRow("catalog:item_edit", DISTRICT_EDITORS, args=lambda wm: [wm.world.town.pk, wm.objs["town_item"].pk],
             data=lambda wm: {**ITEM, "subject": "矩阵修改事项"}),
    WriteRow("catalog:item_delete", DISTRICT_EDITORS,
             args=lambda wm: [wm.world.town.pk, wm.objs["town_item"].pk]),
    WriteRow("catalog:submit", DISTRICT_EDITORS, args=lambda wm: [wm.world.town.pk],
             data=lambda wm: {"reason": "请予备案"}),
    WriteRow("catalog:apply_template", DISTRICT_EDITORS, args=lambda wm: [wm.world.town.pk]),
    WriteRow("catalog:import", DISTRICT_EDITORS, args=lambda wm: [wm.world.town.pk],
             files=lambda wm: {"file": SimpleUploadedFile("目录.xlsx", wm.objs["catalog_xlsx"])}),
    WriteRow("catalog:publish", DISTRICT_EDITORS, args=lambda wm: [wm.world.district.pk],
             data=lambda wm: {"scope": Scope.PUBLIC}),
    WriteRow("catalog:change_new", DISTRICT_EDITORS, args=lambda wm: [wm.world.district.pk],
             data=lambda wm: {"item": wm.objs["change_item"].pk, "kind": "revoke", "reason": "职能调整",
                              "explanation": "本事项撤销", "effective_on": "2026-11-22"}),
    WriteRow("catalog:push_template", DISTRICT_OFFICES, args=lambda wm: [wm.world.district.pk]),
    WriteRow("catalog:filing", DISTRICT_DECIDERS, args=lambda wm: [wm.objs["village_filing"].pk],
             data=lambda wm: {"decision": "file", "reason": "同意备案"}),
    WriteRow("catalog:change", CITY_DECIDERS, args=lambda wm: [wm.objs["pending_change"].pk],
             data=lambda wm: {"decision": "approve", "reason": "同意"}),

    # ---- oversight ---------------------------------------------------------------------------------------
    WriteRow("oversight:registry_add", DISTRICT_OFFICES, args=lambda wm: [wm.world.district.pk, "publicity"],
             data=lambda wm: {"kind": "forum", "title": "矩阵群众座谈会", "held_on": "2026-03-02"}, label="宣传"),
    WriteRow("oversight:registry_add", DISTRICT_OFFICES, args=lambda wm: [wm.world.district.pk, "supervisor"],
             data=lambda wm: {"person_id": wm.world.people["member_district"].pk, "appointed_on": "2026-03-02"},
             label="聘请监督员"),
    WriteRow("oversight:supervisor_comment", ONLY({"supervisor"}),
             data=lambda wm: {"org": wm.world.district.pk, "body": "建议按月公开党费收缴情况"}),
    WriteRow("oversight:inspection_create", DISTRICT_OFFICES,
             data=lambda wm: {"organizer": wm.world.district.pk, "kind": "routine", "title": "矩阵新督查",
                              "started_on": "2026-03-02", "target_codes": "T0011"}),
    WriteRow("oversight:inspection_action", DISTRICT_OFFICES, args=lambda wm: [wm.objs["inspection"].pk, "finding"],
             data=lambda wm: {"target": wm.objs["target"].pk, "check_item": "content", "description": "目录不全",
                              "requirement": "补充目录", "days": "15"}, label="发现问题"),
    WriteRow("oversight:rectification", DISTRICT_OFFICES, args=lambda wm: [wm.objs["rect_open"].pk],
             data=lambda wm: {"action": "answer", "answer": "已整改"}, label="答复"),
    WriteRow("oversight:rectification", DISTRICT_OFFICES, args=lambda wm: [wm.objs["rect_answered"].pk],
             data=lambda wm: {"action": "verify", "accept": "1", "note": "通过"}, label="验收"),
    WriteRow("oversight:assessment_create", DISTRICT_OFFICES,
             data=lambda wm: {"org": wm.world.district.pk, "title": "矩阵新考核", "year": "2025"}),
    WriteRow("oversight:assessment_action", DISTRICT_OFFICES, args=lambda wm: [wm.objs["assessment"].pk, "indicator"],
             data=lambda wm: {"aspect": "plan_catalog", "name": "公开内容完整", "weight": "10"}),
    WriteRow("oversight:survey_create", DISTRICT_OFFICES,
             data=lambda wm: {"org": wm.world.district.pk, "kind": "satisfaction", "audience": "members",
                              "title": "矩阵新测评", "opens_on": "2026-03-02", "closes_on": "2026-03-30",
                              "questions": "满意度：对党务公开工作是否满意"}),
    WriteRow("oversight:survey_results", DISTRICT_OFFICES, args=lambda wm: [wm.objs["survey"].pk],
             data=lambda wm: {"action": "closed"}),
    # Taking a survey: the surveyed org's party members (the district and below), each for himself.
    WriteRow("oversight:survey_take", ONLY({"proposer", "reviewer", "secrecy", "approver", "publisher", "office",
                                            "supervisor", "member_district", "member_village"}),
             args=lambda wm: [wm.objs["survey"].pk],
             data=lambda wm: {f"q{q.pk}": "0" for q in wm.objs["survey"].questions.all()}),
    WriteRow("oversight:accountability", DISTRICT_OFFICES,
             data=lambda wm: {"org": wm.world.district.pk, "case": "catalog", "action": "criticism",
                              "responsible_code": "T0011", "facts": "应公开未公开", "decided_on": "2026-03-02"}),
    WriteRow("oversight:best_practice", ONLY({"city_office"}),
             data=lambda wm: {"org": wm.world.city.pk, "title": "矩阵新选树", "year": "2025",
                              "lines": [wm.objs["line"].pk]}),
    WriteRow("oversight:round_action", ONLY({"city_office"}), args=lambda wm: [wm.objs["round"].pk, "evaluate"],
             label="联合评审"),
    # The line's lead department (the district) nominates: anyone holding a duty there.
    WriteRow("oversight:round_action", ONLY({"proposer", "reviewer", "secrecy", "approver", "publisher", "office",
                                             "supervisor"}),
             args=lambda wm: [wm.objs["round"].pk, "nominate"],
             data=lambda wm: {"round_line": wm.objs["round_line"].pk, "entries": "T0011|公开栏规范"}, label="推选"),
    WriteRow("oversight:circular_disclosure", DISTRICT_OFFICES, args=lambda wm: [wm.objs["circular"].pk]),

    # ---- holiday schedule --------------------------------------------------------------------------------
    WriteRow("workdays:upload", CALENDAR_KEEPERS, data=lambda wm: {"source": "国务院办公厅通知"},
             files=_csv("2026.csv", "2026-10-08,holiday,国庆节\r\n")),
    WriteRow("workdays:set_day", CALENDAR_KEEPERS, args=lambda wm: [2026],
             data=lambda wm: {"date": "2026-10-10", "kind": "workday", "name": "调休上班"}),
    WriteRow("workdays:remove_day", CALENDAR_KEEPERS, args=lambda wm: [2026], data=lambda wm: {"date": "2026-10-09"}),

    # ---- reports -----------------------------------------------------------------------------------------
    WriteRow("reports:compliance", DISTRICT_OFFICES,
             data=lambda wm: {"code": "T0010", "action": "circular", "title": "矩阵合规通报", "body": "正文",
                              "scope": Scope.PARTY}),
    WriteRow("reports:briefings", DISTRICT_OFFICES, data=lambda wm: {"code": "T0010", "year": "2024"}),
    WriteRow("reports:briefing", DISTRICT_OFFICES, args=lambda wm: [wm.objs["briefing"].pk],
             data=lambda wm: {"scope": Scope.PARTY}),

    # ---- disclosure settings -----------------------------------------------------------------------------
    # Each office sets the workflow of the org it works as (the district's office, the city's office).
    WriteRow("disclosures:workflow_settings", DISTRICT_OFFICES,
             data=lambda wm: {"action": "preset", "preset": "seed003"}),
    WriteRow("disclosures:secrecy_terms", ONLY({"city_office"}),
             data=lambda wm: {"action": "add", "word": "矩阵密词", "note": "测试"}),
]

READ = "a read: who may read it is decided by dwgk.access (the read matrices)"
AS_GET = "answers a POST as a GET: it writes nothing (who may read it is decided by dwgk.access)"
EXEMPT = {
    "orgs:tree": READ, "orgs:detail": READ, "orgs:roles": AS_GET,
    "catalog:index": READ, "catalog:due": READ, "catalog:filings": READ, "catalog:changes": READ,
    "catalog:detail": READ, "catalog:public": READ, "catalog:compare": READ, "catalog:version": READ,
    "catalog:export": READ,
    "oversight:index": READ, "oversight:registry": READ, "oversight:inspections": READ, "oversight:inspection": READ,
    "oversight:assessments": READ, "oversight:assessment": AS_GET, "oversight:surveys": READ,
    "oversight:round": READ,
    "workdays:index": READ, "workdays:year": READ,
    "reports:index": READ, "reports:stats": READ, "reports:stats_xlsx": READ, "reports:stats_pdf": READ,
    "reports:dashboard": READ, "reports:bigscreen": READ, "reports:briefing_pdf": READ,
    "audit:log": "a read of the audit log (the audit administrator's)",
}
