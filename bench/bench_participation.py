"""Benchmark: the overdue list of requests and feedback for the root subtree of 100,000 orgs with
1,000,000 feedback items and 100,000 requests.

    python bench/bench_participation.py     # SQLite at var/bench/participation/dwgk.sqlite3 (recreated)

Prints (stdout):
    BENCH overdue_list_ms <median> ms 100000_orgs_1000000_feedback
Target: under 200 ms on SQLite. The list is `participation.selectors.overdue` (first page of 20, oldest
deadline first, with the exact total) — what the staff page and the workbench panel call.
Diagnostics go to stderr.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ORGS = int(os.environ.get("BENCH_ORGS", 100_000))
FEEDBACK = int(os.environ.get("BENCH_FEEDBACK", 1_000_000))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", 100_000))
REPEATS = int(os.environ.get("BENCH_REPEATS", 21))
BATCH = 20_000


def note(message: str) -> None:
    print(f"# {message}", file=sys.stderr, flush=True)


def setup_django() -> None:
    var = ROOT / "var" / "bench" / "participation"
    var.mkdir(parents=True, exist_ok=True)
    os.environ["DJANGO_SETTINGS_MODULE"] = "dwgk.settings"
    os.environ["DWGK_VAR_DIR"] = str(var)
    os.environ["DATABASE_URL"] = ""
    for suffix in ("", "-wal", "-shm", "-journal"):
        (var / f"dwgk.sqlite3{suffix}").unlink(missing_ok=True)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def insert(table: str, columns: list[str], rows: list[tuple]) -> None:
    from django.db import connection, transaction

    marks = ", ".join(["%s"] * len(columns))
    cols = ", ".join(f'"{c}"' for c in columns)
    with transaction.atomic(), connection.cursor() as cur:
        cur.executemany(f'INSERT INTO "{table}" ({cols}) VALUES ({marks})', rows)  # noqa: S608


def seed_items(rng: random.Random) -> None:
    from django.db import connection
    from django.utils import timezone

    from dwgk.orgs.models import Organization
    from dwgk.participation.conf import conf
    from dwgk.participation.models import DisclosureRequest, Feedback

    today = timezone.localdate()
    now = timezone.now()
    orgs = list(Organization.objects.values_list("id", "path"))
    adapt = connection.ops.adapt_datefield_value
    reply_days = conf("feedback_reply_days")

    def lifecycle(age: int) -> tuple[bool, int]:
        """(open?, warning level): most old items are closed; recent ones are half open."""
        open_ = rng.random() < (0.03 if age > 60 else 0.5)
        return open_, max([lv for lv in (15, 30, 60) if age >= lv], default=0) if open_ else 0

    fb_cols = ["number", "org_id", "org_path", "subject", "body", "channel", "is_anonymous", "name",
               "contact_encrypted", "submitter_is_member", "received_on", "state", "is_open", "due_date",
               "warning_level", "reject_reason", "rectification_note", "reply_text", "reply_public", "replied_on",
               "satisfaction", "closed_on", "closed_by_timeout", "created_at"]
    rows = []
    for i in range(FEEDBACK):
        org_id, path = orgs[int(rng.random() * len(orgs))]
        age = int(rng.random() * 730)
        received = today - timedelta(days=age)
        is_open, level = lifecycle(age)
        if is_open:
            state, due, replied, closed, rating = Feedback.State.ACCEPTED, received + timedelta(days=reply_days), \
                None, None, ""
        else:
            replied = received + timedelta(days=int(rng.random() * 14) + 1)
            state, due, closed, rating = Feedback.State.CLOSED, None, replied, rng.choice(["satisfied", "basic", ""])
        rows.append((f"YJ{received.year}{i + 1:08d}", org_id, path, "意见建议", "内容", "online", True, "", "",
                     False, adapt(received), state, is_open, adapt(due), level, "", "", "", True, adapt(replied),
                     rating, adapt(closed), False, now))
        if len(rows) >= BATCH:
            insert(Feedback._meta.db_table, fb_cols, rows)
            rows.clear()
    if rows:
        insert(Feedback._meta.db_table, fb_cols, rows)
    note(f"意见 {FEEDBACK:,} 条")

    from dwgk.workdays.calendar import add_workdays

    rq_cols = ["number", "org_id", "org_path", "applicant_type", "applicant_name", "applicant_is_member",
               "contact_encrypted", "description", "document_number", "purpose", "form_wanted", "channel",
               "received_on", "counted_from", "paused_workdays", "extended_workdays", "reply_due", "due_date",
               "is_open", "state", "correction_note", "extension_reason", "outcome", "reply_text", "satisfaction",
               "replied_on", "created_at"]
    outcomes = ["disclosed", "partial", "withheld", "unavailable", "not_processed"]
    rows = []
    for i in range(REQUESTS):
        org_id, path = orgs[int(rng.random() * len(orgs))]
        age = int(rng.random() * 730)
        received = today - timedelta(days=age)
        due = add_workdays(received, 20)
        is_open = rng.random() < (0.02 if age > 60 else 0.5)
        replied = None if is_open else received + timedelta(days=int(rng.random() * 25) + 1)
        rows.append((f"YSQ{received.year}{i + 1:07d}", org_id, path, "natural", "申请人", True, "", "所需信息", "", "",
                     "email", "online", adapt(received), adapt(received), 0, 0, adapt(due),
                     adapt(due if is_open else None), is_open, "processing" if is_open else "answered", "", "",
                     "" if is_open else rng.choice(outcomes), "", "", adapt(replied), now))
        if len(rows) >= BATCH:
            insert(DisclosureRequest._meta.db_table, rq_cols, rows)
            rows.clear()
    if rows:
        insert(DisclosureRequest._meta.db_table, rq_cols, rows)
    note(f"申请 {REQUESTS:,} 件")
    with connection.cursor() as cur:
        cur.execute("ANALYZE")


def main() -> None:
    setup_django()
    from django.db import connection
    from django.utils import timezone

    from dwgk.orgs.models import Organization
    from dwgk.participation import selectors
    from dwgk.participation.models import Feedback

    started = time.perf_counter()
    try:
        from dwgk.orgs.scale import seed_scale

        note(seed_scale(ORGS, 0, progress=False))
    except ImportError:  # pragma: no cover - the orgs engineer's scale seeder is expected to exist
        raise SystemExit("dwgk.orgs.scale.seed_scale is required")
    seed_items(random.Random(2026))
    note(f"数据准备 {time.perf_counter() - started:.1f} s")

    root = Organization.objects.filter(parent__isnull=True).order_by("id").first()
    today = timezone.localdate()
    first = selectors.overdue(root.path, on=today)
    note(f"逾期合计 {first['total']:,} 件；首行 {first['rows'][0]['number_']} 到期 {first['rows'][0]['due']}")
    with connection.cursor() as cur:
        for qs in (selectors._open_due(Feedback, root.path, before=today).values("id"),):
            sql, params = qs.query.sql_with_params()
            cur.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            note("计划: " + " | ".join(str(r[-1]) for r in cur.fetchall()))
    times = []
    for _ in range(REPEATS):
        t0 = time.perf_counter()
        result = selectors.overdue(root.path, on=today)
        assert len(result["rows"]) == 20
        times.append((time.perf_counter() - t0) * 1000)
    t0 = time.perf_counter()
    selectors._open_due(Feedback, root.path, before=today).count()
    note(f"意见逾期计数 {(time.perf_counter() - t0) * 1000:.1f} ms")
    median = statistics.median(times)
    note(f"min {min(times):.1f} ms, max {max(times):.1f} ms")
    print(f"BENCH overdue_list_ms {median:.1f} ms {ORGS}_orgs_{FEEDBACK}_feedback", flush=True)


if __name__ == "__main__":
    main()
