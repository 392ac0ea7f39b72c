"""Text of attachments for the secrecy scanner: plain text, Word (.docx), Excel (.xlsx), PDF and OFD.

The scanner can only clear what it can read. `extract_text` returns None for a file whose text it
cannot read (images, legacy .doc/.xls, scanned PDFs): such an attachment gets a finding that a
reviewer must settle by hand. Offsets of findings refer to the extracted text.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import PurePath
from xml.etree import ElementTree

# A document is a zip of XML parts; refuse archives that would inflate beyond this (zip bombs).
MAX_INFLATED_BYTES = 200 * 1024 * 1024
MAX_PDF_PAGES = 2000

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _decode(data: bytes) -> str | None:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def _zip(data: bytes) -> zipfile.ZipFile | None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        return None
    if sum(info.file_size for info in archive.infolist()) > MAX_INFLATED_BYTES:
        return None
    return archive


def _docx(data: bytes) -> str | None:
    archive = _zip(data)
    if archive is None:
        return None
    parts = [n for n in archive.namelist()
             if n == "word/document.xml" or (n.startswith("word/") and n.split("/")[-1].startswith(
                 ("header", "footer", "footnotes", "endnotes", "comments")) and n.endswith(".xml"))]
    if "word/document.xml" not in parts:
        return None
    out = []
    for name in sorted(parts, key=lambda n: n != "word/document.xml"):
        root = ElementTree.fromstring(archive.read(name))
        for para in root.iter(f"{_W}p"):
            pieces = [(node.text or "") if node.tag == f"{_W}t" else "\t"
                      for node in para.iter() if node.tag in (f"{_W}t", f"{_W}tab")]
            out.append("".join(pieces))
    return "\n".join(out)


def _xlsx(data: bytes) -> str | None:
    import openpyxl

    if _zip(data) is None:
        return None
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 — any unreadable workbook is "cannot read", not a crash
        return None
    lines = []
    for sheet in book.worksheets:
        lines.append(sheet.title)
        for row in sheet.iter_rows(values_only=True):
            cells = ["" if v is None else str(v) for v in row]
            if any(cells):
                lines.append("\t".join(cells))
    book.close()
    return "\n".join(lines)


def _pdf(data: bytes) -> str | None:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted or len(reader.pages) > MAX_PDF_PAGES:
            return None
        text = "\n".join(page.extract_text() or "" for page in reader.pages)
    except (PdfReadError, ValueError, KeyError, TypeError):
        return None
    # A scanned PDF has pages but no text layer: that is "cannot read", not "clean".
    return text if text.strip() else None


def _ofd(data: bytes) -> str | None:
    """OFD (GB/T 33190), the Chinese fixed-layout format: text sits in TextCode elements."""
    archive = _zip(data)
    if archive is None:
        return None
    out = []
    for name in sorted(n for n in archive.namelist() if n.endswith("Content.xml")):
        root = ElementTree.fromstring(archive.read(name))
        out += [node.text or "" for node in root.iter() if node.tag.endswith("TextCode")]
    return "\n".join(out) if out else None


EXTRACTORS = {".txt": _decode, ".csv": _decode, ".docx": _docx, ".xlsx": _xlsx, ".pdf": _pdf, ".ofd": _ofd}


def extract_text(name: str, data: bytes) -> str | None:
    """The attachment's text, or None when it cannot be read."""
    extractor = EXTRACTORS.get(PurePath(name).suffix.lower())
    if extractor is None:
        return None
    try:
        return extractor(data)
    except ElementTree.ParseError:
        return None
