"""Working days by the official Chinese holiday calendar (法定节假日 and 调休 make-up working days).

The stable API (other apps import only these names):

    is_workday(d) -> bool
    is_provisional(year) -> bool
    next_workday(d) -> WorkDate          d itself when d is a working day
    previous_workday(d) -> WorkDate      d itself when d is a working day
    add_workdays(d, n) -> WorkDate       the n-th working day after d (n < 0: before d; n == 0: next_workday(d))
    workdays_between(a, b) -> WorkdayCount   working days in (a, b]; negative when b < a
    day_info(d) -> DayInfo               workday, provisional, holiday name, source
    clear_cache()                        drop the in-memory calendar (tests; after raw SQL edits)

Sources, in order: a year's schedule loaded into the database (`HolidaySchedule`, see
`services.load_schedule`), else the chinese-calendar package (2004–2026), else an estimate: weekends
plus the statutory holidays (元旦, 春节 from 除夕, 清明, 劳动节, 端午, 中秋, 国庆 1–3) placed by the lunar
calendar and the solar terms, without any 调休. A partial load (`HolidaySchedule.partial`) lies over
that estimate. A year from an estimate is *provisional*: every date or count that touched it carries
`.provisional = True`, and `signals.schedule_changed` fires when the real schedule arrives so
that whoever stored such dates recomputes them. Never a silent guess.

Speed: each year becomes a sorted array of working-day ordinals, cached in memory and rebuilt when
the schedule data changes (signals in-process; a cheap version query at most every 30 s for
changes made by other processes).
"""

from __future__ import annotations

import sqlite3
import threading
import time
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import date

import chinese_calendar
from chinese_calendar import constants as _cc
from lunardate import LunarDate

PACKAGE_YEARS = (min(_cc.holidays).year, max(d.year for d in _cc.holidays))
REVALIDATE_SECONDS = 30.0
HOLIDAY_NAMES = {
    "New Year's Day": "元旦", "Spring Festival": "春节", "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节", "Dragon Boat Festival": "端午节", "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节", "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
}


class WorkDate(date):
    """A date computed from the calendar; `provisional` is True if any year it depends on is."""

    provisional: bool

    def __new__(cls, year, month=None, day=None, provisional: bool = False):
        obj = super().__new__(cls, year, month, day)
        obj.provisional = provisional
        return obj

    @classmethod
    def of(cls, d: date, provisional: bool) -> WorkDate:
        return cls(d.year, d.month, d.day, provisional=provisional)

    def __reduce__(self):
        return (WorkDate, (self.year, self.month, self.day, self.provisional))

    def __repr__(self) -> str:
        return f"WorkDate({self.isoformat()}{', provisional' if self.provisional else ''})"


# Raw-SQL parameters: sqlite3 adapts by exact type (psycopg already follows the MRO).
sqlite3.register_adapter(WorkDate, date.isoformat)


class WorkdayCount(int):
    """A number of working days; `provisional` as for WorkDate."""

    provisional: bool

    def __new__(cls, value: int, provisional: bool = False):
        obj = super().__new__(cls, value)
        obj.provisional = provisional
        return obj


@dataclass(frozen=True)
class DayInfo:
    date: date
    workday: bool
    provisional: bool
    name: str  # holiday name, "调休上班", "周末" or ""
    source: str  # "db", "package", "partial" (a partial load over the estimate) or "estimate"


@dataclass
class _Year:
    year: int
    ords: list[int]  # working-day ordinals, ascending
    provisional: bool
    source: str
    names: dict[int, str]


_lock = threading.RLock()
_years: dict[int, _Year] = {}
_db_state: dict = {"token": None, "checked": 0.0, "years": None}


def clear_cache() -> None:
    with _lock:
        _years.clear()
        _db_state.update(token=None, checked=0.0, years=None)


def estimated_holidays(year: int) -> dict[date, str]:
    """The statutory holidays of `year` (全国年节及纪念日放假办法, 2025 text) as days off, without 调休:
    the part of a year's schedule that is known before the State Council announces it."""
    days: dict[date, str] = {date(year, 1, 1): "元旦", date(year, 5, 1): "劳动节", date(year, 5, 2): "劳动节"}
    for d in (1, 2, 3):
        days[date(year, 10, d)] = "国庆节"
    new_year = LunarDate(year, 1, 1).to_solar_date()
    for offset in (-1, 0, 1, 2):  # 除夕 and 正月初一至初三
        days[date.fromordinal(new_year.toordinal() + offset)] = "春节"
    for d, term in chinese_calendar.get_solar_terms(date(year, 4, 1), date(year, 4, 10)):
        if term == "清明":
            days[d] = "清明节"
    days[LunarDate(year, 5, 5).to_solar_date()] = "端午节"
    mid_autumn = LunarDate(year, 8, 15).to_solar_date()
    days.setdefault(mid_autumn, "中秋节")  # may coincide with 国庆
    return {d: n for d, n in days.items() if d.year == year}


def _db_token():
    from django.db.models import Count, Max

    from .models import HolidaySchedule

    agg = HolidaySchedule.objects.aggregate(n=Count("id"), at=Max("updated_at"))
    return (agg["n"], agg["at"])


def _revalidate() -> None:
    now = time.monotonic()
    if _db_state["years"] is not None and now - _db_state["checked"] < REVALIDATE_SECONDS:
        return
    token = _db_token()
    if token != _db_state["token"]:
        from .models import HolidaySchedule

        _years.clear()
        _db_state["years"] = dict(HolidaySchedule.objects.values_list("year", "partial"))
        _db_state["token"] = token
    _db_state["checked"] = now


def _build(year: int) -> _Year:
    first, last = date(year, 1, 1).toordinal(), date(year, 12, 31).toordinal()
    rest = {o for o in range(first, last + 1) if date.fromordinal(o).weekday() >= 5}
    names: dict[int, str] = {}
    partial = _db_state["years"].get(year)  # None: not loaded; False: a whole year; True: part of one
    packaged = PACKAGE_YEARS[0] <= year <= PACKAGE_YEARS[1]
    if partial is not False and packaged:
        for d, holiday in _cc.holidays.items():
            if d.year == year:
                rest.add(d.toordinal())
                names[d.toordinal()] = HOLIDAY_NAMES.get(holiday, holiday)
        for d in _cc.workdays:
            if d.year == year:
                rest.discard(d.toordinal())
                names[d.toordinal()] = "调休上班"
    elif partial is not False:
        for d, name in estimated_holidays(year).items():
            rest.add(d.toordinal())
            names[d.toordinal()] = f"{name}（暂定）"
    if partial is not None:
        from .models import SpecialDay

        for d, kind, name in SpecialDay.objects.filter(schedule__year=year).values_list("date", "kind", "name"):
            o = d.toordinal()
            if kind == SpecialDay.Kind.HOLIDAY:
                rest.add(o)
                names[o] = name or "节假日"
            else:
                rest.discard(o)
                names[o] = "调休上班"
    if partial is None:
        source = "package" if packaged else "estimate"
    else:
        source = "partial" if partial else "db"
    provisional = not packaged and partial is not False
    ords = [o for o in range(first, last + 1) if o not in rest]
    return _Year(year, ords, provisional, source, names)


def _year(year: int) -> _Year:
    with _lock:
        _revalidate()
        y = _years.get(year)
        if y is None:
            y = _years[year] = _build(year)
        return y


def is_packaged(year: int) -> bool:
    """True when the chinese-calendar package carries the official schedule of `year`."""
    return PACKAGE_YEARS[0] <= year <= PACKAGE_YEARS[1]


def is_provisional(year: int) -> bool:
    """True when `year` has no complete official schedule (neither loaded whole nor packaged)."""
    return _year(year).provisional


def is_workday(d: date) -> bool:
    y = _year(d.year)
    o = d.toordinal()
    i = bisect_left(y.ords, o)
    return i < len(y.ords) and y.ords[i] == o


def day_info(d: date) -> DayInfo:
    y = _year(d.year)
    wd = is_workday(d)
    name = y.names.get(d.toordinal(), "" if wd or d.weekday() < 5 else "周末")
    return DayInfo(d, wd, y.provisional, name, y.source)


def next_workday(d: date) -> WorkDate:
    provisional = False
    year = d.year
    o = d.toordinal()
    while True:
        y = _year(year)
        provisional |= y.provisional
        i = bisect_left(y.ords, o)
        if i < len(y.ords):
            return WorkDate.of(date.fromordinal(y.ords[i]), provisional)
        year += 1


def previous_workday(d: date) -> WorkDate:
    provisional = False
    year = d.year
    o = d.toordinal()
    while True:
        y = _year(year)
        provisional |= y.provisional
        i = bisect_right(y.ords, o)
        if i > 0:
            return WorkDate.of(date.fromordinal(y.ords[i - 1]), provisional)
        year -= 1


def add_workdays(d: date, n: int) -> WorkDate:
    """The n-th working day after `d` (d itself not counted); n < 0 counts back; n == 0 → next_workday(d)."""
    if n == 0:
        return next_workday(d)
    provisional = False
    o = d.toordinal()
    year = d.year
    if n > 0:
        y = _year(year)
        provisional |= y.provisional
        idx = bisect_right(y.ords, o) + n - 1  # index of the target within this year's list
        while idx >= len(y.ords):
            idx -= len(y.ords)
            year += 1
            y = _year(year)
            provisional |= y.provisional
        return WorkDate.of(date.fromordinal(y.ords[idx]), provisional)
    y = _year(year)
    provisional |= y.provisional
    idx = bisect_left(y.ords, o) + n  # n negative
    while idx < 0:
        year -= 1
        y = _year(year)
        provisional |= y.provisional
        idx += len(y.ords)
    return WorkDate.of(date.fromordinal(y.ords[idx]), provisional)


def _count_upto(o: int, year: int) -> tuple[int, bool]:
    """Working days from 1 Jan of `year` up to and including ordinal `o` (o within that year)."""
    y = _year(year)
    return bisect_right(y.ords, o), y.provisional


def workdays_between(a: date, b: date) -> WorkdayCount:
    """Working days in the half-open interval (a, b]: add_workdays(a, workdays_between(a, b)) == b
    whenever b is a working day after a."""
    if b < a:
        c = workdays_between(b, a)
        return WorkdayCount(-int(c), c.provisional)
    total = 0
    provisional = False
    for year in range(a.year, b.year + 1):
        y = _year(year)
        provisional |= y.provisional
        lo = a.toordinal() if year == a.year else date(year, 1, 1).toordinal() - 1
        hi = b.toordinal() if year == b.year else date(year, 12, 31).toordinal()
        total += bisect_right(y.ords, hi) - bisect_right(y.ords, lo)
    return WorkdayCount(total, provisional)


def workdays_in_year(year: int) -> list[date]:
    """Every working day of `year` (for views and tests)."""
    return [date.fromordinal(o) for o in _year(year).ords]


def provisional_years(years) -> list[int]:
    return [y for y in years if is_provisional(y)]


def package_is_workday(d: date) -> bool:
    """The packaged calendar's own answer (raises NotImplementedError outside its years)."""
    return chinese_calendar.is_workday(d)


__all__ = [
    "DayInfo", "WorkDate", "WorkdayCount", "add_workdays", "clear_cache", "day_info", "estimated_holidays",
    "is_provisional",
    "is_workday", "next_workday", "previous_workday", "workdays_between", "workdays_in_year",
]
