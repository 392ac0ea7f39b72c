"""The statistics table as xlsx (the seed's merged header) and as an A3 landscape PDF."""

from __future__ import annotations

import io

from django.template.loader import render_to_string
from django.utils import timezone

from dwgk.core.cells import escape_sheet

from .stats import COLUMNS, FOOTNOTE, HEADER, StatisticsTable

HEADER_TOP = 3  # first header row in the sheet (rows 1–2: title and 填报单位)
FIRST_DATA = HEADER_TOP + 3
LAST_COL = 2 + len(COLUMNS) + 2  # group, item, 13 columns, 合计, 备注


def title_of(table: StatisticsTable) -> str:
    return f"{table.root.name}党的基层组织党务公开工作情况统计表"


def period_text(table: StatisticsTable) -> str:
    return f"统计期间：{table.start:%Y年%m月%d日}至{table.end:%Y年%m月%d日}"


def stats_xlsx(table: StatisticsTable) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = "统计表"
    thin = Side(style="thin", color="000000")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    center = Alignment(horizontal="center", vertical="center", wrap_text=True)
    bold = Font(bold=True)

    def put(row, col, value, *, rows=1, cols=1, font=None, align=center, fill=None):
        cell = ws.cell(row=row, column=col, value=value)
        if rows > 1 or cols > 1:
            ws.merge_cells(start_row=row, start_column=col, end_row=row + rows - 1, end_column=col + cols - 1)
        for r in range(row, row + rows):
            for c in range(col, col + cols):
                ws.cell(row=r, column=c).border = box
        cell.alignment = align
        if font:
            cell.font = font
        if fill:
            cell.fill = fill
        return cell

    ws.cell(row=1, column=1, value=title_of(table)).font = Font(bold=True, size=16)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=LAST_COL)
    ws.cell(row=1, column=1).alignment = center
    printed = timezone.localdate()
    ws.cell(row=2, column=1, value=f"填报单位（盖章）：{table.root.name}　　　　填报时间：{printed:%Y}年{printed.month}月"
                                   f"{printed.day}日　　　　{period_text(table)}")
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=LAST_COL)

    head_fill = PatternFill("solid", fgColor="F2E6E6")
    top = HEADER_TOP
    put(top, 1, "公开工作", rows=3, cols=2, font=bold, fill=head_fill)
    put(top, 3, "公开主体", cols=len(COLUMNS), font=bold, fill=head_fill)
    put(top, 3 + len(COLUMNS), "合计", rows=3, font=bold, fill=head_fill)
    put(top, 4 + len(COLUMNS), "备注", rows=3, font=bold, fill=head_fill)
    col = 3
    for label, span, subs in HEADER:
        if subs:
            put(top + 1, col, label, cols=span, font=bold, fill=head_fill)
            for i, sub in enumerate(subs):
                put(top + 2, col + i, sub, font=bold, fill=head_fill)
        else:
            put(top + 1, col, label, rows=2, font=bold, fill=head_fill)
        col += span

    r = FIRST_DATA
    left = Alignment(horizontal="left", vertical="center", wrap_text=True)
    for tr in table.rows:
        if tr.group_span:
            put(r, 1, tr.row.group, rows=tr.group_span, font=bold)
        put(r, 2, tr.row.title, align=left)
        for i, v in enumerate(tr.values):
            put(r, 3 + i, v if v is not None else "—")
            if isinstance(v, float):
                ws.cell(row=r, column=3 + i).number_format = "0.0"
        put(r, 3 + len(COLUMNS), tr.total if tr.total is not None else "—", font=bold)
        if isinstance(tr.total, float):
            ws.cell(row=r, column=3 + len(COLUMNS)).number_format = "0.0"
        put(r, 4 + len(COLUMNS), tr.row.note, align=left)
        r += 1
    ws.cell(row=r, column=1, value=FOOTNOTE)
    if table.uncategorised_orgs:
        ws.cell(row=r + 1, column=1, value=f"说明：未设统计类别的党组织（如地方党委）{table.uncategorised_orgs}个，不计入本表。")

    ws.column_dimensions["A"].width = 8
    ws.column_dimensions["B"].width = 30
    for c in range(3, 3 + len(COLUMNS)):
        ws.column_dimensions[get_column_letter(c)].width = 9
    ws.column_dimensions[get_column_letter(3 + len(COLUMNS))].width = 10
    ws.column_dimensions[get_column_letter(4 + len(COLUMNS))].width = 18
    ws.freeze_panes = ws.cell(row=FIRST_DATA, column=3)
    # Printing: A3 landscape, one page wide, the header repeated on every page (as in the seed).
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A3
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{HEADER_TOP}:{HEADER_TOP + 2}"
    escape_sheet(ws)  # org names and notes are user text: none becomes a formula
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def stats_html(table: StatisticsTable) -> str:
    from .stats import SUBHEADS

    return render_to_string("reports/stats_pdf.html", {
        "table": table, "title": title_of(table), "period": period_text(table), "header": HEADER,
        "subheads": SUBHEADS, "footnote": FOOTNOTE, "printed": timezone.localdate(), "ncols": len(COLUMNS)})


def stats_document(table: StatisticsTable):
    """The laid-out document (WeasyPrint, Noto Sans CJK SC), A3 landscape."""
    from weasyprint import HTML

    return HTML(string=stats_html(table)).render()


def stats_pdf(table: StatisticsTable) -> bytes:
    return stats_document(table).write_pdf()
