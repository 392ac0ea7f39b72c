"""Benchmark: a year's due periods for 100,000 orgs with their template catalogs, in bulk SQL.

    python bench/bench_cadence.py         # SQLite at var/bench/cadence/dwgk.sqlite3 (recreated)
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/dwgk_bench_cadence python bench/bench_cadence.py
                                          # PostgreSQL: that database is dropped and recreated

Builds its own data (`dwgk seed --orgs N --people 0`, then every org's template catalog, published),
then times `catalog.duedates.generate_year(2026)` and prints exactly one line on stdout:
    BENCH due_periods_s <seconds> s 100000_orgs
Target: under 60 s on 2 cores. Diagnostics go to stderr, including a second, idempotent run
(skip it with BENCH_SKIP_RERUN=1).
"""

from __future__ import annotations

import os
import sys
import time
from datetime import date
from pathlib import Path

from benchlib import recreate_database

ROOT = Path(__file__).resolve().parent.parent
ORGS = int(os.environ.get("BENCH_ORGS", 100_000))
YEAR = 2026


def note(message: str) -> None:
    print(f"# {message}", file=sys.stderr, flush=True)


def fresh_database() -> None:
    var = ROOT / "var" / "bench" / "cadence"
    var.mkdir(parents=True, exist_ok=True)
    os.environ["DJANGO_SETTINGS_MODULE"] = "dwgk.settings"
    os.environ["DWGK_VAR_DIR"] = str(var)
    url = os.environ.get("BENCH_DATABASE_URL", "").strip()
    os.environ["DATABASE_URL"] = url
    recreate_database(var, url)


def main() -> None:
    sys.path.insert(0, str(ROOT))
    fresh_database()
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from dwgk.catalog import bulk, duedates
    from dwgk.catalog.models import Catalog, DuePeriod

    note(f"数据库：{connection.vendor} {connection.settings_dict['NAME']}")
    call_command("migrate", verbosity=0)
    t = time.perf_counter()
    call_command("seed", orgs=ORGS, people=0, quiet=True, stdout=sys.stderr)
    note(f"组织播种 {time.perf_counter() - t:.1f} s")
    t = time.perf_counter()
    made = bulk.create_template_catalogs(state=Catalog.State.PUBLISHED, publish_scope="public")
    note(f"模板目录 {made['catalogs']:,} 个、事项 {made['items']:,} 项：{time.perf_counter() - t:.1f} s")
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("ANALYZE")

    started, cpu = time.perf_counter(), time.process_time()
    stats = duedates.generate_year(YEAR, today=date(YEAR, 11, 22))
    elapsed = time.perf_counter() - started
    note(f"公开期限 {stats['created']:,} 个（更新 {stats['updated']:,}）；本进程 CPU {time.process_time() - cpu:.1f} s；"
         f"负载 {os.getloadavg()[0]:.1f}")
    print(f"BENCH due_periods_s {elapsed:.1f} s {ORGS}_orgs", flush=True)
    if os.environ.get("BENCH_SKIP_RERUN"):
        return
    t = time.perf_counter()
    again = duedates.generate_year(YEAR, today=date(YEAR, 11, 22))
    note(f"重复运行（幂等）：新增 {again['created']}，更新 {again['updated']}，{time.perf_counter() - t:.1f} s；"
         f"总数 {DuePeriod.objects.count():,}")


if __name__ == "__main__":
    main()
