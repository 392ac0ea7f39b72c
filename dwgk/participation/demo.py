"""Demo participation for 青山区 (district0) and its village branch: requests and feedback in every state,
a running consultation, a notice in its objection period, a hearing with applicants, Q&A. Every text a reader
sees is released through its review (先审查后公开) by the deciding org's 保密审查 and 审批 holders; a draft
consultation and a public reply are left pending for the 待审文本 page."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from dwgk.access.participation import Reader, key_of
from dwgk.disclosures import release
from dwgk.disclosures.models import TextFinding
from dwgk.orgs.models import Person

from . import deadlines, engagement, feedback, services
from .models import (
    Consultation,
    DisclosureRequest,
    Hearing,
    Notice,
    OrgPolicy,
    OutcomeCategory,
    OutcomeReason,
)

IN_PERSON = DisclosureRequest.Channel.IN_PERSON
POST = DisclosureRequest.Channel.POST


def seed_demo(ctx) -> None:
    today = ctx.today
    district, branch = ctx.demo_district, ctx.demo_branch
    acc = ctx.accounts
    office, head_user = acc["qs_ban"], acc["qs_shenpi"]
    head = head_user.person
    town = branch.parent
    OrgPolicy.objects.get_or_create(org=district, defaults={"public_requests": True})
    d = lambda n: today - timedelta(days=n)  # noqa: E731

    # 先审查后公开: who decides the 保密审查 and who approves, at each deciding org of the demo.
    reviewers = {district.pk: (acc["qs_baomi"], head_user), branch.pk: (acc["cun_baomi"], acc["cun_shuji"])}

    def released(kind: str, obj):
        review = release.review_of(kind, obj)
        secrecy, approver = reviewers[review.org_id]
        for finding in review.findings.filter(decision=TextFinding.Decision.PENDING):
            release.decide_finding(finding, secrecy, TextFinding.Decision.REDACT)
        while review.current_step is not None:
            step = review.current_step
            release.act(review, secrecy if step.get("secrecy") else approver, "pass",
                        opinion="经保密审查，同意公开" if step.get("secrecy") else "同意发布")
            review.refresh_from_db()
        obj.refresh_from_db()
        return obj

    def holder(obj) -> Reader:
        """The applicant or sender, holding the 查询码 they were given, rates the answer."""
        return Reader(codes=frozenset({key_of(obj)}))

    def register(name, text, received, org=district, kind="natural", channel=IN_PERSON):
        req, _code = services.submit_request(org=org, applicant_name=name, applicant_type=kind, description=text,
                                             channel=channel, received_on=received, registered_by=office,
                                             contact={"phone": "13800000000"})
        return req

    # 待受理: the demo member's own online request today.
    services.submit_request(org=district, applicant_name=acc["dangyuan"].person.name, user=acc["dangyuan"],
                            description="申请公开本区2026年度党费收缴、使用和管理情况", purpose="了解党费使用")
    # 补正中
    r = register("李国华", "申请公开有关会议的材料", d(4))
    services.ask_correction(r, actor=office, note="请写明会议名称、召开时间或文件文号", on=d(3))
    # 征求第三方意见 (clock stopped)
    r = register("青山区恒达食品有限公司", "申请公开本区非公企业党建工作经费补助名单及金额", d(20), kind="enterprise")
    services.accept(r, actor=office, on=d(19))
    services.assign(r, department=_child(district, "组织部") or district, actor=office, on=d(19))
    services.start_consultation(r, actor=office, third_party="受补助企业党组织", reason="涉及第三方商业信息", on=d(12))
    # 已延期
    r = register("王淑芬", "申请公开2025年度发展党员计划执行情况", d(33), channel=POST)
    services.accept(r, actor=office, on=d(32))
    services.extend(r, actor=office, approver=head, reason="涉及各乡镇数据汇总核实", on=d(9))
    # 部分公开 after 补正 → consultation → extension
    r = register("赵明", "申请公开区委党建工作专项经费使用情况", d(70))
    services.ask_correction(r, actor=office, note="请写明所需年度", on=d(69))
    services.complete_correction(r, supplement="2025年度", actor=office, on=d(66))
    services.start_consultation(r, actor=office, third_party="承接项目的服务机构", on=d(60))
    services.end_consultation(r, actor=office, opinion="同意公开总额，不同意公开合同单价", on=d(50))
    services.extend(r, actor=office, approver=head, reason="需财务部门核对", on=d(40))
    services.reply(r, actor=office, outcome=OutcomeCategory.PARTIAL,
                   reason=OutcomeReason.objects.get(code="withheld-third-party"),
                   text="现公开2025年度专项经费总额及主要用途；合同单价涉及第三方商业信息，不予公开。", on=d(30))
    services.rate_request(r, "basic", reader=holder(r))
    # 予以公开 / 不予公开 / 无法提供 — different applicant types for the annual table
    r = register("东江市法律援助中心", "申请公开党代表联络站设置情况", d(45), kind="legal_service")
    services.reply(r, actor=office, outcome=OutcomeCategory.DISCLOSED, text="联络站名单见附件。", on=d(40))
    services.rate_request(r, "satisfied", reader=holder(r))
    r = register("陈静", "申请公开某干部考察材料", d(50))
    services.reply(r, actor=office, outcome=OutcomeCategory.WITHHELD,
                   reason=OutcomeReason.objects.get(code="withheld-internal"), text="属于内部人事管理信息。", on=d(45))
    r = register("东江市农科院", "申请公开1998年基层党组织名册", d(60), kind="research")
    services.reply(r, actor=office, outcome=OutcomeCategory.UNAVAILABLE,
                   reason=OutcomeReason.objects.get(code="unavailable-not-held"), text="本组织未保存该年度名册。",
                   on=d(55))
    # 补正逾期 → 视为撤回 (by the scan below); and one overdue in handling
    r = register("孙立", "申请公开相关文件", d(40))
    services.ask_correction(r, actor=office, note="请写明文件名称", on=d(39))
    r = register("周强", "申请公开基层党组织换届选举结果", d(45), org=town)
    services.accept(r, actor=office, on=d(44))

    # Feedback in every state.
    def fb(subject, body, days_ago, org=branch, **kw):
        item, _code = feedback.submit_feedback(subject=subject, body=body, org=org, received_on=d(days_ago),
                                               channel=kw.pop("channel", "paper"), registered_by=office, **kw)
        return item

    fb("公开栏内容更新不及时", "村党务公开栏的内容还是上季度的。", 1)
    f = fb("希望公开党费使用明细", "建议按季度公开党费使用明细。", 5)
    feedback.accept_feedback(f, actor=office, on=d(4))
    f = fb("与党务无关的商业咨询", "请问附近哪里可以办理营业执照？", 6)
    feedback.reject_feedback(f, actor=office, reason="不属于党务公开意见建议范围，已告知向政务服务中心咨询。", on=d(5))
    f = fb("公示时间太短", "发展党员公示只贴了两天。", 10, org=town, channel="hotline")
    feedback.accept_feedback(f, actor=office, on=d(9))
    feedback.start_handling(f, actor=office, note="镇党委组织委员核实", on=d(8))
    f = fb("电子屏长期故障", "村委会门口电子屏坏了两个月。", 12)
    feedback.accept_feedback(f, actor=office, on=d(11))
    feedback.require_rectification(f, actor=office, note="维修或更换电子显示屏", due=today + timedelta(days=10),
                                   on=d(10))
    f = fb("党员活动日安排", "建议党员活动日避开农忙时节。", 14, channel="visit")
    feedback.accept_feedback(f, actor=office, on=d(13))
    released(feedback.FEEDBACK_REPLY,
             feedback.reply_feedback(f, actor=office, text="已采纳，党员活动日调整至每月第二个周六。", public=True, on=d(7)))
    f = fb("公开内容看不懂", "希望对政策性文件附上解读。", 40)
    feedback.accept_feedback(f, actor=office, on=d(39))
    released(feedback.FEEDBACK_REPLY,
             feedback.reply_feedback(f, actor=office, text="今后重要文件将同步发布政策解读。", public=True, on=d(35)))
    feedback.rate_feedback(f, "satisfied", reader=holder(f), on=d(30))
    f = fb("公开栏位置偏僻", "建议把公开栏移到村口。", 50)
    feedback.accept_feedback(f, actor=office, on=d(49))
    feedback.reply_feedback(f, actor=office, text="已移至村委会大门旁。", public=False, on=d(45))
    # Pending review: a public reply its sender already has; the public reads it once released.
    f = fb("公开栏晚上看不清", "村务公开栏没有照明，晚上看不清。", 8)
    feedback.accept_feedback(f, actor=office, on=d(7))
    feedback.reply_feedback(f, actor=office, text="已加装照明灯；如仍看不清，请致电村委会 13800005678。", public=True,
                            on=d(2))
    # Overdue: 65 days unanswered (warnings at 15/30/60), and 85 days (the office is alerted).
    f = fb("党员发展程序是否规范", "反映某村发展党员未按规定公示。", 65, org=town)
    feedback.accept_feedback(f, actor=office, on=d(64))
    fb("村集体资金使用情况", "希望公开村集体资金的使用情况。", 85)

    # A running public consultation and one closed with its adoption summary.
    c = engagement.open_consultation(org=district, title="关于《青山区党务公开目录（2027年版）》的征求意见",
                                     draft="一、公开事项……\n二、公开范围……\n三、公开时限……", opens_on=d(6), actor=office)
    _released_back_then(released(engagement.CONSULTATION, c), d(6))
    members = list(Person.objects.filter(party_org=branch).order_by("id")[:6])
    engagement.submit_opinion(c, body="建议增加村级党组织换届选举结果的公开。", name="党员", person=members[0], on=d(4))
    engagement.submit_opinion(c, body="建议明确各事项的责任部门和联系电话。", on=d(2))
    c2 = engagement.open_consultation(org=district, title="关于党员活动阵地建设的意见", draft="草案",
                                      audience=Consultation.Audience.INTERNAL, opens_on=d(30), actor=office)
    _released_back_then(released(engagement.CONSULTATION, c2), d(30))
    o = engagement.submit_opinion(c2, body="建议每个村都设立党员活动室。", person=members[1], on=d(28))
    engagement.publish_summary(c2, summary="共收到意见 1 条，采纳 1 条：将党员活动室建设纳入年度计划。", adopted_ids=[o.pk],
                               actor=office, on=d(20))
    released(engagement.CONSULTATION_SUMMARY, c2)
    # Pending review (the 待审文本 page): a draft whose contact number the scanner found.
    engagement.open_consultation(org=district, title="关于《青山区党员积分管理办法（试行）》的征求意见",
                                 draft="一、积分项目……\n二、积分运用……\n联系人：区委组织部 13800001234", actor=office)
    # A notice in its objection period (with one objection), and one finished with its result.
    # The branch's notice runs from today, the day its review released it.
    n = engagement.open_notice(org=branch, kind=Notice.Kind.NEW_MEMBER, title="关于拟发展张志强等2名同志为预备党员的公示",
                               body="经支部大会讨论，拟接收张志强、刘芳为预备党员。公示期内如有意见，请向镇党委反映。",
                               starts_on=today, actor=office)
    released(engagement.NOTICE, n)
    engagement.object_to(n, body="反映张志强同志曾有不良信用记录，请核实。")
    n2 = engagement.open_notice(org=district, kind=Notice.Kind.PRE_APPOINTMENT, title="干部任前公示",
                                body="拟任命王晓明为区委组织部副部长。", starts_on=d(20), actor=office)
    _released_back_then(released(engagement.NOTICE, n2), d(20))
    engagement.publish_result(n2, result="公示期内未收到异议，按程序任职。", actor=office, on=d(10))
    released(engagement.NOTICE_RESULT, n2)
    # A hearing with applicants (one approved).
    meeting = timezone.make_aware(datetime.combine(today + timedelta(days=10), time(9, 0)))
    h = engagement.announce_hearing(org=district, kind=Hearing.Kind.MEMBER_ATTENDANCE, title="区委常委会会议（党员旁听）",
                                    agenda="研究部署2027年党务公开工作", meeting_at=meeting, location="区委第一会议室",
                                    places=3, apply_until=today + timedelta(days=6), actor=office)
    released(engagement.HEARING, h)
    apps = [engagement.apply_to_hearing(h, person=p, reason="关注本区党务公开工作", on=d(1)) for p in members[2:5]]
    engagement.decide_application(apps[0], approve=True, actor=office)
    # 党内事务咨询
    q = engagement.ask(org=branch, person=members[0], question="预备党员转正需要哪些材料？", on=d(15))
    released(engagement.INQUIRY, engagement.answer(q, text="需本人转正申请、入党介绍人意见、党小组意见等，详见支部公告。",
                                                    actor=office, on=d(12)))
    engagement.ask(org=branch, person=members[1], question="流动党员如何参加组织生活？", on=d(2))

    out = feedback.scan(on=today)
    ctx.log(f"  参与互动：{DisclosureRequest.objects.count()} 件申请，{feedback.Feedback.objects.count()} 条意见，"
            f"扫描：{out}")


def _released_back_then(obj, day: date) -> None:
    """The demo's history: this notice or consultation was released on `day`, the day its period started (a
    release today would start its period today)."""
    if isinstance(obj, Notice):
        dates = {"starts_on": day, "ends_on": deadlines.notice_end(day, obj.period_workdays)}
    else:
        days = deadlines.consultation_days(obj.opens_on, obj.closes_on)
        dates = {"opens_on": day, "closes_on": deadlines.consultation_end(day, days)}
    type(obj).objects.filter(pk=obj.pk).update(**dates, released_at=timezone.make_aware(datetime.combine(day, time(9, 0))))
    obj.refresh_from_db()


def _child(org, name_part):
    return org.children.filter(name__contains=name_part).first()
