"""Writes to the holiday schedule: load a year from CSV/JSON, edit single days, remove a year.

Every write is all-or-nothing, clears the in-memory calendar, is audited, and sends
`signals.schedule_changed(years=...)` after commit so derived dates are recomputed.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from dwgk.audit import services as audit

from . import calendar
from .models import HolidaySchedule, SpecialDay
from .signals import schedule_changed

KIND_WORDS = {
    "holiday": SpecialDay.Kind.HOLIDAY, "休": SpecialDay.Kind.HOLIDAY, "放假": SpecialDay.Kind.HOLIDAY,
    "workday": SpecialDay.Kind.WORKDAY, "班": SpecialDay.Kind.WORKDAY, "上班": SpecialDay.Kind.WORKDAY,
    "调休上班": SpecialDay.Kind.WORKDAY,
}


@dataclass(frozen=True)
class DayRow:
    date: date
    kind: str
    name: str


def _changed(years: set[int]) -> None:
    calendar.clear_cache()
    transaction.on_commit(lambda: (calendar.clear_cache(), schedule_changed.send(HolidaySchedule, years=years)))


def parse_schedule(content: bytes | str, filename: str = "") -> list[DayRow]:
    """Parse a schedule file. CSV: `date,kind,name` (kind: holiday/workday or 休/班), header optional.
    JSON: a list of {"date","kind","name"} or {"year":..,"holidays":[{date,name}..],"workdays":[..]}.
    Raises ValidationError listing every bad line in Chinese."""
    if isinstance(content, bytes):
        try:
            content = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValidationError("文件不是 UTF-8 编码的文本。")
    is_json = filename.lower().endswith(".json") or content.lstrip().startswith(("[", "{"))
    raw: list[tuple[str, str, str, str]] = []  # (where, date, kind, name)
    if is_json:
        try:
            data = json.loads(content)
        except json.JSONDecodeError as exc:
            raise ValidationError(f"JSON 格式错误：第 {exc.lineno} 行第 {exc.colno} 列。")
        if isinstance(data, dict):
            for key, kind in (("holidays", "holiday"), ("workdays", "workday")):
                for i, entry in enumerate(data.get(key, []), 1):
                    if isinstance(entry, str):
                        entry = {"date": entry}
                    raw.append((f"{key} 第 {i} 项", str(entry.get("date", "")), kind, str(entry.get("name", ""))))
        elif isinstance(data, list):
            for i, entry in enumerate(data, 1):
                if not isinstance(entry, dict):
                    raise ValidationError(f"第 {i} 项不是对象。")
                raw.append((f"第 {i} 项", str(entry.get("date", "")), str(entry.get("kind", "")),
                            str(entry.get("name", ""))))
        else:
            raise ValidationError("JSON 顶层应为列表或对象。")
    else:
        for i, row in enumerate(csv.reader(io.StringIO(content)), 1):
            if not row or not "".join(row).strip():
                continue
            if i == 1 and row[0].strip().lower() in ("date", "日期"):
                continue
            row = [c.strip() for c in row] + ["", ""]
            raw.append((f"第 {i} 行", row[0], row[1], row[2]))
    errors, rows, seen = [], [], {}
    for where, d, kind, name in raw:
        try:
            day = date.fromisoformat(d.strip())
        except ValueError:
            errors.append(f"{where}：日期“{d}”格式应为 YYYY-MM-DD。")
            continue
        k = KIND_WORDS.get(kind.strip().lower()) or KIND_WORDS.get(kind.strip())
        if k is None:
            errors.append(f"{where}：类型“{kind}”应为 holiday/休 或 workday/班。")
            continue
        if day in seen:
            errors.append(f"{where}：日期 {day} 与{seen[day]}重复。")
            continue
        if k == SpecialDay.Kind.WORKDAY and day.weekday() < 5:
            errors.append(f"{where}：{day} 是工作日（周一至周五），无需标为调休上班。")
            continue
        seen[day] = where
        rows.append(DayRow(day, k, name.strip()[:40]))
    if not rows and not errors:
        errors.append("文件中没有任何日期。")
    if errors:
        raise ValidationError(errors)
    return rows


FESTIVAL_WINDOW_DAYS = 7  # an announced holiday block lies within a week of the statutory day


def missing_festivals(rows: list[DayRow], year: int) -> list[str]:
    """Statutory festivals of `year` with no loaded day off near them: what a whole-year load lacks."""
    off = [r.date.toordinal() for r in rows if r.date.year == year and r.kind == SpecialDay.Kind.HOLIDAY]
    spans: dict[str, list[int]] = {}
    for d, name in calendar.estimated_holidays(year).items():
        spans.setdefault(name, []).append(d.toordinal())
    missing = []
    for name, ords in spans.items():
        lo, hi = min(ords) - FESTIVAL_WINDOW_DAYS, max(ords) + FESTIVAL_WINDOW_DAYS
        if not any(lo <= o <= hi for o in off):
            missing.append(name)
    return missing


@transaction.atomic
def load_schedule(rows: list[DayRow], *, source: str = "", actor=None, partial: bool = False) -> list[int]:
    """Replace the schedule of every year present in `rows`. Returns the years loaded.

    A year's load must cover every statutory festival unless `partial` says it is only part of the
    year; a partial year stays provisional (the rest is estimated), so nothing claims more than it knows."""
    years = sorted({r.date.year for r in rows})
    incomplete = {year for year in years if missing_festivals(rows, year)}
    if not partial:
        # A year the packaged official calendar covers is already complete: a few days loaded for it are a
        # correction laid over it, not a claim to be the whole year.
        errors = [f"{year} 年的安排缺少{'、'.join(missing_festivals(rows, year))}的放假日期。"
                  for year in sorted(incomplete) if not calendar.is_packaged(year)]
        if errors:
            errors.append("若只载入部分安排，请注明“部分安排”（命令行加 --partial），该年仍标注为暂定。")
            raise ValidationError(errors)
    for year in years:
        schedule, _created = HolidaySchedule.objects.update_or_create(
            year=year, defaults={"source": source[:200], "updated_by": actor,
                                 "partial": partial or year in incomplete})
        schedule.days.all().delete()
        SpecialDay.objects.bulk_create(
            SpecialDay(schedule=schedule, date=r.date, kind=r.kind, name=r.name) for r in rows if r.date.year == year)
        audit.record("workdays.schedule_loaded", actor=actor, obj=schedule,
                     detail={"year": year, "days": sum(1 for r in rows if r.date.year == year), "source": source,
                             "partial": partial})
    _changed(set(years))
    return years


def load_file(path, *, actor=None, source: str = "", partial: bool = False) -> list[int]:
    with open(path, "rb") as fh:
        content = fh.read()
    return load_schedule(parse_schedule(content, str(path)), source=source or str(path), actor=actor,
                         partial=partial)


@transaction.atomic
def set_day(day: date, kind: str, name: str = "", *, actor=None) -> SpecialDay:
    """Add or correct one day of a loaded year's schedule (the year must be loaded first)."""
    schedule = HolidaySchedule.objects.select_for_update().filter(year=day.year).first()
    if schedule is None:
        raise ValidationError(f"{day.year} 年的节假日安排尚未载入，请先载入整年安排。")
    if kind not in SpecialDay.Kind.values:
        raise ValidationError("类型应为“放假”或“调休上班”。")
    if kind == SpecialDay.Kind.WORKDAY and day.weekday() < 5:
        raise ValidationError(f"{day} 是周一至周五，本来就是工作日。")
    obj, _ = SpecialDay.objects.update_or_create(date=day, defaults={"schedule": schedule, "kind": kind,
                                                                      "name": name[:40]})
    schedule.save(update_fields=["updated_at"])
    audit.record("workdays.day_set", actor=actor, obj=schedule, detail={"date": day, "kind": kind, "name": name})
    _changed({day.year})
    return obj


@transaction.atomic
def remove_day(day: date, *, actor=None) -> None:
    deleted, _ = SpecialDay.objects.filter(date=day).delete()
    if not deleted:
        raise ValidationError(f"{day} 不是已载入的特殊日期。")
    HolidaySchedule.objects.filter(year=day.year).first().save(update_fields=["updated_at"])
    audit.record("workdays.day_removed", actor=actor, object_type="workdays.specialday", object_id=str(day),
                 detail={"date": day})
    _changed({day.year})


@transaction.atomic
def remove_schedule(year: int, *, actor=None) -> None:
    """Drop a loaded year: it falls back to the package, or to the provisional estimate."""
    deleted, _ = HolidaySchedule.objects.filter(year=year).delete()
    if not deleted:
        raise ValidationError(f"{year} 年没有载入的节假日安排。")
    audit.record("workdays.schedule_removed", actor=actor, object_type="workdays.holidayschedule",
                 object_id=str(year), detail={"year": year})
    _changed({year})
