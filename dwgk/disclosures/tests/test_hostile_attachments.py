"""Hostile attachments (issue 16): every broken file is refused with a Chinese message naming it, every
bomb or active file becomes its finding, each within 5 s, and no refused upload leaves a file behind."""

import time

import pytest
from django.core.exceptions import ValidationError

from dwgk.disclosures import extract, services
from dwgk.disclosures.models import Attachment, SecrecyFinding
from dwgk.disclosures.secrecy import Kind
from dwgk.testing import hostile

from .conftest import A

pytestmark = pytest.mark.django_db
D = SecrecyFinding.Decision


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def stored_files(root):
    return sorted(p for p in root.rglob("*") if p.is_file())


@pytest.mark.parametrize("name,build,reason", [
    ("校验错误.docx", hostile.docx_bad_crc, "压缩结构已损坏"),
    ("不支持的压缩.docx", hostile.docx_unsupported_compression, "不支持的压缩方式"),
    ("加密条目.docx", hostile.docx_encrypted_entry, "加密"),
    ("格式错误.docx", hostile.docx_malformed_xml, "XML 结构错误"),
    ("损坏.pdf", hostile.pdf_broken, "PDF 文件已损坏"),
    ("表格.xlsx", lambda: hostile.xlsx_malformed_sheet(["姓名", "电话"], 50), "XML 结构错误"),
    ("名单.txt", lambda: b"\xef\xbb\xbf\xe5\x90\x8d\xff\xfe\xfa", "UTF-8"),
])
def test_a_broken_attachment_is_refused_naming_the_file_and_leaves_no_file(world, make_draft, media, name, build,
                                                                           reason):
    d = make_draft(body="<p>见附件。</p>")
    data = build()
    before, rows = stored_files(media), Attachment.objects.count()
    started = time.monotonic()
    with pytest.raises(ValidationError) as refused:
        services.add_attachment(d, world.users["proposer"], name=name, data=data)
    assert time.monotonic() - started < 5
    message = " ".join(refused.value.messages)
    assert f"“{name}”" in message and reason in message, message
    assert stored_files(media) == before
    assert Attachment.objects.count() == rows


def test_a_failure_after_the_file_was_written_removes_it_again(world, make_draft, media, monkeypatch):
    d = make_draft(body="<p>见附件。</p>")

    def broken_rescan(_d):
        raise ValidationError("扫描失败")

    monkeypatch.setattr(services, "rescan", broken_rescan)
    with pytest.raises(ValidationError):
        services.add_attachment(d, world.users["proposer"], name="名单.docx", data=hostile.docx("正文"))
    assert stored_files(media) == []
    assert not Attachment.objects.filter(disclosure=d).exists()


def findings_of(d, att):
    return {(f.kind, f.text) for f in d.findings.filter(field=f"attachment:{att.pk}")}


@pytest.mark.one_db
@pytest.mark.slow
def test_a_docx_bomb_is_unscanned_within_5_seconds_with_bounded_memory(world, make_draft, media):
    data = hostile.docx_bomb(150)
    d = make_draft(body="<p>见附件。</p>")
    started = time.monotonic()
    att = services.add_attachment(d, world.users["proposer"], name="炸弹.docx", data=data)
    assert time.monotonic() - started < 5
    assert findings_of(d, att) == {(Kind.UNSCANNED, "炸弹.docx")}
    # Below the declared-size cap the stream is read and stopped by the element/text caps instead.
    smaller_bomb = hostile.docx_bomb(90)
    started = time.monotonic()
    smaller = extract.extract("小炸弹.docx", smaller_bomb)
    assert smaller.text is None and "上限" in smaller.reason
    assert time.monotonic() - started < 5


def test_entity_expansion_is_never_expanded_and_needs_a_reviewer(world, make_draft, media):
    d = make_draft(body="<p>见附件。</p>")
    att = services.add_attachment(d, world.users["proposer"], name="实体.docx", data=hostile.docx_entity_expansion())
    assert findings_of(d, att) == {(Kind.UNSCANNED, "实体.docx")}


@pytest.mark.parametrize("name,build,what", [
    ("宏.docx", hostile.docx_macro, "宏代码（word/vbaProject.bin）"),
    ("旧版宏.doc", lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "_VBA_PROJECT".encode("utf-16-le") + b"\x00" * 64,
     "宏代码（VBA 工程）"),
    ("脚本.pdf", hostile.pdf_javascript, "JavaScript 脚本"),
    ("启动.pdf", hostile.pdf_launch, "启动外部程序的动作"),
])
def test_active_content_is_a_finding_no_waiver_settles(world, make_draft, media, name, build, what):
    u = world.users
    d = make_draft(body="<p>见附件。</p>")
    att = services.add_attachment(d, u["proposer"], name=name, data=build())
    active = d.findings.get(field=f"attachment:{att.pk}", kind=Kind.ACTIVE)
    assert active.text == what
    services.submit(d, u["proposer"])
    with pytest.raises(ValidationError) as refused:
        services.decide_finding(active, u["secrecy"], D.WAIVE, "已核对，宏无害")
    assert "删除该附件" in " ".join(refused.value.messages)
    # Withholding settles it: the attachment is not published.
    for f in d.findings.all():
        services.decide_finding(f, u["secrecy"], D.REDACT)
    services.act(d, u["secrecy"], A.PASS, opinion="含宏附件不予公开")
    att.refresh_from_db()
    assert att.published_copy()[0] != att.file


def test_extraction_is_cached_by_file_hash(settings):
    data = hostile.docx("联系电话13812345678")
    first = extract.extract("一.docx", data)
    # Same bytes under another name: served from the cache (same answer, no second parse needed).
    key = extract._cache_key("二.docx", data)  # noqa: SLF001 — the cache key is the property under test
    from django.core.cache import cache

    assert cache.get(key) is not None
    assert extract.extract("二.docx", data).text == first.text == "联系电话13812345678"
