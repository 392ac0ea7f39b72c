"""Scale-out: how long from a publication committed through node A to the item found by search on node B.

Two app servers (granian) and a worker on each, nginx with TLS in front, one PostgreSQL database (created
for the run and dropped after) and Redis — the same cluster the multi-node test starts
(dwgk/testing/cluster.py). The publisher logs in to node A over HTTPS and presses 发布 (a form POST, as
the browser sends it); the clock stops when node B's search page links to the item.

    python bench/bench_scaleout.py            # or ./dev bench scaleout
    BENCH_ROUNDS=10 ...                       # publications measured (default 5)

Prints:
    BENCH propagation_s        the slowest of the rounds (target ≤ 5 s)
    BENCH propagation_p50_s    the median
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchlib import pct  # noqa: E402

from dwgk.testing.cluster import Cluster  # noqa: E402

ROUNDS = int(os.environ.get("BENCH_ROUNDS", 5))
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
REDIS = os.environ.get("BENCH_REDIS", "redis://127.0.0.1:6379/3")
TERM = "扩容测试"
PASSWORD = "Test@2026pass"


def say(message: str) -> None:
    print(f"# {message}", file=sys.stderr, flush=True)


def csrf(text: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', text).group(1)


def main() -> None:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="dwgk-scaleout-") as tmp:
        cluster = Cluster(Path(tmp), PG, REDIS)
        say("创建数据库并迁移")
        cluster.create()
        try:
            ids = cluster.shell(
                "from dwgk.testing.world import build_world\n"
                "from dwgk.disclosures.tests.conftest import draft, to_approved\n"
                "w = build_world()\n"
                "ids = []\n"
                f"for n in range({ROUNDS}):\n"
                f"    d = draft(w, scope='public', title=f'{TERM}第{{n}}号公示', body='<p>{TERM}</p>')\n"
                "    ids.append(to_approved(w, d).pk)\n"
                "print(','.join(map(str, ids)))")
            cluster.start()
            a, b = cluster.url("a"), cluster.url("b")
            times = []
            with sync_playwright() as pw:
                http = pw.request.new_context(ignore_https_errors=True)
                login = http.get(f"{a}/accounts/login/")
                done = http.post(f"{a}/accounts/login/", form={"csrfmiddlewaretoken": csrf(login.text()),
                                                               "username": "publisher", "password": PASSWORD,
                                                               "next": "/disclosures/"},
                                 headers={"Referer": f"{a}/accounts/login/", "Origin": a})
                if "/accounts/login/" in done.url:
                    raise SystemExit(f"login through node A failed: HTTP {done.status} {done.url}")
                reader = pw.request.new_context(ignore_https_errors=True)
                for pk in map(int, ids.split(",")):
                    page = http.get(f"{a}/disclosures/{pk}/")
                    if 'id="publish-btn"' not in page.text():
                        raise SystemExit(f"item {pk} cannot be published through node A: HTTP {page.status} {page.url}")
                    r = http.post(f"{a}/disclosures/{pk}/publish/", form={"csrfmiddlewaretoken": csrf(page.text())},
                                  headers={"Referer": f"{a}/disclosures/{pk}/", "Origin": a})
                    committed = time.monotonic()  # the response is sent after the transaction commits
                    if r.status >= 400:
                        raise SystemExit(f"publish through node A failed: HTTP {r.status}")
                    link = f'href="/portal/d/{pk}/"'
                    while link not in reader.get(f"{b}/search/?q={TERM}&sort=date").text():
                        if time.monotonic() - committed > 60:
                            raise SystemExit(f"item {pk} not found on node B within 60 s")
                        time.sleep(0.05)
                    times.append(time.monotonic() - committed)
                    say(f"第 {len(times)} 项：{times[-1]:.2f} s")
                http.dispose()
                reader.dispose()
        finally:
            cluster.stop()
            cluster.drop()
    size = "2nodes+nginx+pg+redis"
    print(f"BENCH propagation_s {max(times):.2f} s {size}")
    print(f"BENCH propagation_p50_s {pct(times, 50):.2f} s {size}")


if __name__ == "__main__":
    main()
