"""Redaction keeps the format: a masked xlsx is a workbook, a masked docx is a Word document (masked
across runs), any other type a labelled 脱密件 PDF; name, type and size always describe the bytes
served, and the portal, the API and the static mirror serve the same bytes."""

import io
import re
import shutil
import subprocess
import zipfile
from pathlib import PurePath
from urllib.parse import unquote

import openpyxl
import pytest
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from pypdf import PdfReader

from dwgk.core.choices import Scope
from dwgk.disclosures import extract, publishing, readercopy, services
from dwgk.disclosures.models import SecrecyFinding
from dwgk.portal import selectors as portal_selectors
from dwgk.portal.mirror import Mirror, file_for

from .conftest import A, draft
from .test_attachment_scanning import ID_NUMBER, pdf_bytes, xlsx_bytes

pytestmark = pytest.mark.django_db
PHONE = "13812345678"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def docx_runs(*paragraphs) -> bytes:
    """A minimal Word document; each paragraph is a list of runs (Word splits text at edits)."""
    body = "".join("<w:p>" + "".join(f"<w:r><w:rPr><w:b/></w:rPr><w:t xml:space=\"preserve\">{r}</w:t></w:r>"
                                     for r in runs) + "</w:p>" for runs in paragraphs)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml",
                   '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/content-types"><Default Extension="rels" ContentType="application/'
                   'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
                   'ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="'
                   'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
        z.writestr("_rels/.rels",
                   '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
                   'officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
        z.writestr("word/document.xml", f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                                        f'<w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>')
    return buf.getvalue()


def redacted_copy(world, name, data, scope=Scope.PARTY, publish=False):
    u = world.users
    d = draft(world, body="<p>名单见附件。</p>", scope=scope)
    att = services.add_attachment(d, u["proposer"], name=name, data=data)
    services.submit(d, u["proposer"])
    for f in d.findings.all():
        services.decide_finding(f, u["secrecy"], SecrecyFinding.Decision.REDACT)
    services.act(d, u["secrecy"], A.PASS, opinion="已脱密")
    if publish:
        services.act(d, u["approver"], A.PASS, opinion="同意公开")
        publishing.publish(d, u["publisher"])
    att.refresh_from_db()
    return d, att, readercopy.reader_copy(att)


def libreoffice_text(tmp_path, name: str, data: bytes) -> str:
    """Open the file in LibreOffice (headless), convert to PDF, read the text back."""
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    src = tmp_path / name
    src.write_bytes(data)
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path}/lo-profile", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(src)],
                   check=True, capture_output=True, timeout=180)
    pdf = tmp_path / (src.stem + ".pdf")
    assert pdf.exists(), "LibreOffice could not open the file"
    return "\n".join(page.extract_text() or "" for page in PdfReader(pdf).pages)


def test_masked_xlsx_is_a_workbook_with_cells_masked_in_place(world):
    data = xlsx_bytes([["姓名", "身份证号", "电话", "党费（元）"], ["张明", ID_NUMBER, int(PHONE), 120.5],
                       ["李华", "无", f"手机{PHONE}", 80]])
    _d, att, copy = redacted_copy(world, "党费收缴名单.xlsx", data)
    served = copy.read()
    assert (copy.name, copy.content_type, copy.size) == ("党费收缴名单（脱密件）.xlsx", XLSX, len(served))
    sheet = openpyxl.load_workbook(io.BytesIO(served)).active
    assert [c.value for c in sheet[2]] == ["张明", "■" * 18, "■" * 11, 120.5]
    assert sheet["C3"].value == "手机" + "■" * 11 and sheet["A1"].value == "姓名"
    assert ID_NUMBER.encode() not in served and PHONE.encode() not in served


def test_masked_docx_is_a_document_masked_across_runs(world):
    data = docx_runs(["党员张明，身份证号", ID_NUMBER[:6], ID_NUMBER[6:]],
                     ["联系电话", "138", "1234", "5678", "。"], ["其他内容不变。"])
    _d, att, copy = redacted_copy(world, "发展对象名单.docx", data)
    served = copy.read()
    assert (copy.name, copy.content_type, copy.size) == ("发展对象名单（脱密件）.docx", DOCX, len(served))
    text = extract.extract_text(copy.name, served)
    assert text.splitlines() == ["党员张明，身份证号" + "■" * 18, "联系电话" + "■" * 11 + "。", "其他内容不变。"]
    xml = zipfile.ZipFile(io.BytesIO(served)).read("word/document.xml").decode()
    assert xml.count("<w:b/>") == 9  # every run and its formatting kept
    assert "5678" not in xml and ID_NUMBER[6:] not in xml


def test_other_types_become_a_labelled_pdf(world):
    _d, att, copy = redacted_copy(world, "名单.pdf", pdf_bytes(f"党员张明，联系电话{PHONE}。"))
    served = copy.read()
    assert (copy.name, copy.content_type, copy.size) == ("名单（脱密件）.pdf", "application/pdf", len(served))
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(served)).pages)
    assert "脱密件" in text and "名单.pdf" in text and "■" * 11 in text and PHONE not in text


@pytest.mark.one_db
@pytest.mark.slow
@pytest.mark.parametrize("name,data", [
    ("党费收缴名单.xlsx", xlsx_bytes([["姓名", "身份证号", "电话"], ["张明", ID_NUMBER, PHONE]])),
    ("发展对象名单.docx", docx_runs(["党员张明，身份证号", ID_NUMBER], ["联系电话", "138", "12345678"])),
])
def test_redacted_office_files_open_in_libreoffice_with_masks_and_no_original(world, tmp_path, name, data):
    _d, _att, copy = redacted_copy(world, name, data)
    text = libreoffice_text(tmp_path, copy.name, copy.read())
    assert "张明" in text and "■■■■" in text
    assert ID_NUMBER not in text and PHONE not in text and "12345678" not in text


def test_portal_api_and_mirror_serve_identical_bytes_with_matching_name_type_and_size(world, client, tmp_path):
    data = xlsx_bytes([["姓名", "电话"], ["张明", PHONE]])
    d, att, copy = redacted_copy(world, "党费收缴名单.xlsx", data, scope=Scope.PUBLIC, publish=True)
    served = copy.read()

    url = portal_selectors.attachment_url(d.pk, att)
    assert url.endswith(".xlsx")
    portal = client.get(url)
    portal_bytes = b"".join(portal.streaming_content)
    api = client.get(f"/api/v1/disclosures/{d.pk}/attachments/{att.pk}/download")
    api_bytes = b"".join(api.streaming_content)
    meta = client.get(f"/api/v1/disclosures/{d.pk}").json()["attachments"][0]
    root = tmp_path / "mirror"
    Mirror(root).disclosure(d.pk)
    mirror_bytes = file_for(root, url).read_bytes()

    assert portal_bytes == api_bytes == mirror_bytes == served and PHONE.encode() not in served
    for resp in (portal, api):
        assert resp["Content-Type"] == XLSX
        assert int(resp["Content-Length"]) == len(served)
        disposition = unquote(resp["Content-Disposition"])
        assert "党费收缴名单（脱密件）.xlsx" in disposition
    assert (meta["name"], meta["content_type"], meta["size"], meta["redacted"]) == (
        "党费收缴名单（脱密件）.xlsx", XLSX, len(served), True)
    html = client.get(reverse("portal:disclosure", args=[d.pk])).content.decode()
    assert "党费收缴名单（脱密件）.xlsx" in html and "党费收缴名单.xlsx<" not in html
    size_shown = re.search(r"（脱密件）\.xlsx</a> <span class=\"muted\">([^<]+)</span>", html).group(1)
    assert size_shown == filesizeformat(len(served))


def test_a_remade_reader_copy_replaces_the_old_file_in_storage(world, django_capture_on_commit_callbacks):
    d, att, first = redacted_copy(world, "党费收缴名单.xlsx", xlsx_bytes([["姓名", "电话"], ["张明", PHONE]]))
    storage, old = att.redacted_file.storage, att.redacted_file.name
    with django_capture_on_commit_callbacks(execute=True):
        services.apply_redactions(d)
    att.refresh_from_db()
    assert att.redacted_file.name != old and storage.exists(att.redacted_file.name)
    assert not storage.exists(old)
    for f in d.findings.all():
        f.decision = SecrecyFinding.Decision.WAIVE
        f.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.apply_redactions(d)
    att.refresh_from_db()
    assert not att.redacted_file and readercopy.reader_copy(att).name == "党费收缴名单.xlsx"
    assert not any(name.startswith("党费收缴名单（脱密件）") for name in storage.listdir(PurePath(old).parent.as_posix())[1])
