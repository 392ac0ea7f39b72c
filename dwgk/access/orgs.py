"""Administration of the org tree: who sees people lists, who grants and revokes roles, who imports.

三员分立: the system administrator manages accounts and imports, the security administrator grants roles,
the audit administrator reads the log; none of them holds a business role (orgs.services refuses it).

Role grants (issue 12): a grant always takes two people. The grantor holds the right to grant — the
security administrator, or a 党务公开办公室 at the org or above it — and is never the grantee, so no one
collects for himself the duties the separation rule wants split (审批 and 保密审查, say). Revoking one's
own role is allowed: giving up a duty concentrates nothing, and the revocation is in the audit log like
every other.

`actor=None` is the system itself (demo seed, management commands run by the operator): no check.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from dwgk.orgs.models import Organization, Person, Role

from .errors import Refused
from .staff import duties_of, holds_at_or_above, person_of

ALL_ROLES = frozenset(Role.values)


def user_of(actor):
    """A request's user, whether given the user or a `Viewer`."""
    return getattr(actor, "user", actor)


def admin_role_of(actor) -> str:
    return getattr(user_of(actor), "admin_role", "") or ""


def office_orgs(actor) -> list[Organization]:
    """The orgs where the actor serves in the 党务公开办公室 (ordered by path)."""
    ids = {o for o, _p, r in duties_of(person_of(user_of(actor))) if r == Role.OFFICE_ADMIN}
    return list(Organization.objects.filter(pk__in=ids).order_by("path"))


def can_see_people(actor, org: Organization) -> bool:
    """People lists (names, masked IDs): the system and security administrators, staff with a duty at the
    org or above it (its line of command), and the org's own party members."""
    if admin_role_of(actor) in ("system", "security"):
        return True
    person = person_of(user_of(actor))
    if person is None:
        return False
    return person.party_org_id == org.pk or holds_at_or_above(person, org, ALL_ROLES)


def can_grant_roles(actor, org: Organization) -> bool:
    """The security administrator, or an office admin of the org or above (no other administrator)."""
    role = admin_role_of(actor)
    if role:
        return role == "security"
    return holds_at_or_above(person_of(user_of(actor)), org, {Role.OFFICE_ADMIN})


def require_grant_role(actor, person: Person, org: Organization, role: str) -> None:
    """Refuse a grant the actor may not make. The grant needs a second person: never oneself."""
    if actor is None:
        return
    if not can_grant_roles(actor, org):
        raise Refused(_("您无权为%(org)s授予角色。") % {"org": org.name})
    me = person_of(user_of(actor))
    if me is not None and me.pk == person.pk:
        raise Refused(_("不能为自己授予角色：授权须由另一位有授权职责的人员办理。"))


def require_revoke_role(actor, person: Person, org: Organization, role: str) -> None:
    """Who may grant may revoke; revoking one's own role is allowed (it concentrates no duty)."""
    if actor is None:
        return
    if not can_grant_roles(actor, org):
        raise Refused(_("您无权撤销%(org)s的角色。") % {"org": org.name})


def can_import(actor) -> bool:
    return admin_role_of(actor) == "system" or bool(office_orgs(actor))


def import_scope(actor) -> list[Organization] | None:
    """Where the actor may import: anywhere for the system administrator (None), else the subtrees of
    their office roles."""
    if admin_role_of(actor) == "system":
        return None
    return office_orgs(actor)


def require_import(actor) -> list[Organization] | None:
    if actor is not None and not can_import(actor):
        raise Refused(_("您无权导入数据。"))
    return None if actor is None else import_scope(actor)


def can_edit_guide_contact(actor, org: Organization) -> bool:
    """The 公开指南's contact (受理地址, 电话, 办公时间, 邮箱) is kept by the 党务公开办公室 of the org or above."""
    return holds_at_or_above(person_of(user_of(actor)), org, {Role.OFFICE_ADMIN})


def require_edit_guide_contact(actor, org: Organization) -> None:
    if not can_edit_guide_contact(actor, org):
        raise Refused(_("只有本组织或上级党组织的党务公开办公室可以维护公开指南的联系方式。"))
