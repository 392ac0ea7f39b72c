"""Write rows of participation (依申请公开, 意见箱, 征求意见, 公示, 旁听/列席, 党内事务咨询). Written by hand from
the rules in dwgk.access.participation:

  * handling (every manage_* page): 党务公开办公室, 审批, 审核 and 承办 at the record's org or above — in the
    test world the district's proposer, reviewer, approver and office, and the city's office and approver.
    保密审查, 发布 and 监督员 do not handle participation; nor does anyone of another district.
  * giving an opinion, applying for a hearing: whoever may read the consultation or hearing (PARTY: the
    district's party members and those below it; PUBLIC: anyone, a signed-in person for a hearing).
  * feedback: anyone; feedback about a disclosure only from a sender who may read it (else 404).
  * 依申请公开 online: party members (the org allows no one else here); 党内事务咨询: party members, to their org.
  * rating and 补正 on the tracking page: the applicant or sender (a handler may also record a 补正).
Every attempt starts from the same state; public forms' rate limits and captchas live in the cache, so
each attempt's data starts a fresh cache and answers a fresh captcha."""

from __future__ import annotations

from datetime import timedelta

from django.core.cache import cache
from django.utils import timezone

from dwgk.core.choices import Category, Scope
from dwgk.disclosures.models import Disclosure
from dwgk.orgs import services as org_services
from dwgk.participation import engagement, feedback, guards, services
from dwgk.participation.models import Consultation, Hearing, Notice
from dwgk.testing.reviewers import release_in_time, release_now

from .write_matrix import WM, WriteRow

ONLY = frozenset
HANDLERS = ONLY({"proposer", "reviewer", "approver", "office", "city_office", "city_approver"})
# Party members of the district or below (the world's district staff are its members).
DISTRICT_PARTY = ONLY({"proposer", "reviewer", "secrecy", "approver", "publisher", "office", "supervisor",
                       "member_district", "member_village"})
MEMBERS = DISTRICT_PARTY | {"city_office", "city_approver"}
EVERYONE = ONLY({"anonymous", "proposer", "reviewer", "secrecy", "approver", "publisher", "office", "supervisor",
                 "city_office", "city_approver", "member_district", "member_village", "resident", "outsider",
                 "sysadmin", "secadmin", "auditadmin"})
WITH_PERSON = EVERYONE - {"anonymous", "sysadmin", "secadmin", "auditadmin"}


def _fresh(**data) -> dict:
    """A fresh cache (rate limits) and a solved captcha, for the public forms."""
    cache.clear()
    challenge = guards.new_challenge()
    answer = cache.get(f"dwgk:captcha:{challenge.key}")["image"]  # the text answer must wait 4 s
    return {"captcha_key": challenge.key, "captcha": answer, **data}


def setup(wm: WM) -> None:
    w, o = wm.world, wm.objs
    office = w.users["office"]
    today = timezone.localdate()
    o["party_disclosure"] = Disclosure.objects.create(
        org=w.district, title="参与矩阵党内事项", body="<p>正文</p>", category=Category.ORGANIZATION, scope=Scope.PARTY,
        proposer=w.people["proposer"], out_of_catalog_reason="测试", status="published", published_at=timezone.now())
    # 依申请公开 by the village member, online, in each state a handling action starts from.
    def req(text):
        r, _code = services.submit_request(org=w.district, applicant_name="党员", description=text,
                                           user=w.users["member_village"])
        return r
    o["req_received"] = req("申请公开甲")
    o["req_processing"] = services.accept(req("申请公开乙"), actor=office)
    o["req_consulting"] = services.accept(req("申请公开丙"), actor=office)
    services.start_consultation(o["req_consulting"], actor=office, third_party="第三方")
    o["req_correction"] = req("申请公开丁")
    services.ask_correction(o["req_correction"], actor=office, note="请写明年度")
    o["req_answered"] = req("申请公开戊")
    services.reply(o["req_answered"], actor=office, outcome="disclosed", text="见附件")
    # 意见箱: the resident's signed feedback, replied; and items in each state a handling action starts from.
    fb, _code = feedback.submit_feedback(subject="签名意见", body="内容", org=w.district, is_anonymous=False,
                                         user=w.users["resident"])
    feedback.accept_feedback(fb, actor=office)
    o["fb_replied"] = feedback.reply_feedback(fb, actor=office, text="已答复")
    o["fb_received"], _code = feedback.submit_feedback(subject="意见甲", body="内容", org=w.district)
    o["fb_accepted"], _code = feedback.submit_feedback(subject="意见乙", body="内容", org=w.district)
    feedback.accept_feedback(o["fb_accepted"], actor=office)
    # 征求意见: open to society, open inside the party, and one closed awaiting its summary.
    # Each text released by its review (先审查后公开) before readers act on it.
    o["cons_public"] = engagement.open_consultation(org=w.district, title="社会征求意见", draft="草案", actor=office)
    o["cons_party"] = engagement.open_consultation(org=w.district, title="党内征求意见", draft="草案", actor=office,
                                                   audience=Consultation.Audience.INTERNAL)
    o["cons_closed"] = engagement.open_consultation(org=w.district, title="已截止征求意见", draft="草案", actor=office,
                                                    opens_on=today - timedelta(days=30), days=7)
    for key in ("cons_public", "cons_party"):
        release_now(engagement.CONSULTATION, o[key])
    release_in_time(engagement.CONSULTATION, o["cons_closed"])  # released before it opened, 30 days ago
    o["opinion"] = engagement.submit_opinion(o["cons_closed"], body="建议", on=today - timedelta(days=28))
    # 公示: one in its period (with an objection), one whose period has ended.
    o["notice"] = engagement.open_notice(org=w.district, kind=Notice.Kind.NEW_MEMBER, title="发展党员公示",
                                         body="拟发展", actor=office)
    release_now(engagement.NOTICE, o["notice"])
    o["objection"] = engagement.object_to(o["notice"], body="异议")
    o["notice_ended"] = engagement.open_notice(org=w.district, kind=Notice.Kind.PRE_APPOINTMENT, title="任前公示",
                                               body="拟任", starts_on=today - timedelta(days=30), actor=office)
    release_now(engagement.NOTICE, o["notice_ended"])
    # Released then, 30 days ago: its period (which a release today would start afresh) has ended.
    Notice.objects.filter(pk=o["notice_ended"].pk).update(starts_on=today - timedelta(days=30),
                                                          ends_on=today - timedelta(days=20))
    o["notice_ended"].refresh_from_db()
    # 旁听: a party meeting with an application from someone who is not an actor; a public hearing.
    meeting = timezone.now() + timedelta(days=10)
    until = today + timedelta(days=5)
    o["hearing_party"] = engagement.announce_hearing(org=w.district, kind=Hearing.Kind.MEMBER_ATTENDANCE,
                                                     title="党员旁听", meeting_at=meeting, places=3, apply_until=until,
                                                     actor=office)
    o["hearing_public"] = engagement.announce_hearing(org=w.district, kind=Hearing.Kind.PUBLIC_HEARING,
                                                      title="社会听证", meeting_at=meeting, places=3,
                                                      apply_until=until, actor=office)
    release_now(engagement.HEARING, o["hearing_party"])
    release_now(engagement.HEARING, o["hearing_public"])
    applicant = org_services.create_person(name="报名党员", party_org=w.town)
    o["application"] = engagement.apply_to_hearing(o["hearing_party"], person=applicant)
    o["hearing_listed"] = engagement.announce_hearing(org=w.district, kind=Hearing.Kind.MEMBER_ATTENDANCE,
                                                      title="党员旁听二", meeting_at=meeting, places=3,
                                                      apply_until=until, actor=office)
    release_now(engagement.HEARING, o["hearing_listed"])
    engagement.decide_application(engagement.apply_to_hearing(o["hearing_listed"], person=applicant),
                                  approve=True, actor=office)
    # 党内事务咨询, unanswered.
    o["inquiry"] = engagement.ask(org=w.district, person=w.people["member_district"], question="如何转接组织关系？")


def _pk(key):
    return lambda wm: [wm.objs[key].pk]


def _today(wm) -> str:
    return timezone.localdate().isoformat()


ROWS = [
    # ---- public forms -------------------------------------------------------------------------------------
    WriteRow("participation:feedback_new", EVERYONE, label="to an org",
             data=lambda wm: _fresh(org=wm.world.district.pk, subject="意见", body="内容", is_anonymous="on")),
    WriteRow("participation:feedback_new", DISTRICT_PARTY, label="about a party disclosure",
             data=lambda wm: _fresh(disclosure=wm.objs["party_disclosure"].pk, org=wm.world.district.pk,
                                    subject="意见", body="内容", is_anonymous="on")),
    WriteRow("participation:request_new", MEMBERS,
             data=lambda wm: {**_fresh(), "org": wm.world.district.pk, "applicant_type": "natural",
                              "applicant_name": "申请人", "description": "请公开党费使用情况", "form_wanted": "email",
                              "email": "a@example.com"}),
    WriteRow("participation:track_request", ONLY({"member_village"}) | HANDLERS, label="补正",
             args=_pk("req_correction"), data=lambda wm: {"action": "supplement", "supplement": "2026年度"}),
    WriteRow("participation:track_request", ONLY({"member_village"}), label="rate", args=_pk("req_answered"),
             data=lambda wm: {"action": "rate", "rating": "satisfied"}),
    WriteRow("participation:track_feedback", ONLY({"resident"}), args=_pk("fb_replied"),
             data=lambda wm: {"rating": "satisfied"}),
    WriteRow("participation:consultation", EVERYONE, label="public", args=_pk("cons_public"),
             data=lambda wm: _fresh(body="建议", name="")),
    WriteRow("participation:consultation", DISTRICT_PARTY, label="party", args=_pk("cons_party"),
             data=lambda wm: _fresh(body="建议", name="")),
    WriteRow("participation:notice", EVERYONE, args=_pk("notice"), data=lambda wm: _fresh(body="异议", name="")),
    WriteRow("participation:hearing", DISTRICT_PARTY, label="party", args=_pk("hearing_party"),
             data=lambda wm: {"reason": "关心"}),
    WriteRow("participation:hearing", WITH_PERSON, label="public", args=_pk("hearing_public"),
             data=lambda wm: {"reason": "关心"}),
    WriteRow("participation:inquiries", MEMBERS, data=lambda wm: {"question": "如何缴纳党费？"}),
    # ---- handling: 依申请公开 -----------------------------------------------------------------------------
    WriteRow("participation:manage_request_new", HANDLERS, data=lambda wm: {
        "org": wm.world.district.pk, "applicant_type": "natural", "applicant_name": "来访人", "description": "请公开",
        "form_wanted": "copy", "channel": "in_person", "received_on": _today(wm)}),
    WriteRow("participation:manage_request", HANDLERS, label="accept", args=_pk("req_received"),
             data=lambda wm: {"action": "accept"}),
    WriteRow("participation:manage_request", HANDLERS, label="correction", args=_pk("req_received"),
             data=lambda wm: {"action": "correction", "note": "请写明年度"}),
    WriteRow("participation:manage_request", HANDLERS, label="supplement", args=_pk("req_correction"),
             data=lambda wm: {"action": "supplement", "note": "2026年度"}),
    WriteRow("participation:manage_request", HANDLERS, label="assign", args=_pk("req_received"),
             data=lambda wm: {"action": "assign", "department": wm.world.town.pk}),
    WriteRow("participation:manage_request", HANDLERS, label="consult", args=_pk("req_processing"),
             data=lambda wm: {"action": "consult", "third_party": "某公司"}),
    WriteRow("participation:manage_request", HANDLERS, label="consult_end", args=_pk("req_consulting"),
             data=lambda wm: {"action": "consult_end", "note": "同意"}),
    WriteRow("participation:manage_request", HANDLERS, label="extend", args=_pk("req_processing"),
             data=lambda wm: {"action": "extend", "approver": wm.world.people["approver"].pk, "note": "需汇总"}),
    WriteRow("participation:manage_request", HANDLERS, label="reply", args=_pk("req_received"),
             data=lambda wm: {"action": "reply", "outcome": "disclosed", "text": "见附件"}),
    WriteRow("participation:manage_request", HANDLERS, label="convert", args=_pk("req_answered"),
             data=lambda wm: {"action": "convert"}),
    # ---- handling: 意见箱 ----------------------------------------------------------------------------------
    WriteRow("participation:manage_feedback_new", HANDLERS, data=lambda wm: {
        "channel": "hotline", "received_on": _today(wm), "subject": "来电意见", "body": "内容"}),
    WriteRow("participation:manage_feedback", HANDLERS, label="accept", args=_pk("fb_received"),
             data=lambda wm: {"action": "accept"}),
    WriteRow("participation:manage_feedback", HANDLERS, label="reject", args=_pk("fb_received"),
             data=lambda wm: {"action": "reject", "note": "不属于受理范围"}),
    WriteRow("participation:manage_feedback", HANDLERS, label="handle", args=_pk("fb_accepted"),
             data=lambda wm: {"action": "handle", "note": "核实"}),
    WriteRow("participation:manage_feedback", HANDLERS, label="rectify", args=_pk("fb_accepted"),
             data=lambda wm: {"action": "rectify", "note": "整改",
                              "due": (timezone.localdate() + timedelta(days=10)).isoformat()}),
    WriteRow("participation:manage_feedback", HANDLERS, label="reply", args=_pk("fb_accepted"),
             data=lambda wm: {"action": "reply", "text": "已答复", "public": "1"}),
    WriteRow("participation:manage_feedback", HANDLERS, label="revise public reply", args=_pk("fb_replied"),
             data=lambda wm: {"action": "revise_public", "subject": "公开主题", "text": "修改后的公开答复"}),
    WriteRow("participation:manage_feedback", HANDLERS, label="withdraw public reply", args=_pk("fb_replied"),
             data=lambda wm: {"action": "withdraw_public", "note": "涉及个人信息"}),
    WriteRow("participation:manage_feedback", HANDLERS, label="redisclose", args=_pk("fb_accepted"),
             data=lambda wm: {"action": "redisclose"}),
    # ---- handling: 征求意见, 公示, 旁听, 咨询 -------------------------------------------------------------
    WriteRow("participation:manage_consultation_new", HANDLERS,
             data=lambda wm: {"title": "新征求意见", "draft": "草案", "audience": "internal", "days": "7"}),
    WriteRow("participation:manage_consultation", HANDLERS, args=_pk("cons_closed"),
             data=lambda wm: {"summary": "采纳 1 条", "adopted": [wm.objs["opinion"].pk]}),
    WriteRow("participation:manage_consultation", HANDLERS, label="revise", args=_pk("cons_public"),
             data=lambda wm: {"action": "revise", "title": "修改后的征求意见", "draft": "修改后的草案"}),
    WriteRow("participation:manage_notice_new", HANDLERS, data=lambda wm: {
        "kind": "new_member", "title": "新公示", "body": "拟发展", "starts_on": _today(wm), "period_workdays": "5"}),
    WriteRow("participation:manage_notice", HANDLERS, label="objection", args=_pk("notice"),
             data=lambda wm: {"action": "objection", "objection": wm.objs["objection"].pk, "handling": "已核实",
                              "upheld": "0"}),
    WriteRow("participation:manage_notice", HANDLERS, label="result", args=_pk("notice_ended"),
             data=lambda wm: {"action": "result", "result": "无异议"}),
    WriteRow("participation:manage_notice", HANDLERS, label="revise", args=_pk("notice"),
             data=lambda wm: {"action": "revise", "title": "修改后的公示", "body": "修改后的内容"}),
    WriteRow("participation:manage_hearing_new", HANDLERS, data=lambda wm: {
        "kind": "member", "title": "新会议", "agenda": "", "location": "",
        "meeting_at": (timezone.localtime() + timedelta(days=9)).strftime("%Y-%m-%d %H:%M"), "places": "3",
        "apply_until": (timezone.localdate() + timedelta(days=5)).isoformat()}),
    WriteRow("participation:manage_hearing", HANDLERS, label="decide", args=_pk("hearing_party"),
             data=lambda wm: {"application": wm.objs["application"].pk, "approve": "1"}),
    WriteRow("participation:manage_hearing", HANDLERS, label="publish", args=_pk("hearing_listed"),
             data=lambda wm: {"action": "publish"}),
    WriteRow("participation:manage_hearing", HANDLERS, label="revise", args=_pk("hearing_public"),
             data=lambda wm: {"action": "revise", "title": "修改后的听证", "agenda": "议题", "location": "会议室"}),
    WriteRow("participation:manage_inquiry", HANDLERS, args=_pk("inquiry"),
             data=lambda wm: {"text": "请向原支部申请转出。", "public": "1"}),
]

READ = "a read: who may read it is decided by dwgk.access.participation (the participation read matrix)"
EXEMPT = {
    "participation:index": READ,
    "participation:mine": READ,
    "participation:manage": READ,
    "participation:letter": READ,
    "participation:letter_pdf": READ,
    "participation:org_search": "the org picker's matches (org names are public); writes nothing",
    "participation:captcha": "an image of a captcha the poster's own form asked for",
    "participation:query": "looks a record up by its 查询码; writes only the poster's own session",
}
