"""Settings that govern every disclosure: an org's workflow (公开流程) and the secrecy scanner's word list.

  * An org's workflow is set by its own 党务公开办公室 (seed 003 二(三): each org fixes its procedure).
  * The word list serves every org: kept by the top committee's 保密审查 holders and office.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from dwgk.orgs.models import Organization, Role
from dwgk.orgs.paths import depth_of

from .errors import Refused
from .orgs import user_of
from .staff import duties_of, holds, person_of

TERM_KEEPERS = frozenset({Role.SECRECY, Role.OFFICE_ADMIN})


def may_configure_workflow(actor, org: Organization | None) -> bool:
    return org is not None and holds(person_of(user_of(actor)), org, [Role.OFFICE_ADMIN]) is not None


def may_manage_secrecy_terms(actor) -> bool:
    return any(role in TERM_KEEPERS and depth_of(path) == 0
               for _o, path, role in duties_of(person_of(user_of(actor))))


def require_configure_workflow(actor, org: Organization) -> None:
    if actor is not None and not may_configure_workflow(actor, org):
        raise Refused(_("只有本组织党务公开办公室可以设置公开流程。"))


def require_manage_secrecy_terms(actor) -> None:
    if actor is not None and not may_manage_secrecy_terms(actor):
        raise Refused(_("只有市级党委保密审查人员或党务公开办公室可以维护保密审查词库。"))
