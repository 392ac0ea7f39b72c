"""The statistics table as the offices use it: the page, the xlsx with the seed's merged header (read
back by openpyxl and by LibreOffice), and the A3 landscape PDF."""

import csv
import io
import shutil
import subprocess
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from dwgk.oversight import services as ov
from dwgk.reports import exports
from dwgk.reports.stats import ROWS, statistics_table

# The seed 002 attachment's header, cell by cell (its Word table read as text): row 1 公开工作 over the
# two label columns and three rows, 公开主体 over the 13 columns, 合计 and 备注 down all three rows; row 2
# the categories (社区 over 2, 事业单位 over 4, the others down two rows); row 3 their subdivisions.
SEED_HEADER_MERGES = {
    "A3:B5": "公开工作", "C3:O3": "公开主体", "P3:P5": "合计", "Q3:Q5": "备注",
    "C4:C5": "镇党委", "D4:D5": "街道党工委", "E4:E5": "建制村", "F4:G4": "社区", "H4:K4": "事业单位",
    "L4:L5": "机关", "M4:M5": "企业", "N4:N5": "社会组织", "O4:O5": "其他基层单位",
}
SEED_SUBHEADS = {"F5": "城市", "G5": "农村", "H5": "学校", "I5": "卫生", "J5": "科研院所", "K5": "其他"}
GROUP_MERGES = {"A6:A20": "公开工作", "A21:A29": "公开形式", "A30:A37": "公开内容", "A38:A40": "监督检查",
                "A41:A50": "意见收集办理和反馈"}


@pytest.fixture
def table(world):
    ov.add_carrier(world.town, kind="board", name="镇公开栏", quantity=3, established_on=date(2026, 2, 1))
    ov.add_carrier(world.village, kind="board", name="村公开栏", quantity=2, established_on=date(2026, 2, 1))
    return statistics_table(world.district, date(2026, 1, 1), date(2026, 12, 31))


def test_xlsx_has_the_seed_layout(table):
    ws = load_workbook(io.BytesIO(exports.stats_xlsx(table))).active
    merges = {str(r) for r in ws.merged_cells.ranges}
    for rng, text in {**SEED_HEADER_MERGES, **GROUP_MERGES}.items():
        assert rng in merges, rng
        assert ws[rng.split(":")[0]].value == text
    for cell, text in SEED_SUBHEADS.items():
        assert ws[cell].value == text
    assert [ws.cell(row=6 + i, column=2).value for i in range(len(ROWS))] == [r.title for r in ROWS]
    assert ws["B6"].value == "基层党组织个数（个）" and ws["B50"].value == "满意度（%）"
    boards = 6 + [r.code for r in ROWS].index("boards")
    assert ws.cell(row=boards, column=3).value == 3  # 镇党委
    assert ws.cell(row=boards, column=5).value == 2  # 建制村
    assert ws.cell(row=boards, column=16).value == 5  # 合计
    assert ws.page_setup.orientation == "landscape" and ws.print_title_rows == "$3:$5"


@pytest.mark.one_db
@pytest.mark.slow
def test_xlsx_opens_in_libreoffice(table, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice（soffice）未安装：./dev test 会安装 libreoffice-calc-nogui"
    src = tmp_path / "统计表.xlsx"
    src.write_bytes(exports.stats_xlsx(table))
    profile = f"-env:UserInstallation=file://{tmp_path}/lo-profile"
    for fmt in ("pdf", "csv:Text - txt - csv (StarCalc):44,34,76"):  # 76: UTF-8
        subprocess.run([soffice, profile, "--headless", "--convert-to", fmt, "--outdir", str(tmp_path), str(src)],
                       check=True, capture_output=True, timeout=180)
    assert (tmp_path / "统计表.pdf").read_bytes().startswith(b"%PDF")
    rows = list(csv.reader(io.StringIO((tmp_path / "统计表.csv").read_text(encoding="utf-8"))))
    # LibreOffice reads the header as written: merged cells carry their text in the top-left cell.
    assert rows[2][0] == "公开工作" and rows[2][2] == "公开主体" and rows[2][15] == "合计" and rows[2][16] == "备注"
    assert rows[3][2:15] == ["镇党委", "街道党工委", "建制村", "社区", "", "事业单位", "", "", "", "机关", "企业",
                             "社会组织", "其他基层单位"]
    assert rows[4][5:11] == ["城市", "农村", "学校", "卫生", "科研院所", "其他"]
    assert rows[5][1] == "基层党组织个数（个）"


@pytest.mark.one_db
def test_pdf_is_a3_landscape(table):
    doc = exports.stats_document(table)
    page = doc.pages[0]
    mm = 96 / 25.4  # CSS px per mm
    assert (round(page.width / mm), round(page.height / mm)) == (420, 297)  # A3 landscape
    assert len(doc.pages) <= 2 and doc.write_pdf().startswith(b"%PDF")


def test_page_and_downloads(world, login):
    c = login(world.users["office"])
    index = c.get(reverse("reports:index")).content.decode()
    assert "统计通报" in index and reverse("reports:stats") in index and reverse("reports:bigscreen") in index
    page = c.get(reverse("reports:stats"), {"code": world.district.code, "start": "2026-01-01",
                                            "end": "2026-12-31"}).content.decode()
    assert "公开主体" in page and "党员申请公开事项（个）" not in page and "党员申请公开事项（条）" in page
    r = c.get(reverse("reports:stats_xlsx"), {"code": world.district.code, "start": "2026-01-01", "end": "2026-12-31"})
    assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxmlformats")
    r = c.get(reverse("reports:stats_pdf"), {"code": world.district.code})
    assert r.status_code == 200 and r.content.startswith(b"%PDF")
    # Bad input: a clear Chinese message, no table.
    page = c.get(reverse("reports:stats"), {"start": "2026-12-31", "end": "2026-01-01"}).content.decode()
    assert "结束日期不能早于开始日期" in page
    assert "日期格式" in c.get(reverse("reports:stats"), {"start": "2026-13-01"}).content.decode()
    r = c.get(reverse("reports:stats_xlsx"), {"code": "NOPE"})
    assert r.status_code == 400 and "找不到组织代码" in r.content.decode()
    # Only the office of the org or above: not another district, not a member.
    assert c.get(reverse("reports:stats"), {"code": world.sibling.code}).status_code == 403
    assert login(world.users["member_town"]).get(reverse("reports:stats")).status_code == 403
