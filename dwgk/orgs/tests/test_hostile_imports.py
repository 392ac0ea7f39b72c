"""Hostile imports (issue 16): every unreadable, oversized or poisoned file gets a Chinese answer naming
the file (and the row), within 5 s, and changes nothing."""

import time

import pytest

from dwgk.orgs import imports
from dwgk.testing import hostile

from .test_import import ORG_HEADER, PEOPLE_HEADER, csv_bytes, snapshot, xlsx_bytes

pytestmark = pytest.mark.django_db


def refused(kind, name, data):
    started = time.monotonic()
    result = imports.run_import(kind, data, name)
    elapsed = time.monotonic() - started
    assert not result.ok and result.created == 0
    assert elapsed < 5, elapsed
    return " ".join(result.report_lines()) + result.summary()


@pytest.mark.parametrize("name,build,expected", [
    ("组织.csv", lambda: hostile.csv_bom_invalid(ORG_HEADER), "UTF-8"),
    ("组织.xlsx", lambda: hostile.xlsx_malformed_sheet(ORG_HEADER), "XML 结构错误"),
    ("组织.xlsx", lambda: hostile.xlsx_wide(ORG_HEADER, 5000), "列的上限"),
    ("组织.xlsx", lambda: hostile._patch_members(xlsx_bytes(ORG_HEADER, [("甲", "A1", "基层党组织")]),  # noqa: SLF001
                                                 lambda flags, method: (flags | 1, method)), "加密"),
    ("组织.xlsx", lambda: hostile._patch_members(xlsx_bytes(ORG_HEADER, [("甲", "A1", "基层党组织")]),  # noqa: SLF001
                                                 lambda flags, method: (flags, 9)), "不支持的压缩方式"),
])
def test_an_unreadable_import_is_answered_in_chinese_naming_the_file(world, name, build, expected):
    before = snapshot()
    text = refused(imports.ORGS, name, build())
    assert f"“{name}”" in text and expected in text, text
    assert snapshot() == before


def test_malformed_sheet_names_the_row_being_read(world):
    text = refused(imports.ORGS, "组织.xlsx", hostile.xlsx_malformed_sheet(ORG_HEADER))
    assert "第 " in text and " 行" in text, text


@pytest.mark.slow
@pytest.mark.parametrize("dimension,expected", [(True, "连续 10000 行为空"), (False, "缺少尺寸信息")])
def test_three_million_empty_rows_answer_within_5_seconds(world, dimension, expected):
    data = hostile.xlsx_empty_rows(PEOPLE_HEADER, 3_000_000, dimension=dimension)
    before = snapshot()
    text = refused(imports.PEOPLE, "空行.xlsx", data)
    assert "“空行.xlsx”" in text and expected in text, text
    assert snapshot() == before


@pytest.mark.parametrize("cell", ["张\x00明", "张\x1b明", "\x7f张明"])
def test_control_characters_in_a_cell_are_refused_with_row_and_column(world, cell):
    before = snapshot()
    rows = [(cell, "男", "", "", world.village.code, "正式党员", "")]
    result = imports.import_people(csv_bytes(PEOPLE_HEADER, rows), "人员.csv")
    assert not result.ok
    assert [(e.row, e.column) for e in result.errors] == [(2, "姓名")]
    assert "控制字符" in result.errors[0].message
    assert snapshot() == before


def test_control_characters_in_an_xlsx_cell_are_refused_too(world):
    # openpyxl will not write a control character; a hand-written sheet carries one as &#x1b;? No: XML 1.0
    # forbids most; tab-free C1 controls (U+0085) and DEL are legal XML and arrive in the cell.
    data = hostile.xlsx([ORG_HEADER, ["甲\x7f组织", "NUL-1", "基层党组织", "", world.town.code, "", ""]])
    result = imports.import_orgs(data, "组织.xlsx")
    assert not result.ok and [(e.row, e.column) for e in result.errors] == [(2, "组织名称")]
