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
from dwgk.core.clientaddr import client_address
from dwgk.core.idcard import is_valid_id_number, mask_id_number

from .models import Affiliation, Organization, Person, Role, RoleAssignment
from .paths import SEGMENT, ancestor_paths, child_path, subtree_q
from .signals import subtree_moved


def _adjust_totals(paths: list[str], orgs: int = 0, members: int = 0) -> None:
    """Add to the subtree totals of the orgs at `paths` (a node's ancestors, and maybe itself)."""
    if paths and (orgs or members):
        Organization.objects.filter(path__in=paths).update(
            subtree_orgs=F("subtree_orgs") + orgs, subtree_members=F("subtree_members") + members)


def _members_delta(org_id: int | None, delta: int) -> None:
    if org_id is None:
        return
    path = Organization.objects.filter(pk=org_id).values_list("path", flat=True).first()
    Organization.objects.filter(pk=org_id).update(member_count=F("member_count") + delta)
    _adjust_totals([*ancestor_paths(path), path], members=delta)


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
    _adjust_totals(ancestor_paths(org.path), orgs=1)
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
    _adjust_totals(ancestor_paths(old_path), orgs=-org.subtree_orgs, members=-org.subtree_members)
    Organization.objects.filter(subtree_q(old_path)).update(
        path=Concat(Value(new_path), Substr("path", len(old_path) + 1, Length("path"))),
        depth=F("depth") + delta,
    )
    Organization.objects.filter(pk=org.pk).update(parent=new_parent)
    _adjust_totals(ancestor_paths(new_path), orgs=org.subtree_orgs, members=org.subtree_members)
    subtree_moved.send(sender=Organization, old_path=old_path, new_path=new_path)
    record("org.moved", actor=actor, obj=org,
           detail={"from_path": old_path, "to_path": new_path, "new_parent": new_parent.pk if new_parent else None})
    org.refresh_from_db()
    return org


def set_id_number(person: Person, id_number: str) -> None:
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
    set_id_number(person, id_number)
    if person.id_number_index and Person.objects.filter(id_number_index=person.id_number_index).exists():
        raise ValidationError({"id_number": _("该身份证号码已登记。")})
    person.full_clean(exclude=["id_number_encrypted", "id_number_index", "id_number_masked"])
    person.save()
    _members_delta(party_org.pk if party_org else None, +1)
    return person


@transaction.atomic
def transfer_membership(person: Person, new_org: Organization | None, *, member_status: str | None = None,
                        actor=None) -> Person:
    """组织关系转接: a member belongs to exactly one org; counts follow."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    old_org_id = person.party_org_id
    _members_delta(old_org_id, -1)
    person.party_org = new_org
    if new_org is None:
        person.member_status = ""
    elif member_status is not None:
        person.member_status = member_status
    elif not person.member_status:
        person.member_status = Person.MemberStatus.FULL
    person.save(update_fields=["party_org", "member_status"])
    _members_delta(new_org.pk if new_org else None, +1)
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
               ip=client_address(request),
               detail={"person": person.pk, "org": org.pk, "role": role})
    return assignment


@transaction.atomic
def revoke_role(person: Person, org: Organization, role: str, *, actor=None, request=None) -> bool:
    deleted, _details = RoleAssignment.objects.filter(person=person, org=org, role=role).delete()
    if deleted:
        record("role.revoked", actor=actor, object_type="orgs.roleassignment",
               ip=client_address(request),
               detail={"person": person.pk, "org": org.pk, "role": role})
    return bool(deleted)


def recount_members() -> None:
    """Rebuild the denormalized member counts from Person (after bulk loads)."""
    from django.db.models import Count, OuterRef, Subquery
    from django.db.models.functions import Coalesce

    counts = (Person.objects.filter(party_org=OuterRef("pk")).order_by().values("party_org")
              .annotate(n=Count("id")).values("n"))
    Organization.objects.update(member_count=Coalesce(Subquery(counts), 0))
    recompute_subtree_totals()


def recompute_subtree_totals() -> None:
    """Rebuild every org's subtree totals from `member_count` and the paths (after bulk loads).

    One GROUP BY per tree level over the path prefix of that level; then one UPDATE per org."""
    from django.db import connection
    from django.db.models import Count, Max, Sum
    from django.db.models.functions import Substr

    max_depth = Organization.objects.aggregate(d=Max("depth"))["d"]
    if max_depth is None:
        return
    totals: dict[str, list[int]] = {}
    for depth in range(max_depth + 1):
        rows = (Organization.objects.filter(depth__gte=depth).order_by()
                .annotate(prefix=Substr("path", 1, SEGMENT * (depth + 1))).values("prefix")
                .annotate(n=Count("*"), m=Sum("member_count")).values_list("prefix", "n", "m"))
        for prefix, n, m in rows:
            totals[prefix] = [n, m or 0]
    table = connection.ops.quote_name(Organization._meta.db_table)
    with connection.cursor() as cur:
        cur.executemany(f"UPDATE {table} SET subtree_orgs = %s, subtree_members = %s WHERE path = %s",
                        [(n, m, path) for path, (n, m) in totals.items()])


GUIDE_CONTACT_FIELDS = ("office_address", "office_phone", "office_hours", "office_email")
PHONE_CHARS = set("0123456789-—–+() （）转、,，;；/")


@transaction.atomic
def set_guide_contact(org: Organization, *, actor=None, **values) -> Organization:
    """The 公开指南's 受理地址, 联系电话, 办公时间 and 电子邮箱 of an org's 党务公开办公室."""
    from django.core.validators import validate_email

    clean = {k: (values.get(k) or "").strip() for k in GUIDE_CONTACT_FIELDS}
    errors = {}
    for k in GUIDE_CONTACT_FIELDS:
        limit = Organization._meta.get_field(k).max_length
        if len(clean[k]) > limit:
            errors[k] = _("不能超过 %(n)s 字。") % {"n": limit}
    if clean["office_phone"] and not set(clean["office_phone"]) <= PHONE_CHARS:
        errors["office_phone"] = _("电话号码只能包含数字、连字符、括号和“转”，多个号码用顿号分隔。")
    if clean["office_email"] and "office_email" not in errors:
        try:
            validate_email(clean["office_email"])
        except ValidationError:
            errors["office_email"] = _("电子邮箱格式不正确。")
    if errors:
        raise ValidationError(errors)
    changed = {k: v for k, v in clean.items() if getattr(org, k) != v}
    for k, v in changed.items():
        setattr(org, k, v)
    if changed:
        org.save(update_fields=list(changed))
        record("org.guide_contact_changed", actor=actor, obj=org, detail=changed)
    return org
