"""Benchmark the disclosure workflow: secrecy scanner throughput and workflow transitions per second, on
SQLite and on PostgreSQL.

    python bench/bench_workflow.py        # SQLite at var/bench/workflow/dwgk.sqlite3 (recreated), then
                                          # PostgreSQL (BENCH_PG_URL, default …/dwgk_bench_workflow, dropped and
                                          # recreated) when 127.0.0.1:5432 answers; skipped with a note if not
    BENCH_DATABASE_URL=postgres://… python bench/bench_workflow.py    # that database only
    BENCH_PG=0 ...                        # SQLite only
    BENCH_DISCLOSURES=150 BENCH_ROUNDS=3  # disclosures per round, rounds (the best round is reported)
    BENCH_WORKERS=4                       # processes of the additional parallel PostgreSQL figure (1: none)
    DWGK_TASKS=immediate ...              # also follow the change feed (mirror) inline after each commit

Prints (stdout; on PostgreSQL each workflow figure carries a `pg_` prefix):
    BENCH scanner_mb_s <value> MB/s 10MB_corpus                  (SQLite run only: no database involved)
    BENCH docx_bomb_peak_mb / docx_bomb_s                        text extraction of a .docx whose document.xml
                                          inflates to 150 MB (bench_extract.py; SQLite run only; ≤ 300 MB, ≤ 5 s)
    BENCH transitions_per_s <value> transitions/s <n>_disclosures_sqlite
    BENCH transition_cpu_ms <value> ms <n>_disclosures_sqlite    CPU time of this process per transition
    BENCH transition_queries <value> queries <n>_disclosures_sqlite   SQL statements per transition
    BENCH pg_transitions_per_s_4_processes <value> transitions/s <n>_disclosures_postgresql
                                          (PostgreSQL only, in addition: the same transitions shared out
                                          among 4 processes, as among an app server's workers)
Targets: scanner ≥ 20 MB/s (UTF-8 bytes of a 10 MB corpus of real-looking documents, best of 3);
≥ 200 transitions/s on both databases. A transition is one full service call — submit, secrecy pass,
approve, publish — through the workflow engine, each with its duty check (dwgk.access), step record,
content hash, 待办 withdrawn and created, audit entry (keyed chain) and, at publication, the reader-copy
check, index number, statistics tally and change-feed entry, all in one transaction.

The app server runs as in production (DWGK_TASKS=database): mail is queued for the worker, and the derived
copies follow the change feed in the worker's loop, so a decision pays for writing its feed entry, not for the
derived copies the worker builds from it (bench_mirror and bench_search measure those). Each round times fresh drafts after a short
warm-up; the machine is shared, so CPU per transition and queries per transition are printed beside the
wall-clock rate. Diagnostics go to stderr.
"""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

from benchlib import recreate_database

ROOT = Path(__file__).resolve().parent.parent
VAR = Path(os.environ.get("BENCH_VAR", ROOT / "var" / "bench" / "workflow")).resolve()
CORPUS_BYTES = 10 * 1024 * 1024
DISCLOSURES = int(os.environ.get("BENCH_DISCLOSURES", 150))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", 3))
WARMUP = 5
WORKERS = int(os.environ.get("BENCH_WORKERS", 4))  # PostgreSQL's additional parallel figure; 1: none
PG_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/dwgk_bench_workflow")


def note(message: str) -> None:
    print(f"# {message}", file=sys.stderr, flush=True)


def db_url() -> str:
    return os.environ.get("BENCH_DATABASE_URL", "").strip()


PREFIX = "pg_" if db_url().startswith("postgres") else ""


def emit(figure: str, value: str, unit: str, size: str, prefix: str = PREFIX) -> None:
    print(f"BENCH {prefix}{figure} {value} {unit} {size}", flush=True)


def setup_django() -> None:
    VAR.mkdir(parents=True, exist_ok=True)
    recreate_database(VAR, db_url())
    os.environ["DJANGO_SETTINGS_MODULE"] = "dwgk.settings"
    os.environ["DWGK_VAR_DIR"] = str(VAR)
    os.environ["DATABASE_URL"] = db_url()
    os.environ.setdefault("DWGK_TASKS", "database")
    os.environ.setdefault("DWGK_EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0, interactive=False)
    note(f"database: {connection.vendor} {connection.settings_dict['NAME']}; tasks: {os.environ['DWGK_TASKS']}")


def bench_scanner() -> float:
    from dwgk.disclosures.corpus import build_corpus
    from dwgk.disclosures.secrecy import scan

    corpus = build_corpus(CORPUS_BYTES)
    size = len(corpus.encode())
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        findings = scan(corpus, ())
        best = min(best, time.perf_counter() - start)
    note(f"scanner: {size} bytes, {len(findings)} findings, best {best:.3f} s")
    return size / best / 1_000_000


class Counter:
    """Counts the statements the connection runs (an execute wrapper: no SQL text is kept)."""

    def __init__(self):
        self.n = 0

    def __call__(self, execute, sql, params, many, context):
        self.n += 1
        return execute(sql, params, many, context)


def bench_transitions() -> dict:
    from django.db import connection
    from django.utils import timezone

    from dwgk.core.choices import Category, Channel, Scope
    from dwgk.disclosures import publishing, services
    from dwgk.disclosures.models import Disclosure, Status, StepRecord
    from dwgk.testing.world import build_world

    A = StepRecord.Action
    world = build_world()
    u = world.users

    def drafts(n: int, start: int) -> list:
        out = []
        for i in range(start, start + n):
            d = services.create_draft(
                org=world.district, title=f"关于第{i + 1}批党员发展对象的公示",
                body="<p>经支部委员会研究，拟将下列同志列为发展对象，现予公示。公示期5个工作日。</p>" * 8,
                proposer=u["proposer"], scope=Scope.PARTY, category=Category.ORGANIZATION,
                channels=[Channel.PORTAL], out_of_catalog_reason="基准测试")
            services.set_risk_assessment(d, u["proposer"], level="low", effect="无风险", plan="")
            out.append(d)
        return out

    actions = [
        ("submit", lambda d: services.submit(d, u["proposer"])),
        ("secrecy_pass", lambda d: services.act(d, u["secrecy"], A.PASS, opinion="同意")),
        ("approve", lambda d: services.act(d, u["approver"], A.PASS, opinion="同意")),
        ("publish", lambda d: publishing.publish(d, u["publisher"], now=timezone.now())),
    ]
    made = 0
    for d in drafts(WARMUP, made):
        for _name, act in actions:
            act(d)
    made += WARMUP
    # Statements per action, on one more disclosure.
    counter = Counter()
    per_action = {}
    (d,) = drafts(1, made)
    made += 1
    with connection.execute_wrapper(counter):
        for name, act in actions:
            before = counter.n
            act(d)
            per_action[name] = counter.n - before
    note("statements per action: " + ", ".join(f"{k} {v}" for k, v in per_action.items()))

    rounds = []
    for r in range(ROUNDS):
        batch = drafts(DISCLOSURES, made)
        made += DISCLOSURES
        wall, cpu = time.perf_counter(), time.process_time()
        for d in batch:
            for _name, act in actions:
                act(d)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        n = 4 * len(batch)
        rounds.append((n / wall, 1000 * cpu / n))
        note(f"round {r + 1}: {n} transitions in {wall:.2f} s = {n / wall:.0f}/s; CPU {1000 * cpu / n:.2f} ms each; "
             f"load {os.getloadavg()[0]:.1f}")
    best = max(rounds)
    note(f"median round {statistics.median(r[0] for r in rounds):.0f}/s")
    parallel = None
    if connection.vendor == "postgresql" and WORKERS > 1:
        # Beside the sequential figure, never instead: the same number of transitions, shared out among
        # processes as an app server's workers would take them (commits then overlap in the database).
        batch = drafts(DISCLOSURES, made)
        made += DISCLOSURES
        parallel = run_parallel([batch[i::WORKERS] for i in range(WORKERS)], actions)
    published = Disclosure.objects.filter(status=Status.PUBLISHED).count()
    assert published == made, (published, made)
    return {"rate": best[0], "cpu_ms": min(r[1] for r in rounds),
            "queries": sum(per_action.values()) / len(per_action), "parallel": parallel}


def run_parallel(shares: list[list], actions: list) -> float:
    """Transitions per second with each share of the disclosures taken through the workflow by a forked
    process of its own, on its own connection; all start together."""
    import multiprocessing

    from django.db import connections

    connections.close_all()  # each child opens its own connection
    ctx = multiprocessing.get_context("fork")
    start, results = ctx.Barrier(len(shares) + 1), ctx.Queue()

    def work(share):
        try:
            start.wait()
            for d in share:
                for _name, act in actions:
                    act(d)
            results.put(None)
        except BaseException as exc:  # reported by the parent
            results.put(repr(exc))
        finally:
            connections.close_all()

    procs = [ctx.Process(target=work, args=(share,)) for share in shares]
    for p in procs:
        p.start()
    start.wait()
    wall = time.perf_counter()
    errors = [e for e in (results.get() for _ in procs) if e]
    wall = time.perf_counter() - wall
    for p in procs:
        p.join()
    if errors:
        raise RuntimeError(f"parallel round failed: {errors[0]}")
    n = 4 * sum(len(share) for share in shares)
    note(f"parallel: {n} transitions by {len(shares)} processes in {wall:.2f} s = {n / wall:.0f}/s; "
         f"load {os.getloadavg()[0]:.1f}")
    return n / wall


def pg_reachable() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 5432), timeout=1).close()
        return True
    except OSError:
        return False


def run() -> None:
    setup_django()
    if not db_url():
        emit("scanner_mb_s", f"{bench_scanner():.1f}", "MB/s", "10MB_corpus")
        # Extraction's bounds, in a process of their own (its peak memory is the figure).
        subprocess.run([sys.executable, str(Path(__file__).with_name("bench_extract.py"))], check=True)
    t = bench_transitions()
    size = f"{DISCLOSURES}_disclosures_{'postgresql' if db_url() else 'sqlite'}"
    emit("transitions_per_s", f"{t['rate']:.0f}", "transitions/s", size)
    emit("transition_cpu_ms", f"{t['cpu_ms']:.2f}", "ms", size)
    emit("transition_queries", f"{t['queries']:.1f}", "queries", size)
    if t["parallel"] is not None:
        emit(f"transitions_per_s_{WORKERS}_processes", f"{t['parallel']:.0f}", "transitions/s", size)


def main() -> None:
    if db_url():
        run()
        return
    run()
    if os.environ.get("BENCH_PG", "1") != "1":
        return
    if not pg_reachable():
        note("PostgreSQL on 127.0.0.1:5432 does not answer: the pg_ figures are skipped")
        return
    # PostgreSQL in a process of its own (Django is configured once per process), its files beside SQLite's.
    env = dict(os.environ, BENCH_DATABASE_URL=PG_URL, BENCH_VAR=str(VAR / "pg"))
    subprocess.run([sys.executable, __file__], env=env, check=True)


if __name__ == "__main__":
    main()
