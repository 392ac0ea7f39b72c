"""The static mirror: a full build from the database, then a second build with nothing changed.

Data: BENCH_ORGS organisations (seed_scale, default 100,000) and BENCH_DOCS published disclosures spread
over them (default 20,000, half of them public), in a database of the benchmark's own (SQLite under
BENCH_VAR, or BENCH_DATABASE_URL=postgres://…/dwgk_bench_mirror, dropped and recreated).

    python bench/bench_mirror.py                  # or ./dev bench mirror
    BENCH_ONLY=data ...                           # build (or check) the cached data, measure nothing
    BENCH_ORGS=3000 BENCH_DOCS=2000 ...           # a quick run

Prints:
    BENCH mirror_build_s          a full build into an empty directory (target ≤ 600 s at 10⁵ orgs)
    BENCH mirror_pages_per_s      files written per second in that build
    BENCH mirror_rebuild_written  files a second build rewrites with nothing changed (target 0)
    BENCH mirror_rebuild_s        how long that second build takes
    BENCH mirror_build_cpu_s      CPU seconds of this process in the first build (the machine may be shared:
    BENCH mirror_rebuild_cpu_s    wall time then says more about the load than about the build)
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from benchlib import recreate_database  # noqa: E402

VAR = Path(os.environ.get("BENCH_VAR", ROOT / "var" / "bench" / "mirror")).resolve()
ORGS = int(os.environ.get("BENCH_ORGS", 100_000))
DOCS = int(os.environ.get("BENCH_DOCS", 20_000))
PEOPLE = int(os.environ.get("BENCH_PEOPLE", 2_000))
BATCH = 5_000


def note(message: str) -> None:
    print(f"# {message}", file=sys.stderr, flush=True)


def setup_django() -> None:
    VAR.mkdir(parents=True, exist_ok=True)
    os.environ.update(DJANGO_SETTINGS_MODULE="dwgk.settings", DWGK_VAR_DIR=str(VAR),
                      DATABASE_URL=os.environ.get("BENCH_DATABASE_URL", "").strip())
    import django

    django.setup()


def build_data() -> None:
    marker = VAR / "complete.json"
    want = {"orgs": ORGS, "docs": DOCS, "db": os.environ.get("BENCH_DATABASE_URL", "") or "sqlite"}
    if marker.exists() and json.loads(marker.read_text()) == want and not os.environ.get("BENCH_REBUILD"):
        note(f"reusing data in {VAR}")
        return
    marker.unlink(missing_ok=True)
    recreate_database(VAR, os.environ.get("BENCH_DATABASE_URL", "").strip())
    from bench_portal import _orgs, generate
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from dwgk.disclosures.models import Disclosure
    from dwgk.orgs.bulk import BulkInsert
    from dwgk.orgs.models import Person
    from dwgk.orgs.scale import _fast_sqlite, seed_scale

    call_command("migrate", verbosity=0, interactive=False)
    note(seed_scale(ORGS, PEOPLE, progress=False))
    orgs = _orgs()
    person_ids = list(Person.objects.values_list("id", flat=True)[:5_000])
    now = timezone.now()
    ops = connection.ops
    insert = BulkInsert(Disclosure, ["id", "org_id", "title", "body", "category", "scope", "channels", "published_at",
                                     "status", "proposer_id", "out_of_catalog_reason", "version_no"], now)
    batch = []
    with _fast_sqlite():
        for row, _doc in generate(orgs, person_ids, DOCS):
            i, org_id, title, body, category, scope, channels, published = row
            scope = "public" if scope == "public" else "party"  # no targets: the mirror holds public pages
            batch.append((i, org_id, title, body, category, scope, json.dumps(list(channels)),
                          ops.adapt_datetimefield_value(published), "published", person_ids[0], "基准数据", 1))
            if len(batch) >= BATCH:
                with transaction.atomic():
                    insert.write(batch)
                batch = []
        with transaction.atomic():
            insert.write(batch)
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute(f"SELECT setval(pg_get_serial_sequence('{Disclosure._meta.db_table}', 'id'), %s)", [DOCS])
    call_command("collectstatic", interactive=False, verbosity=0)
    marker.write_text(json.dumps(want))


def main() -> None:
    setup_django()
    build_data()
    if os.environ.get("BENCH_ONLY") == "data":
        return
    from dwgk.portal.mirror import Mirror

    root = VAR / "mirror"
    shutil.rmtree(root, ignore_errors=True)
    size = f"{ORGS}orgs/{DOCS}docs"
    t0, c0 = time.perf_counter(), time.process_time()
    first = Mirror(root).build(progress=note)
    build_s, build_cpu = time.perf_counter() - t0, time.process_time() - c0
    note(f"first build: {first}")
    t1, c1 = time.perf_counter(), time.process_time()
    second = Mirror(root).build(progress=note)
    rebuild_s, rebuild_cpu = time.perf_counter() - t1, time.process_time() - c1
    note(f"second build: {second}")
    print(f"BENCH mirror_build_s {build_s:.1f} s {size}")
    print(f"BENCH mirror_pages_per_s {first.written / build_s:.0f} pages/s {size}")
    print(f"BENCH mirror_rebuild_written {second.written} files {size}")
    print(f"BENCH mirror_rebuild_s {rebuild_s:.1f} s {size}")
    print(f"BENCH mirror_build_cpu_s {build_cpu:.1f} s {size}")
    print(f"BENCH mirror_rebuild_cpu_s {rebuild_cpu:.1f} s {size}")


if __name__ == "__main__":
    main()
