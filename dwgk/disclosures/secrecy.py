"""保密审查 scanner: finds what must not be published without a reviewer's decision (DESIGN invariant 2).

One combined regular expression finds *candidates*; each candidate is then validated cheaply (ID
checksum, Luhn, context of a classification mark) so that dates, 文号 (达市委发〔2019〕4号), amounts,
postcodes and other ordinary number shapes are not flagged. Findings carry positions (character
offsets into the scanned text) so that a reviewer can redact or waive each one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from django.conf import settings
from django.db import DatabaseError
from django.utils.translation import gettext_lazy as _

from dwgk.access import configuration
from dwgk.audit.services import record
from dwgk.core.idcard import is_valid_id_number

REDACTION_CHAR = "■"


class Kind:
    MARK = "mark"
    INTERNAL = "internal"
    ID_NUMBER = "id_number"
    MALFORMED_ID = "malformed_id"  # shaped like an ID number (region, birth date) but the check digit fails
    MOBILE = "mobile"
    LANDLINE = "landline"
    BANK_CARD = "bank_card"
    WORD = "word"
    UNSCANNED = "unscanned"  # an attachment whose text cannot be read: a reviewer checks it by hand
    ACTIVE = "active_content"  # macros, scripts, launch actions: removed or withheld, never waived

    LABELS = {
        MARK: _("密级标志"),
        INTERNAL: _("内部事项用语"),
        ID_NUMBER: _("身份证号码"),
        MALFORMED_ID: _("疑似身份证号码（校验位不符）"),
        MOBILE: _("手机号码"),
        LANDLINE: _("固定电话号码"),
        BANK_CARD: _("银行卡号"),
        WORD: _("敏感词"),
        UNSCANNED: _("无法自动检查的附件"),
        ACTIVE: _("附件含宏或脚本等活动内容"),
    }
    # Kinds a written waiver cannot settle: the reviewer removes or withholds the attachment.
    NOT_WAIVABLE = frozenset({ACTIVE})
    CHOICES = list(LABELS.items())


@dataclass(frozen=True)
class Finding:
    kind: str
    start: int
    end: int
    text: str

    @property
    def label(self) -> str:
        return str(Kind.LABELS[self.kind])


# Terms flagged wherever they appear, plus the configurable list (settings.DWGK_SECRECY_WORDS and the
# SecrecyTerm table). Bare "内部" is flagged only where it stands as a mark (own line or in brackets).
INTERNAL_TERMS = ("内部资料", "内部文件", "内部刊物", "内部使用", "不得外传", "严禁外传", "注意保密", "内部★")
BRACKETS_OPEN = "([（【〔「『<《\"“'‘"
BRACKETS_CLOSE = ")]）】〕」』>》\"”'’"

# The combined pattern starts with ONE character class (every candidate's first character), so the
# regex engine skips all other text in C; the branch after it picks the continuation by looking
# back at that first character. Named groups tell `_validate` which kind of candidate matched.
_SP = r"[ \t\u3000]"
_STAR = rf"(?:{_SP}*★{_SP}*(?:\d{{1,2}}{_SP}*(?:年|个月)|长期)?)?"
_NOT_AFTER_ALNUM = r"(?<![0-9A-Za-z].)"  # the char before the consumed first char is not alphanumeric
_FIRST_CJK = "绝机秘密内不严注电座传"
_FIRST = _FIRST_CJK + "0-9(（+"
# Numbers start a run: the consumed first char is a digit, bracket or plus not preceded by [0-9A-Za-z];
# checked once for the whole group so mid-run digits are rejected after two look-behinds.
_NUMERIC = [
    # 15–19 digits, optionally grouped by spaces or dashes: ID numbers and bank cards, validated later.
    r"(?P<digits>(?<=\d)(?:[ \-]?\d){14,18}[Xx]?(?![0-9A-Za-z]))",
    # Mobile: 11 digits starting 1[3-9], optional (+)86 and 3-4-4 grouping.
    r"(?P<mobile>(?:(?<=\+)86[ \-]?1|(?<=8)6[ \-]?1|(?<=1))[3-9]\d[ \-]?\d{4}[ \-]?\d{4}(?![0-9A-Za-z]))",
    # Landline: area code in brackets, or followed by a dash/space.
    rf"(?P<landline>(?:(?<=[(（])0\d{{2,3}}[)）]{_SP}?|(?<=0)\d{{2,3}}[ \-－])[2-9]\d{{6,7}}(?:-\d{{1,5}})?(?![0-9]))",
]
_CJK = [
    rf"(?P<mark>(?<=[绝机秘])密{_STAR}|(?<=密)级[:：]{_SP}*(?:绝密|机密|秘密){_STAR})",
    r"(?P<internal>(?<=内)部(?:资料|文件|刊物|使用|★)?|(?<=不)得外传|(?<=严)禁外传|(?<=注)意保密)",
    # A 7–8 digit number right after a 电话/座机/传真 label.
    rf"(?P<labelled_phone>(?:(?<=电)话|(?<=座)机|(?<=传)真)[:：]?{_SP}*[2-9]\d{{6,7}}(?![0-9]))",
]


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


# Bank card issuer prefixes (银联 62, Visa 4, Mastercard 5, and domestic 6xx debit BINs).
_CARD_PREFIXES = ("62", "4", "5", "60", "65", "68", "69", "94", "95", "99")


def _plausible_birth_year(ident: str) -> bool:
    # The checksum alone lets 1 in 11 random 18-digit numbers through; a real holder was born 1900–2099.
    return ident[6:8] in ("19", "20") and ident[0] in "12345678"


# First two digits of an ID number: the province-level division (GB/T 2260), including 71/81/82.
_PROVINCES = frozenset("11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 "
                       "61 62 63 64 65 71 81 82".split())


def looks_like_id_number(ident: str) -> bool:
    """18 characters with a real province code and a valid 1900–2099 birth date: an ID number whatever
    its check digit says (a mistyped one is still someone's identity)."""
    if len(ident) != 18 or not ident[:17].isdigit() or ident[17] not in "0123456789Xx":
        return False
    if ident[:2] not in _PROVINCES or not _plausible_birth_year(ident):
        return False
    try:
        date(int(ident[6:10]), int(ident[10:12]), int(ident[12:14]))
    except ValueError:
        return False
    return True


def _isolated(text: str, start: int, end: int) -> bool:
    """A bare mark stands alone: at a line edge or between brackets/whitespace, not inside a phrase."""
    before = text[start - 1] if start > 0 else "\n"
    after = text[end] if end < len(text) else "\n"
    return (before.isspace() or before in BRACKETS_OPEN or before in "：:") and (
        after.isspace() or after in BRACKETS_CLOSE or after in "★"
    )


@lru_cache(maxsize=32)
def _compiled(words: tuple[str, ...]) -> re.Pattern:
    first = _FIRST
    branches = [
        rf"(?<=[0-9(（+]){_NOT_AFTER_ALNUM}(?:" + "|".join(_NUMERIC) + ")",
        rf"(?<=[{_FIRST_CJK}])(?:" + "|".join(_CJK) + ")",
    ]
    if words:
        # Longest first so that a longer term wins over its prefix.
        ordered = sorted(set(words), key=len, reverse=True)
        first += "".join(sorted({re.escape(w[0]) for w in ordered}))
        branches.append("(?P<word>" + "|".join(f"(?<={re.escape(w[0])}){re.escape(w[1:])}" for w in ordered) + ")")
    return re.compile(f"[{first}](?:" + "|".join(branches) + ")")


def settings_words() -> tuple[str, ...]:
    """Words fixed by the deployment (settings.DWGK_SECRECY_WORDS), shown read-only in the UI."""
    return tuple(settings.DWGK_SECRECY_WORDS)


def configured_words() -> tuple[str, ...]:
    """The configurable word list: settings.DWGK_SECRECY_WORDS plus active SecrecyTerm rows."""
    words = list(settings_words())
    try:
        from .models import SecrecyTerm

        words += list(SecrecyTerm.objects.filter(active=True).values_list("word", flat=True))
    except DatabaseError:  # before migrations (bench setup) the table does not exist yet
        pass
    return tuple(w for w in words if w)


def scan(text: str, words: tuple[str, ...] | None = None) -> list[Finding]:
    """All findings in `text`, in order of position."""
    if not text:
        return []
    search = _compiled(tuple(words) if words is not None else configured_words()).search
    out: list[Finding] = []
    pos = 0
    while True:
        m = search(text, pos)
        if m is None:
            return out
        finding = _validate(text, m)
        if finding is None:
            # A rejected candidate must not hide a real finding that starts inside it.
            pos = m.start() + 1
            continue
        out.append(finding)
        pos = m.end()


def _validate(text: str, m: re.Match) -> Finding | None:
    group = m.lastgroup
    start, end = m.span()
    value = m.group()
    if group == "mark":
        if "★" in value or value.startswith("密级") or _isolated(text, start, end):
            return Finding(Kind.MARK, start, end, value)
        return None
    if group == "internal":
        if value != "内部" or _isolated(text, start, end):
            return Finding(Kind.INTERNAL, start, end, value)
        return None
    if group == "digits":
        digits = value.replace(" ", "").replace("-", "")
        if len(digits) == 18 and is_valid_id_number(digits) and _plausible_birth_year(digits):
            return Finding(Kind.ID_NUMBER, start, end, value)
        if looks_like_id_number(digits):
            # Never a bank card: about 1 in 10 bad-checksum IDs also pass Luhn.
            return Finding(Kind.MALFORMED_ID, start, end, value)
        if digits.isdigit() and 16 <= len(digits) <= 19 and digits.startswith(_CARD_PREFIXES) and luhn_ok(digits):
            return Finding(Kind.BANK_CARD, start, end, value)
        return None
    if group == "mobile":
        return Finding(Kind.MOBILE, start, end, value)
    if group in ("landline", "labelled_phone"):
        return Finding(Kind.LANDLINE, start, end, value)
    return Finding(Kind.WORD, start, end, value)


_TAG = re.compile(r"<[^>]*>|&[a-zA-Z#0-9]+;")


def text_positions_of_html(html: str) -> str:
    """The HTML with tags and entities blanked to spaces: same length, so positions stay valid and
    attribute values (links, classes) are not scanned as content."""
    return _TAG.sub(lambda m: " " * len(m.group()), html)


def scan_html(html: str, words: tuple[str, ...] | None = None) -> list[Finding]:
    blanked = text_positions_of_html(html)
    return [Finding(f.kind, f.start, f.end, html[f.start:f.end]) for f in scan(blanked, words)]


def redact(text: str, spans: list[tuple[int, int]]) -> str:
    """Replace each span by ■ of the same length (positions of other findings stay valid)."""
    if not spans:
        return text
    chars = list(text)
    for start, end in spans:
        for i in range(max(0, start), min(end, len(chars))):
            if chars[i] not in "<>":
                chars[i] = REDACTION_CHAR
    return "".join(chars)


# ---------------------------------------------------------------------------------------------- word list

MIN_TERM_LENGTH = 2  # a single character would flag half of every document


def add_term(word: str, note: str = "", *, actor=None):
    """Add a word to the scanner's list (or re-enable it). Items already in review are rescanned
    when next edited or submitted."""
    configuration.require_manage_secrecy_terms(actor)
    from django.core.exceptions import ValidationError
    from django.db import transaction

    from .models import SecrecyTerm

    word = (word or "").strip()
    if len(word) < MIN_TERM_LENGTH:
        raise ValidationError(_("敏感词至少 %(n)s 个字。") % {"n": MIN_TERM_LENGTH})
    if len(word) > 60:
        raise ValidationError(_("敏感词不能超过 60 个字。"))
    if any(ch.isspace() for ch in word):
        raise ValidationError(_("敏感词不能包含空格。"))
    with transaction.atomic():
        term, created = SecrecyTerm.objects.get_or_create(word=word, defaults={"note": (note or "").strip()[:200]})
        if not created:
            if term.active:
                raise ValidationError(_("“%(w)s”已在词库中。") % {"w": word})
            term.active = True
            term.note = (note or "").strip()[:200] or term.note
            term.save(update_fields=["active", "note"])
        record("disclosure.secrecy_term_added", actor=actor, obj=term, detail={"word": word})
    return term


def set_term_active(term, active: bool, *, actor=None):
    configuration.require_manage_secrecy_terms(actor)
    term.active = bool(active)
    term.save(update_fields=["active"])
    record("disclosure.secrecy_term_" + ("enabled" if term.active else "disabled"), actor=actor, obj=term,
           detail={"word": term.word})
    return term
