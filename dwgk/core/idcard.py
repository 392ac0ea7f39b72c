"""Resident identity card numbers (GB 11643-1999): 17 digits and a check character."""

import re
from datetime import date

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
ID_SHAPE = re.compile(r"^\d{17}[\dXx]$")


def check_char(first17: str) -> str:
    return _CHECK[sum(int(c) * w for c, w in zip(first17, _WEIGHTS, strict=True)) % 11]


def is_valid_id_number(value: str) -> bool:
    if not ID_SHAPE.match(value or ""):
        return False
    try:
        date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return False
    return check_char(value[:17]) == value[17].upper()


def mask_id_number(value: str) -> str:
    """Shown as 110105********123X: region kept, birth date and sequence hidden."""
    if not value:
        return ""
    return value[:6] + "*" * 8 + value[-4:]
