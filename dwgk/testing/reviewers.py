"""Releasing a reader-facing text (disclosures.release) at any org, for tests and demos of the apps that own
texts: a holder of the 保密审查 duty and one of 审批 at the deciding org, made once per org."""

from __future__ import annotations

from django.db.models import DateField

from dwgk.accounts.models import User
from dwgk.disclosures import release
from dwgk.orgs import services as org_services
from dwgk.orgs.models import Organization, Role

from .texts import release_text
from .world import make_user


def reviewers_at(org: Organization) -> tuple[User, User]:
    """(保密审查 holder, 审批 holder) at `org`: two people of their own, so neither is a text's submitter."""
    out = []
    for role, label in ((Role.SECRECY, "保密审查"), (Role.APPROVER, "审批")):
        username = f"rv_{role}_{org.pk}"
        user = User.objects.filter(username=username).first()
        if user is None:
            person = org_services.create_person(name=f"{org.short_name or org.name[:8]}{label}人", party_org=org)
            org_services.assign_role(person, org, role)
            user = make_user(username, person)
        out.append(user)
    return out[0], out[1]


def release_now(kind_key: str, obj, **kw):
    """Take the object's pending text through its review at its deciding org; returns the review."""
    review = release.review_of(kind_key, obj)
    secrecy, approver = reviewers_at(review.org)
    review = release_text(review, secrecy, approver, **kw)
    obj.refresh_from_db()
    return review


def release_in_time(kind_key: str, obj, **kw):
    """`release_now` for a text whose history a test sets in the past (a window that opened weeks ago): as if
    its review had released it before its period started, so the release keeps the dates it was given
    instead of running the period afresh from today."""
    kind = release.KINDS[kind_key]
    dates = {f.attname: getattr(obj, f.attname) for f in kind.model._meta.concrete_fields
             if type(f) is DateField and f.name != kind.mark}
    review = release_now(kind_key, obj, **kw)
    kind.model._base_manager.filter(pk=obj.pk).update(**dates)
    obj.refresh_from_db()
    return review
