"""Due periods (公开期限): generated from item cadences, fulfilled by publications, overdue after.

`sync_item` is the incremental, idempotent path for one item (after filing or a change);
`generate_year` is the bulk SQL path for a whole year across every catalog in force (the bench,
the yearly job, and recomputation when a holiday schedule arrives).
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from . import cadence
from .models import Catalog, CatalogItem, DuePeriod

UNFULFILLED = (DuePeriod.State.OPEN, DuePeriod.State.OVERDUE)
IN_FORCE = (Catalog.State.FILED, Catalog.State.PUBLISHED)


def _open_state(due: date, today: date) -> str:
    return DuePeriod.State.OVERDUE if due < today else DuePeriod.State.OPEN


def item_obliged(item: CatalogItem) -> bool:
    return item.catalog.in_force and not item.withheld and item.status != CatalogItem.Status.REVOKED


def desired_windows(item: CatalogItem, year: int, since: date | None = None) -> list[cadence.Window]:
    wins = cadence.windows(item.cadence_kind, item.cadence_params, year)
    lower = max(filter(None, [item.effective_from, since]), default=None)
    if lower:
        wins = [w for w in wins if w.end >= lower]
    if item.status == CatalogItem.Status.TERMINATED and item.ended_on:
        wins = [w for w in wins if w.start <= item.ended_on]
    return wins


@transaction.atomic
def sync_item(item: CatalogItem, year: int, *, today: date | None = None, since: date | None = None) -> dict:
    """Make the item's generated periods of `year` match its cadence. Fulfilled periods are history
    and are never touched; unfulfilled ones are updated, created or removed. Idempotent."""
    today = today or timezone.localdate()
    existing = {p.window_start: p for p in DuePeriod.objects.select_for_update().filter(
        item=item, year=year, event_date__isnull=True)}
    stats = {"created": 0, "updated": 0, "deleted": 0}
    if not item_obliged(item):
        wins = []
    else:
        wins = desired_windows(item, year, since)
    kept = [p for p in existing.values() if p.state not in UNFULFILLED]
    wanted = {w.start for w in wins}
    for start, p in existing.items():
        if p.state in UNFULFILLED and start not in wanted and (since is None or p.window_end >= since):
            p.delete()
            stats["deleted"] += 1
    if item.status == CatalogItem.Status.REVOKED:
        # 撤销: the obligation is annulled, past unfulfilled periods included
        n, _ = DuePeriod.objects.filter(item=item, year=year, state__in=UNFULFILLED).delete()
        stats["deleted"] += n
        return stats
    for w in wins:
        p = existing.get(w.start)
        if p is not None and p.state not in UNFULFILLED:
            continue
        if p is None:
            if any(k.window_start <= w.end and w.start <= k.window_end for k in kept):
                continue  # a fulfilled period of an earlier cadence already covers this time
            DuePeriod.objects.create(item=item, org_id=item.catalog.org_id, year=year, window_start=w.start,
                                     window_end=w.end, due_date=w.due, provisional=w.provisional,
                                     state=_open_state(w.due, today))
            stats["created"] += 1
        elif (p.window_end, p.due_date, p.provisional) != (w.end, w.due, w.provisional) or \
                p.state != _open_state(w.due, today):
            p.window_end, p.due_date, p.provisional = w.end, w.due, w.provisional
            p.state = _open_state(w.due, today)
            p.save(update_fields=["window_end", "due_date", "provisional", "state"])
            stats["updated"] += 1
    return stats


def sync_catalog(catalog: Catalog, year: int, *, today: date | None = None) -> None:
    for item in catalog.items.select_related("catalog"):
        sync_item(item, year, today=today)


def open_event_period(item: CatalogItem, event_date: date, *, today: date | None = None) -> DuePeriod:
    """An event of an 即时 item (or a change to a 长期 item) opens a period due N working days later."""
    today = today or timezone.localdate()
    w = cadence.event_window(item.cadence_kind, item.cadence_params, event_date)
    period, _ = DuePeriod.objects.get_or_create(
        item=item, window_start=w.start,
        defaults={"org_id": item.catalog.org_id, "year": event_date.year, "window_end": w.end, "due_date": w.due,
                  "provisional": w.provisional, "event_date": event_date, "state": _open_state(w.due, today)})
    return period


@transaction.atomic
def fulfil(item, *, published_on: date, disclosure_id: int) -> DuePeriod | None:
    """Mark the period a publication on `published_on` fulfils. Choice, in order: a period already
    holding this disclosure (idempotent); the earliest unfulfilled period whose window, extended
    to its due date, contains the day; else the earliest unfulfilled period that started before
    it (a late fulfilment). FULFILLED when published by the due date, LATE after it."""
    item_id = getattr(item, "pk", item)
    done = DuePeriod.objects.filter(item_id=item_id, disclosure_id=disclosure_id).first()
    if done:
        return done
    candidates = list(DuePeriod.objects.select_for_update().filter(
        item_id=item_id, state__in=UNFULFILLED, window_start__lte=published_on).order_by("window_start", "id"))
    if not candidates:
        return None
    inside = [p for p in candidates if published_on <= max(p.window_end, p.due_date)]
    period = inside[0] if inside else candidates[0]
    period.state = DuePeriod.State.FULFILLED if published_on <= period.due_date else DuePeriod.State.LATE
    period.fulfilled_on = published_on
    period.disclosure_id = disclosure_id
    period.save(update_fields=["state", "fulfilled_on", "disclosure_id"])
    return period


def refresh_overdue(today: date | None = None) -> int:
    """Flip open periods past their due date to overdue (one UPDATE)."""
    today = today or timezone.localdate()
    return DuePeriod.objects.filter(state=DuePeriod.State.OPEN, due_date__lt=today).update(
        state=DuePeriod.State.OVERDUE)


def _signatures(catalog_ids=None):
    qs = CatalogItem.objects.filter(catalog__state__in=IN_FORCE, status__in=(
        CatalogItem.Status.ACTIVE, CatalogItem.Status.TERMINATED), withheld=False)
    if catalog_ids is not None:
        qs = qs.filter(catalog_id__in=catalog_ids)
    return qs.order_by().values_list("cadence_sig", "cadence_kind").distinct()


def generate_year(year: int, *, today: date | None = None, catalog_ids=None) -> dict:
    """Bulk: create every missing generated period of `year` and refresh the dates of unfulfilled
    ones, in a handful of set-based statements (one INSERT … SELECT joined on the cadence
    signature). Idempotent. Items with an effective date or an end date are honoured in SQL."""
    today = today or timezone.localdate()
    rows = []
    by_sig = defaultdict(list)
    for sig, kind in _signatures(catalog_ids):
        params = json.loads(sig.split(":", 1)[1])
        for w in cadence.windows(kind, params, year):
            rows.append((sig, w.start, w.end, w.due, w.provisional, _open_state(w.due, today)))
            by_sig[sig].append(w)
    if not rows:
        return {"created": 0, "updated": 0}
    t_item, t_cat, t_dp = CatalogItem._meta.db_table, Catalog._meta.db_table, DuePeriod._meta.db_table
    qn = connection.ops.quote_name
    cat_filter = ""
    params_extra: list = []
    if catalog_ids is not None:
        ids = list(catalog_ids)
        if not ids:
            return {"created": 0, "updated": 0}
        cat_filter = f" AND i.catalog_id IN ({','.join(['%s'] * len(ids))})"
        params_extra = ids
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute("DROP TABLE IF EXISTS dwgk_cadence_windows")
        cur.execute("CREATE TEMPORARY TABLE dwgk_cadence_windows (sig varchar(200), ws date, we date, due date, "
                    "prov boolean, st varchar(10))")
        cur.executemany("INSERT INTO dwgk_cadence_windows VALUES (%s, %s, %s, %s, %s, %s)", rows)
        cur.execute("CREATE INDEX dwgk_cadence_windows_sig ON dwgk_cadence_windows (sig)")
        # refresh unfulfilled periods whose dates moved (a schedule arrived, a correction)
        cur.execute(
            f"UPDATE {t_dp} SET due_date = (SELECT w.due FROM dwgk_cadence_windows w, {t_item} i "
            f"  WHERE i.id = {t_dp}.item_id AND w.sig = i.cadence_sig AND w.ws = {t_dp}.window_start), "
            f" provisional = (SELECT w.prov FROM dwgk_cadence_windows w, {t_item} i "
            f"  WHERE i.id = {t_dp}.item_id AND w.sig = i.cadence_sig AND w.ws = {t_dp}.window_start) "
            f"WHERE {t_dp}.year = %s AND {t_dp}.event_date IS NULL AND {t_dp}.state IN ('open', 'overdue') "
            f"AND EXISTS (SELECT 1 FROM dwgk_cadence_windows w, {t_item} i WHERE i.id = {t_dp}.item_id "
            f"  AND w.sig = i.cadence_sig AND w.ws = {t_dp}.window_start "
            f"  AND (w.due <> {t_dp}.due_date OR w.prov <> {t_dp}.provisional))",
            [year])
        updated = cur.rowcount
        cur.execute(
            f"INSERT INTO {t_dp} (item_id, org_id, {qn('year')}, window_start, window_end, due_date, state, "
            f"provisional, event_date, disclosure_id, fulfilled_on) "
            f"SELECT i.id, c.org_id, %s, w.ws, w.we, w.due, w.st, w.prov, NULL, NULL, NULL "
            f"FROM {t_item} i JOIN {t_cat} c ON c.id = i.catalog_id "
            f"JOIN dwgk_cadence_windows w ON w.sig = i.cadence_sig "
            f"WHERE c.state IN ('filed', 'published') AND i.withheld = %s AND i.status IN ('active', 'terminated') "
            f"AND (i.effective_from IS NULL OR w.we >= i.effective_from) "
            f"AND (i.ended_on IS NULL OR i.status <> 'terminated' OR w.ws <= i.ended_on){cat_filter} "
            # item order makes every index insertion an append instead of a random B-tree walk
            f"ORDER BY i.id, w.ws ON CONFLICT (item_id, window_start) DO NOTHING",
            [year, False, *params_extra])
        created = cur.rowcount
        cur.execute("DROP TABLE dwgk_cadence_windows")
    refresh_overdue(today)
    return {"created": created, "updated": updated}


def recompute_event_periods(years: set[int], *, today: date | None = None) -> int:
    """Event periods whose due date depended on a changed year get their due date again."""
    today = today or timezone.localdate()
    n = 0
    q = Q(event_date__isnull=False, state__in=UNFULFILLED) & (Q(year__in=years) | Q(provisional=True))
    for p in DuePeriod.objects.filter(q).select_related("item"):
        w = cadence.event_window(p.item.cadence_kind, p.item.cadence_params, p.event_date)
        if (p.due_date, p.provisional) != (w.due, w.provisional):
            p.window_end, p.due_date, p.provisional, p.state = w.end, w.due, w.provisional, _open_state(w.due, today)
            p.save(update_fields=["window_end", "due_date", "provisional", "state"])
            n += 1
    return n


def on_schedule_changed(sender, years, **kwargs) -> None:
    """A year's holiday schedule changed: every date derived from it is computed again."""
    affected = set(years) | {y - 1 for y in years}  # year-end windows may fall due in the next year
    existing = [y for y in sorted(affected) if DuePeriod.objects.filter(year=y).exists()]
    for year in existing:
        generate_year(year)
    recompute_event_periods(set(years))
