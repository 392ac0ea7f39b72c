"""Cells of exported spreadsheets: no value becomes a formula (CSV/formula injection).

A text beginning with = + - @ tab or CR is what Excel, WPS and LibreOffice would evaluate (or, in a CSV,
interpret) as a formula. In an xlsx such a cell is written as a string with Excel's quote prefix: it
shows the text unchanged and stays text when edited. In a CSV it gets a leading apostrophe.
"""

from __future__ import annotations

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_START)


def escape_sheet(ws) -> None:
    """Every formula-like text cell of an openpyxl worksheet becomes literal text."""
    for row in ws.iter_rows():
        for cell in row:
            if cell.data_type == "f" or is_formula_like(cell.value):
                cell.data_type = "s"
                cell.quotePrefix = True


def csv_cell(value):
    """A value for csv.writer: formula-like text gets a leading apostrophe."""
    return "'" + value if is_formula_like(value) else value
