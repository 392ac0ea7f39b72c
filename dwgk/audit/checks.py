"""The scheduled audit check: verify the chain, then anchor its head outside the table; a broken chain
alerts the audit administrator and is not anchored (the evidence stays as found)."""

from __future__ import annotations

from dataclasses import dataclass

from . import alerts, services
from .anchor import Checkpoint

ALERT_KIND = "audit_chain"


@dataclass
class CheckResult:
    verify: services.VerifyResult
    checkpoint: Checkpoint | None


def verify_and_anchor(now=None) -> CheckResult:
    result = services.verify()
    if not result.ok:
        alerts.raise_alert(ALERT_KIND, "chain", f"审计日志被破坏：第 {result.broken_seq} 条记录，{result.reason}",
                           {"broken_seq": result.broken_seq, "reason": result.reason, "checked": result.checked})
        return CheckResult(result, None)
    alerts.clear_alert(ALERT_KIND, "chain")
    return CheckResult(result, services.checkpoint())


def scheduled_job(now) -> str:
    out = verify_and_anchor(now)
    if not out.verify.ok:
        return f"审计日志被破坏：第 {out.verify.broken_seq} 条记录，{out.verify.reason}（已告警审计管理员）"
    head = f"，链头锚点第 {out.checkpoint.seq} 条" if out.checkpoint else ""
    return f"审计日志完整，校验 {out.verify.checked} 条{head}"
