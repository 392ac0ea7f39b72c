"""The one guarded way in for uploaded files: attachments and imports read through here.

Parsers (zipfile, the XML parsers, codecs, openpyxl, pypdf, csv) fail in many ways on hostile or broken
files; here every such failure becomes `FileRejected`, a ValidationError whose Chinese message names
the file and, for tables, the row. Reading is bounded: archives by inflated size and member count,
spreadsheets by rows, columns, cells, runs of blank rows and wall time, so a hostile file answers early.

Storage and the database stay in step in the media storage itself (`dwgk.core.storage`): a file written
for a row that then rolls back is removed again, so no failure leaves an orphan file.
"""

from __future__ import annotations

import csv
import io
import time
import unicodedata
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import PurePath
from xml.etree import ElementTree
from xml.parsers import expat

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class FileRejected(ValidationError):
    """A file that cannot be read; the message names the file (and row) in Chinese."""

    def __init__(self, name: str, reason: str, row: int | None = None):
        self.file_name, self.reason, self.row = name, reason, row
        if row:
            message = _("文件“%(name)s”第 %(row)s 行：%(reason)s") % {"name": name, "row": row, "reason": reason}
        else:
            message = _("无法读取文件“%(name)s”：%(reason)s") % {"name": name, "reason": reason}
        super().__init__(message, code="file_rejected")


class OverCaps(Exception):
    """A file larger or more complex than the reader's caps (a bomb, or simply too big to check)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def unsupported_method() -> str:
    return _("使用了不支持的压缩方式，请用 Office 或 WPS 重新保存。")


def encrypted() -> str:
    return _("文件含有加密（设有密码）的内容，无法读取，请取消密码后上传。")


def describe(exc: BaseException) -> str:
    """What a parser failure means, in words a user can act on."""
    from openpyxl.utils.exceptions import InvalidFileException
    from pypdf.errors import PyPdfError

    text = str(exc).lower()
    if isinstance(exc, OverCaps):
        return exc.reason
    if isinstance(exc, zipfile.BadZipFile | zlib.error | EOFError):
        return _("压缩结构已损坏（校验失败或数据不完整），请重新保存后上传。")
    if isinstance(exc, NotImplementedError):  # zipfile, for a compression method it cannot inflate
        return unsupported_method()
    if isinstance(exc, RuntimeError) and ("encrypt" in text or "password" in text):
        return encrypted()
    if isinstance(exc, ElementTree.ParseError | expat.ExpatError) or type(exc).__name__ in (
            "XMLSyntaxError", "SAXParseException"):
        return _("文件内部的 XML 结构错误，请用 Office 或 WPS 重新保存。")
    if isinstance(exc, UnicodeError):
        return _("文字编码无法识别，应为 UTF-8 或 GB18030（GBK）。")
    if isinstance(exc, csv.Error):
        return _("CSV 格式错误（%(err)s）。") % {"err": str(exc)[:80]}
    if isinstance(exc, PyPdfError):
        return _("PDF 文件已损坏或格式不受支持。")
    if isinstance(exc, InvalidFileException):
        return _("不是有效的 xlsx 表格，请用 Excel 或 WPS 另存为 xlsx 后重试。")
    if isinstance(exc, MemoryError | RecursionError):
        return _("文件结构过于复杂，无法读取。")
    return _("文件格式错误或已损坏，请用原软件重新保存后上传。")


@contextmanager
def guard(name: str, row: int | None = None):
    """Turn any parser failure inside the block into FileRejected naming the file (and row)."""
    try:
        yield
    except (FileRejected, OverCaps):
        raise
    except Exception as exc:  # noqa: BLE001 — parsers raise anything on hostile input; all mean "unreadable"
        raise FileRejected(name, describe(exc), row) from exc


# ---------------------------------------------------------------------------------------------- archives

# Compression methods the standard library can inflate; anything else (Deflate64, AES) is unsupported.
_ZIP_METHODS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA}


@dataclass(frozen=True)
class ZipCaps:
    inflated: int = 200 * 1024 * 1024  # all members together
    member: int = 100 * 1024 * 1024  # any one member
    members: int = 5000


def open_zip(name: str, data: bytes, caps: ZipCaps = ZipCaps()) -> zipfile.ZipFile:
    """A zip whose members are all readable and within the caps; FileRejected or OverCaps otherwise.
    The sizes in the directory are binding: zipfile stops at the declared size and a lie fails the CRC."""
    with guard(name):
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
        if len(infos) > caps.members:
            raise OverCaps(_("压缩包内文件过多（%(n)s 个）。") % {"n": len(infos)})
        total = 0
        for info in infos:
            # Refused from the directory, before any bytes are read (zipfile would fail only while reading).
            if info.flag_bits & 0x1:
                raise FileRejected(name, encrypted())
            if info.compress_type not in _ZIP_METHODS:
                raise FileRejected(name, unsupported_method())
            if info.file_size > caps.member:
                raise OverCaps(_("文件解压后过大（单个部件 %(mb)s MB）。") % {"mb": info.file_size // 2**20})
            total += info.file_size
        if total > caps.inflated:
            raise OverCaps(_("文件解压后过大（共 %(mb)s MB）。") % {"mb": total // 2**20})
    return archive


# ---------------------------------------------------------------------------------------------- text

_BOMS = ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))


def decode_text(name: str, data: bytes) -> str:
    """Text of a plain-text file: a BOM decides the encoding (and must then be right); otherwise UTF-8,
    then GB18030 (files saved by Chinese Excel/WPS)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(encoding)
            except UnicodeDecodeError:
                raise FileRejected(name, _("文件开头标明为 %(enc)s 编码，但内容不是有效的 %(enc)s 文字。") % {
                    "enc": encoding.upper()})
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise FileRejected(name, _("文字编码无法识别，应为 UTF-8 或 GB18030（GBK）。"))


# Control characters other than tab, line feed and carriage return: NUL breaks PostgreSQL text, the
# rest are invisible and serve only to hide or split words.
def control_char(value: str) -> str | None:
    """The first forbidden control character in `value`, or None."""
    for ch in value:
        if ch not in "\t\n\r" and unicodedata.category(ch) == "Cc":
            return ch
    return None


def control_char_message(ch: str) -> str:
    return _("含有不可见的控制字符（U+%(code)04X），请删除后重试。") % {"code": ord(ch)}


# ---------------------------------------------------------------------------------------------- tables


@dataclass(frozen=True)
class TableCaps:
    rows: int  # highest row number read
    columns: int  # cells in one row
    cells: int  # non-empty cells in the whole sheet
    blank_run: int  # consecutive blank rows after which reading stops with an answer
    seconds: float  # wall time for reading the whole sheet


def import_caps() -> TableCaps:
    return TableCaps(
        rows=getattr(settings, "DWGK_IMPORT_MAX_ROWS", 500_000),
        columns=getattr(settings, "DWGK_IMPORT_MAX_COLUMNS", 200),
        cells=getattr(settings, "DWGK_IMPORT_MAX_CELLS", 5_000_000),
        blank_run=getattr(settings, "DWGK_IMPORT_MAX_BLANK_ROWS", 10_000),
        seconds=getattr(settings, "DWGK_IMPORT_MAX_SECONDS", 60.0),
    )


def _blank(values) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)


def _bounded(name: str, rows: Iterator[tuple], caps: TableCaps, *, strict: bool) -> Iterator[tuple[int, tuple]]:
    """Number the rows and enforce the caps. strict (imports): over a cap is FileRejected;
    otherwise (scanning) OverCaps, which the scanner turns into "无法自动检查"."""
    deadline = time.monotonic() + caps.seconds
    cells = blank_run = 0
    number = 0

    def over(reason: str, row: int | None = None):
        return FileRejected(name, reason, row) if strict else OverCaps(reason)

    while True:
        with guard(name, number + 1):
            try:
                values = next(rows)
            except StopIteration:
                return
        number += 1
        if number % 512 == 0 and time.monotonic() > deadline:
            raise over(_("读取超过 %(s)s 秒仍未完成，文件过大或过于复杂，请拆分后重试。") % {"s": int(caps.seconds)})
        if number > caps.rows:
            raise over(_("超过 %(n)s 行的上限，请拆分后分批导入。") % {"n": caps.rows})
        if _blank(values):
            blank_run += 1
            if blank_run >= caps.blank_run:
                raise over(_("从第 %(row)s 行起连续 %(n)s 行为空，请删除多余的空行（或拆分文件）后重试。") % {
                    "row": number - blank_run + 1, "n": blank_run})
            continue
        blank_run = 0
        if len(values) > caps.columns:
            width = max(i for i, v in enumerate(values) if v not in (None, "")) + 1
            if width > caps.columns:
                raise over(_("超过 %(n)s 列的上限。") % {"n": caps.columns}, number)
            values = values[:caps.columns]
        cells += sum(1 for v in values if v not in (None, ""))
        if cells > caps.cells:
            raise over(_("超过 %(n)s 个单元格的上限，请拆分后重试。") % {"n": caps.cells})
        yield number, values


def _csv_values(text: str) -> Iterator[tuple]:
    sample = text[:4096]
    delimiter = "\t" if sample.count("\t") > sample.count(",") else ","
    for values in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
        yield tuple(values)


# openpyxl reads a whole sheet to find its size when the <dimension> element is missing (Excel and WPS
# always write it); such a sheet is read only when small.
UNDIMENSIONED_SHEET_BYTES = 4 * 1024 * 1024


def _check_dimensions(archive: zipfile.ZipFile) -> None:
    for info in archive.infolist():
        if not (info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")):
            continue
        if info.file_size <= UNDIMENSIONED_SHEET_BYTES:
            continue
        with archive.open(info) as fh:
            head = fh.read(64 * 1024)
        data_at = head.find(b"sheetData")
        if b"dimension" not in (head if data_at < 0 else head[:data_at]):
            raise OverCaps(_("表格缺少尺寸信息且内容过大（%(mb)s MB），请用 Excel 或 WPS 另存后重试。") % {
                "mb": info.file_size // 2**20})


def _xlsx_values(name: str, data: bytes, zip_caps: ZipCaps, columns: int) -> Iterator[tuple]:
    from openpyxl import load_workbook

    archive = open_zip(name, data, zip_caps)
    with guard(name):
        _check_dimensions(archive)
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        with guard(name):
            sheets = book.worksheets
        for sheet in sheets:
            yield ("\x00sheet", sheet.title)
            # One column past the cap, so that a value there is seen and refused, not silently cut.
            yield from sheet.iter_rows(values_only=True, max_col=columns + 1)
    finally:
        book.close()


def is_xlsx(name: str, data: bytes) -> bool:
    return data.startswith(b"PK\x03\x04")


def read_rows(name: str, data: bytes, caps: TableCaps | None = None, *, strict: bool = True,
              first_sheet_only: bool = True, zip_caps: ZipCaps = ZipCaps()) -> Iterator[tuple[int, tuple]]:
    """(row number as Excel shows it, cell values) of an xlsx (first sheet) or csv, bounded by `caps`.
    Every parser failure is FileRejected naming the file and the row being read; so is every cap when
    `strict` (imports), while the scanner gets OverCaps ("无法自动检查")."""
    try:
        yield from _read_rows(name, data, caps or import_caps(), strict, first_sheet_only, zip_caps)
    except OverCaps as exc:
        if strict:
            raise FileRejected(name, exc.reason) from exc
        raise


def _read_rows(name, data, caps, strict, first_sheet_only, zip_caps):
    if not is_xlsx(name, data):
        yield from _bounded(name, _csv_values(decode_text(name, data)), caps, strict=strict)
        return
    raw = _xlsx_values(name, data, zip_caps, caps.columns)
    with guard(name):
        first = next(raw, None)  # the first sheet's marker; opening the book happens here
    if first is None:
        return

    def sheet_rows():
        # Marker rows separate sheets; imports read only the first sheet.
        for values in raw:
            if values[:1] == ("\x00sheet",):
                if first_sheet_only:
                    return
                continue
            yield values

    yield from _bounded(name, sheet_rows(), caps, strict=strict)


def extension(name: str) -> str:
    return PurePath(name or "").suffix.lower()
