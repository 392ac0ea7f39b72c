"""Guards for the anonymous forms: a captcha with a non-visual alternative, and per-address rate limits.

Both live in Django's cache (local memory or the shared Redis), so they work across app servers.

Captcha: each challenge has two answers, either accepted — the characters of a distorted SVG image,
or the answer to an arithmetic question written out in text (the alternative to the image that screen
readers can read, GB/T 37668 / WCAG 1.1.1). No external services. A challenge is used once.
"""

from __future__ import annotations

import hashlib
import secrets
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
    cache.set(f"dwgk:captcha:{key}", {"image": text, "answer": str(answer)}, conf("captcha_seconds"))
    return Challenge(key=key, question=question + _("（请填写阿拉伯数字）"))


def check_captcha(key: str, response: str) -> str | None:
    """None when solved; otherwise the Chinese message to show. The challenge is consumed either way."""
    response = (response or "").strip().upper()
    if not response:
        return _("请填写验证码：输入图片中的字符，或回答文字问题。")
    data = cache.get(f"dwgk:captcha:{key}") if key else None
    if data is None:
        return _("验证码已过期，请重新填写新的验证码。")
    cache.delete(f"dwgk:captcha:{key}")
    if response in (data["image"], data["answer"]):
        return None
    return _("验证码不正确，请重新填写新的验证码。")


def captcha_svg(key: str) -> str | None:
    """The image form of the challenge: distorted characters and noise lines, as SVG."""
    data = cache.get(f"dwgk:captcha:{key}")
    if data is None:
        return None
    rnd = secrets.SystemRandom()
    parts = ['<svg xmlns="http://www.w3.org/2000/svg" width="140" height="48" viewBox="0 0 140 48" '
             'role="img" aria-label="图片验证码（可改为回答下方文字问题）">',
             '<rect width="140" height="48" fill="#f6f5f3"/>']
    for _i in range(6):
        parts.append(f'<line x1="{rnd.randint(0, 140)}" y1="{rnd.randint(0, 48)}" x2="{rnd.randint(0, 140)}" '
                     f'y2="{rnd.randint(0, 48)}" stroke="#8c8c8c" stroke-width="1"/>')
    for i, ch in enumerate(data["image"]):
        x, y, rot = 14 + i * 30, rnd.randint(30, 40), rnd.randint(-25, 25)
        parts.append(f'<text x="{x}" y="{y}" font-size="28" font-family="monospace" font-weight="bold" '
                     f'fill="#1f1f1f" transform="rotate({rot} {x + 8} {y - 10})">{ch}</text>')
    parts.append("</svg>")
    return "".join(parts)


def client_address(request) -> str:
    return clientaddr.client_address(request) or "unknown"


def _address_key(scope: str, address: str) -> str:
    # The address is hashed: the cache never holds visitors' IP addresses in clear.
    return f"dwgk:rate:{scope}:{hashlib.sha256(address.encode()).hexdigest()[:32]}"


def rate_limited(scope: str, address: str) -> str | None:
    """None while `address` is under the limit for `scope`, else the Chinese message. Checked before a
    form is processed, so a refused submission stores nothing."""
    if (cache.get(_address_key(scope, address)) or 0) >= conf("rate_limit_count"):
        return _("提交过于频繁：同一网络地址 %(m)s 分钟内最多提交 %(n)s 次，请稍后再试。") % {
            "m": conf("rate_limit_seconds") // 60, "n": conf("rate_limit_count")}
    return None


def count_submission(scope: str, address: str) -> None:
    """Count one stored submission from `address` in the current window."""
    key = _address_key(scope, address)
    window = conf("rate_limit_seconds")
    cache.add(key, 0, window)
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)
