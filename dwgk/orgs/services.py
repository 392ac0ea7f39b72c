"""Write-side rules for organizations and people. Views, the API, imports and commands call these."""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Length, Substr
from django.utils.translation import gettext as _

from dwgk.audit.services import record
from dwgk.core import crypto
from dwgk.core.idcard import is_valid_id_number, mask_id_number

from .models import Affiliation, Organization, Person, Role, RoleAssignment
from .paths import SEGMENT, child_path, subtree_q


@transaction.atomic
def create_org(*, name: str, code: str, kind: str, parent: Organization | None = None, category: str = "",
               line=None, serves: Organization | None = None, sort_order: int = 0, short_name: str = "",
               actor=None) -> Organization:
    org = Organization(
        name=name, short_name=short_name, code=code, kind=kind, category=category, parent=parent,
        line=line if line is not None else (parent.line if parent else None),
        serves=serves, sort_order=sort_order, path=f"~{uuid.uuid4().hex}",
    )
    org.full_clean(exclude=["path"])
    org.save()
    # The path embeds the id, known only after the insert.
    org.path = child_path(parent.path if parent else "", org.pk)
    org.depth = len(org.path) // SEGMENT - 1
    Organization.objects.filter(pk=org.pk).update(path=org.path, depth=org.depth)
    record("org.created", actor=actor, obj=org, detail={"name": name, "parent": parent.pk if parent else None})
    return org


@transaction.atomic
def move_org(org: Organization, new_parent: Organization | None, *, actor=None) -> Organization:
    """隶属关系调整: re-parent a subtree; every descendant's path and depth follow in one UPDATE."""
    org.refresh_from_db()
    if new_parent is not None:
        new_parent.refresh_from_db()
        if new_parent.path.startswith(org.path):
            raise ValidationError(_("不能把党组织调整到它自己或它的下级组织之下。"))
    old_path = org.path
    new_path = child_path(new_parent.path if new_parent else "", org.pk)
    if new_path == old_path:
        return org
    delta = (len(new_path) - len(old_path)) // SEGMENT
    Organization.objects.filter(subtree_q(old_path)).update(
        path=Concat(Value(new_path), Substr("path", len(old_path) + 1, Length("path"))),
        depth=F("depth") + delta,
    )
    Organization.objects.filter(pk=org.pk).update(parent=new_parent)
    record("org.moved", actor=actor, obj=org,
           detail={"from_path": old_path, "to_path": new_path, "new_parent": new_parent.pk if new_parent else None})
    org.refresh_from_db()
    return org


def _set_id_number(person: Person, id_number: str) -> None:
    id_number = (id_number or "").strip().upper()
    if not id_number:
        person.id_number_encrypted = person.id_number_index = person.id_number_masked = ""
        return
    if not is_valid_id_number(id_number):
        raise ValidationError({"id_number": _("身份证号码不正确（应为18位且校验码正确）。")})
    person.id_number_encrypted = crypto.encrypt(id_number)
    person.id_number_index = crypto.blind_index(id_number)
    person.id_number_masked = mask_id_number(id_number)


def reveal_id_number(person: Person, *, actor, purpose: str) -> str:
    """Decrypt for a stated purpose; every reveal is audited."""
    record("person.id_number_revealed", actor=actor, obj=person, detail={"purpose": purpose})
    return crypto.decrypt(person.id_number_encrypted) if person.id_number_encrypted else ""


@transaction.atomic
def create_person(*, name: str, gender: str = "", phone: str = "", id_number: str = "",
                  party_org: Organization | None = None, member_status: str = "", joined_party_on=None,
                  actor=None) -> Person:
    if party_org is not None and not member_status:
        member_status = Person.MemberStatus.FULL
    person = Person(name=name, gender=gender, phone=phone, party_org=party_org, member_status=member_status,
                    joined_party_on=joined_party_on)
    _set_id_number(person, id_number)
    if person.id_number_index and Person.objects.filter(id_number_index=person.id_number_index).exists():
        raise ValidationError({"id_number": _("该身份证号码已登记。")})
    person.full_clean(exclude=["id_number_encrypted", "id_number_index", "id_number_masked"])
    person.save()
    if party_org is not None:
        Organization.objects.filter(pk=party_org.pk).update(member_count=F("member_count") + 1)
    return person


@transaction.atomic
def transfer_membership(person: Person, new_org: Organization | None, *, member_status: str | None = None,
                        actor=None) -> Person:
    """组织关系转接: a member belongs to exactly one org; counts follow."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    old_org_id = person.party_org_id
    if old_org_id:
        Organization.objects.filter(pk=old_org_id).update(member_count=F("member_count") - 1)
    person.party_org = new_org
    if new_org is None:
        person.member_status = ""
    elif member_status is not None:
        person.member_status = member_status
    elif not person.member_status:
        person.member_status = Person.MemberStatus.FULL
    person.save(update_fields=["party_org", "member_status"])
    if new_org is not None:
        Organization.objects.filter(pk=new_org.pk).update(member_count=F("member_count") + 1)
    record("person.membership_transferred", actor=actor, obj=person,
           detail={"from": old_org_id, "to": new_org.pk if new_org else None})
    return person


def affiliate(person: Person, org: Organization, kind: str = Affiliation.Kind.STAFF) -> Affiliation:
    aff, _created = Affiliation.objects.update_or_create(person=person, org=org, defaults={"kind": kind})
    return aff


def _admin_user_of(person: Person):
    user = getattr(person, "user", None)
    return user if user is not None and user.admin_role else None


@transaction.atomic
def assign_role(person: Person, org: Organization, role: str, *, actor=None, request=None) -> RoleAssignment:
    if role not in Role.values:
        raise ValidationError(_("未知的角色：%(role)s") % {"role": role})
    if _admin_user_of(person) is not None:
        raise ValidationError(_("管理员账号不得持有业务角色（三员分立）。"))
    assignment, created = RoleAssignment.objects.get_or_create(person=person, org=org, role=role)
    if created:
        record("role.granted", actor=actor, obj=assignment,
               ip=(request.META.get("REMOTE_ADDR", "") if request else ""),
               detail={"person": person.pk, "org": org.pk, "role": role})
    return assignment


@transaction.atomic
def revoke_role(person: Person, org: Organization, role: str, *, actor=None, request=None) -> bool:
    deleted, _details = RoleAssignment.objects.filter(person=person, org=org, role=role).delete()
    if deleted:
        record("role.revoked", actor=actor, object_type="orgs.roleassignment",
               ip=(request.META.get("REMOTE_ADDR", "") if request else ""),
               detail={"person": person.pk, "org": org.pk, "role": role})
    return bool(deleted)


def recount_members() -> None:
    """Rebuild the denormalized member counts from Person (after bulk loads)."""
    from django.db.models import Count, OuterRef, Subquery
    from django.db.models.functions import Coalesce

    counts = (Person.objects.filter(party_org=OuterRef("pk")).order_by().values("party_org")
              .annotate(n=Count("id")).values("n"))
    Organization.objects.update(member_count=Coalesce(Subquery(counts), 0))
