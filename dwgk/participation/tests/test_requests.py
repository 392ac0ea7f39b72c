"""依申请公开: the lifecycle, the clock through 补正 and consultation, extension, outcomes, letters, 备案."""

from datetime import date, timedelta
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from dwgk.participation import codes, feedback, services
from dwgk.participation.letters import letter_html, letter_pdf
from dwgk.participation.models import (
    DisclosureRequest,
    Filing,
    Letter,
    OrgPolicy,
    OutcomeCategory,
    OutcomeReason,
)

pytestmark = pytest.mark.django_db
R = DisclosureRequest.State


def at(d: date):
    """Freeze 'today' for the services (they use timezone.localdate)."""
    return mock.patch("dwgk.participation.services.timezone.localdate", return_value=d)


def member_request(world, on=date(2026, 9, 11)):
    with at(on):
        return services.submit_request(org=world.town, applicant_name="党员member_village",
                                       description="请公开2026年本镇党费收缴使用情况", user=world.users["member_village"],
                                       contact={"phone": "13900001111"})


def test_member_applies_online_and_gets_a_query_code(world):
    req, code = member_request(world)
    assert req.number.startswith("YSQ2026")
    assert req.received_on == date(2026, 9, 11) and req.applicant_is_member
    assert req.query_code_hash == codes.code_hash(code) and code not in req.query_code_hash
    assert "13900001111" not in req.contact_encrypted
    assert services.decrypt_contact(req.contact_encrypted) == {"phone": "13900001111"}
    # 备案: filed with the superior org at once.
    f = Filing.objects.get(request=req)
    assert f.superior == world.district and f.event == "received"
    assert services.find_by_code(code.lower().replace("-", "")) == req


def test_non_member_online_needs_the_org_to_allow_it(world):
    with pytest.raises(ValidationError, match="仅受理党员"):
        services.submit_request(org=world.town, applicant_name="群众", description="x", user=world.users["resident"])
    assert not DisclosureRequest.objects.exists()
    OrgPolicy.objects.create(org=world.district, public_requests=True)
    req, _code = services.submit_request(org=world.town, applicant_name="群众", description="x",
                                         user=world.users["resident"])
    assert not req.applicant_is_member


def test_staff_register_a_posted_request_with_the_signed_for_date(world):
    with at(date(2026, 2, 20)):
        req, _ = services.submit_request(org=world.town, applicant_name="某律师事务所", applicant_type="legal_service",
                                         description="x", channel=DisclosureRequest.Channel.POST,
                                         received_on=date(2026, 2, 13), registered_by=world.users["office"])
    assert req.received_on == date(2026, 2, 13)
    assert req.reply_due == date(2026, 3, 19)  # 20 working days across the Spring Festival
    with at(date(2026, 2, 20)), pytest.raises(ValidationError, match="不能晚于今天"):
        services.submit_request(org=world.town, applicant_name="x", description="x",
                                channel=DisclosureRequest.Channel.POST, received_on=date(2026, 2, 21),
                                registered_by=world.users["office"])


def test_full_path_correction_consultation_extension_partial(world):
    req, code = member_request(world)  # Fri 11 Sep
    office = world.users["office"]
    services.ask_correction(req, actor=office, note="请写明所需的年度和文件名称", on=date(2026, 9, 14))
    assert req.state == R.CORRECTION and req.due_date == req.correction_due
    services.complete_correction(req, supplement="2026年度", actor=world.users["member_village"],
                                  on=date(2026, 9, 14))
    with pytest.raises(ValidationError, match="只能要求一次"):
        services.ask_correction(req, actor=office, note="again", on=date(2026, 9, 15))
    assert req.counted_from == date(2026, 9, 14) and req.reply_due == date(2026, 10, 16)
    services.assign(req, department=world.village, actor=office)
    services.assign(req, department=world.village2, actor=office, note="职责调整")
    assert [e.action for e in req.events.all()][-2:] == ["assigned", "transferred"]
    services.start_consultation(req, actor=office, third_party="某供应商", on=date(2026, 9, 23))
    assert req.state == R.CONSULTATION and req.due_date == date(2026, 10, 21)
    services.end_consultation(req, actor=office, opinion="不同意公开单价", on=date(2026, 10, 12))
    assert req.paused_workdays == 8 and req.reply_due == date(2026, 10, 28)
    with pytest.raises(ValidationError, match="负责人"):
        services.extend(req, actor=office, approver=world.people["office"], reason="需汇总", on=date(2026, 10, 20))
    services.extend(req, actor=office, approver=_town_head(world), reason="涉及多个部门，需汇总核实",
                    on=date(2026, 10, 20))
    assert req.reply_due == date(2026, 11, 25)
    with pytest.raises(ValidationError, match="只能延长一次"):
        services.extend(req, actor=office, approver=_town_head(world), reason="再次", on=date(2026, 10, 21))
    reason = OutcomeReason.objects.get(code="withheld-third-party")
    letter = services.reply(req, actor=office, outcome=OutcomeCategory.PARTIAL, reason=reason,
                            text="现提供党费收缴使用情况；涉及第三方商业信息的部分不予公开。", on=date(2026, 11, 20))
    req.refresh_from_db()
    assert req.state == R.ANSWERED and not req.is_open and req.due_date is None
    assert letter.number == f"{world.town.name}依申请公开〔2026〕3号"  # 补正告知书 1, 延期告知书 2, 答复书 3
    assert list(req.letters.values_list("kind", flat=True)) == ["correction", "extension", "reply"]
    assert Filing.objects.filter(request=req, event="answered").exists()
    html = letter_html(letter)
    for text in ("2026年9月11日", "2026年9月14日（收到补正后的申请之日）", "2026年9月23日 至 2026年10月12日，暂停 8 个工作日",
                 "20 个工作日", "2026年11月25日", "2026年11月20日", "部分公开", "保护第三方合法权益"):
        assert text in html, text
    pdf = letter_pdf(letter)
    assert pdf.startswith(b"%PDF")


def _town_head(world):
    from dwgk.orgs import services as org_services
    from dwgk.orgs.models import Role

    head = world.people["city_approver"]
    org_services.assign_role(head, world.town, Role.APPROVER)
    return head


def test_correction_must_be_asked_within_seven_working_days(world):
    req, _ = member_request(world, on=date(2026, 2, 12))
    with pytest.raises(ValidationError, match="7 个工作日内（截至 2026-02-28）"):
        services.ask_correction(req, actor=world.users["office"], note="x", on=date(2026, 3, 2))
    services.ask_correction(req, actor=world.users["office"], note="x", on=date(2026, 2, 28))


def test_correction_not_completed_in_time_is_withdrawn_by_the_scan(world):
    req, _ = member_request(world, on=date(2026, 2, 12))
    services.ask_correction(req, actor=world.users["office"], note="x", on=date(2026, 2, 13))
    assert req.correction_due == date(2026, 3, 5)
    with pytest.raises(ValidationError, match="补正期限已过"):
        services.complete_correction(req, supplement="late", actor=world.users["member_village"],
                                      on=date(2026, 3, 6))
    assert feedback.scan(on=date(2026, 3, 5))["withdrawn"] == 0
    assert feedback.scan(on=date(2026, 3, 6))["withdrawn"] == 1
    req.refresh_from_db()
    assert req.state == R.WITHDRAWN and req.outcome == OutcomeCategory.OTHER
    assert req.outcome_reason.code == "other-correction-overdue"


def test_outcome_needs_a_matching_reason(world):
    req, _ = member_request(world)
    services.accept(req, actor=world.users["office"], on=date(2026, 9, 11))
    with pytest.raises(ValidationError, match="须选择理由"):
        services.reply(req, actor=world.users["office"], outcome=OutcomeCategory.WITHHELD, text="x")
    with pytest.raises(ValidationError, match="不属于"):
        services.reply(req, actor=world.users["office"], outcome=OutcomeCategory.WITHHELD, text="x",
                       reason=OutcomeReason.objects.get(code="unavailable-not-held"))
    assert OutcomeReason.objects.filter(category="withheld").count() == 8
    assert OutcomeReason.objects.filter(category="unavailable").count() == 3
    assert OutcomeReason.objects.filter(category="not_processed").count() == 5
    assert OutcomeReason.objects.filter(category="other").count() == 3


def test_expired_query_code_gets_a_clear_message(world):
    req, code = member_request(world)
    DisclosureRequest.objects.filter(pk=req.pk).update(query_code_expires=timezone.now() - timedelta(days=1))
    with pytest.raises(ValidationError, match="已过有效期"):
        services.find_by_code(code)
    with pytest.raises(ValidationError, match="查询码不正确"):
        services.find_by_code(codes.new_code())
    with pytest.raises(ValidationError, match="格式不正确"):
        services.find_by_code("123")


def test_oversized_request_stores_nothing(world):
    with pytest.raises(ValidationError, match="不能超过 2000 字"):
        services.submit_request(org=world.town, applicant_name="x", description="长" * 2001,
                                user=world.users["member_village"])
    assert not DisclosureRequest.objects.exists() and not Filing.objects.exists()


def test_letters_are_numbered_per_org_and_year(world):
    for _i in range(2):
        req, _ = member_request(world)
        services.reply(req, actor=world.users["office"], outcome=OutcomeCategory.DISCLOSED, text="见附件",
                       on=date(2026, 9, 12))
    assert sorted(Letter.objects.values_list("seq", flat=True)) == [1, 2]


def test_convert_to_proactive_disclosure_and_redisclose_feedback(world):
    from dwgk.disclosures.models import Disclosure

    req, _ = member_request(world)
    services.reply(req, actor=world.users["proposer"], outcome=OutcomeCategory.DISCLOSED, text="党费使用情况如下……",
                   on=date(2026, 9, 12))
    draft = services.convert_to_disclosure(req, actor=world.users["proposer"])
    req.refresh_from_db()
    assert req.converted_disclosure == draft and isinstance(draft, Disclosure)
    assert draft.org == world.town and "依申请公开" in draft.source
    with pytest.raises(ValidationError, match="已转为主动公开"):
        services.convert_to_disclosure(req, actor=world.users["proposer"])
    fb, _code = feedback.submit_feedback(subject="公示时间太短", body="请重新公示", org=world.district)
    feedback.accept_feedback(fb, actor=world.users["proposer"])
    again = feedback.redisclose(fb, actor=world.users["proposer"])
    fb.refresh_from_db()
    assert fb.redisclosure == again and again.org == world.district
    # 谁公开谁负责: feedback on a disclosure goes to the org that published it, whatever org is passed.
    Disclosure.objects.filter(pk=draft.pk).update(status="published", published_at=timezone.now())
    draft.refresh_from_db()
    on_disclosure, _code = feedback.submit_feedback(subject="s", body="b", org=world.city, disclosure=draft)
    assert on_disclosure.org == world.town and on_disclosure.disclosure == draft
