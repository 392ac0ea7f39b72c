"""Text of attachments for the secrecy scanner: plain text, Word (.docx), Excel (.xlsx), PDF and OFD.

The scanner can only clear what it can read. Extraction is bounded (issue 13, Why 6): XML is streamed
through expat without building a tree, under caps on elements, text length and wall time per file;
a file over the caps is "无法自动检查" (None), which a reviewer settles in writing. Results are cached
by the file's hash, so an unchanged file is not re-read on every edit, submit or upload.

Files are also inspected for active content (macro projects in Office files, JavaScript and launch
actions in PDFs), which becomes a finding of its own that only removal or withholding settles.

`extract(name, data)` raises `FileRejected` (a Chinese message naming the file) for a broken file —
a corrupt or encrypted zip, malformed XML, bad encoding — so an upload can refuse it; `extract_text`
is the lenient form for files already stored (None when unreadable). Offsets of findings refer to the
extracted text.
"""

from __future__ import annotations

import hashlib
import html
import io
import json
import re
import time
import zlib
from dataclasses import dataclass, field
from pathlib import PurePath
from xml.parsers import expat

from django.core.cache import cache
from django.utils.translation import gettext as _

from dwgk.core.intake import (
    FileRejected,
    OverCaps,
    TableCaps,
    ZipCaps,
    decode_text,
    guard,
    open_zip,
    read_rows,
)

MAX_INFLATED_BYTES = 200 * 1024 * 1024
MAX_PDF_PAGES = 2000


@dataclass(frozen=True)
class Caps:
    elements: int = 2_000_000  # XML tags read per file (about 1,000 dense pages; ~1 µs each)
    text: int = 4_000_000  # characters of extracted text per file
    seconds: float = 4.0  # wall time per file
    shared_strings: int = 32 * 1024 * 1024  # an xlsx's string table is loaded whole by openpyxl
    xml_member: int = 100 * 1024 * 1024  # one XML part, inflated (declared in the zip directory)


CAPS = Caps()
ZIP_CAPS = ZipCaps(inflated=MAX_INFLATED_BYTES, member=MAX_INFLATED_BYTES, members=5000)
CHUNK = 1 << 20


@dataclass
class Extraction:
    text: str | None  # None: cannot be read automatically
    reason: str = ""  # why not, for the reviewer
    active: list[str] = field(default_factory=list)  # active content found (macros, scripts)


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


class _Budget:
    def __init__(self, caps: Caps):
        self.caps = caps
        self.deadline = time.monotonic() + caps.seconds
        self.elements = 0
        self.chars = 0

    def element(self, n: int = 1) -> None:
        self.elements += n
        if self.elements > self.caps.elements:
            raise OverCaps(_("文件元素超过 %(n)s 个的自动检查上限。") % {"n": self.caps.elements})

    def text(self, n: int) -> None:
        self.chars += n
        if self.chars > self.caps.text:
            raise OverCaps(_("文件文字超过 %(n)s 字的自动检查上限。") % {"n": self.caps.text})

    def tick(self) -> None:
        if time.monotonic() > self.deadline:
            raise OverCaps(_("读取超过 %(s)s 秒的自动检查上限。") % {"s": self.caps.seconds})


def _no_dtd(*_args):
    # OOXML and OFD never carry a DTD; one in an upload can only be an entity-expansion attack.
    raise OverCaps(_("文件内部含有文档类型定义（DTD），不予自动解析。"))


def _stream_xml(archive, member: str, budget: _Budget, pattern: re.Pattern, boundary: re.Pattern,
                on_matches) -> None:
    """Stream one zip member in chunks: expat (pure C, no handlers but the DTD refusal) checks that it is
    well-formed XML, and `pattern` picks the text out of the raw bytes, one stretch up to the last
    `boundary` (an end no match spans, such as a paragraph end) at a time. Memory stays at a chunk plus
    the text kept; elements, text and time are capped."""
    if archive.getinfo(member).file_size > budget.caps.xml_member:
        raise OverCaps(_("文件内部的 XML 部件解压后超过 %(mb)s MB 的自动检查上限。") % {
            "mb": budget.caps.xml_member // 2**20})
    parser = expat.ParserCreate()
    parser.StartDoctypeDeclHandler = _no_dtd
    parser.EntityDeclHandler = _no_dtd
    carry = b""
    with archive.open(member) as fh:
        head = fh.read(CHUNK)
        declared = re.match(rb"<\?xml[^>]*encoding=[\"']([^\"']+)", head.lstrip(b"\xef\xbb\xbf"))
        if head[:2] in (b"\xff\xfe", b"\xfe\xff") or (declared and declared.group(1).lower() not in (b"utf-8", b"utf8")):
            # The text picker reads UTF-8 bytes; another encoding would look like a clean, empty text.
            raise OverCaps(_("文件内部的 XML 不是 UTF-8 编码，无法自动检查。"))
        while True:
            chunk, head = (head, None) if head is not None else (fh.read(CHUNK), None)
            budget.tick()
            parser.Parse(chunk, not chunk)
            if not chunk:
                break
            budget.element(chunk.count(b"<"))
            buf = carry + chunk
            cut = -1
            for m in boundary.finditer(buf, max(0, len(carry) - 64)):
                cut = m.end()
            if cut < 0:
                if len(buf) > budget.caps.text * 4:
                    raise OverCaps(_("文件文字超过 %(n)s 字的自动检查上限。") % {"n": budget.caps.text})
                carry = buf
                continue
            on_matches(pattern.findall(buf, 0, cut))
            carry = buf[cut:]
    on_matches(pattern.findall(carry))


def _xml_text(raw: bytes) -> str:
    text = raw.decode("utf-8")
    return html.unescape(text) if "&" in text else text


# Word text: <w:t>, <w:tab/>, paragraph ends (any prefix: text boxes use a:t, equations m:t).
_DOCX_TEXT = re.compile(rb"<(?:[A-Za-z_][\w.-]*+:)?+(?:t(?:\s[^>]*+)?+>([^<]*+)</(?:[A-Za-z_][\w.-]*+:)?+t>"
                        rb"|(tab\s*+/>))|(</(?:[A-Za-z_][\w.-]*+:)?+p>)")
_PARA_END = re.compile(rb"</(?:[A-Za-z_][\w.-]*:)?p>")
_TAG_END = re.compile(rb">")
_TEXTCODE_END = re.compile(rb"</(?:[A-Za-z_][\w.-]*:)?TextCode>")
_OFD_TEXT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?TextCode\b[^>]*>([^<]*)</(?:[A-Za-z_][\w.-]*:)?TextCode>")


def _docx(name: str, data: bytes, budget: _Budget) -> str | None:
    archive = open_zip(name, data, ZIP_CAPS)
    names = archive.namelist()
    parts = [n for n in names
             if n == "word/document.xml" or (n.startswith("word/") and n.split("/")[-1].startswith(
                 ("header", "footer", "footnotes", "endnotes", "comments")) and n.endswith(".xml"))]
    if "word/document.xml" not in parts:
        return None
    texts: list[str] = []
    for member in sorted(parts, key=lambda n: n != "word/document.xml"):
        out: list[str] = []

        def on_matches(found, out=out):
            # One join per stretch, not a Python call per element: a paragraph end is a newline.
            piece = _xml_text(b"".join(b"\n" if end else (b"\t" if tab else text) for text, tab, end in found))
            budget.text(len(piece))
            out.append(piece)

        _stream_xml(archive, member, budget, _DOCX_TEXT, _PARA_END, on_matches)
        text = "".join(out)
        texts.append(text[:-1] if text.endswith("\n") else text)
    return "\n".join(texts)


def _ofd(name: str, data: bytes, budget: _Budget) -> str | None:
    """OFD (GB/T 33190), the Chinese fixed-layout format: text sits in TextCode elements."""
    archive = open_zip(name, data, ZIP_CAPS)
    out: list[str] = []

    def on_matches(found):
        texts = [_xml_text(raw) for raw in found]
        budget.text(sum(map(len, texts)))
        out.extend(texts)

    for member in sorted(n for n in archive.namelist() if n.endswith("Content.xml")):
        _stream_xml(archive, member, budget, _OFD_TEXT, _TEXTCODE_END, on_matches)
    return "\n".join(out) if out else None


_SHEET_NAME = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?sheet\s[^>]*?\bname=\"([^\"]*)\"")


def _xlsx(name: str, data: bytes, budget: _Budget) -> str | None:
    archive = open_zip(name, data, ZIP_CAPS)
    strings = next((i for i in archive.infolist() if i.filename.lower() == "xl/sharedstrings.xml"), None)
    if strings is not None and strings.file_size > budget.caps.shared_strings:
        raise OverCaps(_("表格的共享字符串超过自动检查上限。"))
    caps = TableCaps(rows=1_048_576, columns=16_384, cells=budget.caps.elements, blank_run=100_000,
                     seconds=max(0.1, budget.deadline - time.monotonic()))
    lines = []
    for _number, values in read_rows(name, data, caps, strict=False, first_sheet_only=False, zip_caps=ZIP_CAPS):
        cells = ["" if v is None else str(v) for v in values]
        line = "\t".join(cells).rstrip("\t")
        budget.text(len(line))
        lines.append(line)
    # Sheet titles are text a reader sees too.
    titles: list[str] = []
    if "xl/workbook.xml" in archive.namelist():
        _stream_xml(archive, "xl/workbook.xml", budget, _SHEET_NAME, _TAG_END,
                    lambda found: titles.extend(_xml_text(raw) for raw in found))
    return "\n".join(titles + lines)


def _pdf(name: str, data: bytes, budget: _Budget) -> str | None:
    from pypdf import PdfReader

    with guard(name):
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            return None
        pages = reader.pages
        if len(pages) > MAX_PDF_PAGES:
            raise OverCaps(_("PDF 超过 %(n)s 页的自动检查上限。") % {"n": MAX_PDF_PAGES})
    out = []
    for page in pages:
        budget.tick()
        try:
            text = page.extract_text() or ""
        except Exception:  # noqa: BLE001 — one unreadable page makes the file unscannable, not broken
            return None
        budget.text(len(text))
        out.append(text)
    text = "\n".join(out)
    # A scanned PDF has pages but no text layer: that is "cannot read", not "clean".
    return text if text.strip() else None


def _plain(name: str, data: bytes, budget: _Budget) -> str | None:
    text = decode_text(name, data)
    budget.text(len(text))
    return text


EXTRACTORS = {".txt": _plain, ".csv": _plain, ".docx": _docx, ".xlsx": _xlsx, ".pdf": _pdf, ".ofd": _ofd}


# ---------------------------------------------------------------------------------------------- active content

_VBA_OLE = "_VBA_PROJECT".encode("utf-16-le")
_PDF_NAME = re.compile(rb"/([^\s/<>\[\]()%{}]+)")
_PDF_ACTIVE = {b"JavaScript": "JavaScript 脚本", b"JS": "JavaScript 脚本", b"Launch": "启动外部程序的动作"}


def _pdf_name(raw: bytes) -> bytes:
    # Names may hide letters as #xx escapes (/J#61vaScript).
    return re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]), raw)


def _pdf_active(data: bytes) -> list[str]:
    found = {_PDF_ACTIVE[n] for n in (_pdf_name(m.group(1)) for m in _PDF_NAME.finditer(data)) if n in _PDF_ACTIVE}
    # Compressed object streams hide names from the byte scan: walk the object graph too (bounded).
    try:
        from pypdf import PdfReader
        from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

        reader = PdfReader(io.BytesIO(data))
        if not reader.is_encrypted:
            stack, seen, budget = [reader.trailer], set(), 50_000
            while stack and budget:
                budget -= 1
                obj = stack.pop()
                if isinstance(obj, IndirectObject):
                    if obj.idnum in seen:
                        continue
                    seen.add(obj.idnum)
                    obj = obj.get_object()
                if isinstance(obj, DictionaryObject):
                    for key, value in obj.items():
                        if key.encode()[1:] in _PDF_ACTIVE:
                            found.add(_PDF_ACTIVE[key.encode()[1:]])
                        if key == "/S" and isinstance(value, NameObject) and value.encode()[1:] in _PDF_ACTIVE:
                            found.add(_PDF_ACTIVE[value.encode()[1:]])
                        if key not in ("/Parent", "/P"):
                            stack.append(value)
                elif isinstance(obj, ArrayObject):
                    stack.extend(obj)
    except Exception:  # noqa: BLE001 — the byte scan above already ran; a broken graph adds nothing
        pass
    return sorted(found)


def _office_active(name: str, data: bytes) -> list[str]:
    if data.startswith(b"\xd0\xcf\x11\xe0"):  # legacy .doc/.xls: an OLE container
        return [_("宏代码（VBA 工程）")] if _VBA_OLE in data else []
    if not data.startswith(b"PK\x03\x04"):
        return []
    found = []
    try:
        names = open_zip(name, data, ZIP_CAPS).namelist()
    except (FileRejected, OverCaps):
        return []
    for member in names:
        lower = member.lower()
        if lower.endswith(("vbaproject.bin", "vbadata.xml")):
            found.append(_("宏代码（%(part)s）") % {"part": member})
        elif "/activex/" in lower and lower.endswith(".bin"):
            found.append(_("ActiveX 控件（%(part)s）") % {"part": member})
    return found


def active_content(name: str, data: bytes) -> list[str]:
    """Descriptions of the active content in a file: each one a finding no waiver settles."""
    if data.startswith(b"%PDF-"):
        return _pdf_active(data)
    return _office_active(name, data)


# ---------------------------------------------------------------------------------------------- entry points

CACHE_VERSION = 1
CACHE_MAX_BYTES = 8 * 1024 * 1024


def _cache_key(name: str, data: bytes) -> str:
    return _key(name, hashlib.sha256(data).hexdigest())


def _key(name: str, sha256: str) -> str:
    return f"extract:{CACHE_VERSION}:{PurePath(name).suffix.lower()}:{sha256}"


def cached(name: str, sha256: str) -> Extraction | None:
    """What `read` gives for a file with this name and SHA-256, if it is in the cache; None if not. A
    stored attachment's recorded hash finds it without reading the file again (publication re-reads the
    bytes and refuses any that no longer match that hash)."""
    packed = cache.get(_key(name, sha256))
    if packed is None:
        return None
    got = json.loads(zlib.decompress(packed))
    return Extraction(None if got["error"] else got["text"], got["error"] or got["reason"], got["active"])


def _compute(name: str, data: bytes, caps: Caps) -> tuple[Extraction, FileRejected | None]:
    active = active_content(name, data)
    extractor = EXTRACTORS.get(PurePath(name).suffix.lower())
    if extractor is None:
        return Extraction(None, _("该类型的文件无法自动读取文字。"), active), None
    try:
        with guard(name):
            return Extraction(extractor(name, data, _Budget(caps)), "", active), None
    except OverCaps as exc:
        return Extraction(None, exc.reason, active), None
    except FileRejected as exc:
        return Extraction(None, exc.reason, active), exc
    except Exception as exc:  # noqa: BLE001 — any other parser failure is a broken file, never a crash
        with_name = FileRejected(name, _("文件格式错误或已损坏，请用原软件重新保存后上传。"))
        with_name.__cause__ = exc
        return Extraction(None, with_name.reason, active), with_name


def extract(name: str, data: bytes, caps: Caps = CAPS) -> Extraction:
    """Text and active content of a file; FileRejected if it is broken. Cached by content hash."""
    key = _cache_key(name, data)
    packed = cache.get(key) if caps is CAPS else None
    if packed is not None:
        got = json.loads(zlib.decompress(packed))
        extraction, error = Extraction(got["text"], got["reason"], got["active"]), got["error"]
    else:
        extraction, rejected = _compute(name, data, caps)
        error = rejected.reason if rejected else None
        if caps is CAPS:
            blob = zlib.compress(json.dumps({"text": extraction.text, "reason": extraction.reason,
                                             "active": extraction.active, "error": error}).encode(), 1)
            if len(blob) <= CACHE_MAX_BYTES:
                cache.set(key, blob, 7 * 24 * 3600)
    if error:
        raise FileRejected(name, error)
    return extraction


def read(name: str, data: bytes) -> Extraction:
    """Lenient: a broken file is simply unreadable (for files already stored)."""
    try:
        return extract(name, data)
    except FileRejected as exc:
        return Extraction(None, exc.reason, active_content(name, data))


def extract_text(name: str, data: bytes) -> str | None:
    """The attachment's text, or None when it cannot be read."""
    return read(name, data).text
