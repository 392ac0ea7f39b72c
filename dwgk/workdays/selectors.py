"""Read side of the holiday calendar for pages and the workbench."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from . import calendar
from .models import HolidaySchedule, SpecialDay


@dataclass(frozen=True)
class YearStatus:
    year: int
    source: str  # db / package / partial / estimate
    provisional: bool
    special_days: int


def year_status(year: int) -> YearStatus:
    info = calendar.day_info(date(year, 1, 1))
    n = SpecialDay.objects.filter(schedule__year=year).count() if info.source in ("db", "partial") else 0
    return YearStatus(year, info.source, info.provisional, n)


def years_around(today, before: int = 1, after: int = 1) -> list[YearStatus]:
    years = set(range(today.year - before, today.year + after + 1))
    years |= set(HolidaySchedule.objects.values_list("year", flat=True))
    return [year_status(y) for y in sorted(years)]


def provisional_years_ahead(today) -> list[int]:
    """Years the office must load: this year and next, when still provisional."""
    return [y for y in (today.year, today.year + 1) if calendar.is_provisional(y)]


def special_days(year: int):
    return SpecialDay.objects.filter(schedule__year=year).order_by("date")
