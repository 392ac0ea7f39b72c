"""Where a portal request spends its CPU, in-process: the bench's member list, a disclosure page and the
do-nothing ceiling view through the full middleware stack (Django's test client, a logged-in member), on
the bench's data (run `./dev bench portal` once to build it; BENCH_VAR etc. as there).

    python bench/profile_portal.py               # CPU ms and queries per request for each page
    PROFILE=latest python bench/profile_portal.py   # and a cProfile of that page (latest|page|ceiling)

Not a benchmark (prints no BENCH lines): a tool for finding what to make cheaper."""

from __future__ import annotations

import cProfile
import os
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_portal  # noqa: E402

N = int(os.environ.get("PROFILE_N", 300))


def main() -> None:
    bench_portal.setup_django()
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from dwgk.access.disclosures import public_disclosures
    from dwgk.disclosures.models import Disclosure

    users = bench_portal.members(4)
    client = Client()
    cookie = bench_portal.member_cookie(users[0])
    name, value = cookie.split("=", 1)
    client.cookies[name] = value
    d = public_disclosures(Disclosure.objects.order_by("-published_at")).first()
    urls = {"ceiling": reverse("portal:bench_ceiling"), "latest": reverse("portal:latest"),
            "page": reverse("portal:disclosure", args=[d.pk])}
    for url in urls.values():
        for _ in range(20):
            assert client.get(url).status_code == 200, url
    for label, url in urls.items():
        captured = []

        def spy(execute, sql, params, many, context, captured=captured):
            captured.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(spy):
            client.get(url)
        t0 = time.process_time()
        for _ in range(N):
            client.get(url)
        ms = (time.process_time() - t0) / N * 1000
        print(f"{label:8s} {ms:6.2f} CPU ms/request  {len(captured)} queries  {url}")
        if os.environ.get("PROFILE_SQL"):
            for sql in captured:
                print("   ", sql[:400])
    which = os.environ.get("PROFILE")
    if which:
        prof = cProfile.Profile()
        prof.enable()
        for _ in range(N):
            client.get(urls[which])
        prof.disable()
        stats = pstats.Stats(prof)
        stats.sort_stats("cumulative").print_stats(int(os.environ.get("PROFILE_LINES", 60)))
        stats.sort_stats("tottime").print_stats(30)


if __name__ == "__main__":
    main()
