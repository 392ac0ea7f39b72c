"""Benchmark the disclosure workflow: secrecy scanner throughput and workflow transitions per second.

    python bench/bench_workflow.py        # SQLite at var/bench/workflow/dwgk.sqlite3 (recreated)

Prints (stdout), exactly:
    BENCH scanner_mb_s <value> MB/s 10MB_corpus
    BENCH transitions_per_s <value> transitions/s sqlite
Targets: scanner ≥ 20 MB/s (UTF-8 bytes of a 10 MB corpus of real-looking documents, best of 3);
≥ 200 transitions/s (submit → secrecy pass → approve → publish, each a full service call with its
step record, content hash, notifications and audit entry). Diagnostics go to stderr.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS_BYTES = 10 * 1024 * 1024
DISCLOSURES = int(os.environ.get("BENCH_DISCLOSURES", 150))


def note(message: str) -> None:
    print(f"# {message}", file=sys.stderr, flush=True)


def setup_django() -> None:
    var = ROOT / "var" / "bench" / "workflow"
    var.mkdir(parents=True, exist_ok=True)
    for leftover in var.glob("dwgk.sqlite3*"):
        leftover.unlink()
    os.environ["DJANGO_SETTINGS_MODULE"] = "dwgk.settings"
    os.environ["DWGK_VAR_DIR"] = str(var)
    os.environ["DATABASE_URL"] = ""
    os.environ.setdefault("DWGK_EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


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


def bench_transitions() -> float:
    from django.utils import timezone

    from dwgk.core.choices import Category, Channel, Scope
    from dwgk.disclosures import publishing, services
    from dwgk.disclosures.models import StepRecord
    from dwgk.testing.world import build_world

    A = StepRecord.Action
    world = build_world()
    u = world.users
    drafts = []
    for i in range(DISCLOSURES):
        d = services.create_draft(
            org=world.district, title=f"关于第{i + 1}批党员发展对象的公示",
            body="<p>经支部委员会研究，拟将下列同志列为发展对象，现予公示。公示期5个工作日。</p>" * 8,
            proposer=u["proposer"], scope=Scope.PARTY, category=Category.ORGANIZATION,
            channels=[Channel.PORTAL], out_of_catalog_reason="基准测试")
        services.set_risk_assessment(d, u["proposer"], level="low", effect="无风险", plan="")
        drafts.append(d)
    start = time.perf_counter()
    transitions = 0
    for d in drafts:
        services.submit(d, u["proposer"])
        services.act(d, u["secrecy"], A.PASS, opinion="同意")
        services.act(d, u["approver"], A.PASS, opinion="同意")
        publishing.publish(d, u["publisher"], now=timezone.now())
        transitions += 4
    elapsed = time.perf_counter() - start
    note(f"transitions: {transitions} in {elapsed:.2f} s")
    return transitions / elapsed


def main() -> None:
    setup_django()
    scanner = bench_scanner()
    transitions = bench_transitions()
    print(f"BENCH scanner_mb_s {scanner:.1f} MB/s 10MB_corpus")
    print(f"BENCH transitions_per_s {transitions:.0f} transitions/s sqlite")


if __name__ == "__main__":
    main()
