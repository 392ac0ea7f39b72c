"""Bounded extraction bench (issue 13, Why 6): time and peak memory of extracting a .docx whose
document.xml inflates to 150 MB (targets: ≤ 300 MB, ≤ 5 s), and of one just under the declared-size cap
(90 MB, read as a stream until the element/text caps stop it). The bombs are generated here.

    python bench/bench_extract.py

Each extraction runs in a fresh forked child; its peak RSS (whole process: Python, Django and the
extraction) is what `_peak_mb` reports. The cache is bypassed (explicit caps), so every run parses.
"""

from __future__ import annotations

import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dwgk.settings")

import django  # noqa: E402

django.setup()

from dwgk.disclosures import extract  # noqa: E402
from dwgk.testing.hostile import docx_bomb  # noqa: E402


def measure(data: bytes) -> tuple[float, float, str]:
    """(seconds, peak RSS in MB, outcome) of one extraction in a forked child."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_end)
        started = time.perf_counter()
        result = extract.extract("bomb.docx", data, caps=extract.Caps())
        elapsed = time.perf_counter() - started
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        outcome = "text" if result.text is not None else "unscanned"
        os.write(write_end, f"{elapsed} {peak} {outcome}".encode())
        os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end) as fh:
        line = fh.read()
    os.waitpid(pid, 0)
    seconds, peak, outcome = line.split()
    return float(seconds), float(peak), outcome


def main() -> None:
    for mb, prefix in ((150, "docx_bomb"), (90, "docx_bomb_streamed")):
        data = docx_bomb(mb)
        best = min(measure(data) for _ in range(2))
        size = f"{len(data) // 1024}KB docx, document.xml {mb}MB inflated ({best[2]})"
        print(f"BENCH {prefix}_peak_mb {best[1]:.0f} MB {size}")
        print(f"BENCH {prefix}_s {best[0]:.2f} s {size}")


if __name__ == "__main__":
    main()
