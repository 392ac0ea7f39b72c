"""The reply clock of a 依申请公开 request, in working days of the official holiday calendar.

Rules (REFERENCES.md, 政府信息公开条例 model; numbers in `conf`):
- the clock counts from the receipt date, or from the day a 补正 is received (the time before the
  completed request arrives does not count);
- the reply is due on the 20th working day after that date (the start day itself not counted);
- a third-party consultation stops the clock: the working days in (start, end] are added back;
- an approved extension adds up to 20 working days, once.

`reply_clock` returns the due date together with its derivation, which pages and letters show.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils.translation import gettext as _

from dwgk.workdays.calendar import add_workdays, is_workday, workdays_between

from .conf import conf


@dataclass(frozen=True)
class Pause:
    started_on: date
    due_on: date          # the latest it can last (the third party's deadline)
    ended_on: date | None  # None while it is still running

    def workdays(self) -> int:
        """Working days the clock stood still: (start, end]; a running pause counts to its deadline."""
        return int(workdays_between(self.started_on, self.ended_on or self.due_on))


@dataclass
class Clock:
    received_on: date
    counted_from: date
    base_workdays: int
    pauses: list[Pause]
    extended_workdays: int
    due: date
    provisional: bool
    steps: list[tuple[str, str]] = field(default_factory=list)

    @property
    def paused_workdays(self) -> int:
        return sum(p.workdays() for p in self.pauses)

    @property
    def projected(self) -> bool:
        """True while a pause is running: the due date assumes it lasts until its deadline."""
        return any(p.ended_on is None for p in self.pauses)


def _fmt(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def reply_clock(*, received_on: date, counted_from: date | None = None, pauses=(), extended_workdays: int = 0,
                base_workdays: int | None = None) -> Clock:
    base = conf("reply_workdays") if base_workdays is None else base_workdays
    start = counted_from or received_on
    pauses = list(pauses)
    paused = sum(p.workdays() for p in pauses)
    due = add_workdays(start, base + paused + extended_workdays)
    steps = [(_("收到申请"), _fmt(received_on))]
    if start != received_on:
        steps.append((_("起算日"), _("%(d)s（收到补正后的申请之日）") % {"d": _fmt(start)}))
    else:
        steps.append((_("起算日"), _fmt(start)))
    steps.append((_("答复时限"), _("%(n)s 个工作日（不含起算日，按法定节假日和调休计算）") % {"n": base}))
    for p in pauses:
        if p.ended_on:
            steps.append((_("征求第三方意见暂停"), _("%(a)s 至 %(b)s，暂停 %(n)s 个工作日") % {
                "a": _fmt(p.started_on), "b": _fmt(p.ended_on), "n": p.workdays()}))
        else:
            steps.append((_("征求第三方意见暂停"), _("自 %(a)s 起，进行中；按第三方答复期限 %(b)s 计暂停 %(n)s 个工作日") % {
                "a": _fmt(p.started_on), "b": _fmt(p.due_on), "n": p.workdays()}))
    if extended_workdays:
        steps.append((_("延长答复期限"), _("%(n)s 个工作日") % {"n": extended_workdays}))
    steps.append((_("答复期限"), _fmt(due) + (_("（暂定：该年度节假日安排尚未公布）") if due.provisional else "")))
    return Clock(received_on=received_on, counted_from=start, base_workdays=base, pauses=pauses,
                 extended_workdays=extended_workdays, due=due, provisional=bool(due.provisional), steps=steps)


def correction_request_deadline(received_on: date) -> date:
    """The last day the org may ask for 补正 (7 working days after receipt)."""
    return add_workdays(received_on, conf("correction_request_workdays"))


def correction_reply_deadline(requested_on: date) -> date:
    """The applicant's last day to complete the request; after it the request counts as withdrawn."""
    return add_workdays(requested_on, conf("correction_reply_workdays"))


def consultation_deadline(started_on: date) -> date:
    return add_workdays(started_on, conf("consultation_workdays"))


def notice_end(starts_on: date, period_workdays: int) -> date:
    """公示 of N working days starting on `starts_on` (counted): its last day."""
    if is_workday(starts_on):
        return add_workdays(starts_on, period_workdays - 1)
    return add_workdays(starts_on, period_workdays)


def consultation_end(opens_on: date, days: int) -> date:
    """征求意见 of N calendar days opening on `opens_on` (counted): its last day."""
    return opens_on + timedelta(days=days - 1)


def consultation_days(opens_on: date, closes_on: date) -> int:
    return (closes_on - opens_on).days + 1


def period_from_release(starts_on: date, released_on: date, end_for: Callable[[date], date]) -> tuple[date, date] | None:
    """A period set before its review is never shortened by it: released after `starts_on`, it starts on the
    release day and runs its full length from there (`end_for` gives the last day of a period starting on
    a day). None when the period keeps its dates."""
    if released_on <= starts_on:
        return None
    return released_on, end_for(released_on)
