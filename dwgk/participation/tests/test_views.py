"""Public forms and staff pages through the test client: captcha, rate limit, oversized text, query codes."""

import re
from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from dwgk.participation import engagement, feedback, services
from dwgk.participation.models import DisclosureRequest, Feedback, FeedbackEvent, OutcomeCategory
from dwgk.testing.reviewers import release_now

pytestmark = pytest.mark.django_db


def solve(response, visual=False):
    """Answer the captcha of a rendered form: the text question (non-visual path) or the image text."""
    key = re.search(r'name="captcha_key" value="([^"]+)"', response.content.decode()).group(1)
    data = cache.get(f"dwgk:captcha:{key}")
    if not visual:
        # A person takes seconds to read and answer the question: age the challenge accordingly.
        cache.set(f"dwgk:captcha:{key}", {**data, "issued": data["issued"] - 60}, 600)
    return {"captcha_key": key, "captcha": data["image"] if visual else data["answer"]}


def test_text_question_is_a_real_alternative(client, world):
    page = client.get(reverse("participation:feedback_new") + f"?org={world.town.pk}")
    html = page.content.decode()
    question = re.search(r'class="captcha-question">([^<]+)<', html).group(1)
    assert "等于几" in question and 'alt="图片验证码' in html
    key = re.search(r'name="captcha_key" value="([^"]+)"', html).group(1)
    assert client.get(reverse("participation:captcha", args=[key]))["Content-Type"] == "image/png"


def post_feedback(client, world, page=None, **extra):
    page = page or client.get(reverse("participation:feedback_new") + f"?org={world.town.pk}")
    data = {"org": world.town.pk, "subject": "公开栏更新不及时", "body": "村务公开栏三个月未更新", "is_anonymous": "on",
            **solve(page)}
    data.update(extra)
    return client.post(reverse("participation:feedback_new"), data)


def test_anonymous_feedback_then_reply_read_by_query_code(client, world):
    r = post_feedback(client, world)
    assert r.status_code == 200
    code = re.search(r'class="query-code"[^>]*>([A-Z0-9-]+)<', r.content.decode()).group(1)
    fb = Feedback.objects.get()
    assert fb.is_anonymous and fb.org == world.town and fb.state == Feedback.State.RECEIVED
    feedback.accept_feedback(fb, actor=world.users["office"])
    feedback.reply_feedback(fb, actor=world.users["office"], text="已督促更新公开栏", public=False)
    client.cookies.clear()
    r = client.post(reverse("participation:query"), {"code": code.lower()}, follow=True)
    assert "已督促更新公开栏" in r.content.decode()
    r = client.post(r.redirect_chain[-1][0], {"rating": "satisfied"}, follow=True)
    fb.refresh_from_db()
    assert fb.state == Feedback.State.CLOSED and fb.satisfaction == "satisfied"


def test_image_answer_also_passes(client, world):
    page = client.get(reverse("participation:feedback_new") + f"?org={world.town.pk}")
    post_feedback(client, world, page=page, **solve(page, visual=True))
    assert Feedback.objects.count() == 1


@pytest.mark.parametrize("captcha,message", [("", "请填写验证码"), ("WRONG", "验证码不正确")])
def test_missing_or_wrong_captcha_stores_nothing(client, world, captcha, message):
    r = post_feedback(client, world, captcha=captcha)
    assert message in r.content.decode()
    assert not Feedback.objects.exists() and not FeedbackEvent.objects.exists()


def test_oversized_feedback_stores_nothing(client, world):
    r = post_feedback(client, world, body="很" * 2001)
    assert "不能超过 2000 字（现有 2001 字）" in r.content.decode()
    assert not Feedback.objects.exists()


def test_flood_from_one_address_is_refused(client, world):
    for _i in range(5):
        post_feedback(client, world)
    assert Feedback.objects.count() == 5
    r = post_feedback(client, world)
    assert "提交过于频繁" in r.content.decode()
    assert Feedback.objects.count() == 5
    # Another address is not affected.
    page = client.get(reverse("participation:feedback_new") + f"?org={world.town.pk}")
    data = {"org": world.town.pk, "subject": "s", "body": "b", "is_anonymous": "on", **solve(page)}
    client.post(reverse("participation:feedback_new"), data, REMOTE_ADDR="10.0.0.9")
    assert Feedback.objects.count() == 6


def test_expired_query_code_page(client, world):
    fb, code = feedback.submit_feedback(subject="s", body="b", org=world.town)
    Feedback.objects.filter(pk=fb.pk).update(query_code_expires=timezone.now() - timedelta(days=1))
    r = client.post(reverse("participation:query"), {"code": code})
    assert "该查询码已过有效期" in r.content.decode()
    # Without a valid code the item is absent (existence is private).
    assert client.get(reverse("participation:track_feedback", args=[fb.pk])).status_code == 404


def test_member_files_online_request_and_staff_handle_it(client, world):
    client.force_login(world.users["member_village"])
    r = client.post(reverse("participation:request_new"), {
        "org": world.town.pk, "applicant_type": "natural", "applicant_name": "党员甲", "description": "请公开党费使用情况",
        "form_wanted": "email", "email": "a@example.com"})
    assert "查询码" in r.content.decode()
    req = DisclosureRequest.objects.get()
    assert req.applicant_user == world.users["member_village"]
    client.force_login(world.users["office"])
    url = reverse("participation:manage_request", args=[req.pk])
    page = client.get(url)
    assert "答复期限及计算依据" in page.content.decode()
    client.post(url, {"action": "accept"})
    client.post(url, {"action": "reply", "outcome": OutcomeCategory.DISCLOSED, "text": "见附件"})
    req.refresh_from_db()
    assert req.state == DisclosureRequest.State.ANSWERED
    letter = req.letters.get()
    pdf = client.get(reverse("participation:letter_pdf", args=[letter.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    # Staff pages and the workbench panel render.
    assert client.get(reverse("participation:manage")).status_code == 200
    assert client.get(reverse("participation:manage") + "?tab=requests").status_code == 200
    assert client.get(reverse("participation:manage") + "?tab=engagement").status_code == 200
    assert client.get(reverse("core:workbench")).status_code == 200


def test_outsider_cannot_open_staff_pages_or_letters(client, world):
    req, _code = services.submit_request(org=world.town, applicant_name="x", description="x",
                                         user=world.users["member_village"])
    client.force_login(world.users["outsider"])
    assert client.get(reverse("participation:manage_request", args=[req.pk])).status_code == 404
    assert client.get(reverse("participation:track_request", args=[req.pk])).status_code == 404
    assert client.get(reverse("participation:manage")).status_code == 403


def test_public_participation_pages(client, world):
    office = world.users["office"]
    c = engagement.open_consultation(org=world.district, title="关于调整党费使用办法的征求意见", draft="草案",
                                     actor=office)
    n = engagement.open_notice(org=world.town, kind="new_member", title="发展党员公示", body="拟发展张三",
                               starts_on=date.today(), actor=office)
    h = engagement.announce_hearing(org=world.district, kind="member", title="区委会议", places=3,
                                    meeting_at=timezone.now() + timedelta(days=10),
                                    apply_until=date.today() + timedelta(days=5), actor=office)
    for kind, obj in ((engagement.CONSULTATION, c), (engagement.NOTICE, n), (engagement.HEARING, h)):
        release_now(kind, obj)
    assert client.get(reverse("participation:index")).status_code == 200
    page = client.get(reverse("participation:consultation", args=[c.pk]))
    client.post(reverse("participation:consultation", args=[c.pk]), {"body": "建议增加公开频次", **solve(page)})
    assert c.opinions.count() == 1
    assert client.get(reverse("participation:notice", args=[n.pk])).status_code == 200
    client.force_login(world.users["member_town"])
    client.post(reverse("participation:hearing", args=[h.pk]), {"reason": "关心本镇发展"})
    assert h.applications.count() == 1


# ---------------------------------------------------------------------------------------------- hostile

def _script_answer(html: str) -> dict:
    """What the script of issue 16 did: read the question out of the HTML and answer at once."""
    words = "零一二三四五六七八九"
    q = re.search(r'class="captcha-question">([^<]+)<', html).group(1)
    a, op, b = words.index(q[0]), q[1], words.index(q[2])
    key = re.search(r'name="captcha_key" value="([^"]+)"', html).group(1)
    return {"captcha_key": key, "captcha": str(a + b if op == "加" else a - b)}


def test_the_captcha_characters_are_not_in_the_page_and_a_script_reading_it_is_stopped(client, world):
    page = client.get(reverse("participation:feedback_new") + f"?org={world.town.pk}")
    html = page.content.decode()
    key = re.search(r'name="captcha_key" value="([^"]+)"', html).group(1)
    image = client.get(reverse("participation:captcha", args=[key]))
    chars = cache.get(f"dwgk:captcha:{key}")["image"]
    assert image["Content-Type"] == "image/png" and image.content.startswith(b"\x89PNG")
    assert chars.encode() not in image.content and chars not in html
    data = {"org": world.town.pk, "subject": "脚本提交", "body": "脚本提交的内容", **_script_answer(html)}
    response = client.post(reverse("participation:feedback_new"), data)
    assert response.status_code == 200 and "提交过快" in response.content.decode()
    assert not Feedback.objects.exists()


def test_the_honeypot_refuses_a_form_filled_by_a_script(client, world):
    page = client.get(reverse("participation:feedback_new") + f"?org={world.town.pk}")
    data = {"org": world.town.pk, "subject": "脚本提交", "body": "脚本提交的内容", "website": "http://spam",
            **solve(page, visual=True)}
    response = client.post(reverse("participation:feedback_new"), data)
    assert response.status_code == 200 and not Feedback.objects.exists()


def test_the_feedback_limit_follows_the_account_across_addresses(client, world, login):
    from dwgk.participation.conf import conf

    login(world.users["member_village"])
    url = reverse("participation:feedback_new") + f"?org={world.town.pk}"
    for i in range(conf("rate_limit_count")):  # a signed-in sender gets no captcha
        data = {"org": world.town.pk, "subject": f"意见{i}", "body": "内容"}
        client.post(url, data, REMOTE_ADDR=f"10.1.0.{i}")
    data = {"org": world.town.pk, "subject": "再一条", "body": "内容"}
    response = client.post(url, data, REMOTE_ADDR="10.1.0.200")
    assert "提交过于频繁" in response.content.decode()
    assert Feedback.objects.count() == conf("rate_limit_count")


# ---------------------------------------------------------------------------------------------- refused choices

def _released_notice_with_objection(world):
    n = engagement.open_notice(org=world.district, kind="new_member", title="发展党员公示", body="拟发展张三",
                               starts_on=date.today(), actor=world.users["office"])
    release_now(engagement.NOTICE, n)
    n.refresh_from_db()
    return n, engagement.object_to(n, body="情况不实")


def test_a_forged_objection_verdict_is_refused_in_chinese_and_the_typed_handling_is_kept(client, world):
    n, o = _released_notice_with_objection(world)
    client.force_login(world.users["office"])
    html = client.post(reverse("participation:manage_notice", args=[n.pk]), {
        "action": "objection", "objection": o.pk, "handling": "经核查情况属实", "upheld": "99"},
        follow=True).content.decode()
    o.refresh_from_db()
    assert o.handled_on is None and not o.handling  # never read as 异议不成立
    assert "请选择异议成立或不成立" in html
    assert "经核查情况属实</textarea>" in html


def test_a_forged_hearing_decision_is_refused_not_read_as_declined(client, world):
    h = engagement.announce_hearing(org=world.district, kind="member", title="区委会议", places=3,
                                    meeting_at=timezone.now() + timedelta(days=10),
                                    apply_until=date.today() + timedelta(days=5), actor=world.users["office"])
    release_now(engagement.HEARING, h)
    h.refresh_from_db()
    app = engagement.apply_to_hearing(h, person=world.people["member_district"])
    client.force_login(world.users["office"])
    html = client.post(reverse("participation:manage_hearing", args=[h.pk]), {"application": app.pk, "approve": "x"},
                       follow=True).content.decode()
    app.refresh_from_db()
    assert app.state == "applied" and "请选择确定或不安排" in html


def test_被拒的修改和结果表单保留所填内容_公示_旁听_征求意见(client, world):
    """Refused for an empty field, each edit form of a handling page shows again what was typed."""
    n, _o = _released_notice_with_objection(world)
    h = engagement.announce_hearing(org=world.district, kind="member", title="区委会议", places=3,
                                    meeting_at=timezone.now() + timedelta(days=10),
                                    apply_until=date.today() + timedelta(days=5), actor=world.users["office"])
    c = engagement.open_consultation(org=world.district, title="征求意见", draft="草案", audience="public",
                                     opens_on=date.today(), days=10, actor=world.users["office"])
    release_now(engagement.CONSULTATION, c)
    client.force_login(world.users["office"])
    cases = [
        ("participation:manage_notice", n.pk, {"action": "revise", "title": "改过的公示标题", "body": ""},
         ["改过的公示标题"]),
        ("participation:manage_notice", n.pk, {"action": "result", "result": "公示期满无异议" * 400},
         ["公示期满无异议"]),
        ("participation:manage_hearing", h.pk, {"action": "revise", "title": "", "agenda": "改过的议题",
                                                "location": "改过的地点"}, ["改过的议题", "改过的地点"]),
        ("participation:manage_consultation", c.pk, {"action": "revise", "title": "改过的征求意见标题", "draft": ""},
         ["改过的征求意见标题"]),
        ("participation:manage_consultation", c.pk, {"action": "summary", "summary": "采纳说明在截止前提交"},
         ["采纳说明在截止前提交"]),
    ]
    for name, pk, data, kept in cases:
        html = client.post(reverse(name, args=[pk]), data, follow=True).content.decode()
        assert 'class="msg msg-error"' in html or "msg-error" in html, (name, data)
        for text in kept:
            assert text in html, (name, data, text)


def test_不经表单读取的文字也拒绝控制字符_两种数据库一样(client, world):
    h = engagement.announce_hearing(org=world.district, kind="member", title="区委会议", places=3,
                                    meeting_at=timezone.now() + timedelta(days=10),
                                    apply_until=date.today() + timedelta(days=5), actor=world.users["office"])
    client.force_login(world.users["office"])
    html = client.post(reverse("participation:manage_hearing", args=[h.pk]),
                       {"action": "revise", "title": "\x00", "agenda": "议题", "location": "会议室"},
                       follow=True).content.decode()
    h.refresh_from_db()
    assert "控制字符（U+0000）" in html and h.title == "区委会议"
