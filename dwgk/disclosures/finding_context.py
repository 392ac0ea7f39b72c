"""Where a secrecy finding is and what surrounds it, so the reviewer can judge it in its sentence:
标题 / 正文第 N 段 / 附件《名称》第 N 行, with the sentence split around the match."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .extract import extract_text
from .models import Attachment, Disclosure, SecrecyFinding

# Block boundaries of the sanitized body: a paragraph ends at each of these.
_BLOCK = re.compile(r"</(?:p|li|h[1-6]|div|blockquote|tr|td|th)\s*>|<br\s*/?>", re.I)
_TAG = re.compile(r"<[^>]*>|&[a-zA-Z#0-9]+;")
_STOPS = "。！？!?；;\n"
SIDE = 60  # characters of context kept on each side of the match


@dataclass(frozen=True)
class LocatedFinding:
    finding: SecrecyFinding
    where: str
    before: str
    match: str
    after: str


def _plain_same_length(html: str) -> str:
    """Tags and entities blanked (positions unchanged, as the scanner saw it); block ends become newlines."""
    text = _BLOCK.sub(lambda m: "\n" + " " * (len(m.group()) - 1), html)
    return _TAG.sub(lambda m: " " * len(m.group()), text)


def _sentence(text: str, start: int, end: int) -> tuple[str, str, str]:
    left = start
    while left > 0 and text[left - 1] not in _STOPS and start - left < SIDE:
        left -= 1
    right = end
    while right < len(text) and right - end < SIDE:
        right += 1
        if text[right - 1] in _STOPS:  # the sentence's own stop is kept
            break
    squash = lambda s: re.sub(r"\s+", " ", s)  # noqa: E731
    before, after = squash(text[left:start]).lstrip(), squash(text[end:right]).rstrip()
    if left > 0 and text[left - 1] not in _STOPS:
        before = "…" + before
    if right < len(text) and text[right - 1] not in _STOPS:
        after = after + "…"
    return before, squash(text[start:end]), after


def _paragraph_no(text: str, start: int) -> int:
    """1-based paragraph number: blank paragraphs are not counted."""
    paras = [p for p in text[:start].split("\n")]
    return sum(1 for p in paras[:-1] if p.strip()) + 1


def locate(d: Disclosure, findings) -> list[LocatedFinding]:
    texts: dict[str, tuple[str, str]] = {}  # field → (text as scanned, attachment name)
    out = []
    for f in findings:
        if f.field not in texts:
            if f.field == "title":
                texts[f.field] = (d.title, "")
            elif f.field == "body":
                texts[f.field] = (_plain_same_length(d.body), "")
            elif f.field.startswith("attachment:"):
                att = Attachment.objects.filter(pk=f.field.split(":", 1)[1], disclosure=d).first()
                text = None
                if att is not None:
                    try:
                        with att.file.open("rb") as fh:
                            text = extract_text(att.name, fh.read())
                    except (OSError, ValueError):
                        text = None
                texts[f.field] = (text or "", att.name if att else _("已删除的附件"))
            else:
                texts[f.field] = ("", "")
        text, name = texts[f.field]
        if f.field == "title":
            where = _("标题")
        elif f.field == "body":
            where = _("正文第 %(n)s 段") % {"n": _paragraph_no(text, f.start)}
        elif f.field.startswith("attachment:"):
            if f.end <= f.start:
                where = _("附件《%(name)s》（无法读取文字，须人工查看）") % {"name": name}
            else:
                where = _("附件《%(name)s》第 %(n)s 行") % {"name": name, "n": text[:f.start].count("\n") + 1}
        else:
            where = _("其他位置")
        if f.end > f.start and text[f.start:f.end].strip():
            before, match, after = _sentence(text, f.start, f.end)
        else:
            before, match, after = "", f.text, ""
        out.append(LocatedFinding(f, where, before, match, after))
    return out


def locate_in_texts(texts: dict[str, str], html: frozenset[str], labels: dict[str, str], findings) -> list[LocatedFinding]:
    """`locate` for a text under review (release.py): each field by its label, paragraphs for rich text."""
    plain = {k: _plain_same_length(v) if k in html else v for k, v in texts.items()}
    out = []
    for f in findings:
        text = plain.get(f.field, "")
        label = labels.get(f.field, _("其他位置"))
        where = _("%(label)s第 %(n)s 段") % {"label": label, "n": _paragraph_no(text, f.start)} if "\n" in text \
            else label
        if f.end > f.start and text[f.start:f.end].strip():
            before, match, after = _sentence(text, f.start, f.end)
        else:
            before, match, after = "", f.text, ""
        out.append(LocatedFinding(f, where, before, match, after))
    return out
