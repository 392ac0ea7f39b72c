"""The scheduled audit check: verify the chain, then anchor its head outside the table; a broken chain
alerts the audit administrator and is not anchored (the evidence stays as found)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from . import alerts, anchor, services
from .anchor import Checkpoint

ALERT_KIND = "audit_chain"


@dataclass
class CheckResult:
    verify: services.VerifyResult
    checkpoint: Checkpoint | None


def full_walk_due(now=None) -> bool:
    """A walk of the whole chain at least every DWGK_AUDIT_FULL_VERIFY_HOURS; from the newest
    checkpoint on in between (a scheduled run every few minutes stays cheap on a long log)."""
    now = now or timezone.now()
    fulls = [cp for cp in anchor.store().read() if cp is not None and cp.full]
    if not fulls:
        return True
    last = datetime.fromisoformat(fulls[-1].at)
    return now - last >= timedelta(hours=settings.DWGK_AUDIT_FULL_VERIFY_HOURS)


def verify_and_anchor(now=None, *, full: bool | None = None) -> CheckResult:
    full = full_walk_due(now) if full is None else full
    result = services.verify(since_anchor=not full)
    if not result.ok:
        alerts.raise_alert(ALERT_KIND, "chain", f"审计日志被破坏：第 {result.broken_seq} 条记录，{result.reason}",
                           {"broken_seq": result.broken_seq, "reason": result.reason, "checked": result.checked})
        return CheckResult(result, None)
    alerts.clear_alert(ALERT_KIND, "chain")
    return CheckResult(result, services.checkpoint(full=full))


def scheduled_job(now) -> str:
    out = verify_and_anchor(now)
    if not out.verify.ok:
        return f"审计日志被破坏：第 {out.verify.broken_seq} 条记录，{out.verify.reason}（已告警审计管理员）"
    head = f"，链头锚点第 {out.checkpoint.seq} 条" if out.checkpoint else ""
    scope = "全链" if out.checkpoint is None or out.checkpoint.full else "上次锚点后"
    return f"审计日志完整，校验{scope} {out.verify.checked} 条{head}"
