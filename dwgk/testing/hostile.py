"""A corpus of hostile files (issue 16): corrupt zips, bombs, encrypted entries, macros, JavaScript PDFs,
BOM-plus-invalid CSV, malformed sheet XML, millions of empty rows, formula cells, NUL bytes.

Everything is generated (the large ones in a fraction of a second from repetitive data), so nothing big
is committed. Each builder returns bytes; `ATTACHMENTS` and `IMPORTS` list (file name, builder, what a
user must be told or which finding must appear).
"""

from __future__ import annotations

import io
import struct
import zipfile

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
                 'package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/>'
                 '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
                 'officedocument.wordprocessingml.document.main+xml"/></Types>')


def _zip(members: dict[str, bytes | str], method=zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


def docx(*paragraphs: str, extra: dict[str, bytes | str] | None = None, document: str | None = None) -> bytes:
    body = "".join(f"<w:p><w:r><w:t>{p}</w:t></w:r></w:p>" for p in paragraphs)
    xml = document or (f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W_NS}">'
                       f"<w:body>{body}</w:body></w:document>")
    return _zip({"[Content_Types].xml": CONTENT_TYPES, "word/document.xml": xml, **(extra or {})})


def _patch_members(data: bytes, patch) -> bytes:
    """Rewrite every local and central header with `patch(flags, method) -> (flags, method)`."""
    out = bytearray(data)
    for sig, flag_at, method_at in ((b"PK\x03\x04", 6, 8), (b"PK\x01\x02", 8, 10)):
        pos = out.find(sig)
        while pos != -1:
            flags, method = struct.unpack_from("<HH", out, pos + flag_at)
            new_flags, new_method = patch(flags, method)
            struct.pack_into("<H", out, pos + flag_at, new_flags)
            struct.pack_into("<H", out, pos + method_at, new_method)
            pos = out.find(sig, pos + 4)
    return bytes(out)


def docx_bad_crc() -> bytes:
    """A member whose stored CRC does not match its content (zipfile.BadZipFile on read)."""
    text = "党务公开" * 50
    good = _zip({"[Content_Types].xml": CONTENT_TYPES, "word/document.xml": f'<w:document xmlns:w="{W_NS}">'
                 f"<w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>"},
                method=zipfile.ZIP_STORED)
    i = good.index("党务公开".encode()) + 3
    return good[:i] + b"X" + good[i + 1:]


def docx_unsupported_compression() -> bytes:
    """Method 9 (Deflate64): zipfile raises NotImplementedError."""
    return _patch_members(docx("正文"), lambda flags, method: (flags, 9))


def docx_encrypted_entry() -> bytes:
    """The encryption flag set on every member: zipfile wants a password (RuntimeError)."""
    return _patch_members(docx("正文"), lambda flags, method: (flags | 0x1, method))


def docx_malformed_xml() -> bytes:
    return docx(document=f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:t>未闭合</w:body>')


def docx_entity_expansion() -> bytes:
    """A billion-laughs DTD: never expanded."""
    lol = '<!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9)) + "]>"
    return docx(document=f'<?xml version="1.0"?>{lol}<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r>'
                         f"<w:t>&j;</w:t></w:r></w:p></w:body></w:document>")


def docx_bomb(inflated_mb: int = 150) -> bytes:
    """A small .docx whose document.xml inflates to `inflated_mb` MB of paragraphs."""
    para = "<w:p><w:r><w:t>党务公开党务公开</w:t></w:r></w:p>".encode()
    head = f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W_NS}"><w:body>'.encode()
    tail = b"</w:body></w:document>"
    count = (inflated_mb * 1024 * 1024 - len(head) - len(tail)) // len(para)
    block = para * 4096
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        # Streamed: the inflated member is never held in memory here either.
        with z.open("word/document.xml", "w") as fh:
            fh.write(head)
            for _ in range(count // 4096):
                fh.write(block)
            fh.write(tail)
    return buf.getvalue()


def docx_macro() -> bytes:
    """A document carrying a VBA project (what Word saves as .docm), renamed .docx."""
    return docx("请启用宏以查看内容", extra={"word/vbaProject.bin": b"\xd0\xcf\x11\xe0" + b"\x00" * 512})


def _pdf_with_open_action(action: dict) -> bytes:
    from pypdf import PdfWriter
    from pypdf.generic import DictionaryObject, NameObject, TextStringObject

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    entries = {NameObject(k): (NameObject(v) if v.startswith("/") else TextStringObject(v)) for k, v in action.items()}
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(DictionaryObject(entries))  # noqa: SLF001
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def pdf_javascript() -> bytes:
    """/OpenAction running JavaScript when the file is opened."""
    return _pdf_with_open_action({"/S": "/JavaScript", "/JS": "app.alert('x');"})


def pdf_launch() -> bytes:
    """/OpenAction launching an external program."""
    return _pdf_with_open_action({"/S": "/Launch", "/F": "cmd.exe"})


def pdf_broken() -> bytes:
    return b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >>\n" + b"\x00\xff" * 200 + b"\ntrailer garbage"


# ---------------------------------------------------------------------------------------------- tables


def sheet_xml(rows_xml: str, dimension: str = "") -> str:
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
            f'spreadsheetml/2006/main">{dim}<sheetData>{rows_xml}</sheetData></worksheet>')


def xlsx(rows: list[list]) -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def _replace_member(data: bytes, member: str, content: bytes) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            out.writestr(info.filename, content if info.filename == member else src.read(info.filename))
    return buf.getvalue()


def xlsx_malformed_sheet(header: list[str], good_rows: int = 3000) -> bytes:
    """Loads fine; the sheet XML breaks after `good_rows` rows (the parse error surfaces during row
    iteration, after load_workbook)."""
    cells = "".join(f'<c r="{chr(65 + i)}1" t="inlineStr"><is><t>{h}</t></is></c>' for i, h in enumerate(header))
    rows = "".join(f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>甲{n}</t></is></c></row>'
                   for n in range(2, good_rows + 2))
    n = good_rows + 2
    broken = sheet_xml(f'<row r="1">{cells}</row>{rows}<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>乙'
                       f'</is></c><row r="{n + 1}">', f"A1:{chr(64 + len(header))}{n + 1}")[
        :-len("</sheetData></worksheet>")]
    return _replace_member(xlsx([header]), "xl/worksheets/sheet1.xml", broken.encode())


def xlsx_empty_rows(header: list[str], rows: int = 3_000_000, dimension: bool = True) -> bytes:
    """A header and then millions of empty rows (the 7.4 MB file that held a worker for 66 s); without
    `dimension` openpyxl would parse the whole sheet just to size it."""
    cells = "".join(f'<c r="{chr(65 + i)}1" t="inlineStr"><is><t>{h}</t></is></c>' for i, h in enumerate(header))
    body = f'<row r="1">{cells}</row>' + "".join(f'<row r="{n}"/>' for n in range(2, rows + 2))
    ref = f"A1:{chr(64 + len(header))}{rows + 1}" if dimension else ""
    return _replace_member(xlsx([header]), "xl/worksheets/sheet1.xml", sheet_xml(body, ref).encode())


def xlsx_wide(header: list[str], columns: int = 20_000) -> bytes:
    return xlsx([header, ["x"] * columns])


def csv_bom_invalid(header: list[str]) -> bytes:
    return b"\xef\xbb\xbf" + ",".join(header).encode() + b"\r\n\xff\xfe\xfa,\x80\x81\r\n"
