"""Catalogs (党务公开目录): who reads them and who changes them.

Readers: a catalog is read by readers once it is published, in its own publish scope (党内 or 社会),
by the four scope rules and nothing else. Drafts, filings, versions and withheld items are the
workbench's: the catalog's editors, the superior it is filed with, and the system administrator.

Staff act through duties held at an org or above it (北京意见 三(三)1/3: a grassroots org's catalog is
made by its superior, so the maker's staff edit it too):
  edit (items, submit for filing, publish, import, template gaps)   承办 / 审批 / 党务公开办公室
  file (备案 or 退回) and decide changes                            审批 / 党务公开办公室 of the superior
  push templates down the tree                                      党务公开办公室
Querysets are passed in by the catalog app (this module imports no content model).
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from dwgk.orgs.models import Organization, Role
from dwgk.orgs.paths import subtree_q

from .errors import Refused
from .orgs import admin_role_of, user_of
from .scopes import scope_allows, scope_q
from .staff import duties_of, holds_at_or_above, person_of

EDIT_ROLES = frozenset({Role.OFFICE_ADMIN, Role.APPROVER, Role.PROPOSER})
DECIDE_ROLES = frozenset({Role.OFFICE_ADMIN, Role.APPROVER})
PUBLISHED = "published"


def _holds(actor, org: Organization | None, roles) -> bool:
    return org is not None and holds_at_or_above(person_of(user_of(actor)), org, roles)


# ---- readers ----------------------------------------------------------------------------------------

def can_read_published(user, catalog) -> bool:
    """A published catalog, in its publish scope (the four rules)."""
    if catalog is None or catalog.state != PUBLISHED or not catalog.publish_scope:
        return False
    return scope_allows(user_of(user), catalog.org, catalog.publish_scope)


def published_catalogs(user, qs: QuerySet) -> QuerySet:
    """The queryset twin of `can_read_published`."""
    return qs.filter(state=PUBLISHED).filter(scope_q(user_of(user), org="org", scope="publish_scope"))


# ---- staff ------------------------------------------------------------------------------------------

def can_create(actor, org: Organization, maker: Organization) -> bool:
    return _holds(actor, org, EDIT_ROLES) or _holds(actor, maker, EDIT_ROLES)


def can_edit(actor, catalog) -> bool:
    """The org's own staff, or the maker's."""
    return _holds(actor, catalog.org, EDIT_ROLES) or _holds(actor, catalog.maker, EDIT_ROLES)


def can_file(actor, catalog) -> bool:
    """The superior the catalog is filed with acknowledges or returns it."""
    return _holds(actor, catalog.filed_with, DECIDE_ROLES)


def can_decide_change(actor, change) -> bool:
    return _holds(actor, change.approver_org, DECIDE_ROLES)


def can_view_drafts(actor, catalog) -> bool:
    return can_edit(actor, catalog) or can_file(actor, catalog) or admin_role_of(actor) == "system"


def can_push_template(actor, org: Organization) -> bool:
    return _holds(actor, org, {Role.OFFICE_ADMIN})


def works_above(actor, org: Organization) -> bool:
    """Any duty at the org or above it: the staff page saying “no catalog yet” is theirs to see."""
    return _holds(actor, org, frozenset(Role.values))


def decider_q(actor, field: str) -> Q:
    """Rows whose org (`field` names its path) is at or below an org where the actor decides filings."""
    q = Q(pk__in=[])
    for _o, path, role in duties_of(person_of(user_of(actor))):
        if role in DECIDE_ROLES:
            q |= subtree_q(path, field=field)
    return q


def _require(ok: bool, message: str) -> None:
    if not ok:
        raise Refused(message)


def require_create(actor, org: Organization, maker: Organization) -> None:
    if actor is not None:
        _require(can_create(actor, org, maker), _("您无权为该组织编制目录。"))


def require_edit(actor, catalog) -> None:
    if actor is not None:
        _require(can_edit(actor, catalog), _("您无权编辑该组织的党务公开目录。"))


def require_file(actor, catalog) -> None:
    if actor is not None:
        _require(can_file(actor, catalog), _("只有报备接收组织可以备案或退回。"))


def require_decide_change(actor, change) -> None:
    if actor is not None:
        _require(can_decide_change(actor, change), _("只有制定目录的党组织可以审批调整。"))


def require_push_template(actor, org: Organization) -> None:
    if actor is not None:
        _require(can_push_template(actor, org), _("只有党务公开办公室可以向下级推送目录模板。"))
