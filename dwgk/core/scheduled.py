"""Scheduled work, in one place: what a cron line or the task worker runs every few minutes or daily.

Each job is a plain function of the time it runs at; `run_all` runs them in order and reports."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone


def _catalog_overdue(now: datetime) -> str:
    from dwgk.catalog.duedates import refresh_overdue

    return f"逾期公开期限 {refresh_overdue(timezone.localdate(now))} 个"


def _publish_due(now: datetime) -> str:
    from dwgk.disclosures.publishing import publish_due

    result = publish_due(now)
    return f"定时发布 {result['published']} 项，到期下线 {result['expired']} 项"


def _reminders(now: datetime) -> str:
    from dwgk.disclosures.notifications import send_reminders

    return f"到期提醒 {send_reminders(now, None)} 条"


def _participation_scan(now: datetime) -> str:
    from dwgk.participation import feedback

    out = feedback.scan(on=timezone.localdate(now))
    return (f"意见提醒 {out['warnings']} 条，办公室告警 {out['office_alerts']} 条，"
            f"补正逾期撤回 {out['withdrawn']} 件，超时办结 {out['closed_by_timeout']} 条")


def _publication_check(now: datetime) -> str:
    from dwgk.oversight.compliance import verify_publications

    run = verify_publications(now)
    return f"发布完整性核查 {run.checked} 项，未经完整流程公开 {run.violations} 项"


def _reader_copy_check(now: datetime) -> str:
    from dwgk.disclosures.integrity import verify_reader_copies

    report = verify_reader_copies(now)
    return f"公开内容核对 {report.checked} 项，与公开时不一致 {len(report.drifted)} 项"


def _audit_chain(now: datetime) -> str:
    from dwgk.audit.checks import verify_and_anchor

    out = verify_and_anchor(now)
    if not out.verify.ok:
        return f"审计日志被破坏：第 {out.verify.broken_seq} 条记录，{out.verify.reason}（已告警审计管理员）"
    head = f"，链头锚点第 {out.checkpoint.seq} 条" if out.checkpoint else ""
    return f"审计日志完整，校验 {out.verify.checked} 条{head}"


JOBS = [
    ("公开目录逾期检查", _catalog_overdue),
    ("定时发布与到期下线", _publish_due),
    ("公开事项到期提醒", _reminders),
    ("依申请公开与意见箱期限扫描", _participation_scan),
    ("发布完整性核查", _publication_check),
    ("公开内容核对", _reader_copy_check),
    # Last: the anchored head includes what the jobs above wrote.
    ("审计日志校验与锚定", _audit_chain),
]


def run_all(now: datetime | None = None) -> list[tuple[str, str]]:
    now = now or timezone.now()
    return [(name, job(now)) for name, job in JOBS]
