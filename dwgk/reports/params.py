"""Report parameters: the subtree root named by its code (who may read it is `dwgk.access.oversight`) and the period."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError

from dwgk.access.oversight import report_roots, require_report_root
from dwgk.orgs.models import Organization

MAX_DAYS = 366 * 5


def resolve_root(viewer, code: str | None) -> Organization:
    """The org named by its code, or the viewer's first office org."""
    code = (code or "").strip()
    if code:
        org = Organization.objects.filter(code=code).first()
        if org is None:
            raise ValidationError(f"找不到组织代码为“{code}”的党组织。")
    else:
        roots = report_roots(viewer)
        if not roots:
            raise PermissionDenied("只有党务公开办公室可以查看统计报表。")
        org = roots[0]
    require_report_root(viewer, org)
    return org


def parse_period(start: str | None, end: str | None, default_year: int) -> tuple[date, date]:
    try:
        d0 = date.fromisoformat(start) if start else date(default_year, 1, 1)
        d1 = date.fromisoformat(end) if end else date(default_year, 12, 31)
    except ValueError:
        raise ValidationError("日期格式应为“年-月-日”，如 2026-01-01。") from None
    if d1 < d0:
        raise ValidationError("统计期间的结束日期不能早于开始日期。")
    if (d1 - d0).days > MAX_DAYS:
        raise ValidationError("统计期间不能超过五年。")
    return d0, d1
