"""Benchmark: the statistics table (统计表) and the compliance monitor (合规监测) for a 100,000-org
subtree (the whole province tree) with 1,000,000 disclosures published in the year counted.

    python bench/bench_reports.py      # SQLite at var/bench/reports/dwgk.sqlite3, then PostgreSQL
                                       # (database dwgk_reports_bench on $DWGK_PG_URL's server) if reachable

Data are built once per database and kept (a marker table records the data version), so reruns only
time. Raw bulk inserts build: the org tree (orgs.scale), 1,000,000 published disclosures over 2025 with
their completed workflows and ~1,700,000 channel records, the publication tally (reports.tally.rebuild),
catalogs for 90% of the orgs with items and quarterly due periods (5% overdue), 100,000 feedback items,
20,000 requests and registry entries (carriers, measures, publicity, supervisors).

Prints (stdout), for each database:
    BENCH stats_table_s <median> s <database>_100000_orgs_1000000_disclosures
    BENCH compliance_s <median> s <database>_100000_orgs_1000000_disclosures
    BENCH publication_check_s <seconds> s <database>_...   (the scheduled full integrity check)
Targets: the table under 2 s, the monitor under 1 s. Diagnostics go to stderr.
"""

from __future__ import annotations

import os
import random
import statistics
import subprocess
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ORGS = int(os.environ.get("BENCH_ORGS", 100_000))
DISCLOSURES = int(os.environ.get("BENCH_DISCLOSURES", 1_000_000))
FEEDBACK = int(os.environ.get("BENCH_FEEDBACK", 100_000))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", 20_000))
REPEATS = int(os.environ.get("BENCH_REPEATS", 5))
YEAR = 2025
DATA_VERSION = f"v1-{ORGS}-{DISCLOSURES}-{FEEDBACK}-{REQUESTS}"
BATCH = 50_000


def note(message: str) -> None:
    print(f"# {message}", file=sys.stderr, flush=True)


def pg_bench_url() -> str:
    base = os.environ.get("BENCH_PG_URL") or os.environ.get("DWGK_PG_URL") or "postgres://postgres@127.0.0.1:5432/dwgk"
    return base.rsplit("/", 1)[0] + "/dwgk_reports_bench"


def pg_reachable(url: str) -> bool:
    import dj_database_url
    import psycopg

    cfg = dj_database_url.parse(url)
    try:
        psycopg.connect(host=cfg["HOST"], port=cfg["PORT"] or 5432, user=cfg["USER"], dbname="postgres",
                        connect_timeout=3).close()
        return True
    except psycopg.Error:
        return False


def ensure_pg_database(url: str) -> None:
    import dj_database_url
    import psycopg
    from psycopg import sql

    cfg = dj_database_url.parse(url)
    with psycopg.connect(host=cfg["HOST"], port=cfg["PORT"] or 5432, user=cfg["USER"], dbname="postgres",
                         autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [cfg["NAME"]]).fetchone():
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(cfg["NAME"])))


# --- building the data --------------------------------------------------------------------------

def _ready() -> bool:
    from django.db import connection

    with connection.cursor() as cur:
        if "bench_reports_marker" not in connection.introspection.table_names(cur):
            return False
        cur.execute("SELECT version FROM bench_reports_marker")
        row = cur.fetchone()
    return bool(row and row[0] == DATA_VERSION)


def _mark() -> None:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("CREATE TABLE IF NOT EXISTS bench_reports_marker (version varchar(80))")
        cur.execute("DELETE FROM bench_reports_marker")
        cur.execute("INSERT INTO bench_reports_marker (version) VALUES (%s)", [DATA_VERSION])


def _reset_database() -> None:
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor == "sqlite":
        connection.close()
        var = Path(os.environ["DWGK_VAR_DIR"])
        for suffix in ("", "-wal", "-shm", "-journal"):
            (var / f"dwgk.sqlite3{suffix}").unlink(missing_ok=True)
    else:
        with connection.cursor() as cur:
            cur.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    call_command("migrate", verbosity=0, interactive=False)


def _aware(d: date, seconds: int):
    from django.utils import timezone

    return timezone.make_aware(datetime(d.year, d.month, d.day) + timedelta(seconds=seconds))


def build(rng: random.Random) -> None:
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from dwgk.catalog.models import Catalog, CatalogItem, DuePeriod, Filing
    from dwgk.core.choices import Category, Channel, Scope
    from dwgk.disclosures.models import Disclosure, Publication, Workflow
    from dwgk.orgs.bulk import BulkInsert, first_free_id
    from dwgk.orgs.models import Organization, Person
    from dwgk.oversight.models import Carrier, LeadingBody, Measure, Publicity, SupervisorAppointment
    from dwgk.participation.models import DisclosureRequest, Feedback
    from dwgk.reports import tally

    _reset_database()
    t0 = time.perf_counter()
    call_command("seed", orgs=ORGS, people=ORGS, quiet=True, stdout=sys.stderr)
    note(f"组织树 {time.perf_counter() - t0:.0f} s")
    now = timezone.now()
    orgs = list(Organization.objects.values_list("id", "path", "parent_id"))
    org_ids = [o[0] for o in orgs]
    path_of = {o[0]: o[1] for o in orgs}
    proposer = Person.objects.filter(party_org__isnull=False).values_list("id", flat=True).first()
    members = list(Person.objects.filter(party_org__isnull=False).values_list("id", "party_org_id")[:20_000])
    adapt_dt = connection.ops.adapt_datetimefield_value
    adapt_d = connection.ops.adapt_datefield_value
    cats, chans = list(Category.values), list(Channel.values)
    scopes = [Scope.PUBLIC, Scope.PARTY, Scope.UNIT]
    year_start = date(YEAR, 1, 1)

    def write(ins: BulkInsert, rows: list) -> None:
        with transaction.atomic():
            ins.write(rows)
        rows.clear()

    # Disclosures, their completed workflows and channel records.
    t0 = time.perf_counter()
    d_ins = BulkInsert(Disclosure, ["id", "org_id", "title", "body", "category", "out_of_catalog_reason", "scope",
                                    "channels", "status", "proposer_id", "risk_level", "risk_effect",
                                    "published_at", "published_hash"], now)
    w_ins = BulkInsert(Workflow, ["disclosure_id", "template_name", "active", "outcome", "version", "ended_at"], now)
    p_ins = BulkInsert(Publication, ["disclosure_id", "channel", "published_at", "content_hash", "held_on",
                                     "audience_count"], now)
    first = first_free_id(Disclosure)
    drows, wrows, prows = [], [], []
    for i in range(DISCLOSURES):
        did = first + i
        day = year_start + timedelta(days=rng.randrange(365))
        at = adapt_dt(_aware(day, rng.randrange(8 * 3600, 18 * 3600)))
        online = [Channel.PORTAL] + ([Channel.BOARD] if rng.random() < 0.4 else [])
        offline = chans[rng.randrange(3, len(chans))] if rng.random() < 0.3 else None
        channels = online + ([offline] if offline else [])
        drows.append((did, org_ids[rng.randrange(len(org_ids))], f"党务公开事项{did}", "<p>正文</p>",
                      cats[rng.randrange(8)], "年度事项", scopes[rng.randrange(3)],
                      '["' + '","'.join(channels) + '"]', "published", proposer, "low", "无", at, "h"))
        wrows.append((did, "提出→审核→审批→实施", False, "done", 5, at))
        for ch in online:
            prows.append((did, ch, at, "h", None, None))
        if offline:
            prows.append((did, offline, at, "h", adapt_d(day), 30))
        if len(drows) >= BATCH:
            write(d_ins, drows)
            write(w_ins, wrows)
            write(p_ins, prows)
    for ins, rows in ((d_ins, drows), (w_ins, wrows), (p_ins, prows)):
        if rows:
            write(ins, rows)
    note(f"公开事项、流程、公开记录 {time.perf_counter() - t0:.0f} s")

    # Catalogs (90% filed), one quarterly item each, four due periods (5% overdue).
    t0 = time.perf_counter()
    with_catalog = [o for o in orgs if rng.random() < 0.9]
    c_ins = BulkInsert(Catalog, ["id", "org_id", "maker_id", "filed_with_id", "state", "version", "filed_at"], now)
    f_ins = BulkInsert(Filing, ["catalog_id", "filed_with_id", "decision", "decided_at"], now)
    i_ins = BulkInsert(CatalogItem, ["id", "catalog_id", "subject", "category", "scope", "cadence_kind",
                                     "cadence_sig"], now)
    dp_ins = BulkInsert(DuePeriod, ["item_id", "org_id", "year", "window_start", "window_end", "due_date",
                                    "state"], now)
    c_first, i_first = first_free_id(Catalog), first_free_id(CatalogItem)
    filed_at = adapt_dt(_aware(date(YEAR, 3, 1), 36000))
    crows, frows, irows, dprows = [], [], [], []
    for n, (oid, _path, parent) in enumerate(with_catalog):
        cid, iid = c_first + n, i_first + n
        crows.append((cid, oid, oid, parent or oid, "filed", 1, filed_at))
        frows.append((cid, parent or oid, "filed", filed_at))
        irows.append((iid, cid, "党费收缴情况", "organization", "party", "periodic", "periodic:quarter"))
        for q in range(4):
            ws = date(YEAR, 3 * q + 1, 1)
            we = date(YEAR + (q == 3), (3 * q + 3) % 12 + 1, 1) - timedelta(days=1)
            state = "overdue" if rng.random() < 0.05 else "fulfilled"
            dprows.append((iid, oid, YEAR, adapt_d(ws), adapt_d(we), adapt_d(we + timedelta(days=10)), state))
        if len(crows) >= BATCH // 4:
            for ins, rows in ((c_ins, crows), (f_ins, frows), (i_ins, irows), (dp_ins, dprows)):
                write(ins, rows)
    for ins, rows in ((c_ins, crows), (f_ins, frows), (i_ins, irows), (dp_ins, dprows)):
        if rows:
            write(ins, rows)
    note(f"目录与期次 {time.perf_counter() - t0:.0f} s")

    # Feedback and requests (a few open past their deadline).
    t0 = time.perf_counter()
    fb_ins = BulkInsert(Feedback, ["number", "org_id", "org_path", "subject", "body", "received_on", "state",
                                   "is_open", "due_date", "replied_on", "closed_on", "satisfaction"], now)
    rows = []
    sats = ["satisfied", "basic", "unsatisfied", ""]
    for i in range(FEEDBACK):
        oid = org_ids[rng.randrange(len(org_ids))]
        rec = year_start + timedelta(days=rng.randrange(365))
        open_ = rng.random() < 0.05
        rows.append((f"BF{i:09d}", oid, path_of[oid], "意见", "内容", adapt_d(rec), "accepted" if open_ else "closed",
                     open_, adapt_d(rec + timedelta(days=60)), None if open_ else adapt_d(rec + timedelta(days=9)),
                     None if open_ else adapt_d(rec + timedelta(days=12)), "" if open_ else sats[rng.randrange(4)]))
        if len(rows) >= BATCH:
            write(fb_ins, rows)
    if rows:
        write(fb_ins, rows)
    rq_ins = BulkInsert(DisclosureRequest, ["number", "org_id", "org_path", "applicant_name", "description",
                                            "received_on", "counted_from", "state", "is_open", "reply_due",
                                            "due_date", "replied_on", "outcome", "applicant_is_member",
                                            "satisfaction"], now)
    for i in range(REQUESTS):
        oid = org_ids[rng.randrange(len(org_ids))]
        rec = year_start + timedelta(days=rng.randrange(365))
        open_ = rng.random() < 0.05
        due = adapt_d(rec + timedelta(days=28))
        rows.append((f"BR{i:09d}", oid, path_of[oid], "申请人", "申请公开", adapt_d(rec), adapt_d(rec),
                     "processing" if open_ else "answered", open_, due, due,
                     None if open_ else adapt_d(rec + timedelta(days=15)), "" if open_ else "disclosed",
                     rng.random() < 0.7, "" if open_ else sats[rng.randrange(4)]))
    write(rq_ins, rows)
    note(f"意见与申请 {time.perf_counter() - t0:.0f} s")

    # Registry entries.
    t0 = time.perf_counter()
    d15 = adapt_d(date(YEAR, 2, 15))
    car = BulkInsert(Carrier, ["org_id", "kind", "name", "quantity", "established_on"], now)
    write(car, [(o, ["board", "board", "ledger", "screen", "website", "reading_room", "hotline"][rng.randrange(7)],
                 "载体", rng.randint(1, 3), d15) for o in org_ids])
    mea = BulkInsert(Measure, ["org_id", "kind", "title", "adopted_on"], now)
    write(mea, [(o, ["measure", "plan", "rule"][rng.randrange(3)], "制度", d15) for o in org_ids[::3]])
    lb = BulkInsert(LeadingBody, ["org_id", "kind", "name", "established_on"], now)
    write(lb, [(o, "group", "领导小组", d15) for o in org_ids[::10]])
    pub = BulkInsert(Publicity, ["org_id", "kind", "title", "held_on"], now)
    write(pub, [(o, ["activity", "article", "forum"][rng.randrange(3)], "活动",
                 adapt_d(year_start + timedelta(days=rng.randrange(365)))) for o in org_ids[::2]])
    sup = BulkInsert(SupervisorAppointment, ["org_id", "person_id", "appointed_on"], now)
    write(sup, [(org, pid, d15) for pid, org in members[:10_000]])
    note(f"工作台账 {time.perf_counter() - t0:.0f} s")

    t0 = time.perf_counter()
    n = tally.rebuild()
    note(f"公开统计汇总表重建 {n:,} 行 {time.perf_counter() - t0:.0f} s")
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute("VACUUM ANALYZE")
        else:
            cur.execute("ANALYZE")
    _mark()


# --- timing -------------------------------------------------------------------------------------

def median_s(fn, repeats: int = REPEATS) -> float:
    fn()  # warm the cache, as on a running server
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def run_one(url: str) -> None:
    """Build (or reuse) and time on one database; run in its own process per database."""
    var = ROOT / "var" / "bench" / "reports"
    var.mkdir(parents=True, exist_ok=True)
    os.environ["DJANGO_SETTINGS_MODULE"] = "dwgk.settings"
    os.environ["DWGK_VAR_DIR"] = str(var)
    os.environ["DATABASE_URL"] = url
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from dwgk.orgs.models import Organization
    from dwgk.oversight import compliance
    from dwgk.reports.stats import statistics_table

    db = "sqlite" if connection.vendor == "sqlite" else "postgresql"
    note(f"数据库：{db} {connection.settings_dict['NAME']}")
    if not _ready():
        note("构建基准数据（首次运行，之后复用）…")
        started = time.perf_counter()
        build(random.Random(2026))
        note(f"基准数据构建完成 {time.perf_counter() - started:.0f} s")
    else:
        call_command("migrate", verbosity=0, interactive=False)
    root = Organization.objects.get(parent=None)
    size = f"{db}_{root.subtree_orgs}_orgs_{DISCLOSURES}_disclosures"

    t = time.perf_counter()
    run = compliance.verify_publications()
    check_s = time.perf_counter() - t
    note(f"发布完整性核查：检查 {run.checked:,} 项，发现 {run.violations} 项")

    table = statistics_table(root, date(YEAR, 1, 1), date(YEAR, 12, 31))
    note("合计：基层党组织 {} 个，公开内容 {} 次，网络公开 {} 次，收集意见 {} 条".format(
        table.value("orgs"), sum(table.value(f"cat:{c}") for c in
                                 ("resolutions", "ideology", "organization", "leadership", "cadres", "service",
                                  "integrity", "other")),
        table.value("ch:portal"), table.value("collected")))
    stats_s = median_s(lambda: statistics_table(root, date(YEAR, 1, 1), date(YEAR, 12, 31)))
    print(f"BENCH stats_table_s {stats_s:.3f} s {size}", flush=True)
    m = compliance.monitor(root, today=date(YEAR + 1, 1, 15))
    note(f"合规监测：{m.totals}；问题组织 {m.orgs_with_problems:,} 个")
    comp_s = median_s(lambda: compliance.monitor(root, today=date(YEAR + 1, 1, 15)))
    print(f"BENCH compliance_s {comp_s:.3f} s {size}", flush=True)
    print(f"BENCH publication_check_s {check_s:.2f} s {size}", flush=True)
    half = median_s(lambda: statistics_table(root, date(YEAR, 3, 10), date(YEAR, 9, 20)), repeats=3)
    note(f"非整年期间（3月10日至9月20日）统计表：中位数 {half:.2f} s")
    note(f"{db} 负载 {os.getloadavg()[0]:.1f}")


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--one":
        run_one(sys.argv[2] if len(sys.argv) > 2 else "")
        return
    urls = [""]
    pg = pg_bench_url()
    sys.path.insert(0, str(ROOT))
    if pg_reachable(pg):
        ensure_pg_database(pg)
        urls.append(pg)
    else:
        note(f"PostgreSQL 不可达（{pg}），只在 SQLite 上运行")
    for url in urls:
        subprocess.run([sys.executable, __file__, "--one", url], check=True)


if __name__ == "__main__":
    main()
