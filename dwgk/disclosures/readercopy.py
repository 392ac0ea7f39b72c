"""The reader copy of an attachment: the one answer to "what bytes, under what name, type and size,
does a reader get?" — used by the portal, the API, the static mirror, exports and the archive package.

The copy is the original unless the secrecy review redacted something in it; then it is the 脱密件
recorded on the attachment (its name, content type, size and SHA-256 are written when it is made, and
publication checks the stored bytes against them).
"""

from __future__ import annotations

import hashlib
import mimetypes
from dataclasses import dataclass
from pathlib import PurePath

from django.core.files.base import ContentFile
from django.db.models.fields.files import FieldFile


@dataclass(frozen=True)
class ReaderCopy:
    file: FieldFile
    name: str
    content_type: str
    size: int | None
    sha256: str
    redacted: bool

    def open(self):
        return self.file.open("rb")

    def read(self) -> bytes | None:
        """The stored bytes, or None when the file is missing from storage."""
        try:
            with self.file.open("rb") as fh:
                return fh.read()
        except (FileNotFoundError, ValueError, OSError):
            return None


def guess_type(name: str) -> str:
    guessed = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return f"{guessed}; charset=utf-8" if guessed.startswith("text/") else guessed


def reader_copy(att) -> ReaderCopy:
    """What a reader of a published item receives for this attachment."""
    if att.redacted_file:
        name = att.redacted_name or PurePath(att.redacted_file.name).name
        return ReaderCopy(att.redacted_file, name, att.redacted_content_type or guess_type(name),
                          att.redacted_size, att.redacted_sha256, True)
    return ReaderCopy(att.file, att.name, att.content_type or "application/octet-stream", att.size, att.sha256,
                      False)


def store(att, name: str, content_type: str, data: bytes) -> None:
    """Record a new reader copy (脱密件) with its name, type, size and hash in one save."""
    att.redacted_file.save(name, ContentFile(data), save=False)
    att.redacted_name = name[:200]
    att.redacted_content_type = content_type
    att.redacted_size = len(data)
    att.redacted_sha256 = hashlib.sha256(data).hexdigest()
    att.save(update_fields=["redacted_file", "redacted_name", "redacted_content_type", "redacted_size",
                            "redacted_sha256"])


def clear(att) -> None:
    """No redaction in this attachment any more: readers get the original."""
    if att.redacted_file or att.redacted_sha256:
        att.redacted_file = ""
        att.redacted_name = att.redacted_content_type = att.redacted_sha256 = ""
        att.redacted_size = None
        att.save(update_fields=["redacted_file", "redacted_name", "redacted_content_type", "redacted_size",
                                "redacted_sha256"])
