"""Real-looking disclosure documents with planted sensitive items, for the scanner's tests and bench.

`build_document(rng)` returns the text and the list of (kind, text) items planted in it; the
surrounding prose is full of number shapes that must NOT be flagged: dates, 文号, amounts, counts,
postcodes, percentages, phone-like but invalid numbers, 18-digit serials that fail the ID checksum.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from dwgk.core.idcard import check_char
from dwgk.core.names import id_number, mobile, person_name

from .secrecy import Kind, luhn_ok

ORGS = ("中共东江市青山区委员会", "中共石桥镇委员会", "中共城关街道工作委员会", "青山区教育和体育局党委",
        "中共石桥村支部委员会", "青山区人民医院党委", "中共解放路社区委员会")
DOC_PREFIX = ("达市委发", "青委办", "青组通", "石委发", "青纪发", "东委办发")

PARAGRAPHS = (
    "根据{doc}〔{year}〕{no}号文件精神，{org}于{date}召开党员大会，应到党员{n}名，实到{m}名，"
    "会议审议通过了{year}年度党建工作要点，明确了{k}项重点任务。",
    "为进一步规范党务公开工作，{org}对照党务公开目录，于{date}前完成第{q}季度公开事项的梳理，"
    "共梳理公开事项{n}项，其中向社会公开{m}项，党内公开{k}项。",
    "{year}年，全区共发展党员{n}名，其中35岁以下青年党员占{pct}%，女性党员占{pct2}%，"
    "具有大专以上学历的占{pct3}%。党费收缴{amount}元，全部按规定上缴。",
    "{org}坚持“三会一课”制度，全年召开支部党员大会{k}次、支部委员会{n}次、党小组会{m}次，"
    "讲党课{q}次。{date}，开展主题党日活动，参加党员{m}人。",
    "村集体经济收入{amount}元，较上年增长{pct}%；实施民生项目{k}个，总投资{amount2}万元，"
    "惠及群众{n}户。项目编号{serial}，邮政编码635000。",
    "按照《中国共产党党务公开条例（试行）》和{doc}〔{year}〕{no}号要求，公开时间为{date}至{date2}，"
    "公示期{k}个工作日。公示期间如有异议，请以书面形式向{org}反映。",
    "经{org}{year}年第{no}次会议研究，决定对{name}等{k}名同志予以表彰，发放奖励金{amount}元。",
    "坚持以习近平新时代中国特色社会主义思想为指导，深入学习贯彻党的二十大精神，认真落实新时代党的建设总要求，"
    "以党务公开促进党内民主，保障党员知情权、参与权、选举权和监督权，增强党组织工作透明度。",
    "{org}严格落实“谁公开、谁负责，谁收集、谁反馈”的要求，对党员群众提出的意见建议逐条登记、"
    "及时研究、限时答复，答复情况在党务公开栏中予以公示，接受党员群众监督。",
    "进一步完善党务公开工作机制，明确公开内容、公开范围、公开方式和公开时限，做到应公开尽公开，"
    "对不宜公开的事项严格把关，坚持先审查后公开，确保公开内容真实、准确、完整。",
    "加强基层党组织标准化规范化建设，推动党建工作与中心工作深度融合，切实把党的政治优势和组织优势"
    "转化为推动乡村振兴和基层治理的发展优势，不断增强党员群众的获得感、幸福感、安全感。",
    "统一社会信用代码51511700MJ{code}，登记证号{year}{no:04d}，统计时点为{year}年12月31日，"
    "党员总数{n}人，流动党员{k}人。",
)


def _date(rng: random.Random) -> str:
    d = date(2019, 1, 1) + timedelta(days=rng.randrange(365 * 7))
    return rng.choice((f"{d.year}年{d.month}月{d.day}日", d.isoformat(), f"{d:%Y.%m.%d}", f"{d:%Y/%m/%d}"))


def _bad_id(rng: random.Random) -> str:
    """An 18-digit serial number that is not a valid resident ID (wrong checksum) nor a card."""
    while True:
        first17 = f"{rng.randrange(10**16, 10**17)}"
        right = check_char(first17)
        wrong = rng.choice([c for c in "0123456789" if c != right])
        value = first17 + wrong
        if not luhn_ok(value) or not value.startswith(("62", "4", "5", "6", "9")):
            return value


def bank_card(rng: random.Random) -> str:
    body = "62" + "".join(str(rng.randrange(10)) for _ in range(15))
    for check in "0123456789":
        if luhn_ok(body + check):
            return body + check
    raise AssertionError("unreachable: one check digit always satisfies Luhn")


def _fill(rng: random.Random, template: str) -> str:
    year = rng.randrange(2015, 2027)
    return template.format(
        doc=rng.choice(DOC_PREFIX), year=year, no=rng.randrange(1, 120), org=rng.choice(ORGS),
        date=_date(rng), date2=_date(rng), n=rng.randrange(10, 900), m=rng.randrange(5, 300),
        k=rng.randrange(2, 30), q=rng.randrange(1, 5), pct=rng.randrange(1, 99), pct2=rng.randrange(1, 60),
        pct3=rng.randrange(1, 99), amount=f"{rng.randrange(1000, 9999999)}.{rng.randrange(100):02d}",
        amount2=rng.randrange(10, 5000), name=person_name(rng), serial=_bad_id(rng),
        code=f"{rng.randrange(10**7):07d}",
    )


def planted_items(rng: random.Random) -> list[tuple[str, str]]:
    """Sensitive items in the shapes they take in real documents."""
    ident = id_number(rng, rng.choice("MF"))
    phone = mobile(rng)
    card = bank_card(rng)
    items = [
        (Kind.MARK, rng.choice(("秘密★1年", "机密★10年", "绝密★长期", "秘密★", "机密 ★ 5年"))),
        (Kind.INTERNAL, rng.choice(("内部资料", "不得外传", "注意保密", "内部文件"))),
        (Kind.ID_NUMBER, ident),
        (Kind.MOBILE, rng.choice((phone, f"{phone[:3]} {phone[3:7]} {phone[7:]}", f"+86 {phone}"))),
        (Kind.LANDLINE, rng.choice(("0818-2345678", "(0818)2123456", "（028）86612345", "023-65102233"))),
        (Kind.BANK_CARD, rng.choice((card, " ".join(card[i:i + 4] for i in range(0, len(card), 4))))),
    ]
    return items


CONTEXT = {
    Kind.MARK: "\n{item}\n",
    Kind.INTERNAL: "（{item}）",
    Kind.ID_NUMBER: "困难党员{name}，身份证号{item}，",
    Kind.MOBILE: "联系人{name}，手机{item}。",
    Kind.LANDLINE: "监督电话：{item}。",
    Kind.BANK_CARD: "慰问金已转入其银行卡{item}。",
    Kind.WORD: "涉及{item}的情况另行通报。",
}


def build_document(rng: random.Random, paragraphs: int = 12, plant: bool = True,
                   words: tuple[str, ...] = ()) -> tuple[str, list[tuple[str, str]]]:
    parts = [f"关于{rng.choice(ORGS)}{rng.randrange(2019, 2027)}年党务公开有关情况的通报\n"]
    planted: list[tuple[str, str]] = []
    items = planted_items(rng) if plant else []
    items += [(Kind.WORD, w) for w in words] if plant else []
    slots = sorted(rng.sample(range(paragraphs), min(len(items), paragraphs))) if items else []
    slot_items = dict(zip(slots, items, strict=False))
    for i in range(paragraphs):
        parts.append(_fill(rng, rng.choice(PARAGRAPHS)))
        if i in slot_items:
            kind, item = slot_items[i]
            parts.append(CONTEXT[kind].format(item=item, name=person_name(rng)))
            planted.append((kind, item))
        parts.append("\n")
    return "".join(parts), planted


def build_corpus(size_bytes: int, seed: int = 4) -> str:
    """About `size_bytes` of UTF-8 text: documents with and without planted items."""
    rng = random.Random(seed)
    chunks, total = [], 0
    while total < size_bytes:
        doc, _planted = build_document(rng, plant=rng.random() < 0.3)
        chunks.append(doc)
        total += len(doc.encode())
    return "".join(chunks)
