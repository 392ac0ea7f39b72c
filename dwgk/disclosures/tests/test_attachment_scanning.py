"""保密审查 covers attachments, not only the text typed into the form: Word, Excel, PDF and OFD files
are read and scanned; a file whose text cannot be read (an image, a scanned PDF, a legacy .doc) is
checked by hand before the item can pass review."""

import io
import zipfile

import openpyxl
import pytest
from weasyprint import HTML

from dwgk.disclosures import extract, services
from dwgk.disclosures.models import SecrecyFinding
from dwgk.disclosures.secrecy import Kind

from .conftest import A

pytestmark = pytest.mark.django_db

ID_NUMBER = "511702198001011237"  # check digit valid (GB 11643)
LINE = f"党员张明，身份证号{ID_NUMBER}，联系电话13812345678。"
D = SecrecyFinding.Decision


def docx_bytes(*paragraphs: str) -> bytes:
    ns = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    body = "".join(f"<w:p><w:r><w:t>{p}</w:t></w:r></w:p>" for p in paragraphs)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml",
                   '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/>'
                   '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
                   'officedocument.wordprocessingml.document.main+xml"/></Types>')
        z.writestr("word/document.xml", f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{ns}">'
                                        f"<w:body>{body}</w:body></w:document>")
    return buf.getvalue()


def xlsx_bytes(rows) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def pdf_bytes(text: str) -> bytes:
    return HTML(string=f'<html lang="zh"><body style="font-family: \'Noto Sans CJK SC\'"><p>{text}</p></body></html>'
                ).write_pdf()


def ofd_bytes(text: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("OFD.xml", '<ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016"/>')
        z.writestr("Doc_0/Pages/Page_0/Content.xml",
                   '<ofd:Page xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Content><ofd:Layer>'
                   f'<ofd:TextObject><ofd:TextCode X="0" Y="0">{text}</ofd:TextCode></ofd:TextObject>'
                   "</ofd:Layer></ofd:Content></ofd:Page>")
    return buf.getvalue()


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.mark.parametrize("name,data", [
    ("名单.docx", docx_bytes("发展对象公示名单", LINE)),
    ("名单.xlsx", xlsx_bytes([["姓名", "身份证号", "电话"], ["张明", ID_NUMBER, "13812345678"]])),
    ("名单.pdf", pdf_bytes(LINE)),
    ("名单.ofd", ofd_bytes(LINE)),
])
def test_document_attachments_are_read_and_scanned(world, make_draft, name, data):
    assert ID_NUMBER in extract.extract_text(name, data)
    d = make_draft(body="<p>公示名单见附件。</p>")
    att = services.add_attachment(d, world.users["proposer"], name=name, data=data)
    kinds = {f.kind for f in d.findings.filter(field=f"attachment:{att.pk}")}
    assert {Kind.ID_NUMBER, Kind.MOBILE} <= kinds


def test_redacted_document_is_published_as_a_masked_document(world, make_draft):
    u = world.users
    d = make_draft(body="<p>公示名单见附件。</p>")
    att = services.add_attachment(d, u["proposer"], name="名单.docx", data=docx_bytes(LINE))
    services.submit(d, u["proposer"])
    for f in d.findings.all():
        services.decide_finding(f, u["secrecy"], D.REDACT)
    services.act(d, u["secrecy"], A.PASS, opinion="已脱密")
    att.refresh_from_db()
    fh, filename = att.published_copy()
    assert filename == "名单（脱密件）.docx"
    text = extract.extract_text(filename, fh.open("rb").read())
    assert ID_NUMBER not in text and "13812345678" not in text and "党员张明" in text


def test_unreadable_attachment_must_be_checked_by_hand(world, make_draft):
    u = world.users
    d = make_draft(body="<p>现场照片见附件。</p>")
    att = services.add_attachment(d, u["proposer"], name="现场.png", data=PNG)
    unscanned = d.findings.get(field=f"attachment:{att.pk}")
    assert unscanned.kind == Kind.UNSCANNED
    services.submit(d, u["proposer"])
    with pytest.raises(Exception, match="保密审查发现未处理"):
        services.act(d, u["secrecy"], A.PASS, opinion="同意")
    with pytest.raises(Exception, match="书面理由"):
        services.decide_finding(unscanned, u["secrecy"], D.WAIVE)
    services.decide_finding(unscanned, u["secrecy"], D.WAIVE, "已人工核对，图片不含涉密内容")
    services.act(d, u["secrecy"], A.PASS, opinion="同意")
    att.refresh_from_db()
    assert att.published_copy() == (att.file, "现场.png")


def test_withheld_attachment_is_not_published(world, make_draft):
    u = world.users
    d = make_draft(body="<p>见附件。</p>")
    att = services.add_attachment(d, u["proposer"], name="扫描件.pdf", data=pdf_bytes(""))
    services.submit(d, u["proposer"])
    for f in d.findings.all():
        services.decide_finding(f, u["secrecy"], D.REDACT)
    services.act(d, u["secrecy"], A.PASS, opinion="附件不予公开")
    att.refresh_from_db()
    fh, name = att.published_copy()
    assert name == "扫描件（脱密件）.pdf"
    text = extract.extract_text(name, fh.open("rb").read())
    assert "脱密件" in text and "不予公开" in text


def test_zip_bomb_and_broken_files_are_unreadable_not_errors():
    assert extract.extract_text("坏.docx", b"PK\x03\x04 not really a zip") is None
    assert extract.extract_text("坏.pdf", b"%PDF-1.4 garbage") is None
    assert extract.extract_text("坏.xlsx", b"PK\x03\x04") is None
