"""Checkpoints of the audit chain's head, kept outside the audit table.

Each scheduled run appends (seq, hash, time, MAC) of the head it verified. `verify` then requires
every checkpointed entry to still exist with the same hash: a deleted tail or a chain recomputed
from some entry on (even with the key) no longer matches what was anchored. The default store is an
append-only file under the var dir (make it append-only at the OS level: `chattr +a`); any store
with `append` and `read` can be set by dotted path (DWGK_AUDIT_ANCHOR_STORE), e.g. one writing to a
remote log or WORM storage."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.module_loading import import_string

from .chainkey import keyed_algorithm, mac_hex


@dataclass(frozen=True)
class Checkpoint:
    seq: int
    hash: str
    at: str
    mac: str
    full: bool = False  # written after a walk of the whole chain (else: from the previous checkpoint on)

    def payload(self) -> bytes:
        return payload(self.seq, self.hash, self.at, self.full)

    @property
    def authentic(self) -> bool:
        return mac_hex(self.payload(), keyed_algorithm()) == self.mac


class FileAnchor:
    """One JSON line per checkpoint, opened O_APPEND (never rewritten)."""

    def __init__(self, path: Path | None = None):
        self.path = Path(path or settings.DWGK_AUDIT_ANCHOR_FILE)

    def append(self, checkpoint: Checkpoint) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        line = json.dumps(checkpoint.__dict__, separators=(",", ":")) + "\n"
        fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        try:
            os.write(fd, line.encode())
            os.fsync(fd)
        finally:
            os.close(fd)

    def read(self) -> list[Checkpoint | None]:
        """Every checkpoint in order; None for a line that is not one (a damaged store)."""
        if not self.path.exists():
            return []
        out: list[Checkpoint | None] = []
        for line in self.path.read_text().splitlines():
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                out.append(Checkpoint(int(row["seq"]), str(row["hash"]), str(row["at"]), str(row["mac"]),
                                      bool(row.get("full", False))))
            except (ValueError, KeyError, TypeError):
                out.append(None)
        return out


def store():
    return import_string(settings.DWGK_AUDIT_ANCHOR_STORE)()


def payload(seq: int, hash_: str, at: str, full: bool) -> bytes:
    return f"{seq}:{hash_}:{at}:{int(full)}".encode()


def make_checkpoint(seq: int, hash_: str, at: str, full: bool = False) -> Checkpoint:
    return Checkpoint(seq, hash_, at, mac_hex(payload(seq, hash_, at, full), keyed_algorithm()), full)
