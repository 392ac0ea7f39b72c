"""The secrecy scanner: finds every planted item with its position, and nothing in ordinary numbers."""

import random

import pytest

from dwgk.disclosures.corpus import bank_card, build_document
from dwgk.disclosures.secrecy import Kind, luhn_ok, redact, scan, scan_html

WORDS = ("三重一大试点方案", "某某工程")


def kinds(text, words=()):
    return [(f.kind, f.text) for f in scan(text, words)]


def test_every_planted_item_is_found_at_its_position_and_nothing_else():
    rng = random.Random(20260426)
    for _ in range(400):
        doc, planted = build_document(rng, words=WORDS)
        findings = scan(doc, WORDS)
        assert sorted((f.kind, f.text) for f in findings) == sorted(planted)
        for f in findings:
            assert doc[f.start:f.end] == f.text


@pytest.mark.parametrize("text", [
    "根据达市委发〔2019〕4号文件精神",
    "青委办〔2024〕112号、石委发[2023]7号",
    "2024年3月26日、2024-03-26、2024.03.26、2024/03/26、20240326",
    "党费收缴1234567.89元，增长12.5%，共计305名党员",
    "邮政编码635000，统计时点为2025年12月31日",
    "项目编号991702198001011234（无此省份代码的18位编号）",
    "登记证号20190412，统一社会信用代码51511700MJ1234567X",
    "合同编号4000123412341235",  # 16 digits that fail Luhn
    "第20240101001号公告，文号达委〔2025〕第3号",
    "坚持党的领导，保守党和国家秘密，严格执行保密法",  # "秘密" in prose is not a mark
    "加强党内部管理和内部控制制度建设",  # "内部" inside a phrase is not a mark
    "会议时间为14:30，地点在三楼1301会议室，时长90分钟",
    "电话会议于2024年召开",
])
def test_no_false_positive_on_ordinary_number_shapes(text):
    assert kinds(text) == []


@pytest.mark.parametrize("text,kind", [
    ("\n秘密★1年\n", Kind.MARK), ("绝密★长期", Kind.MARK), ("机密 ★ 10年", Kind.MARK), ("（机密）", Kind.MARK),
    ("密级：秘密", Kind.MARK), ("秘密★", Kind.MARK),
    ("（内部）", Kind.INTERNAL), ("内部资料 注意收藏", Kind.INTERNAL), ("此件不得外传", Kind.INTERNAL),
    ("请注意保密", Kind.INTERNAL),
    ("身份证号51170219800101123X。", Kind.ID_NUMBER),
    ("手机13812345678", Kind.MOBILE), ("手机 138 1234 5678", Kind.MOBILE), ("+86 13912345678", Kind.MOBILE),
    ("电话0818-2345678", Kind.LANDLINE), ("(028)86612345", Kind.LANDLINE), ("联系电话：2345678", Kind.LANDLINE),
])
def test_each_kind_is_recognised(text, kind):
    from dwgk.core.idcard import check_char

    if kind == Kind.ID_NUMBER:
        first17 = "51170219800101123"
        text = f"身份证号{first17}{check_char(first17)}。"
    found = kinds(text)
    assert [k for k, _ in found] == [kind], found


def test_bank_card_needs_luhn():
    card = bank_card(random.Random(3))
    assert luhn_ok(card)
    assert kinds(f"卡号{card}") == [(Kind.BANK_CARD, card)]
    broken = card[:-1] + str((int(card[-1]) + 1) % 10)
    assert kinds(f"卡号{broken}") == []


def test_bad_checksum_id_number_is_a_malformed_id_never_a_bank_card():
    """Issue 13 Why 7: 18 digits with a real province and birth date but a wrong check digit are an ID
    number mistyped, worth a reviewer's look as such; ~1 in 10 of them also pass Luhn."""
    from dwgk.core.idcard import check_char

    rng = random.Random(13)
    passing_luhn = 0
    for _ in range(300):
        first17 = f"{rng.choice(['50', '51'])}{rng.randrange(10**4):04d}19{rng.randrange(50, 99)}0{rng.randrange(1, 10)}" \
                  f"{rng.randrange(10, 29)}{rng.randrange(1000):03d}"
        wrong = next(c for c in "0123456789" if c != check_char(first17))
        ident = first17 + wrong
        passing_luhn += luhn_ok(ident)
        assert kinds(f"身份证{ident}。") == [(Kind.MALFORMED_ID, ident)]
    assert passing_luhn > 0  # the case the bank-card test used to catch is in the sample
    assert kinds("编号511702198001011234。") == [(Kind.MALFORMED_ID, "511702198001011234")]


def test_configurable_word_list():
    assert kinds("关于某某工程的情况", ("某某工程",)) == [(Kind.WORD, "某某工程")]
    assert kinds("关于某某工程的情况", ()) == []


def test_html_tags_are_not_scanned_and_positions_hold():
    html = '<p class="x13812345678">联系人手机<strong>13987654321</strong></p>'
    findings = scan_html(html, ())
    assert [(f.kind, f.text) for f in findings] == [(Kind.MOBILE, "13987654321")]
    redacted = redact(html, [(f.start, f.end) for f in findings])
    assert "13987654321" not in redacted and "x13812345678" in redacted
    assert len(redacted) == len(html)
