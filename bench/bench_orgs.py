"""Benchmark: seed 100,000 orgs and 1,000,000 people with `dwgk seed`, then time subtree counts.

    python bench/bench_orgs.py            # SQLite at var/bench/orgs/dwgk.sqlite3 (recreated)
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/dwgk_bench python bench/bench_orgs.py
                                          # PostgreSQL: that database is dropped and recreated

Prints (stdout):
    BENCH seed_s <seconds> s 100000_orgs_1000000_people
    BENCH subtree_count_ms <median> ms 100000_orgs_depth0   (the city: the whole tree)
    BENCH subtree_count_ms <median> ms 100000_orgs_depth1   (the largest district)
    BENCH subtree_count_ms <median> ms 100000_orgs_depth2   (the largest township)
Targets: seeding under 180 s on 2 cores; a subtree count under 20 ms. Diagnostics go to stderr.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

from benchlib import recreate_database

ROOT = Path(__file__).resolve().parent.parent
ORGS = int(os.environ.get("BENCH_ORGS", 100_000))
PEOPLE = int(os.environ.get("BENCH_PEOPLE", 1_000_000))
REPEATS = int(os.environ.get("BENCH_REPEATS", 31))


def note(message: str) -> None:
    print(f"# {message}", file=sys.stderr, flush=True)


def fresh_database() -> None:
    """Start from nothing: delete our own SQLite file, or drop and recreate our own PostgreSQL database."""
    var = ROOT / "var" / "bench" / "orgs"
    var.mkdir(parents=True, exist_ok=True)
    os.environ["DJANGO_SETTINGS_MODULE"] = "dwgk.settings"
    os.environ["DWGK_VAR_DIR"] = str(var)
    url = os.environ.get("BENCH_DATABASE_URL", "").strip()
    os.environ["DATABASE_URL"] = url
    recreate_database(var, url)


def median_ms(fn, repeats: int = REPEATS) -> float:
    fn()  # warm the cache, as on a running server
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def main() -> None:
    sys.path.insert(0, str(ROOT))
    fresh_database()
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count, Sum

    from dwgk.orgs import selectors
    from dwgk.orgs.models import Organization, OrgKind
    from dwgk.orgs.paths import successor

    note(f"数据库：{connection.vendor} {connection.settings_dict['NAME']}")
    call_command("migrate", verbosity=0)

    started, cpu = time.perf_counter(), time.process_time()
    call_command("seed", orgs=ORGS, people=PEOPLE, quiet=not sys.stderr.isatty(), stdout=sys.stderr)
    seed_s = time.perf_counter() - started
    note(f"播种 CPU 时间（本进程）{time.process_time() - cpu:.1f} s；墙钟 {seed_s:.1f} s；负载 {os.getloadavg()[0]:.1f}")
    print(f"BENCH seed_s {seed_s:.1f} s {ORGS}_orgs_{PEOPLE}_people", flush=True)

    root = Organization.objects.get(parent=None)

    def largest(qs):
        # The largest subtree of its level: the worst case for a count at that depth.
        best, best_n = None, -1
        for org in qs:
            n = selectors.subtree_counts(org)["orgs"]
            if n > best_n:
                best, best_n = org, n
        return best

    district = largest(Organization.objects.filter(parent=root, kind=OrgKind.LOCAL_COMMITTEE))
    township = largest(Organization.objects.filter(parent=district, kind=OrgKind.TOWNSHIP))
    for depth, org in enumerate((root, district, township)):
        counts = selectors.subtree_counts(org)
        ms = median_ms(lambda org=org: selectors.subtree_counts(org))
        print(f"BENCH subtree_count_ms {ms:.2f} ms {ORGS}_orgs_depth{depth}", flush=True)
        note(f"depth{depth} {org.name}: {counts['orgs']:,} 个组织, {counts['members']:,} 名党员")

    # Diagnostics for the lead: the plan, and COUNT(*) (index-only on PostgreSQL) against COUNT(id).
    table = Organization._meta.db_table
    args = [root.path, successor(root.path)]
    with connection.cursor() as cur:
        for label, expr in (("COUNT(id)", "COUNT(id)"), ("COUNT(*)", "COUNT(*)")):
            q = f'SELECT {expr}, SUM(member_count) FROM "{table}" WHERE path >= %s AND path < %s'  # noqa: S608
            cur.execute(("EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN ") + q, args)
            plan = " | ".join(str(row[-1]) for row in cur.fetchall())
            ms = median_ms(lambda q=q: (cur.execute(q, args), cur.fetchall()))
            note(f"根组织 {label}, SUM(member_count)：中位数 {ms:.2f} ms；计划：{plan}")
    star = median_ms(lambda: selectors.subtree(root).aggregate(orgs=Count("*"), members=Sum("member_count")))
    note(f"根组织 ORM Count('*')：中位数 {star:.2f} ms（selectors.subtree_counts 现用 Count('id')）")


if __name__ == "__main__":
    main()
