"""Guards for the anonymous forms: a captcha with a non-visual alternative, and per-address rate limits.

Both live in Django's cache (local memory or the shared Redis), so they work across app servers.

Captcha: each challenge has two answers, either accepted — the characters of a distorted raster image
(PNG pixels: the characters are nowhere in the page's text or markup, unlike SVG <text>), or the answer
to an arithmetic question written out in text (the alternative that screen readers can read, GB/T 37668
/ WCAG 1.1.1). Because that question is in the page, answering it also needs the proof a script reading
the HTML lacks: the form was shown at least `TEXT_ANSWER_MIN_SECONDS` before (people take that long to
read and type; the time is kept server-side with the challenge) and the honeypot field, hidden from
people and assistive technology, is left empty. No external services. A challenge is used once.
"""

from __future__ import annotations

import hashlib
import io
import secrets
import time
from dataclasses import dataclass

from django.core.cache import cache
from django.utils.translation import gettext as _

from dwgk.core import clientaddr

from .conf import conf

IMAGE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXY3456789"
DIGITS = "零一二三四五六七八九十"


@dataclass
class Challenge:
    key: str
    question: str  # the text alternative, e.g. "七加五等于几？（请填阿拉伯数字）"


def _number_words(n: int) -> str:
    if n <= 10:
        return DIGITS[n]
    return ("十" if n < 20 else DIGITS[n // 10] + "十") + (DIGITS[n % 10] if n % 10 else "")


def new_challenge() -> Challenge:
    a, b = secrets.randbelow(9) + 1, secrets.randbelow(9) + 1
    if secrets.randbelow(2) and a != b:
        a, b = max(a, b), min(a, b)
        question, answer = f"{_number_words(a)}减{_number_words(b)}等于几？", a - b
    else:
        question, answer = f"{_number_words(a)}加{_number_words(b)}等于几？", a + b
    text = "".join(secrets.choice(IMAGE_ALPHABET) for _ in range(4))
    key = secrets.token_urlsafe(16)
    cache.set(f"dwgk:captcha:{key}", {"image": text, "answer": str(answer), "issued": time.time()},
              conf("captcha_seconds"))
    return Challenge(key=key, question=question + _("（请填写阿拉伯数字）"))


TEXT_ANSWER_MIN_SECONDS = 4
HONEYPOT = "website"  # a field people never see or fill; scripts filling every input do


def check_captcha(key: str, response: str, honeypot: str = "") -> str | None:
    """None when solved; otherwise the Chinese message to show. The challenge is consumed either way."""
    response = (response or "").strip().upper()
    if not response:
        return _("请填写验证码：输入图片中的字符，或回答文字问题。")
    data = cache.get(f"dwgk:captcha:{key}") if key else None
    if data is None:
        return _("验证码已过期，请重新填写新的验证码。")
    cache.delete(f"dwgk:captcha:{key}")
    if honeypot:
        return _("验证码不正确，请重新填写新的验证码。")
    if response == data["image"]:
        return None
    if response == data["answer"]:
        if time.time() - data.get("issued", 0) < TEXT_ANSWER_MIN_SECONDS:
            return _("提交过快：请阅读文字问题后再作答（新的验证码已生成）。")
        return None
    return _("验证码不正确，请重新填写新的验证码。")


def captcha_png(key: str) -> bytes | None:
    """The image form of the challenge: rotated, offset characters over noise lines and dots, as PNG."""
    from PIL import Image, ImageDraw, ImageFont

    data = cache.get(f"dwgk:captcha:{key}")
    if data is None:
        return None
    rnd = secrets.SystemRandom()
    width, height = 140, 48
    image = Image.new("RGB", (width, height), (246, 245, 243))
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=30)  # bundled with Pillow: no font file to depend on
    for i, ch in enumerate(data["image"]):
        glyph = Image.new("L", (40, 44), 0)
        ImageDraw.Draw(glyph).text((6, 2), ch, font=font, fill=255)
        glyph = glyph.rotate(rnd.randint(-25, 25), resample=Image.BICUBIC, expand=False)
        image.paste((31, 31, 31), (6 + i * 32 + rnd.randint(-3, 3), rnd.randint(-2, 4)), glyph)
    for _i in range(7):
        draw.line([(rnd.randint(0, width), rnd.randint(0, height)), (rnd.randint(0, width), rnd.randint(0, height))],
                  fill=(140, 140, 140), width=1)
    for _i in range(120):
        draw.point((rnd.randint(0, width - 1), rnd.randint(0, height - 1)), fill=(110, 110, 110))
    buf = io.BytesIO()
    image.save(buf, "PNG")
    return buf.getvalue()


def client_address(request) -> str:
    return clientaddr.client_address(request) or "unknown"


def _address_key(scope: str, address: str) -> str:
    # The address is hashed: the cache never holds visitors' IP addresses in clear.
    return f"dwgk:rate:{scope}:{hashlib.sha256(address.encode()).hexdigest()[:32]}"


def submitter_keys(request) -> list[str]:
    """Who a submission counts against: its address and, for a logged-in user, the account too (so
    changing networks does not reset a member's limit, and one address's limit is not another's)."""
    keys = [client_address(request)]
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        keys.append(f"account:{user.pk}")
    return keys


def rate_limited(scope: str, who) -> str | None:
    """None while every key of `who` (a request, or an address) is under the limit for `scope`, else the
    Chinese message. Checked before a form is processed, so a refused submission stores nothing."""
    keys = [who] if isinstance(who, str) else submitter_keys(who)
    if any((cache.get(_address_key(scope, k)) or 0) >= conf("rate_limit_count") for k in keys):
        return _("提交过于频繁：同一网络地址或同一账号 %(m)s 分钟内最多提交 %(n)s 次，请稍后再试。") % {
            "m": conf("rate_limit_seconds") // 60, "n": conf("rate_limit_count")}
    return None


def count_submission(scope: str, who) -> None:
    """Count one stored submission against every key of `who` (a request, or an address)."""
    window = conf("rate_limit_seconds")
    for k in [who] if isinstance(who, str) else submitter_keys(who):
        key = _address_key(scope, k)
        cache.add(key, 0, window)
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, window)
