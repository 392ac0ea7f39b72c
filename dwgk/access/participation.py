"""Reader access to participation records. They name their audience in their own words; the rules map
them onto the four scopes so the same rules apply: 向社会征求意见 is PUBLIC, 党内征求意见 is PARTY; an
answered 党内事务咨询 is read by the asking org's members (PARTY); a public reply to feedback about a
disclosure follows that disclosure's scope, and otherwise is public. Querysets are passed in by the
participation app, which owns the models."""

from __future__ import annotations

from django.db.models import Case, CharField, Q, QuerySet, Value, When
from django.utils import timezone

from dwgk.core.choices import Scope

from .disclosures import visible_disclosures
from .scopes import scope_allows, scope_q

GATE_SCOPE = "gate_scope"


def consultation_scope(consultation) -> str:
    return Scope.PARTY if consultation.audience == "internal" else Scope.PUBLIC


def visible_consultations(user, qs: QuerySet) -> QuerySet:
    qs = qs.annotate(**{GATE_SCOPE: Case(When(audience="internal", then=Value(str(Scope.PARTY))),
                                         default=Value(str(Scope.PUBLIC)), output_field=CharField())})
    return qs.filter(scope_q(user, scope=GATE_SCOPE))


def can_view_consultation(user, consultation) -> bool:
    return scope_allows(user, consultation.org, consultation_scope(consultation))


def visible_inquiries(user, qs: QuerySet) -> QuerySet:
    """Answered, public 党内事务咨询: the asking org's members and below (PARTY)."""
    qs = qs.filter(is_public=True, answered_on__isnull=False).annotate(
        **{GATE_SCOPE: Value(str(Scope.PARTY), output_field=CharField())})
    return qs.filter(scope_q(user, scope=GATE_SCOPE))


def visible_notices(user, qs: QuerySet) -> QuerySet:
    """公示 is made to society (任前公示, 发展党员公示 …): every notice that has started is public."""
    return qs.filter(starts_on__lte=timezone.localdate())


def visible_feedback_replies(user, qs: QuerySet, disclosures: QuerySet) -> QuerySet:
    """Answered feedback whose reply is public; about a disclosure, only where that disclosure is readable."""
    qs = qs.filter(reply_public=True, replied_on__isnull=False).exclude(state="rejected")
    return qs.filter(Q(disclosure__isnull=True) | Q(disclosure__in=visible_disclosures(user, disclosures).values("pk")))
