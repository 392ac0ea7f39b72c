"""The catalog as a spreadsheet (xlsx) and as a printable A4 PDF, and the xlsx import.

The import is all-or-nothing, like the foundation's org import: every row is validated first and
the Chinese report names each bad row; only a clean file replaces the draft's items.
"""

from __future__ import annotations

import dataclasses
import io
import json
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from dwgk.access import catalog as access
from dwgk.audit import services as audit
from dwgk.core import intake
from dwgk.core.cells import escape_sheet
from dwgk.core.choices import Category, Channel, Scope
from dwgk.orgs.models import Organization

from . import cadence, selectors, services
from .models import CadenceKind, Catalog, CatalogItem, Period

HEADERS = ["序号", "公开事项", "公开内容", "公开类别", "公开范围", "特定公开对象（组织代码）", "公开方式", "公开时限",
           "时限参数", "责任单位", "依据", "暂不公开", "暂不公开理由", "模板条目"]
MAX_ROWS = 500


def _label(choices, value) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def cadence_text(kind: str, params: dict) -> str:
    """The 时限参数 cell: short Chinese text that `parse_cadence_text` reads back."""
    if kind == CadenceKind.STANDING:
        return params.get("due", "12-31")
    if kind == CadenceKind.PERIODIC:
        text = str(Period(params["period"]).label)
        return text + (f"，宽限{params['grace_workdays']}个工作日" if params.get("grace_workdays") else "")
    if kind == CadenceKind.PHASED:
        return "；".join(f"{s['name']} {s['end']}" for s in params["stages"])
    return f"{params.get('workdays', 5)}个工作日" + ("，每月" if params.get("monthly") else "")


def parse_cadence_text(kind: str, text: str) -> dict:
    text = (text or "").strip()
    if text.startswith("{"):
        try:
            return json.loads(text)
        except json.JSONDecodeError:
            raise ValidationError("时限参数不是有效的 JSON。")
    if kind == CadenceKind.STANDING:
        return {"due": text or "12-31"}
    if kind == CadenceKind.PERIODIC:
        head, _, rest = text.replace(",", "，").partition("，")
        by_label = {str(p.label): p.value for p in Period} | {"每双月": Period.BIMONTHLY, "党务公开日": Period.BIMONTHLY}
        period = by_label.get(head.strip())
        if period is None:
            raise ValidationError("定期公开的时限参数应为：每年、每半年、每季度、每双月（党务公开日）或每月。")
        out = {"period": period}
        digits = "".join(ch for ch in rest if ch.isdigit())
        if digits:
            out["grace_workdays"] = int(digits)
        return out
    if kind == CadenceKind.PHASED:
        stages = []
        for part in text.replace(";", "；").split("；"):
            if part.strip():
                name, _, end = part.strip().rpartition(" ")
                stages.append({"name": name.strip() or end, "end": end})
        return {"stages": stages}
    head, _, rest = text.replace(",", "，").partition("，")
    digits = "".join(ch for ch in head if ch.isdigit())
    out = {"workdays": int(digits) if digits else cadence.DEFAULT_IMMEDIATE_WORKDAYS}
    if "每月" in rest or "每月" in head:
        out["monthly"] = True
    return out


def _rows(catalog: Catalog, include_withheld: bool = True):
    items = selectors.items_of(catalog, include_ended=False)
    for n, item in enumerate(items, 1):
        if item.withheld and not include_withheld:
            continue
        yield [n, item.subject, item.description, _label(Category, item.category), _label(Scope, item.scope),
               "、".join(o.code for o in item.target_orgs.all()),
               "、".join(_label(Channel, c) for c in item.channels), _label(CadenceKind, item.cadence_kind),
               cadence_text(item.cadence_kind, item.cadence_params), item.responsible_unit, item.legal_basis,
               "是" if item.withheld else "", item.withheld_reason, item.template_code]


def export_xlsx(catalog: Catalog, *, include_withheld: bool = True) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    ws = wb.active
    ws.title = "党务公开目录"
    ws.append([f"{catalog.org.name}党务公开目录（第 {catalog.version} 版）"])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append(HEADERS)
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for row in _rows(catalog, include_withheld):
        ws.append(row)
    widths = [6, 30, 60, 20, 16, 18, 24, 14, 20, 16, 30, 8, 24, 10]
    for i, w in enumerate(widths):
        ws.column_dimensions[chr(ord("A") + i)].width = w
    for row in ws.iter_rows(min_row=3):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    escape_sheet(ws)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def pdf_document(catalog: Catalog, *, include_withheld: bool = False):
    """The laid-out A4 document (WeasyPrint, Noto Sans CJK SC)."""
    from weasyprint import HTML

    html = render_to_string("catalog/pdf.html", {
        "catalog": catalog, "rows": list(_rows(catalog, include_withheld)), "headers": HEADERS[:11],
        "printed_at": timezone.localtime(),
    })
    return HTML(string=html).render()


def export_pdf(catalog: Catalog, *, include_withheld: bool = False) -> bytes:
    return pdf_document(catalog, include_withheld=include_withheld).write_pdf()


@dataclass
class ImportReport:
    ok: bool
    errors: list[str]
    count: int = 0


def _by_label(choices, text: str, what: str, errors: list, where: str) -> str:
    text = (text or "").strip()
    for value, label in choices.choices:
        if text in (value, str(label)):
            return value
    errors.append(f"{where}：{what}“{text}”无效，应为：{'、'.join(str(lab) for _, lab in choices.choices)}。")
    return ""


def parse_xlsx(content: bytes, name: str = "目录.xlsx") -> tuple[list[dict], list[str]]:
    """Rows read through the guarded intake: an unreadable or oversized file is one Chinese error naming
    the file (and row); a control character in a cell is an error naming row and column."""
    if not intake.is_xlsx(name, content):
        return [], ["无法读取文件：请上传由本系统导出或按模板填写的 xlsx 文件。"]
    caps = dataclasses.replace(intake.import_caps(), rows=MAX_ROWS + 10)
    try:
        rows = list(intake.read_rows(name, content, caps))
    except intake.FileRejected as exc:
        return [], list(exc.messages)
    header_at = next((i for i, (_n, r) in enumerate(rows[:5])
                      if r and "公开事项" in [str(c or "").strip() for c in r]), None)
    if header_at is None:
        return [], ["找不到表头行（须含“公开事项”等列）。"]
    header = [str(c or "").strip() for c in rows[header_at][1]]
    missing = [h for h in ("公开事项", "公开类别", "公开范围", "公开方式", "公开时限") if h not in header]
    if missing:
        return [], [f"缺少列：{'、'.join(missing)}。"]
    body = rows[header_at + 1:]
    if len(body) > MAX_ROWS:
        return [], [f"行数超过 {MAX_ROWS} 行。"]
    col = {h: header.index(h) for h in HEADERS if h in header}
    errors: list[str] = []
    out: list[dict] = []

    for n, raw in body:
        cells = {h: ("" if raw[i] is None else str(raw[i]).strip()) if i < len(raw) else "" for h, i in col.items()}
        if not any(cells.values()):
            continue
        where = f"第 {n} 行"
        row_errors: list[str] = [f"{where}「{h}」：{intake.control_char_message(bad)}"
                                 for h, v in cells.items() if (bad := intake.control_char(v)) is not None]
        kind = _by_label(CadenceKind, cells.get("公开时限", ""), "公开时限", row_errors, where)
        data = {
            "subject": cells.get("公开事项", ""), "description": cells.get("公开内容", ""),
            "category": _by_label(Category, cells.get("公开类别", ""), "公开类别", row_errors, where),
            "scope": _by_label(Scope, cells.get("公开范围", ""), "公开范围", row_errors, where),
            "channels": [_by_label(Channel, c, "公开方式", row_errors, where)
                         for c in cells.get("公开方式", "").replace("，", "、").replace(",", "、").split("、") if c.strip()],
            "cadence_kind": kind, "responsible_unit": cells.get("责任单位", ""), "legal_basis": cells.get("依据", ""),
            "withheld": cells.get("暂不公开", "") in ("是", "Y", "y", "1", "TRUE", "True"),
            "withheld_reason": cells.get("暂不公开理由", ""), "template_code": cells.get("模板条目", ""),
        }
        if kind:
            try:
                data["cadence_params"] = parse_cadence_text(kind, cells.get("时限参数", ""))
            except ValidationError as exc:
                row_errors.extend(f"{where}：{m}" for m in exc.messages)
        target_codes = [c for c in cells.get("特定公开对象（组织代码）", "").replace("，", "、").split("、") if c.strip()]
        if target_codes:
            found = dict(Organization.objects.filter(code__in=target_codes).values_list("code", "pk"))
            for c in target_codes:
                if c not in found:
                    row_errors.append(f"{where}：组织代码“{c}”不存在。")

            data["target_orgs"] = [found[c] for c in target_codes if c in found]
        if not row_errors:
            try:
                data = {**services.clean_item_data(data), "template_code": data["template_code"][:40]}
            except ValidationError as exc:
                row_errors.extend(f"{where}：{m}" for m in exc.messages)
        errors.extend(row_errors)
        out.append(data)
    if not out and not errors:
        errors.append("文件中没有任何事项。")
    return out, errors


@transaction.atomic
def import_xlsx(catalog: Catalog, content: bytes, *, actor=None) -> ImportReport:
    """Replace a draft's items with the file's rows — all of them, or none."""
    access.require_edit(actor, catalog)
    catalog = Catalog.objects.select_for_update().get(pk=catalog.pk)
    if catalog.state not in services.EDITABLE_STATES:
        return ImportReport(False, ["目录已报备，不能整表导入；请提出调整申请。"])
    rows, errors = parse_xlsx(content)
    if errors:
        return ImportReport(False, errors)
    if catalog.version:
        return ImportReport(False, ["已备案过的目录不能整表替换，请提出调整申请。"])
    catalog.items.all().delete()
    for n, data in enumerate(rows, 1):
        item = CatalogItem(catalog=catalog, seq=n * 10, template_code=data["template_code"])
        services.apply_item_fields(item, data)
    audit.record("catalog.imported", actor=actor, obj=catalog, detail={"items": len(rows)})
    return ImportReport(True, [], len(rows))
