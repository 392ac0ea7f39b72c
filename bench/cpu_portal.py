"""CPU time per request in the app server itself (granian's processes, as the bench runs it), for the
ceiling view, the member list and a disclosure page: what a page costs, independent of how loaded the
machine is. Same data and environment as bench_portal.py (BENCH_VAR etc.).

    python bench/cpu_portal.py

Not a benchmark (prints no BENCH lines): a tool for judging a change on a shared machine."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_portal  # noqa: E402

TICK = os.sysconf("SC_CLK_TCK")


def _tree(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            kids = Path(f"/proc/{p}/task/{p}/children").read_text().split()
        except OSError:
            kids = []
        todo += [int(k) for k in kids]
    return out


def _cpu(pid: int) -> float:
    total = 0
    for p in _tree(pid):
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime + stime
    return total / TICK


def _pg_backends() -> list[int]:
    """The PostgreSQL server processes serving the bench's database (their CPU is the page's too)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cur:
        cur.execute("SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()")
        return [r[0] for r in cur.fetchall()]


def _cpu_of(pids: list[int]) -> float:
    total = 0
    for p in pids:
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / TICK


def main() -> None:
    bench_portal.setup_django()
    from django.core.management import call_command
    from django.urls import reverse

    from dwgk.access.disclosures import public_disclosures
    from dwgk.disclosures.models import Disclosure

    call_command("collectstatic", interactive=False, verbosity=0)
    cookie = "|".join(bench_portal.member_cookie(u) for u in bench_portal.members(bench_portal.CONNECTIONS))
    d = public_disclosures(Disclosure.objects.order_by("-published_at")).first()
    targets = {"ceiling": reverse("portal:bench_ceiling"), "member_list": reverse("portal:latest"),
               "disclosure_page": reverse("portal:disclosure", args=[d.pk])}
    port = bench_portal.free_port()
    app = bench_portal.granian(port, "dwgk.wsgi:application", "--blocking-threads", str(bench_portal.THREADS))
    exe = bench_portal.loadgen_binary()
    seconds = os.environ.get("BENCH_SECONDS", "5")
    try:
        for name, url in targets.items():
            subprocess.run([str(exe), "127.0.0.1", str(port), url, "4", "2", cookie], check=True, capture_output=True)
            pg = _pg_backends()
            before, pg_before = _cpu(app.pid), _cpu_of(pg)
            out = subprocess.run([str(exe), "127.0.0.1", str(port), url, str(bench_portal.CONNECTIONS), seconds,
                                  cookie], check=True, capture_output=True, text=True).stdout.split()
            spent, pg_spent = _cpu(app.pid) - before, _cpu_of(pg) - pg_before
            n = int(out[0])
            db = f"  + {pg_spent / n * 1000:5.2f} in PostgreSQL" if pg else ""
            print(f"{name:16s} {spent / n * 1000:6.2f} app CPU ms/request{db}  {float(out[3]):7.0f} req/s  {url}")
    finally:
        app.terminate()
        app.wait(10)


if __name__ == "__main__":
    main()
