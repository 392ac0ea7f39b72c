"""The cadence engine: from an item's 公开时限 to its windows and due dates in a year.

Kinds and parameters (`CatalogItem.cadence_params`):

STANDING   长期/固定公开 — once a year (北京意见 三(五)1 “应每年公开一次”) and again whenever it
           changes (an event period). {"due": "MM-DD"} nominal due date, default "12-31".
PERIODIC   定期公开 — {"period": year|half|quarter|bimonthly|month, "grace_workdays": n}. Windows
           tile the year; due = the window's last day, moved to the next working day (or n working
           days after it). Bimonthly windows are two-month blocks ending in an even month, due on
           that month's 党务公开日: the 26th, moved to the next working day when it is a rest day
           (房产中心 二(四)2 “每双月26日（遇节假日则顺延到下一个工作日）为党务公开日”).
PHASED     分期/逐段公开 — {"stages": [{"name": ..., "end": "MM-DD"}, ...]}: consecutive windows
           from 1 January to each stage's end; due = next working day from the end.
IMMEDIATE  即时/及时公开 — {"workdays": N (default 5), "monthly": bool}. Each event opens a period
           due N working days after it; with "monthly" also one period a month (北京意见 三(五)3
           “应根据情况每月公开一次或随时公开”).

Every due date is a working day by `dwgk.workdays.calendar`; `provisional` is carried through.
"""

from __future__ import annotations

import calendar as _pycal
import json
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError

from dwgk.workdays import calendar as wd

from .models import CadenceKind, Period

PARTY_AFFAIRS_DAY = 26  # 党务公开日: the 26th of every even month
DEFAULT_IMMEDIATE_WORKDAYS = 5


@dataclass(frozen=True)
class Window:
    start: date
    end: date
    due: date
    provisional: bool
    label: str = ""


def party_affairs_day(year: int, month: int) -> wd.WorkDate:
    """党务公开日 of an even month: the 26th, or the next working day when the 26th is a rest day."""
    if month % 2:
        raise ValueError("党务公开日只在双月")
    return wd.next_workday(date(year, month, PARTY_AFFAIRS_DAY))


def party_affairs_days(year: int) -> list[wd.WorkDate]:
    return [party_affairs_day(year, m) for m in range(2, 13, 2)]


def _mmdd(text, year: int, what: str) -> date:
    try:
        month, day = (int(x) for x in str(text).split("-"))
        if month == 2 and day == 29 and not _pycal.isleap(year):
            day = 28
        return date(year, month, day)
    except (ValueError, TypeError):
        raise ValidationError(f"{what}“{text}”应为“月-日”，如 03-31。")


def normalize(kind: str, params: dict | None) -> dict:
    """Validate and canonicalise cadence parameters; raises ValidationError in Chinese."""
    params = dict(params or {})
    if kind not in CadenceKind.values:
        raise ValidationError(f"公开时限类型“{kind}”无效。")
    if kind == CadenceKind.STANDING:
        due = params.get("due", "12-31")
        _mmdd(due, 2024, "长期公开的年度公开日期")
        return {"due": str(due)}
    if kind == CadenceKind.PERIODIC:
        period = params.get("period")
        if period not in Period.values:
            raise ValidationError("定期公开须选择周期：每年、每半年、每季度、每双月（党务公开日）或每月。")
        out = {"period": period}
        grace = int(params.get("grace_workdays") or 0)
        if not 0 <= grace <= 60:
            raise ValidationError("宽限工作日数应在 0–60 之间。")
        if grace and period != Period.BIMONTHLY:
            out["grace_workdays"] = grace
        return out
    if kind == CadenceKind.PHASED:
        stages = params.get("stages") or []
        if not stages:
            raise ValidationError("分期公开须至少列出一个阶段及其截止月日。")
        out, last = [], None
        for i, st in enumerate(stages, 1):
            name = str(st.get("name", "")).strip() or f"第{i}阶段"
            end = _mmdd(st.get("end"), 2024, f"第 {i} 阶段的截止日期")
            if last and end <= last:
                raise ValidationError(f"第 {i} 阶段的截止日期应晚于上一阶段。")
            last = end
            out.append({"name": name[:40], "end": end.strftime("%m-%d")})
        return {"stages": out}
    n = int(params.get("workdays") or DEFAULT_IMMEDIATE_WORKDAYS)
    if not 1 <= n <= 60:
        raise ValidationError("即时公开的时限应在 1–60 个工作日之间。")
    out = {"workdays": n}
    if params.get("monthly"):
        out["monthly"] = True
    return out


def signature(kind: str, params: dict) -> str:
    return kind + ":" + json.dumps(params, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def describe(kind: str, params: dict) -> str:
    """The cadence in the catalog's own words (公开频次/时限 column)."""
    if kind == CadenceKind.STANDING:
        return "长期公开，每年公开一次，内容变化时及时更新"
    if kind == CadenceKind.PERIODIC:
        text = Period(params["period"]).label
        if params["period"] == Period.BIMONTHLY:
            return "定期公开，每双月26日党务公开日（遇节假日顺延）"
        extra = f"，期满后{params['grace_workdays']}个工作日内" if params.get("grace_workdays") else ""
        return f"定期公开，{text}{extra}"
    if kind == CadenceKind.PHASED:
        return "分期公开：" + "；".join(f"{s['name']}（{s['end']}前）" for s in params["stages"])
    text = f"即时公开，事项发生后{params['workdays']}个工作日内"
    return text + ("，且每月公开一次" if params.get("monthly") else "")


def _due_after(end: date, grace: int) -> wd.WorkDate:
    return wd.add_workdays(end, grace) if grace else wd.next_workday(end)


def _month_end(year: int, month: int) -> date:
    return date(year, month, _pycal.monthrange(year, month)[1])


def windows(kind: str, params: dict, year: int) -> list[Window]:
    """The year's windows of a cadence, ascending, non-overlapping."""
    out: list[Window] = []
    if kind == CadenceKind.STANDING:
        due = wd.next_workday(_mmdd(params.get("due", "12-31"), year, "年度公开日期"))
        out.append(Window(date(year, 1, 1), date(year, 12, 31), due, due.provisional, f"{year}年"))
    elif kind == CadenceKind.PERIODIC:
        period = params["period"]
        grace = int(params.get("grace_workdays") or 0)
        if period == Period.BIMONTHLY:
            for m in range(2, 13, 2):
                due = party_affairs_day(year, m)
                out.append(Window(date(year, m - 1, 1), _month_end(year, m), due, due.provisional,
                                  f"{m - 1}–{m}月（{m}月党务公开日）"))
        else:
            step = {Period.YEAR: 12, Period.HALF: 6, Period.QUARTER: 3, Period.MONTH: 1}[period]
            names = {12: "{y}年", 6: "{y}年{h}半年", 3: "{y}年第{q}季度", 1: "{y}年{m}月"}
            for m in range(1, 13, step):
                end = _month_end(year, m + step - 1)
                due = _due_after(end, grace)
                label = names[step].format(y=year, h="上" if m == 1 else "下", q=(m + 2) // 3, m=m)
                out.append(Window(date(year, m, 1), end, due, due.provisional, label))
    elif kind == CadenceKind.PHASED:
        start = date(year, 1, 1)
        for st in params["stages"]:
            end = _mmdd(st["end"], year, "阶段截止日期")
            due = wd.next_workday(end)
            out.append(Window(start, end, due, due.provisional, st["name"]))
            start = end + timedelta(days=1)
    elif kind == CadenceKind.IMMEDIATE and params.get("monthly"):
        for m in range(1, 13):
            end = _month_end(year, m)
            due = wd.next_workday(end)
            out.append(Window(date(year, m, 1), end, due, due.provisional, f"{year}年{m}月"))
    return out


def event_window(kind: str, params: dict, event_date: date) -> Window:
    """The period an event opens (即时: N working days; 长期: an update within the default N)."""
    n = int(params.get("workdays") or DEFAULT_IMMEDIATE_WORKDAYS)
    due = wd.add_workdays(event_date, n)
    return Window(event_date, due, due, due.provisional, f"{event_date:%Y-%m-%d} 事项")
