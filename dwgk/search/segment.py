"""Chinese word segmentation for the search index (rjieba, which matches jieba's output).

Documents are cut in search-engine mode (long words also yield their dictionary sub-words), queries in
precise mode; every precise-mode word is among the search-mode words of the same text, so a query word
always meets the index term it came from. Both sides go through the same `normalize`.
"""

from __future__ import annotations

import functools
import html
import re
from html.parser import HTMLParser

import rjieba

# Party-affairs terms that the stock dictionary splits (三重一大 → 三重 / 一大). Added before any cut,
# at import, so the index and the queries always see the same dictionary.
DOMAIN_WORDS = (
    "党务公开", "党务公开日", "党务公开栏", "三重一大", "三会一课", "主题党日", "组织生活会", "民主生活会",
    "民主评议", "发展党员", "预备党员", "入党积极分子", "党费", "党组织", "党支部", "党总支", "党委",
    "党工委", "纪检监察", "依申请公开", "政策解读", "意见反馈", "公开目录", "党内公开", "向社会公开",
)
for _word in DOMAIN_WORDS:
    rjieba.add_word(_word, None, None)

# Function words that match nearly every document and carry no meaning for search.
STOP_WORDS = frozenset(
    "的 了 和 与 及 或 在 是 对 为 于 以 等 将 把 被 由 从 向 其 之 而 并 就 也 都 有 个 这 那 中 上 下 "
    "我 你 他 她 它 们 吗 呢 吧 啊 a an the of and or to in on for is are".split()
)


_HALF_WIDTH = {0x3000: " ", **{c: chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)}}


def normalize(text: str) -> str:
    """Full-width → half-width and lower case, one character out for one character in.

    Keeping the length lets the snippet code find a word in the normalized text and mark the same
    span in the original.
    """
    out = text.translate(_HALF_WIDTH).lower()
    if len(out) == len(text):
        return out
    # A few characters lower-case to two (İ → i̇): keep those as they are.
    return "".join(low if len(low := ch.lower()) == 1 else ch for ch in text.translate(_HALF_WIDTH))


_WORD_CHAR = re.compile(r"[^\W_]")  # a letter or digit in any script


@functools.lru_cache(maxsize=200_000)
def _keep(token: str) -> bool:
    # Cached: a corpus repeats a small vocabulary. Tokens of only punctuation, symbols or spaces go.
    return token not in STOP_WORDS and _WORD_CHAR.search(token) is not None


def index_tokens(text: str) -> list[str]:
    """Search-engine mode tokens of a document's text."""
    return [t for t in rjieba.cut_for_search(normalize(text)) if _keep(t)]


def query_tokens(text: str) -> list[str]:
    """Precise mode tokens of a query, de-duplicated in order."""
    seen: dict[str, None] = {}
    for token in rjieba.cut(normalize(text)):
        token = token.strip()
        if _keep(token):
            seen.setdefault(token, None)
    return list(seen)


def index_text(text: str) -> str:
    """The text as the index stores it: tokens separated by spaces (the index splits on whitespace)."""
    return " ".join(index_tokens(text))


class _TextExtractor(HTMLParser):
    BLOCK = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skip += 1
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self.skip:
            self.skip -= 1
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def html_to_text(markup: str) -> str:
    """Plain text of a (sanitized) HTML body: tags dropped, entities decoded, whitespace collapsed."""
    parser = _TextExtractor()
    parser.feed(markup)
    parser.close()
    text = html.unescape("".join(parser.parts))
    return re.sub(r"[ \t\r\f\v]*\n[\s]*", "\n", re.sub(r"[ \t\r\f\v]+", " ", text)).strip()
