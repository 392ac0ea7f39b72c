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
from dwgk.orgs import services as org_services
from dwgk.orgs.models import Line, Organization, OrgKind, Role
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
DISTRICT_DECIDERS = ONLY({"approver", "office", "city_office", "city_approver"})
DISTRICT_OFFICES = ONLY({"office", "city_office"})
CALENDAR_KEEPERS = ONLY({"city_office", "sysadmin"})


def setup(wm: WM) -> None:
    """Objects go into the shared `wm.objs` under keys starting with adm_ (model instances only)."""
    w, o = wm.world, wm.objs
    # catalogs, kept off the district so the disclosure rows' catalog rules stay as they are: the village's
    # draft (one template item missing), village2's awaiting the town's filing, the town's filed catalog with
    # one change awaiting the district, and a new branch without a catalog.
    village = catalog_services.create_from_template(w.village)
    o["adm_draft_catalog"] = village
    o["adm_draft_item"] = village.items.order_by("seq").first()
    village.items.order_by("-seq").first().delete()
    village2 = catalog_services.create_from_template(w.village2)
    catalog_services.submit(village2)
    o["adm_filing"] = village2.filings.get()
    town = catalog_services.create_from_template(w.town)
    catalog_services.submit(town)
    catalog_services.acknowledge(town, effective_from=datetime.date(2026, 1, 1))
    town.refresh_from_db()
    o["adm_filed_catalog"] = town
    items = list(town.items.filter(status=CatalogItem.Status.ACTIVE).order_by("seq"))
    o["adm_change_item"] = items[1]
    o["adm_pending_change"] = catalog_services.request_change(
        town, kind="revoke", item=items[0], reason="职能调整", explanation="本事项撤销", effective_on=DAY)
    o["adm_new_branch"] = org_services.create_org(name="矩阵新支部", code="MX00", kind=OrgKind.GRASSROOTS,
                                                  parent=w.town)

    # oversight: a serving supervisor; an inspection under way (town, unchecked) and one concluded with a
    # rectification answered; a draft assessment; an open survey with one question; a best-practice round.
    SupervisorAppointment.objects.create(org=w.district, person=w.people["supervisor"], appointed_on=DAY)
    leader = w.people["office"]
    insp = ov.create_inspection(w.district, kind=Inspection.Kind.ROUTINE, title="矩阵督查", leader=leader,
                                started_on=DAY, targets=[w.town])
    o["adm_inspection"], o["adm_target"] = insp, insp.targets.get()
    done = ov.create_inspection(w.district, kind=Inspection.Kind.SPECIAL, title="矩阵专项督查", leader=leader,
                                started_on=DAY, targets=[w.town])
    t = done.targets.get()
    finding = ov.add_finding(t, check_item="content", description="公开内容不全")
    o["adm_rect_open"] = ov.order_rectification(finding, requirement="补充公开", days=15, today=DAY)
    finding2 = ov.add_finding(t, check_item="content", description="公开不及时")
    o["adm_rect_answered"] = ov.order_rectification(finding2, requirement="按时公开", days=15, today=DAY)
    ov.answer_rectification(o["adm_rect_answered"], answer="已补充公开", on=DAY)
    o["adm_circular"] = Circular.objects.create(kind=Circular.Kind.COMPLIANCE, org=w.district, title="矩阵通报",
                                            body="通报正文", scope=Scope.PARTY, published_at=timezone.now())
    o["adm_assessment"] = ov.create_assessment(w.district, year=2025, title="矩阵考核", assessed=[w.town],
                                           indicators_spec=[])
    o["adm_survey"] = ov.create_survey(w.district, subject=w.district, kind=Survey.Kind.SATISFACTION,
                                   audience=Survey.Audience.MEMBERS, title="矩阵测评", opens_on=TODAY,
                                   closes_on=TODAY + datetime.timedelta(days=30),
                                   questions=[{"kind": "satisfaction", "text": "对党务公开工作是否满意"}])
    ov.set_survey_state(o["adm_survey"], Survey.State.OPEN)
    o["adm_line"] = Line.objects.create(code="matrix-line", name="矩阵条线", lead_org=w.district)
    Organization.objects.filter(pk__in=[w.town.pk, w.village.pk, w.village2.pk]).update(line=o["adm_line"])
    o["adm_round"] = ov.open_round(w.city, year=2025, title="矩阵选树", lines=[o["adm_line"]])
    o["adm_round_line"] = o["adm_round"].lines.get()
    o["adm_round_nominated"] = ov.open_round(w.city, year=2025, title="矩阵选树（已推选）", lines=[o["adm_line"]])
    ov.nominate(o["adm_round_nominated"].lines.get(), by_org=w.district,
                entries=[{"org": org, "highlights": "公开栏规范"}
                         for org in Organization.objects.filter(line=o["adm_line"]).order_by("path")])

    workdays_services.load_schedule(
        workdays_services.parse_schedule("2026-10-01,holiday,国庆节\n2026-10-09,holiday,矩阵假日\n", "2026.csv"),
        source="矩阵", partial=True)
    o["adm_briefing"] = briefing.generate(w.district, 2025)


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
    # The 公开指南's contact: the office of the org or above.
    WriteRow("orgs:guide_contact", DISTRICT_OFFICES, args=lambda wm: [wm.world.district.pk],
             data=lambda wm: {"office_address": "甲区委大院一号楼", "office_phone": "028-12345678",
                              "office_hours": "工作日 上午9:00—12:00", "office_email": "gk@example.cn"}),
    WriteRow("orgs:import", ONLY({"office", "city_office", "sysadmin"}), data=lambda wm: {"kind": "orgs"},
             files=_csv("orgs.csv", ORG_CSV)),

    # ---- catalogs ----------------------------------------------------------------------------------------
    WriteRow("catalog:create", DISTRICT_EDITORS, args=lambda wm: [wm.objs["adm_new_branch"].pk]),
    WriteRow("catalog:item_new", DISTRICT_EDITORS, args=lambda wm: [wm.world.village.pk], data=lambda wm: ITEM),
    WriteRow("catalog:item_edit", DISTRICT_EDITORS, args=lambda wm: [wm.world.village.pk, wm.objs["adm_draft_item"].pk],
             data=lambda wm: {**ITEM, "subject": "矩阵修改事项"}),
    WriteRow("catalog:item_delete", DISTRICT_EDITORS,
             args=lambda wm: [wm.world.village.pk, wm.objs["adm_draft_item"].pk]),
    WriteRow("catalog:submit", DISTRICT_EDITORS, args=lambda wm: [wm.world.village.pk],
             data=lambda wm: {"reason": "请予备案"}),
    WriteRow("catalog:apply_template", DISTRICT_EDITORS, args=lambda wm: [wm.world.village.pk]),
    WriteRow("catalog:import", DISTRICT_EDITORS, args=lambda wm: [wm.world.village.pk],
             files=lambda wm: {"file": SimpleUploadedFile(
                 "目录.xlsx", catalog_exports.export_xlsx(wm.objs["adm_draft_catalog"], include_withheld=True))}),
    WriteRow("catalog:publish", DISTRICT_EDITORS, args=lambda wm: [wm.world.town.pk],
             data=lambda wm: {"scope": Scope.PUBLIC}),
    WriteRow("catalog:change_new", DISTRICT_EDITORS, args=lambda wm: [wm.world.town.pk],
             data=lambda wm: {"item": wm.objs["adm_change_item"].pk, "kind": "revoke", "reason": "职能调整",
                              "explanation": "本事项撤销", "effective_on": "2026-11-22"}),
    WriteRow("catalog:push_template", DISTRICT_OFFICES, args=lambda wm: [wm.world.district.pk]),
    # Filing with the town and changes to the town's catalog: decided by 审批/党务公开办公室 at the town or above.
    WriteRow("catalog:filing", DISTRICT_DECIDERS, args=lambda wm: [wm.objs["adm_filing"].pk],
             data=lambda wm: {"decision": "file", "reason": "同意备案"}),
    WriteRow("catalog:change", DISTRICT_DECIDERS, args=lambda wm: [wm.objs["adm_pending_change"].pk],
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
    WriteRow("oversight:inspection_action", DISTRICT_OFFICES, args=lambda wm: [wm.objs["adm_inspection"].pk, "finding"],
             data=lambda wm: {"target": wm.objs["adm_target"].pk, "check_item": "content", "description": "目录不全",
                              "requirement": "补充目录", "days": "15"}, label="发现问题"),
    WriteRow("oversight:rectification", DISTRICT_OFFICES, args=lambda wm: [wm.objs["adm_rect_open"].pk],
             data=lambda wm: {"action": "answer", "answer": "已整改"}, label="答复"),
    WriteRow("oversight:rectification", DISTRICT_OFFICES, args=lambda wm: [wm.objs["adm_rect_answered"].pk],
             data=lambda wm: {"action": "verify", "accept": "1", "note": "通过"}, label="验收"),
    WriteRow("oversight:assessment_create", DISTRICT_OFFICES,
             data=lambda wm: {"org": wm.world.district.pk, "title": "矩阵新考核", "year": "2025"}),
    WriteRow("oversight:assessment_action", DISTRICT_OFFICES, args=lambda wm: [wm.objs["adm_assessment"].pk, "indicator"],
             data=lambda wm: {"aspect": "plan_catalog", "name": "公开内容完整", "weight": "10"}),
    WriteRow("oversight:survey_create", DISTRICT_OFFICES,
             data=lambda wm: {"org": wm.world.district.pk, "kind": "satisfaction", "audience": "members",
                              "title": "矩阵新测评", "opens_on": "2026-03-02", "closes_on": "2026-03-30",
                              "questions": "满意度：对党务公开工作是否满意"}),
    WriteRow("oversight:survey_results", DISTRICT_OFFICES, args=lambda wm: [wm.objs["adm_survey"].pk],
             data=lambda wm: {"action": "closed"}),
    # Taking a survey: the surveyed org's party members (the district and below), each for himself.
    WriteRow("oversight:survey_take", ONLY({"proposer", "reviewer", "secrecy", "approver", "publisher", "office",
                                            "supervisor", "member_district", "member_village"}),
             args=lambda wm: [wm.objs["adm_survey"].pk],
             data=lambda wm: {f"q{q.pk}": "0" for q in wm.objs["adm_survey"].questions.all()}),
    WriteRow("oversight:accountability", DISTRICT_OFFICES,
             data=lambda wm: {"org": wm.world.district.pk, "case": "catalog", "action": "criticism",
                              "responsible_code": "T0011", "facts": "应公开未公开", "decided_on": "2026-03-02"}),
    WriteRow("oversight:best_practice", ONLY({"city_office"}),
             data=lambda wm: {"org": wm.world.city.pk, "title": "矩阵新选树", "year": "2025",
                              "lines": [wm.objs["adm_line"].pk]}),
    WriteRow("oversight:round_action", ONLY({"city_office"}), args=lambda wm: [wm.objs["adm_round_nominated"].pk, "evaluate"],
             label="联合评审"),
    # The line's lead department (the district) nominates: anyone holding a duty there.
    WriteRow("oversight:round_action", ONLY({"proposer", "reviewer", "secrecy", "approver", "publisher", "office",
                                             "supervisor"}),
             args=lambda wm: [wm.objs["adm_round"].pk, "nominate"],
             data=lambda wm: {"round_line": wm.objs["adm_round_line"].pk, "entries": "T0011|公开栏规范\nT0012|公开及时\nT0013|形式多样"}, label="推选"),
    WriteRow("oversight:circular_disclosure", DISTRICT_OFFICES, args=lambda wm: [wm.objs["adm_circular"].pk]),
    # Revising a circular submits it to its review again (先审查后公开): the issuing org's office or above.
    WriteRow("oversight:circular_revise", DISTRICT_OFFICES, args=lambda wm: [wm.objs["adm_circular"].pk],
             data=lambda wm: {"title": "矩阵通报（修改）", "body": "修改后的通报正文"}),

    # ---- holiday schedule --------------------------------------------------------------------------------
    WriteRow("workdays:upload", CALENDAR_KEEPERS, data=lambda wm: {"source": "国务院办公厅通知", "partial": "on"},
             files=_csv("2026.csv", "2026-10-08,holiday,国庆节\r\n")),
    WriteRow("workdays:set_day", CALENDAR_KEEPERS, args=lambda wm: [2026],
             data=lambda wm: {"date": "2026-10-10", "kind": "workday", "name": "调休上班"}),
    WriteRow("workdays:remove_day", CALENDAR_KEEPERS, args=lambda wm: [2026], data=lambda wm: {"date": "2026-10-09"}),

    # ---- reports -----------------------------------------------------------------------------------------
    WriteRow("reports:compliance", DISTRICT_OFFICES,
             data=lambda wm: {"code": "T0010", "action": "circular", "title": "矩阵合规通报", "body": "正文",
                              "scope": Scope.PARTY}),
    WriteRow("reports:briefings", DISTRICT_OFFICES, data=lambda wm: {"code": "T0010", "year": "2024"}),
    WriteRow("reports:briefing", DISTRICT_OFFICES, args=lambda wm: [wm.objs["adm_briefing"].pk],
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
    "core:healthz": "a health probe for the load balancer (database, cache, worker heartbeat): no domain data",
    "core:favicon": "a static icon",
}
