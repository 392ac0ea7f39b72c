"""Content rules: sanitized rich text, checked attachments, and the hash of what a step saw."""

from __future__ import annotations

import hashlib
import json
import re
from html import escape, unescape
from pathlib import PurePath
from typing import NamedTuple

import nh3
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils.translation import gettext as _

from dwgk.core.crypto import digest_hex

ALLOWED_TAGS = {"p", "br", "strong", "b", "em", "i", "u", "s", "sub", "sup", "h2", "h3", "h4", "ol", "ul", "li",
                "blockquote", "table", "thead", "tbody", "tr", "th", "td", "a", "hr", "span"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "td": {"colspan", "rowspan"}, "th": {"colspan", "rowspan", "scope"}}


def sanitize_html(html: str) -> str:
    """Rich text as stored: only structural tags, no scripts, styles or event handlers."""
    text = (html or "").strip()
    if text and "<" not in text:
        # Plain text from a textarea: keep its paragraphs.
        text = "".join(f"<p>{nh3.clean_text(line)}</p>" for line in text.splitlines() if line.strip())
    return nh3.clean(text, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                     url_schemes={"http", "https", "mailto"}, link_rel="noopener noreferrer")


_BLOCK_END = re.compile(r"</(?:p|li|h[1-6]|div|blockquote|tr)\s*>|<br\s*/?>|<hr\s*/?>", re.I)
_ANY_TAG = re.compile(r"<[^>]*>")


def text_to_html(text: str) -> str:
    """Plain text typed without the editor: each non-empty line a paragraph, every character literal."""
    return "".join(f"<p>{escape(line.strip())}</p>" for line in (text or "").splitlines() if line.strip())


def html_to_text(html: str) -> str:
    """The stored rich text as plain text for editing without the editor: one line per paragraph."""
    text = _ANY_TAG.sub("", _BLOCK_END.sub("\n", html or ""))
    return "\n".join(line.strip() for line in unescape(text).splitlines() if line.strip())


# Accepted attachments: extension → (content type, magic-byte prefixes; empty = text, checked by decoding).
ATTACHMENT_TYPES = {
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".ofd": ("application/ofd", (b"PK\x03\x04",)),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (b"PK\x03\x04",)),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (b"PK\x03\x04",)),
    ".doc": ("application/msword", (b"\xd0\xcf\x11\xe0",)),
    ".xls": ("application/vnd.ms-excel", (b"\xd0\xcf\x11\xe0",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".txt": ("text/plain; charset=utf-8", ()),
    ".csv": ("text/csv; charset=utf-8", ()),
}


def max_attachment_bytes() -> int:
    return settings.DWGK_ATTACHMENT_MAX_BYTES


def check_attachment(name: str, data: bytes) -> tuple[str, bool, str | None]:
    """Validate type and size by content, not by the name alone. Returns (content type, is text, text)."""
    ext = PurePath(name).suffix.lower()
    if ext not in ATTACHMENT_TYPES:
        raise ValidationError(_("不支持的附件类型“%(ext)s”。允许：%(allowed)s。") % {
            "ext": ext or name, "allowed": "、".join(sorted(ATTACHMENT_TYPES))})
    if not data:
        raise ValidationError(_("附件“%(name)s”是空文件。") % {"name": name})
    limit = max_attachment_bytes()
    if len(data) > limit:
        raise ValidationError(_("附件“%(name)s”超过 %(mb)s MB 的大小上限。") % {"name": name, "mb": limit // (1024 * 1024)})
    content_type, magics = ATTACHMENT_TYPES[ext]
    if magics:
        if not any(data.startswith(m) for m in magics):
            raise ValidationError(_("附件“%(name)s”的内容与扩展名不符。") % {"name": name})
        return content_type, False, None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return content_type, True, data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValidationError(_("文本附件“%(name)s”无法识别编码（应为 UTF-8 或 GB18030）。") % {"name": name})


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def hash_algorithm() -> str:
    """SM3 or SHA-256 for step records; follows the audit chain's setting unless set on its own."""
    return settings.DWGK_CONTENT_HASH or settings.DWGK_AUDIT_HASH


class Parts(NamedTuple):
    """What an approval covers besides the disclosure row, as read in one round trip."""
    target_orgs: list[int]
    target_people: list[int]
    attachments: list[list]  # per attachment, by id: name, sha256, reader copy's name, type and sha256
    findings: list[list]  # field, start, end, kind, decision (sorted)


def parts_of(disclosure) -> Parts:
    """Targets, attachments and findings in one round trip: this runs on every workflow decision. A decision
    that needs them for its own rules too (publication: undecided findings, attachments to re-read) reads
    them once and hands them to `content_hash`."""
    from .models import Attachment, Disclosure, SecrecyFinding

    orgs = Disclosure.target_orgs.through._meta.db_table
    people = Disclosure.target_people.through._meta.db_table
    sql = (
        f"SELECT 0, organization_id, 0, '', '', '', '', '' FROM {orgs} WHERE disclosure_id = %s "
        f"UNION ALL SELECT 1, person_id, 0, '', '', '', '', '' FROM {people} WHERE disclosure_id = %s "
        f"UNION ALL SELECT 2, id, 0, name, sha256, redacted_name, redacted_content_type, redacted_sha256 "
        f"FROM {Attachment._meta.db_table} WHERE disclosure_id = %s "
        f'UNION ALL SELECT 3, start, "end", field, kind, decision, \'\', \'\' FROM {SecrecyFinding._meta.db_table} '
        f"WHERE disclosure_id = %s")
    with connection.cursor() as cursor:
        cursor.execute(sql, [disclosure.pk] * 4)
        rows = cursor.fetchall()
    target_orgs = sorted(r[1] for r in rows if r[0] == 0)
    target_people = sorted(r[1] for r in rows if r[0] == 1)
    # Each attachment: the original's name and hash, then the reader copy's name, type and hash
    # (empty while readers get the original) — as `attachment_part` gives them from a loaded row.
    attachments = [[r[3], r[4], r[5], r[6], r[7]] for r in sorted((r for r in rows if r[0] == 2),
                                                                   key=lambda r: r[1])]
    findings = sorted([r[3], r[1], r[2], r[4], r[5]] for r in rows if r[0] == 3)
    return Parts(target_orgs, target_people, attachments, findings)


def attachment_part(att) -> list:
    """One attachment's entry in `Parts.attachments`, from its row as loaded (and saved) in this transaction."""
    return [att.name, att.sha256, att.redacted_name, att.redacted_content_type, att.redacted_sha256]


def snapshot(disclosure, parts: Parts | None = None) -> dict:
    """Everything an approval covers: text, attachments, audience, channels, timing, each secrecy
    finding's decision, and exactly what readers will receive — the reader-facing title and body
    (redacted where redacted) and each attachment's reader copy (publication checks those bytes)."""
    target_orgs, target_people, attachments, findings = parts if parts is not None else parts_of(disclosure)
    return {
        "reader_title": disclosure.redacted_title or disclosure.title,
        "reader_body": disclosure.redacted_body or disclosure.body,
        "title": disclosure.title,
        "body": disclosure.body,
        "category": disclosure.category,
        "catalog_item": disclosure.catalog_item_id,
        "out_of_catalog_reason": disclosure.out_of_catalog_reason,
        "scope": disclosure.scope,
        "target_orgs": target_orgs,
        "target_people": target_people,
        "channels": sorted(disclosure.channels or []),
        "planned_at": disclosure.planned_at.isoformat() if disclosure.planned_at else None,
        "expires_at": disclosure.expires_at.isoformat() if disclosure.expires_at else None,
        "attachments": attachments,
        "findings": findings,
        # The 澄清/更正 note readers see beside a new version (absent on other items: their hashes stay).
        **({"correction_reason": disclosure.correction_reason} if disclosure.correction_reason else {}),
    }


def content_hash(disclosure, algorithm: str | None = None, parts: Parts | None = None) -> str:
    """`parts`: as `parts_of` read them in this transaction, when nothing they cover changed since."""
    data = json.dumps(snapshot(disclosure, parts), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return digest_hex(data.encode(), algorithm or hash_algorithm())
