"""Exports open with openpyxl / are PDFs; the import is all-or-nothing with a Chinese row report."""

import io

import pytest
from openpyxl import load_workbook

from dwgk.catalog import exports, services
from dwgk.catalog.models import CatalogItem

from .factories import filed_catalog

pytestmark = pytest.mark.django_db


def test_xlsx_export_opens_with_openpyxl_and_round_trips(world):
    source = filed_catalog(world.village)
    content = exports.export_xlsx(source)
    ws = load_workbook(io.BytesIO(content)).active
    assert ws.cell(2, 2).value == "公开事项"
    assert ws.max_row == 2 + source.items.count()
    target = services.create_from_template(world.village2)
    report = exports.import_xlsx(target, content)
    assert report.ok, report.errors
    got = list(target.items.order_by("seq").values_list("subject", "category", "scope", "channels", "cadence_kind",
                                                         "cadence_params"))
    want = list(source.items.order_by("seq").values_list("subject", "category", "scope", "channels", "cadence_kind",
                                                         "cadence_params"))
    assert got == want


def test_import_is_all_or_nothing_with_a_row_by_row_report(world):
    from openpyxl import Workbook

    target = services.create_from_template(world.village2)
    before = list(target.items.values_list("pk", flat=True))
    wb = Workbook()
    ws = wb.active
    ws.append(exports.HEADERS)
    ws.append([1, "党费收缴情况", "", "党的组织建设情况", "党内公开", "", "党务公开栏", "定期公开", "每半年", "支部", "", "", "", ""])
    ws.append([2, "", "", "不存在的类别", "党内公开", "", "党务公开栏", "定期公开", "每周", "支部", "", "", "", ""])
    ws.append([3, "暂不公开事项", "", "其他应当公开的事项", "特定对象", "X999", "传真", "即时/及时公开", "3个工作日", "",
               "", "是", "", ""])
    buf = io.BytesIO()
    wb.save(buf)
    report = exports.import_xlsx(target, buf.getvalue())
    assert not report.ok
    text = "\n".join(report.errors)
    assert "第 3 行：公开类别“不存在的类别”无效" in text
    assert "第 3 行：定期公开的时限参数应为" in text
    assert "第 4 行：公开范围“特定对象”无效" in text
    assert "第 4 行：组织代码“X999”不存在" in text
    assert "第 4 行：公开方式“传真”无效" in text
    assert "第 2 行" not in text
    assert list(target.items.values_list("pk", flat=True)) == before  # nothing changed


def test_import_refused_for_a_filed_catalog(world):
    catalog = filed_catalog(world.village)
    report = exports.import_xlsx(catalog, exports.export_xlsx(catalog))
    assert not report.ok and "调整申请" in report.errors[0]


@pytest.mark.one_db
@pytest.mark.slow  # CJK font subsetting: several seconds
def test_pdf_export_produces_an_a4_pdf(world):
    catalog = filed_catalog(world.village)
    item = catalog.items.get(template_code="G12")
    CatalogItem.objects.filter(pk=item.pk).update(withheld=True, withheld_reason="测试")
    doc = exports.pdf_document(catalog)  # what export_pdf writes out
    pdf = doc.write_pdf()
    assert pdf.startswith(b"%PDF") and pdf.rstrip().endswith(b"%%EOF")
    page = doc.pages[0]
    assert (round(page.width * 25.4 / 96), round(page.height * 25.4 / 96)) == (297, 210)  # A4 landscape, mm
    fonts = {f.family.decode() if isinstance(f.family, bytes) else str(f.family) for f in doc.fonts.values()}
    assert any("Noto Sans CJK SC" in f for f in fonts), fonts
    text = "".join(b.text for p in doc.pages for b in _boxes(p._page_box) if getattr(b, "text", None))
    assert "领导群团组织" not in text  # a withheld item is not printed
    assert "思想政治工作" in text


def test_cadence_text_round_trips():
    cases = [("standing", {"due": "03-31"}), ("periodic", {"period": "quarter", "grace_workdays": 10}),
             ("periodic", {"period": "bimonthly"}), ("phased", {"stages": [{"name": "启动", "end": "03-31"},
                                                                           {"name": "总结", "end": "12-31"}]}),
             ("immediate", {"workdays": 3, "monthly": True})]
    for kind, params in cases:
        assert exports.parse_cadence_text(kind, exports.cadence_text(kind, params)) == params




def _boxes(box):
    yield box
    for child in getattr(box, "children", []) or []:
        yield from _boxes(child)
