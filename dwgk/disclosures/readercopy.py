"""The reader copy of an attachment: the one answer to "what bytes, under what name, type and size,
does a reader get?" — used by the portal, the API, the static mirror, exports and the archive package.

The copy is the original unless the secrecy review redacted something in it; then it is the 脱密件
recorded on the attachment (its name, content type, size and SHA-256 are written when it is made, and
publication checks the stored bytes against them).
"""

from __future__ import annotations

import hashlib
import html
import io
import mimetypes
import re
import zipfile
from dataclasses import dataclass
from pathlib import PurePath
from xml.sax.saxutils import escape as xml_escape

import openpyxl
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from . import secrecy
from .content import ATTACHMENT_TYPES
from .extract import extract_text


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


def _drop_after_commit(storage, old: str) -> None:
    """The replaced copy leaves storage once the new one is committed (no orphan files)."""
    if old:
        transaction.on_commit(lambda: storage.delete(old))


def store(att, name: str, content_type: str, data: bytes) -> None:
    """Record a new reader copy (脱密件) with its name, type, size and hash in one save."""
    old = att.redacted_file.name if att.redacted_file else ""
    att.redacted_file.save(name, ContentFile(data), save=False)
    att.redacted_name = name[:200]
    att.redacted_content_type = content_type
    att.redacted_size = len(data)
    att.redacted_sha256 = hashlib.sha256(data).hexdigest()
    att.save(update_fields=["redacted_file", "redacted_name", "redacted_content_type", "redacted_size",
                            "redacted_sha256"])
    _drop_after_commit(att.redacted_file.storage, old)


def clear(att) -> None:
    """No redaction in this attachment any more: readers get the original."""
    if att.redacted_file or att.redacted_sha256:
        _drop_after_commit(att.redacted_file.storage, att.redacted_file.name if att.redacted_file else "")
        att.redacted_file = ""
        att.redacted_name = att.redacted_content_type = att.redacted_sha256 = ""
        att.redacted_size = None
        att.save(update_fields=["redacted_file", "redacted_name", "redacted_content_type", "redacted_size",
                                "redacted_sha256"])


# ---------------------------------------------------------------------------------------------- making

MASK = "■"
PDF_TYPE = "application/pdf"
# Text parts of a Word document whose runs are masked (the scanner reads the same parts).
DOCX_PARTS = re.compile(r"^word/(document|header\d*|footer\d*|footnotes|endnotes|comments)\.xml$")
# A run's text (w:t), deleted text kept by revision marks (w:delText) and field code (w:instrText).
DOCX_TEXT = re.compile(r"(<w:(t|delText|instrText)(?:\s[^>]*)?>)(.*?)(</w:\2>)", re.S)


@dataclass(frozen=True)
class Made:
    name: str
    content_type: str
    data: bytes


def copy_name(original: str, ext: str | None = None) -> str:
    """“名单.xlsx” → “名单（脱密件）.xlsx”: a reader sees it is the redacted copy."""
    path = PurePath(original)
    return f"{path.stem}{_('（脱密件）')}{ext if ext is not None else path.suffix}"


def _mask(text: str, secrets: list[str]) -> str:
    for secret in secrets:
        if secret and secret in text:
            text = text.replace(secret, MASK * len(secret))
    return text


def mask_xlsx(data: bytes, secrets: list[str]) -> bytes:
    """Cells (values, formulas, comments) and sheet names masked in place; still a workbook."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    for sheet in book.worksheets:
        masked_title = _mask(sheet.title, secrets)
        if masked_title != sheet.title:
            sheet.title = masked_title
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is not None and not isinstance(cell.value, (bool,)):
                    text = str(cell.value)
                    masked = _mask(text, secrets)
                    if masked != text:
                        cell.value = masked
                if cell.comment is not None:
                    masked = _mask(cell.comment.text, secrets)
                    if masked != cell.comment.text:
                        cell.comment.text = masked
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _mask_docx_part(xml: str, secrets: list[str]) -> str:
    """Mask across runs: the part's text nodes are read as one string (a number split over several
    runs by Word's revision or spell-check marks is still found), and each masked character is written
    back into the node it came from. Only text nodes change; the markup stays byte for byte."""
    nodes = list(DOCX_TEXT.finditer(xml))
    texts = [html.unescape(m.group(3)) for m in nodes]
    joined = "".join(texts)
    masked = _mask(joined, secrets)
    if masked == joined:
        return xml
    out, pos, offset = [], 0, 0
    for m, text in zip(nodes, texts, strict=True):
        new = masked[offset:offset + len(text)]
        offset += len(text)
        if new != text:
            out.append(xml[pos:m.start(3)])
            out.append(xml_escape(new))
            pos = m.end(3)
    out.append(xml[pos:])
    return "".join(out)


def mask_docx(data: bytes, secrets: list[str]) -> bytes:
    """Text runs masked in every text part; every other part copied unchanged: still a document."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            raw = source.read(info)
            if DOCX_PARTS.match(info.filename):
                raw = _mask_docx_part(raw.decode("utf-8"), secrets).encode("utf-8")
            target.writestr(info, raw)
    return out.getvalue()


def labelled_pdf(original: str, note: str, text: str) -> bytes:
    """A 脱密件 PDF: the label, where it came from, and the masked text."""
    from weasyprint import HTML  # heavy: loaded only when a PDF copy is made

    page = render_to_string("disclosures/reader_copy.html", {"title": copy_name(original, ".pdf"),
                                                              "note": note, "text": text})
    return HTML(string=page).write_pdf()


def make_redacted(name: str, data: bytes, *, secrets: list[str], masked_text: str | None,
                  withheld: bool = False) -> Made:
    """The reader copy of a redacted attachment, in its own format where that can be kept.

    `secrets`: the redacted strings (masked wherever they occur); `masked_text`: the extracted text
    with the redacted spans masked (used for text files and for the PDF of any other type)."""
    ext = PurePath(name).suffix.lower()
    if withheld:
        note = _("附件“%(name)s”经保密审查决定不予公开。") % {"name": name}
        return Made(copy_name(name, ".pdf"), PDF_TYPE, labelled_pdf(name, note, ""))
    if ext in (".xlsx", ".docx"):
        try:
            masked = mask_xlsx(data, secrets) if ext == ".xlsx" else mask_docx(data, secrets)
        except (zipfile.BadZipFile, KeyError, ValueError, OSError, UnicodeDecodeError):
            masked = None
        # Keep the format only when the result reads back without any redacted string.
        text = extract_text(name, masked) if masked is not None else None
        if text is not None and not any(s and s in text for s in secrets):
            return Made(copy_name(name), ATTACHMENT_TYPES[ext][0], masked)
    if ext in (".txt", ".csv"):
        return Made(copy_name(name), ATTACHMENT_TYPES[ext][0], (masked_text or "").encode("utf-8"))
    note = _("本件由附件“%(name)s”经保密审查脱密处理后生成，被遮盖的内容以“■”表示，版式与原件不同。") % {"name": name}
    return Made(copy_name(name, ".pdf"), PDF_TYPE, labelled_pdf(name, note, masked_text or ""))


def redact(att, spans: list[tuple[int, int]], secrets: list[str], *, withheld: bool = False) -> ReaderCopy:
    """Make and record the attachment's 脱密件 from its original."""
    with att.file.open("rb") as fh:
        data = fh.read()
    text = None if withheld else extract_text(att.name, data)
    masked_text = secrecy.redact(text, spans) if text is not None else None
    made = make_redacted(att.name, data, secrets=sorted(set(secrets), key=len, reverse=True),
                         masked_text=masked_text, withheld=withheld)
    store(att, made.name, made.content_type, made.data)
    return reader_copy(att)
