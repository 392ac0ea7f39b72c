"""The demo data covers every state the issue asks for."""

import random

import pytest
from django.utils import timezone

from dwgk.core.seeding import DemoContext
from dwgk.disclosures import release
from dwgk.disclosures.models import TextReview
from dwgk.orgs import demo as orgs_demo
from dwgk.participation import demo
from dwgk.participation.models import Consultation, DisclosureRequest, Feedback, Hearing, Notice

pytestmark = [pytest.mark.django_db, pytest.mark.slow, pytest.mark.one_db]


def test_demo_has_every_state():
    ctx = DemoContext(rng=random.Random(2026), today=timezone.localdate())
    orgs_demo.seed_demo(ctx)
    demo.seed_demo(ctx)
    states = set(DisclosureRequest.objects.values_list("state", flat=True))
    assert states == set(DisclosureRequest.State.values)
    assert DisclosureRequest.objects.filter(outcome="partial", extended_workdays=20, paused_workdays__gt=0,
                                            correction_done_on__isnull=False).exists()
    assert DisclosureRequest.objects.filter(state="processing", extended_workdays=20).exists()
    assert set(Feedback.objects.values_list("state", flat=True)) == set(Feedback.State.values)
    assert Feedback.objects.filter(is_open=True, warning_level=60).exists()
    assert Feedback.objects.filter(office_alerted_on__isnull=False).exists()
    assert Feedback.objects.filter(closed_by_timeout=True).exists()
    today = ctx.today
    assert Consultation.objects.filter(opens_on__lte=today, closes_on__gte=today).exists()
    assert Notice.objects.filter(starts_on__lte=today, ends_on__gte=today, objections__isnull=False).exists()
    assert Hearing.objects.filter(applications__isnull=False).distinct().count() == 1
    # 先审查后公开: the demo's texts went through their review, two are left pending for 待审文本.
    reviews = TextReview.objects.filter(kind__in=[k for k in release.KINDS if release.KINDS[k].model._meta.app_label
                                                  == "participation"])
    assert set(reviews.filter(state="review").values_list("kind", flat=True)) == {"consultation", "feedback_reply"}
    assert set(reviews.filter(state="released").values_list("kind", flat=True)) == {
        "consultation", "consultation_summary", "notice", "notice_result", "hearing", "feedback_reply", "inquiry"}
    assert reviews.filter(state="review", findings__kind="mobile").count() == 2
