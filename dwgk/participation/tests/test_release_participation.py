"""先审查后公开 for every reader-facing text of participation (issue 13, DESIGN invariant 2): a 征求意见稿 and
its 意见采纳情况, a 公示 and its 公示结果, a 旁听/列席 notice, a public 意见箱 reply and an answered public
咨询 reach no reader path until a holder of the 保密审查 duty decided the scanner's finding and closed that
step and an approver approved; readers then get the redacted text, and the record names the secrecy
reviewer. Written as a matrix: kinds × the reader paths that carry each kind. The addressee of a reply or
an answer reads his own at once, unredacted, as before."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from dwgk.access import participation as gate
from dwgk.access.errors import Refused
from dwgk.audit.models import AuditEntry
from dwgk.core.crypto import digest_hex
from dwgk.disclosures import release
from dwgk.disclosures.content import hash_algorithm
from dwgk.disclosures.models import Disclosure, Notification, TextRecord, TextReview
from dwgk.orgs.models import Role
from dwgk.participation import engagement, feedback
from dwgk.participation.deadlines import notice_end
from dwgk.participation.models import Consultation, Feedback, Hearing, Inquiry, Notice
from dwgk.portal.mirror import Mirror, file_for
from dwgk.testing.reviewers import release_in_time
from dwgk.testing.texts import release_of

pytestmark = pytest.mark.django_db

PHONE = "13912345678"


def mark(kind: str) -> str:
    return f"【审查{kind}】"


def text(kind: str) -> str:
    return f"{mark(kind)}联系电话{PHONE}"


# ---- the reader paths ---------------------------------------------------------------------------------------

def _page(client: Client, url: str) -> str:
    r = client.get(url)
    assert r.status_code in (200, 404), (url, r.status_code)
    return r.content.decode() if r.status_code == 200 else ""


def _mirror(world, tmp_path) -> str:
    url = reverse("portal:org", args=[world.district.pk])
    m = Mirror(tmp_path / "mirror")
    with m.locked():
        m.page(url)
    return file_for(tmp_path / "mirror", url).read_text(encoding="utf-8")


@dataclass
class Case:
    kind: str            # the release kind
    reader: str          # who reads (a key of world.users, or "anonymous")
    build: Callable      # (world) -> the owner object, its text submitted
    paths: dict          # reader path name -> (world, obj, client, tmp_path) -> html or queryset-derived text
    refused: Callable | None = None  # the write a reader may not make before release (raises)


def _org_url(w):
    return reverse("portal:org", args=[w.district.pk])


def _build_consultation(w):
    return engagement.open_consultation(org=w.district, title=mark("consultation"), draft=text("consultation"),
                                        actor=w.users["office"])


def _build_summary(w):
    today = timezone.localdate()
    c = _closed_consultation(w)
    op = engagement.submit_opinion(c, body=f"采纳的意见{mark('adopted')}", on=today - timedelta(days=28))
    return engagement.publish_summary(c, summary=text(engagement.CONSULTATION_SUMMARY), adopted_ids=[op.pk], actor=w.users["office"])


def _build_notice(w):
    return engagement.open_notice(org=w.district, kind=Notice.Kind.NEW_MEMBER, title=mark("notice"),
                                  body=text("notice"), actor=w.users["office"])


def _build_result(w):
    n = engagement.open_notice(org=w.district, kind=Notice.Kind.PRE_APPOINTMENT, title="任前公示",
                               body="拟任", actor=w.users["office"])
    release_of(engagement.NOTICE, n, w.users["secrecy"], w.users["approver"])
    n.refresh_from_db()
    return engagement.publish_result(n, result=text(engagement.NOTICE_RESULT), actor=w.users["office"],
                                     on=n.ends_on + timedelta(days=1))


def _build_hearing(w):
    return engagement.announce_hearing(org=w.district, kind=Hearing.Kind.MEMBER_ATTENDANCE, title=mark("hearing"),
                                       agenda=text("hearing"), meeting_at=timezone.now() + timedelta(days=10),
                                       places=3, apply_until=timezone.localdate() + timedelta(days=5),
                                       actor=w.users["office"])


def _build_reply(w):
    fb, _code = feedback.submit_feedback(subject="公开栏更新慢", body="公开栏更新慢", org=w.district,
                                         is_anonymous=False, user=w.users["resident"])
    feedback.accept_feedback(fb, actor=w.users["office"])
    return feedback.reply_feedback(fb, actor=w.users["office"], text=text(feedback.FEEDBACK_REPLY), public=True)


def _build_inquiry(w):
    q = engagement.ask(org=w.district, person=w.people["member_village"], question=mark("inquiry"))
    return engagement.answer(q, text=text("inquiry"), actor=w.users["office"])


def _detail(name):
    return lambda w, obj, c, tmp: _page(c, reverse(f"participation:{name}", args=[obj.pk]))


def _index(w, obj, c, tmp):
    return _page(c, reverse("participation:index"))


def _org_page(w, obj, c, tmp):
    return _page(c, _org_url(w))


def _static_mirror(w, obj, c, tmp):
    return _mirror(w, tmp)


def _inquiries(w, obj, c, tmp):
    return _page(c, reverse("participation:inquiries"))


def _qs(fn):
    """The gate's reader queryset itself: the text of every row it lets through."""
    def read(w, obj, c, tmp):
        rows = fn(w, obj)
        return " ".join(str(v) for row in rows for v in row)
    return read


CASES = [
    Case(engagement.CONSULTATION, "anonymous", _build_consultation, {
        "index": _index, "detail": _detail("consultation"), "org_page": _org_page, "static_mirror": _static_mirror,
        "queryset": _qs(lambda w, o: gate.visible_consultations(None, Consultation.objects.filter(pk=o.pk))
                        .values_list("title", "draft"))},
         refused=lambda w, o: engagement.submit_opinion(o, body="意见", user=w.users["member_district"])),
    Case(engagement.CONSULTATION_SUMMARY, "anonymous", _build_summary, {
        "detail": _detail("consultation"),
        "queryset": _qs(lambda w, o: [(o.summary, gate.adopted_opinions(None, o))]
                        if gate.consultation_summary_released(o) else [])}),
    Case(engagement.NOTICE, "anonymous", _build_notice, {
        "index": _index, "detail": _detail("notice"), "org_page": _org_page, "static_mirror": _static_mirror,
        "queryset": _qs(lambda w, o: gate.visible_notices(None, Notice.objects.filter(pk=o.pk))
                        .values_list("title", "body"))},
         refused=lambda w, o: engagement.object_to(o, body="异议")),
    Case(engagement.NOTICE_RESULT, "anonymous", _build_result, {
        "detail": _detail("notice"), "org_page": _org_page, "static_mirror": _static_mirror,
        "queryset": _qs(lambda w, o: gate.visible_notices(None, Notice.objects.filter(pk=o.pk))
                        .values_list(gate.GATE_RESULT))}),
    Case(engagement.HEARING, "member_district", _build_hearing, {
        "index": _index, "detail": _detail("hearing"),
        "queryset": _qs(lambda w, o: gate.visible_hearings(w.users["member_district"],
                                                           Hearing.objects.filter(pk=o.pk))
                        .values_list("title", "agenda"))},
         refused=lambda w, o: engagement.apply_to_hearing(o, person=w.people["member_district"])),
    Case(feedback.FEEDBACK_REPLY, "anonymous", _build_reply, {
        "index": _index, "org_page": _org_page, "static_mirror": _static_mirror,
        "queryset": _qs(lambda w, o: gate.visible_feedback_replies(None, Feedback.objects.filter(pk=o.pk),
                                                                   Disclosure.objects.all())
                        .values_list("public_subject", "public_reply"))}),
    Case(engagement.INQUIRY, "member_district", _build_inquiry, {
        "inquiries": _inquiries, "org_page": _org_page,
        "queryset": _qs(lambda w, o: gate.visible_inquiries(w.users["member_district"],
                                                            Inquiry.objects.filter(pk=o.pk))
                        .values_list("public_question", "public_answer"))}),
]


def _client(world, reader: str) -> Client:
    c = Client()
    if reader != "anonymous":
        c.force_login(world.users[reader])
    return c


def _reached(case: Case, world, obj, tmp_path) -> dict[str, tuple[bool, bool]]:
    """Per reader path: (the kind's marker reached the reader, the phone number reached the reader)."""
    c = _client(world, case.reader)
    out = {}
    for name, read in case.paths.items():
        obj.refresh_from_db()
        html = read(world, obj, c, tmp_path)
        out[name] = (mark(case.kind) in html, PHONE in html)
    return out


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.kind)
def test_手机号码在保密审查和审批之前不到达任何读者路径(world, tmp_path, settings, case):
    settings.MEDIA_ROOT = tmp_path / "media"
    obj = case.build(world)
    review = release.review_of(case.kind, obj)
    assert review is not None and review.state == TextReview.State.REVIEW
    assert review.findings.filter(kind="mobile").count() == 1
    nowhere = {name: (False, False) for name in case.paths}
    assert _reached(case, world, obj, tmp_path) == nowhere
    if case.refused is not None:  # nobody opines on, objects to or applies for an unreleased text
        with pytest.raises((Refused, ValidationError)):
            case.refused(world, obj)

    # 审核 alone cannot decide the finding; the secrecy holder decides and closes his step.
    finding = review.findings.get()
    with pytest.raises(ValidationError, match="保密审查"):
        release.decide_finding(finding, world.users["reviewer"], "redact")
    release.decide_finding(finding, world.users["secrecy"], "redact")
    release.act(review, world.users["secrecy"], "pass", opinion="已脱密")
    assert _reached(case, world, obj, tmp_path) == nowhere  # the approval is still to come
    release.act(review, world.users["approver"], "pass", opinion="同意")

    review.refresh_from_db()
    assert review.state == TextReview.State.RELEASED
    # Every path now carries the text, redacted: the marker reaches the reader, the phone number does not.
    assert _reached(case, world, obj, tmp_path) == {name: (True, False) for name in case.paths}
    # 谁审查谁负责: the record names the secrecy reviewer and the approver.
    passes = list(review.records.filter(action=TextRecord.Action.PASS).values_list("actor_name", "role"))
    assert passes == [(world.people["secrecy"].name, Role.SECRECY), (world.people["approver"].name, Role.APPROVER)]
    assert review.findings.get().decided_by == world.people["secrecy"]


def test_意见箱答复先送达反映人_公开展示等审查发布(world):
    fb = _build_reply(world)
    c = Client()
    c.force_login(world.users["resident"])
    page = c.get(reverse("participation:track_feedback", args=[fb.pk])).content.decode()
    assert PHONE in page  # addressed to him: as before, at once and whole
    release_of(feedback.FEEDBACK_REPLY, fb, world.users["secrecy"], world.users["approver"])
    fb.refresh_from_db()
    assert fb.reply_text == text(feedback.FEEDBACK_REPLY) and PHONE not in fb.public_reply and "■" in fb.public_reply
    assert PHONE in c.get(reverse("participation:track_feedback", args=[fb.pk])).content.decode()


def test_咨询人先看到自己的答复_公开问答等审查发布(world):
    q = _build_inquiry(world)
    asker = Client()
    asker.force_login(world.users["member_village"])
    assert PHONE in asker.get(reverse("participation:inquiries")).content.decode()  # his own list
    other = Client()
    other.force_login(world.users["member_town"])
    assert mark("inquiry") not in other.get(reverse("participation:inquiries")).content.decode()
    release_of(engagement.INQUIRY, q, world.users["secrecy"], world.users["approver"])
    assert mark("inquiry") in other.get(reverse("participation:inquiries")).content.decode()
    q.refresh_from_db()
    assert q.answer == text("inquiry")  # the asker's own answer is untouched by the redaction


def test_不公开的答复不进入审查也不向公众展示(world):
    fb, _code = feedback.submit_feedback(subject="不公开", body="b", org=world.district)
    feedback.accept_feedback(fb, actor=world.users["office"])
    feedback.reply_feedback(fb, actor=world.users["office"], text=f"私下答复{PHONE}", public=False)
    fb.refresh_from_db()
    assert release.review_of(feedback.FEEDBACK_REPLY, fb) is None and fb.public_reply == ""
    q = engagement.ask(org=world.district, person=world.people["member_village"], question="私下问题")
    engagement.answer(q, text="私下答复", public=False, actor=world.users["office"])
    assert release.review_of(engagement.INQUIRY, q) is None


def test_公示审查发布晚于开始日的_公示期从发布日起算足工作日(world):
    today = timezone.localdate()
    n = engagement.open_notice(org=world.district, kind=Notice.Kind.NEW_MEMBER, title="迟发布的公示", body="拟发展",
                               starts_on=today - timedelta(days=10), period_workdays=5, actor=world.users["office"])
    assert n.ends_on == notice_end(today - timedelta(days=10), 5)
    release_of(engagement.NOTICE, n, world.users["secrecy"], world.users["approver"])
    n.refresh_from_db()
    assert (n.starts_on, n.ends_on) == (today, notice_end(today, 5))
    # Released before its start, a notice keeps its dates.
    later = today + timedelta(days=7)
    m = engagement.open_notice(org=world.district, kind=Notice.Kind.NEW_MEMBER, title="预告公示", body="拟发展",
                               starts_on=later, period_workdays=5, actor=world.users["office"])
    release_of(engagement.NOTICE, m, world.users["secrecy"], world.users["approver"])
    m.refresh_from_db()
    assert (m.starts_on, m.ends_on) == (later, notice_end(later, 5))


def test_未发布的征求意见和公示不能公布采纳情况或结果(world):
    today = timezone.localdate()
    c = engagement.open_consultation(org=world.district, title="未发布", draft="草案",
                                     opens_on=today - timedelta(days=30), days=7, actor=world.users["office"])
    with pytest.raises(Refused):
        engagement.publish_summary(c, summary="采纳情况", actor=world.users["office"])
    n = engagement.open_notice(org=world.district, kind=Notice.Kind.NEW_MEMBER, title="未发布", body="拟发展",
                               starts_on=today - timedelta(days=30), actor=world.users["office"])
    with pytest.raises(Refused):
        engagement.publish_result(n, result="结果", actor=world.users["office"])


def test_待审文本在办理页面显示审查状态和链接(world):
    c = _build_consultation(world)
    client = Client()
    client.force_login(world.users["office"])
    page = client.get(reverse("participation:manage_consultation", args=[c.pk])).content.decode()
    review = release.review_of(engagement.CONSULTATION, c)
    assert reverse("disclosures:text_review", args=[review.pk]) in page and "审核中" in page


def test_退回修改后重新提交审查_发布修改后的文本(world):
    c = _build_consultation(world)
    review = release.review_of(engagement.CONSULTATION, c)
    release.act(review, world.users["secrecy"], "return", opinion="请删去联系电话")
    review.refresh_from_db()
    assert review.state == TextReview.State.RETURNED
    client = Client()
    client.force_login(world.users["office"])
    r = client.post(reverse("participation:manage_consultation", args=[c.pk]),
                    {"action": "revise", "title": mark("consultation"), "draft": "联系区委组织部"})
    assert r.status_code == 302
    review.refresh_from_db()
    assert review.state == TextReview.State.REVIEW and review.version == 2 and not review.findings.exists()
    release_of(engagement.CONSULTATION, c, world.users["secrecy"], world.users["approver"])
    page = Client().get(reverse("participation:consultation", args=[c.pk])).content.decode()
    assert "联系区委组织部" in page and PHONE not in page
    # A released text edited again is hidden until its review releases it again.
    engagement.revise_consultation(c, title=mark("consultation"), draft="再次修改", actor=world.users["office"])
    assert Client().get(reverse("participation:consultation", args=[c.pk])).status_code == 404


def test_修改公开答复不改变反映人收到的答复(world):
    fb = _build_reply(world)
    feedback.revise_public_reply(fb, subject="公开栏", text="已督促更新", actor=world.users["office"])
    fb.refresh_from_db()
    assert fb.reply_text == text(feedback.FEEDBACK_REPLY) and fb.public_reply == "已督促更新"
    review = release.review_of(feedback.FEEDBACK_REPLY, fb)
    assert review.version == 2 and not review.findings.exists()
    with pytest.raises(Refused):
        feedback.revise_public_reply(fb, subject="s", text="t", actor=world.users["member_district"])


# ---- the adopted opinions, withdrawn reviews, a window released late ------------------------------------------

def _closed_consultation(w, title="已截止的征求意见"):
    """A consultation released before it opened 30 days ago, closed after 7 days."""
    today = timezone.localdate()
    c = engagement.open_consultation(org=w.district, title=title, draft="草案", opens_on=today - timedelta(days=30),
                                     days=7, actor=w.users["office"])
    release_in_time(engagement.CONSULTATION, c)
    return c


def test_采纳的意见随采纳情况审查_读者只见审查发布的脱密稿(world, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    today = timezone.localdate()
    c = _closed_consultation(world)
    op = engagement.submit_opinion(c, body=f"建议公布经办人联系电话{PHONE}", name="居民", on=today - timedelta(days=28))
    engagement.submit_opinion(c, body="未采纳的建议", on=today - timedelta(days=27))
    engagement.publish_summary(c, summary="共收到意见 2 条，采纳 1 条。", adopted_ids=[op.pk], actor=world.users["office"])
    review = release.review_of(engagement.CONSULTATION_SUMMARY, c)
    # The secrecy reviewer sees the adopted opinion with the summary, and the scanner found its number there.
    assert list(review.findings.values_list("field", "kind")) == [("adopted_opinions", "mobile")]
    assert review.texts["adopted_opinions"] == f"1. 建议公布经办人联系电话{PHONE}"
    anonymous = Client()
    page = lambda: _page(anonymous, reverse("participation:consultation", args=[c.pk]))  # noqa: E731
    reader_paths = lambda: page() + _page(anonymous, _org_url(world)) + _mirror(world, tmp_path)  # noqa: E731
    assert "建议公布经办人联系电话" not in page() and PHONE not in reader_paths()

    release_of(engagement.CONSULTATION_SUMMARY, c, world.users["secrecy"], world.users["approver"])
    shown = page()
    assert "建议公布经办人联系电话" in shown and "■" in shown and "未采纳的建议" not in shown
    assert PHONE not in reader_paths()
    assert gate.adopted_opinions(None, Consultation.objects.get(pk=c.pk)) == "1. 建议公布经办人联系电话■■■■■■■■■■■"
    # The original stays with the handlers; the approved hash covers the readers' copy of the opinions.
    op.refresh_from_db()
    assert op.body == f"建议公布经办人联系电话{PHONE}"
    staff = Client()
    staff.force_login(world.users["office"])
    assert PHONE in _page(staff, reverse("participation:manage_consultation", args=[c.pk]))
    assert release.drift() == []
    Consultation.objects.filter(pk=c.pk).update(adopted_opinions=f"1. 建议公布经办人联系电话{PHONE}")
    assert [r.pk for r in release.drift()] == [review.pk]


def test_采纳的意见字段出现之前审查发布的采纳情况_哈希不变_不报改动(world):
    c = _closed_consultation(world)
    engagement.publish_summary(c, summary="共收到意见 3 条，均未采纳。", adopted_ids=[], actor=world.users["office"])
    release_of(engagement.CONSULTATION_SUMMARY, c, world.users["secrecy"], world.users["approver"])
    review = release.review_of(engagement.CONSULTATION_SUMMARY, c)
    # The hash as released before `adopted_opinions` existed: the summary's text and the scope only.
    before = json.dumps({"kind": engagement.CONSULTATION_SUMMARY, "texts": {"summary": "共收到意见 3 条，均未采纳。"},
                         "scope": gate.consultation_scope(c)}, ensure_ascii=False, sort_keys=True)
    TextReview.objects.filter(pk=review.pk).update(content_hash=digest_hex(before.encode(), hash_algorithm()))
    assert release.drift() == []
    # A late field is in the hash as soon as it holds text: adding adopted opinions afterwards is a change.
    Consultation.objects.filter(pk=c.pk).update(adopted_opinions="1. 加入的意见")
    assert [r.pk for r in release.drift()] == [review.pk]


def _open_todos(review):
    return Notification.objects.filter(url=release.review_url(review), kind="todo", read_at__isnull=True)


def test_公开答复在审查中改为不公开_撤回审查和待办并留下记录(world):
    q = _build_inquiry(world)
    review = release.review_of(engagement.INQUIRY, q)
    assert _open_todos(review).exists()
    engagement.answer(q, text="已当面答复", public=False, actor=world.users["office"])
    review.refresh_from_db()
    assert review.state == TextReview.State.WITHDRAWN
    last = review.records.order_by("-at", "-id").first()
    assert (last.action, last.actor_name, last.opinion) == (TextRecord.Action.WITHDRAW, world.people["office"].name,
                                                             "答复改为不公开")
    assert not _open_todos(review).exists()
    withdrawn = Notification.objects.filter(url=release.review_url(review), kind="withdrawn")
    assert withdrawn.exists() and all("已不再公开（答复改为不公开）" in n.body for n in withdrawn)
    assert review not in release.pending_for(world.users["secrecy"])
    with pytest.raises((Refused, ValidationError)):
        release.act(review, world.users["secrecy"], "pass", opinion="同意")
    # Made public again, it is reviewed again.
    engagement.answer(q, text=text("inquiry"), public=True, actor=world.users["office"])
    review.refresh_from_db()
    assert (review.state, review.version) == (TextReview.State.REVIEW, 2)

    fb = _build_reply(world)
    review = release.review_of(feedback.FEEDBACK_REPLY, fb)
    assert _open_todos(review).exists()
    client = Client()
    client.force_login(world.users["office"])
    r = client.post(reverse("participation:manage_feedback", args=[fb.pk]),
                    {"action": "withdraw_public", "note": "涉及个人信息"})
    assert r.status_code == 302
    review.refresh_from_db()
    fb.refresh_from_db()
    assert review.state == TextReview.State.WITHDRAWN and not _open_todos(review).exists()
    assert review.records.order_by("-at", "-id").first().opinion == "公开答复改为不公开：涉及个人信息"
    page = _page(client, reverse("disclosures:text_review", args=[review.pk]))
    assert "已撤回（不再公开）" in page and "公开答复改为不公开：涉及个人信息" in page
    assert (fb.reply_public, fb.public_reply, fb.reply_text) == (False, "", text(feedback.FEEDBACK_REPLY))
    other = _build_reply(world)
    with pytest.raises(ValidationError, match="理由"):
        feedback.withdraw_public_reply(other, actor=world.users["office"], reason=" ")
    assert release.review_of(feedback.FEEDBACK_REPLY, other).state == TextReview.State.REVIEW


def test_已发布的公开答复改为不公开_读者不再看到_完整性核查不报改动(world):
    q = _build_inquiry(world)
    release_of(engagement.INQUIRY, q, world.users["secrecy"], world.users["approver"])
    fb = _build_reply(world)
    release_of(feedback.FEEDBACK_REPLY, fb, world.users["secrecy"], world.users["approver"])
    engagement.answer(q, text="改为私下答复", public=False, actor=world.users["office"])
    feedback.withdraw_public_reply(fb, actor=world.users["office"], reason="涉及个人信息")
    for kind, obj in ((engagement.INQUIRY, q), (feedback.FEEDBACK_REPLY, fb)):
        assert release.review_of(kind, obj).state == TextReview.State.WITHDRAWN
    assert not gate.visible_inquiries(world.users["member_district"], Inquiry.objects.filter(pk=q.pk)).exists()
    assert not gate.visible_feedback_replies(None, Feedback.objects.filter(pk=fb.pk), Disclosure.objects.all()).exists()
    assert release.drift() == []


def test_征求意见审查发布晚于开始日的_征求期从发布日起算足天数(world):
    today = timezone.localdate()
    c = engagement.open_consultation(org=world.district, title="迟发布的征求意见", draft="草案",
                                     opens_on=today - timedelta(days=10), days=15, actor=world.users["office"])
    assert c.closes_on == today + timedelta(days=4)
    release_of(engagement.CONSULTATION, c, world.users["secrecy"], world.users["approver"])
    c.refresh_from_db()
    assert (c.opens_on, c.closes_on) == (today, today + timedelta(days=14))
    entry = AuditEntry.objects.filter(event="participation.consultation.released", object_id=str(c.pk)).get()
    assert entry.detail["moved_from"] == [(today - timedelta(days=10)).isoformat(), (today + timedelta(days=4)).isoformat()]
    assert AuditEntry.objects.filter(event="participation.consultation.period_moved", object_id=str(c.pk)).exists()
    page = _page(Client(), reverse("participation:consultation", args=[c.pk]))
    end = today + timedelta(days=14)
    assert f"{today.year}年{today.month}月{today.day}日 至 {end.year}年{end.month}月{end.day}日" in page
    # Released after it would have closed: the whole window again, from the release.
    late = engagement.open_consultation(org=world.district, title="已过截止日才发布", draft="草案",
                                        opens_on=today - timedelta(days=30), days=7, actor=world.users["office"])
    release_of(engagement.CONSULTATION, late, world.users["secrecy"], world.users["approver"])
    late.refresh_from_db()
    assert (late.opens_on, late.closes_on) == (today, today + timedelta(days=6))
    assert engagement.submit_opinion(late, body="意见").pk
    # Released before it opens, a consultation keeps its dates.
    later = today + timedelta(days=3)
    early = engagement.open_consultation(org=world.district, title="预告的征求意见", draft="草案", opens_on=later,
                                         days=7, actor=world.users["office"])
    release_of(engagement.CONSULTATION, early, world.users["secrecy"], world.users["approver"])
    early.refresh_from_db()
    assert (early.opens_on, early.closes_on) == (later, later + timedelta(days=6))
