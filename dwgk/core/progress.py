"""Progress of a long job (a full mirror build, an index rebuild): done of total, and time left."""

from __future__ import annotations

import time
from collections.abc import Callable


def _clock(seconds: float) -> str:
    seconds = int(seconds)
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


class Progress:
    """Call `advance()` per unit of work; `report` gets a Chinese line at most every `every` seconds and
    at the end: “生成静态镜像：1,200/60,000（2%），已用 0:41，预计剩余 32:10”."""

    def __init__(self, label: str, total: int, report: Callable[[str], object] | None, *, every: float = 5.0):
        self.label, self.total, self.report, self.every = label, max(0, total), report, every
        self.done = 0
        self.started = self.last = time.monotonic()

    def remaining_seconds(self) -> float | None:
        elapsed = time.monotonic() - self.started
        if not self.done or elapsed <= 0:
            return None
        return (self.total - self.done) * elapsed / self.done

    def text(self) -> str:
        elapsed = time.monotonic() - self.started
        pct = 100 * self.done // self.total if self.total else 100
        left = self.remaining_seconds()
        eta = _clock(left) if left is not None else "估算中"
        return f"{self.label}：{self.done:,}/{self.total:,}（{pct}%），已用 {_clock(elapsed)}，预计剩余 {eta}"

    def advance(self, n: int = 1) -> None:
        self.done += n
        now = time.monotonic()
        if self.report and (now - self.last >= self.every or self.done >= self.total):
            self.last = now
            self.report(self.text())
