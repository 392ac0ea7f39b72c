"""Importing organizations and people from xlsx and csv, all or nothing.

A file is read whole, every row is checked against the file itself and the database (in bulk, never a
query per row), and only a file without a single problem is written, in one transaction. Otherwise the
caller gets a report in Chinese, one line per problem: the row number as Excel shows it, the column
header, and what is wrong.

Entry points: `import_orgs(data, filename, actor=..., scope=...)`, `import_people(...)`,
`template_xlsx(kind)`. The import page and the `dwgk import_data` command both call these.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import IntegrityError, connection, transaction
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from dwgk.audit.services import record
from dwgk.core import crypto, intake
from dwgk.core.idcard import is_valid_id_number, mask_id_number

from .bulk import BulkInsert, allocate_ids
from .models import Affiliation, Line, Organization, OrgKind, Person, StatCategory
from .paths import SEGMENT, child_path
from .services import recompute_subtree_totals

ORGS = "orgs"
PEOPLE = "people"
KINDS = (ORGS, PEOPLE)

# Columns in template order: (header, required).
ORG_COLUMNS = [
    ("组织名称", True), ("组织代码", True), ("组织类型", True), ("统计类别", False),
    ("上级组织代码", False), ("所属条线", False), ("排序", False),
]
PEOPLE_COLUMNS = [
    ("姓名", True), ("性别", False), ("手机号", False), ("身份证号", False),
    ("党组织代码", False), ("政治面貌", True), ("入党日期", False),
]
COLUMNS = {ORGS: ORG_COLUMNS, PEOPLE: PEOPLE_COLUMNS}
KIND_LABELS = {ORGS: "党组织", PEOPLE: "人员"}

MAX_ERRORS = 5000  # a report longer than this stops checking: the file needs fixing as a whole anyway
CHUNK = 2000  # lookups by code or blind index go to the database this many at a time
PARTY_FOUNDED = date(1921, 7, 1)
PHONE = re.compile(r"^1[3-9]\d{9}$")
CODE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z_.\-]*$")
MEMBER_STATUS_LABELS = {
    "正式党员": Person.MemberStatus.FULL, "中共党员": Person.MemberStatus.FULL,
    "预备党员": Person.MemberStatus.PROBATIONARY, "中共预备党员": Person.MemberStatus.PROBATIONARY,
    "群众": Person.MemberStatus.NONE,
}
GENDER_LABELS = {"男": Person.Gender.MALE, "女": Person.Gender.FEMALE}
_BLANKS = str.maketrans("", "", "\u200b\ufeff")


# ---------------------------------------------------------------------------------------------------------
# Report


@dataclass(frozen=True)
class RowError:
    row: int  # as Excel shows it; 0 for a problem with the file as a whole
    column: str
    message: str


@dataclass
class ImportResult:
    kind: str
    filename: str = ""
    rows: int = 0
    created: int = 0
    errors: list[RowError] = field(default_factory=list)
    truncated: bool = False
    details: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        label = KIND_LABELS[self.kind]
        if self.ok:
            extra = "".join(f"，{k}{v}" for k, v in self.details.items())
            return _("导入成功：%(file)s 共 %(rows)s 行，新增%(label)s %(n)s 个%(extra)s。") % {
                "file": self.filename, "rows": self.rows, "label": label, "n": self.created, "extra": extra}
        more = _("（错误过多，仅列出前 %(n)s 条）") % {"n": len(self.errors)} if self.truncated else ""
        return _("未导入：%(file)s 中发现 %(n)s 处错误%(more)s，整个文件未做任何改动。请改正后重新导入。") % {
            "file": self.filename, "n": len(self.errors), "more": more}

    def report_lines(self) -> list[str]:
        out = []
        for e in self.errors:
            where = _("第 %(row)s 行") % {"row": e.row} if e.row else _("文件")
            col = f"「{e.column}」" if e.column else ""
            out.append(f"{where} {col}：{e.message}")
        return out


class _Errors:
    """Collects problems; stops the check once there are too many to be useful."""

    def __init__(self):
        self.items: list[RowError] = []
        self.truncated = False

    def add(self, row: int, column: str, message: str) -> None:
        if len(self.items) >= MAX_ERRORS:
            self.truncated = True
            raise _TooMany
        self.items.append(RowError(row, column, str(message)))

    def __bool__(self) -> bool:
        return bool(self.items)


class _TooMany(Exception):
    pass


class ImportFileError(Exception):
    """The file cannot be read at all (wrong format, no header, encoding)."""


# ---------------------------------------------------------------------------------------------------------
# Reading xlsx and csv into (row number, {header: raw value})


def _header_name(value) -> str:
    return str(value or "").translate(_BLANKS).strip().strip("*＊").strip()


def _is_blank_row(values) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)


def read_table(data: bytes, filename: str, kind: str) -> tuple[list[tuple[int, dict]], list[RowError]]:
    """Rows as {header: raw cell value}; the header is the first row (of the first 10) naming the
    first column, so a title line above the table is fine."""
    name = (filename or "").lower()
    if name.endswith(".xls") or data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFileError(_("不支持旧版 .xls 文件：请在 Excel 或 WPS 中另存为 .xlsx 或 .csv 后重新导入。"))
    if name.endswith(".xlsx") and not intake.is_xlsx(filename, data):
        raise ImportFileError(_("文件扩展名为 .xlsx，但内容不是 xlsx 表格。"))
    # Every parser failure and every cap (rows, columns, cells, blank runs, time) is FileRejected
    # naming the file and row; the caller reports it like any other problem.
    rows = intake.read_rows(filename or _("上传的文件"), data)
    columns = COLUMNS[kind]
    first = columns[0][0]
    header: dict[int, str] | None = None
    problems: list[RowError] = []
    out: list[tuple[int, dict]] = []
    for number, values in rows:
        if header is None:
            names = [_header_name(v) for v in values]
            if first in names:
                header = {}
                seen: dict[str, int] = {}
                for i, h in enumerate(names):
                    if not h:
                        continue
                    if h in seen:
                        problems.append(RowError(number, h, _("表头重复：该列出现了不止一次。")))
                        continue
                    seen[h] = i
                    header[i] = h
                for col, _required in columns:
                    if col not in seen:
                        problems.append(RowError(number, col, _("缺少该列：请使用导入模板的表头。")))
                if problems:
                    return [], problems
            elif number >= 10:
                break
            continue
        if _is_blank_row(values):
            continue
        cells = {h: values[i] if i < len(values) else None for i, h in header.items()}
        for h, value in cells.items():
            bad = intake.control_char(value) if isinstance(value, str) else None
            if bad is not None and len(problems) < MAX_ERRORS:
                problems.append(RowError(number, h, intake.control_char_message(bad)))
        out.append((number, cells))
    if header is None:
        expected = "、".join(c for c, _r in columns)
        problems.append(RowError(1, first, _("找不到表头：第一行应为 %(cols)s。") % {"cols": expected}))
    elif not out and not problems:
        problems.append(RowError(0, "", _("文件中没有数据行。")))
    return out, problems


# ---------------------------------------------------------------------------------------------------------
# Cell values


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).translate(_BLANKS).replace("\u3000", " ").strip()


_DATE_PATTERNS = [
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"),
    re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$"),
    re.compile(r"^(\d{4})\.(\d{1,2})\.(\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
]


def parse_date(value) -> date:
    """2020-07-01, 2020/7/1, 2020.7.1, 2020年7月1日, 20200701, an Excel date cell or serial number."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        from openpyxl.utils.datetime import from_excel

        if 1 <= value < 2958466:
            converted = from_excel(value)
            return converted.date() if isinstance(converted, datetime) else converted
        raise ValueError(value)
    text = _text(value)
    text = re.sub(r"\s+\d{1,2}:\d{2}(:\d{2})?$", "", text)  # "2020/7/1 0:00" from some exports
    for pattern in _DATE_PATTERNS:
        m = pattern.match(text)
        if m:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    if re.fullmatch(r"\d{5}(\.0+)?", text):  # an Excel serial number that became text in a csv
        return parse_date(int(float(text)))
    raise ValueError(text)


def _labels(choices) -> dict[str, str]:
    """Chinese label → value, plus the value itself (for files produced by other systems)."""
    with translation.override("zh-hans"):
        out = {str(label): value for value, label in choices.choices if value}
    out.update({value: value for value in choices.values if value})
    return out


def _in_scope(path: str, scope: list[Organization] | None) -> bool:
    return scope is None or any(path.startswith(root.path) for root in scope)


def _chunks(items: list, size: int = CHUNK):
    for i in range(0, len(items), size):
        yield items[i:i + size]


def _existing_orgs(codes: Iterable[str]) -> dict[str, dict]:
    codes = sorted(set(codes))
    found: dict[str, dict] = {}
    for chunk in _chunks(codes):
        for row in Organization.objects.filter(code__in=chunk).values("id", "code", "path", "line_id", "name"):
            found[row["code"]] = row
    return found


def _length(errors: _Errors, number: int, column: str, value: str, limit: int) -> None:
    if len(value) > limit:
        errors.add(number, column, _("内容过长：最多 %(limit)s 个字，现为 %(n)s 个字。") % {"limit": limit, "n": len(value)})


# ---------------------------------------------------------------------------------------------------------
# Organizations


@dataclass
class _OrgRow:
    number: int
    name: str
    code: str
    kind: str
    category: str
    parent_code: str
    line_id: int | None
    line_given: bool
    sort_order: int


def _check_orgs(rows: list[tuple[int, dict]], errors: _Errors, scope) -> tuple[list[_OrgRow], dict]:
    kinds, categories = _labels(OrgKind), _labels(StatCategory)
    lines = {}
    for line in Line.objects.all():
        lines[line.name] = line.pk
        lines[line.code] = line.pk
    max_name = Organization._meta.get_field("name").max_length
    max_code = Organization._meta.get_field("code").max_length

    parsed: list[_OrgRow] = []
    first_row_of_code: dict[str, int] = {}
    for number, raw in rows:
        name = _text(raw["组织名称"])
        code = _text(raw["组织代码"])
        kind_label = _text(raw["组织类型"])
        cat_label = _text(raw["统计类别"])
        parent_code = _text(raw["上级组织代码"])
        line_label = _text(raw["所属条线"])
        sort_text = _text(raw["排序"])
        ok = True
        if not name:
            errors.add(number, "组织名称", _("必填项为空。"))
            ok = False
        else:
            _length(errors, number, "组织名称", name, max_name)
        if not code:
            errors.add(number, "组织代码", _("必填项为空。"))
            ok = False
        elif len(code) > max_code:
            _length(errors, number, "组织代码", code, max_code)
            ok = False
        elif not CODE.match(code):
            errors.add(number, "组织代码", _("“%(v)s”不是有效的组织代码：只能包含字母、数字、短横线、下划线和点。") % {"v": code})
            ok = False
        elif code in first_row_of_code:
            errors.add(number, "组织代码", _("组织代码“%(v)s”与第 %(row)s 行重复。") % {
                "v": code, "row": first_row_of_code[code]})
            ok = False
        else:
            first_row_of_code[code] = number
        kind = kinds.get(kind_label)
        if not kind_label:
            errors.add(number, "组织类型", _("必填项为空。"))
        elif kind is None:
            errors.add(number, "组织类型", _("“%(v)s”不是有效的组织类型，应为：%(allowed)s。") % {
                "v": kind_label, "allowed": "、".join(str(label) for label in OrgKind.labels)})
        category = categories.get(cat_label, "") if cat_label else ""
        if cat_label and not category:
            errors.add(number, "统计类别", _("“%(v)s”不是有效的统计类别，应为：%(allowed)s，或留空。") % {
                "v": cat_label, "allowed": "、".join(str(label) for label in StatCategory.labels)})
        line_id = lines.get(line_label) if line_label else None
        if line_label and line_id is None:
            errors.add(number, "所属条线", _("没有名为“%(v)s”的条线，应为：%(allowed)s，或留空（沿用上级组织的条线）。") % {
                "v": line_label, "allowed": "、".join(Line.objects.values_list("name", flat=True))})
        sort_order = 0
        if sort_text:
            try:
                sort_order = int(sort_text)
                if not -(2**31) <= sort_order < 2**31:
                    raise ValueError
            except ValueError:
                errors.add(number, "排序", _("“%(v)s”不是整数。") % {"v": sort_text})
        if parent_code and parent_code == code:
            errors.add(number, "上级组织代码", _("上级组织不能是本组织自己。"))
            ok = False
        if ok:
            parsed.append(_OrgRow(number, name, code, kind or "", category, parent_code, line_id,
                                  bool(line_label), sort_order))

    # Against the database: codes already taken, parents that exist.
    wanted = set(first_row_of_code) | {r.parent_code for r in parsed if r.parent_code}
    existing = _existing_orgs(wanted)
    for r in parsed:
        if r.code in existing:
            errors.add(r.number, "组织代码", _("组织代码“%(v)s”已被“%(name)s”使用。") % {
                "v": r.code, "name": existing[r.code]["name"]})
    by_code = {r.code: r for r in parsed}
    for r in parsed:
        if not r.parent_code:
            if scope is not None:
                errors.add(r.number, "上级组织代码", _("必填项为空：只有系统管理员可以导入最高一级的党组织。"))
            continue
        if r.parent_code in by_code or r.parent_code in existing:
            continue
        if r.parent_code in first_row_of_code:
            continue  # the parent row has its own error
        errors.add(r.number, "上级组织代码", _("找不到组织代码为“%(v)s”的上级组织（既不在系统中，也不在本文件中）。") % {
            "v": r.parent_code})
    return parsed, existing


def _resolve_tree(parsed: list[_OrgRow], existing: dict, errors: _Errors, scope) -> dict[str, tuple]:
    """For each new org: (existing ancestor row, depth below it, chain of file codes), cycles reported."""
    by_code = {r.code: r for r in parsed}
    resolved: dict[str, tuple[dict, int] | None] = {}
    for start in parsed:
        if start.code in resolved:
            continue
        chain, on_chain = [], set()
        node = start
        anchor = None
        while True:
            if node.code in resolved:
                anchor = resolved[node.code]
                break
            if node.code in on_chain:
                cycle = chain[chain.index(node):]
                names = " → ".join(n.code for n in [*cycle, node])
                for member in cycle:
                    errors.add(member.number, "上级组织代码", _("上级关系形成循环：%(cycle)s。") % {"cycle": names})
                    resolved[member.code] = None
                anchor = None
                chain = chain[:chain.index(node)]
                break
            chain.append(node)
            on_chain.add(node.code)
            parent = node.parent_code
            if not parent:
                anchor = ({"path": "", "line_id": None, "id": None, "code": ""}, 0)
                break
            if parent in existing and parent not in by_code:
                anchor = (existing[parent], 0)
                break
            if parent not in by_code:
                anchor = None  # unknown parent, already reported
                break
            node = by_code[parent]
        # Unwind: every node on the chain hangs below `anchor`.
        for node in reversed(chain):
            if anchor is None:
                resolved[node.code] = None
                continue
            root, depth = anchor
            anchor = (root, depth + 1)
            resolved[node.code] = anchor
    for r in parsed:
        got = resolved.get(r.code)
        if got is None:
            continue
        root, depth = got
        if root["id"] is not None and not _in_scope(root["path"], scope):
            errors.add(r.number, "上级组织代码", _("上级组织“%(v)s”不在您管理的范围内。") % {"v": root["code"]})
        segments = len(root["path"]) // SEGMENT + depth
        if segments * SEGMENT > Organization._meta.get_field("path").max_length:
            errors.add(r.number, "上级组织代码", _("组织层级过深（第 %(n)s 级）。") % {"n": segments})
    return resolved


def _write_orgs(parsed: list[_OrgRow], existing: dict) -> int:
    by_code = {r.code: r for r in parsed}
    ids = dict(zip((r.code for r in parsed), allocate_ids(Organization, len(parsed)), strict=True))
    path: dict[str, str] = {}
    line: dict[str, int | None] = {}

    def place(r: _OrgRow) -> None:
        # Iterative: walk up to a placed node or an existing parent, then place downwards.
        todo = []
        node = r
        while node.code not in path:
            todo.append(node)
            if not node.parent_code or node.parent_code not in by_code:
                break
            node = by_code[node.parent_code]
        for n in reversed(todo):
            if n.parent_code in by_code:
                parent_path, parent_line = path[n.parent_code], line[n.parent_code]
            elif n.parent_code:
                parent_path, parent_line = existing[n.parent_code]["path"], existing[n.parent_code]["line_id"]
            else:
                parent_path, parent_line = "", None
            path[n.code] = child_path(parent_path, ids[n.code])
            line[n.code] = n.line_id if n.line_given else parent_line

    for r in parsed:
        place(r)
    insert = BulkInsert(Organization, ["id", "name", "code", "kind", "category", "parent_id", "path", "depth",
                                       "sort_order", "line_id"], timezone.now())
    rows = []
    for r in sorted(parsed, key=lambda r: len(path[r.code])):
        parent_id = ids[r.parent_code] if r.parent_code in by_code else (
            existing[r.parent_code]["id"] if r.parent_code else None)
        rows.append((ids[r.code], r.name, r.code, r.kind, r.category, parent_id, path[r.code],
                     len(path[r.code]) // SEGMENT - 1, r.sort_order, line[r.code]))
    return insert.write(rows)


def import_orgs(data: bytes, filename: str = "", *, actor=None, scope: list[Organization] | None = None) -> ImportResult:
    """Import organizations. `scope`: the orgs under which the importer may add (None: anywhere)."""

    def check(rows, errors):
        parsed, existing = _check_orgs(rows, errors, scope)
        _resolve_tree(parsed, existing, errors, scope)
        return parsed, existing

    def write(result, checked):
        result.created = _write_orgs(*checked)

    return _import(ORGS, data, filename, actor, check, write,
                   _("写入时与系统中已有的数据冲突（可能有人同时导入了相同的组织代码），未做任何改动：%(err)s"))


# ---------------------------------------------------------------------------------------------------------
# People


@dataclass
class _PersonRow:
    number: int
    name: str
    gender: str
    phone: str
    id_number: str
    org_code: str
    member_status: str
    joined: date | None


def _check_people(rows: list[tuple[int, dict]], errors: _Errors, scope) -> tuple[list[_PersonRow], dict]:
    max_name = Person._meta.get_field("name").max_length
    today = timezone.localdate()
    parsed: list[_PersonRow] = []
    first_row_of_id: dict[str, int] = {}
    for number, raw in rows:
        ok = True
        name = _text(raw["姓名"])
        if not name:
            errors.add(number, "姓名", _("必填项为空。"))
            ok = False
        else:
            _length(errors, number, "姓名", name, max_name)
        gender_label = _text(raw["性别"])
        gender = GENDER_LABELS.get(gender_label, "")
        if gender_label and not gender:
            errors.add(number, "性别", _("“%(v)s”不是有效的性别，应为：男、女，或留空。") % {"v": gender_label})
        phone = _text(raw["手机号"]).replace(" ", "").replace("-", "")
        if phone.startswith("+86"):
            phone = phone[3:]
        if phone and not PHONE.match(phone):
            errors.add(number, "手机号", _("“%(v)s”不是有效的手机号（应为 11 位，以 1 开头）。") % {"v": phone})
        raw_id = raw["身份证号"]
        id_number = _text(raw_id).upper()
        if id_number:
            if not is_valid_id_number(id_number):
                if isinstance(raw_id, int | float):
                    errors.add(number, "身份证号", _("身份证号被存成了数字，Excel 会丢失末几位：请将该列设为“文本”格式后重新填写。"))
                else:
                    errors.add(number, "身份证号", _("“%(v)s”不是有效的身份证号（应为 18 位，出生日期有效且校验码正确）。") % {
                        "v": mask_id_number(id_number) if len(id_number) >= 10 else id_number})
                ok = False
            elif id_number in first_row_of_id:
                errors.add(number, "身份证号", _("身份证号与第 %(row)s 行重复。") % {"row": first_row_of_id[id_number]})
                ok = False
            else:
                first_row_of_id[id_number] = number
                sex = Person.Gender.MALE if int(id_number[16]) % 2 else Person.Gender.FEMALE
                if gender and gender != sex:
                    errors.add(number, "性别", _("性别与身份证号不符（身份证号显示为%(sex)s）。") % {
                        "sex": Person.Gender(sex).label})
                gender = gender or sex
        status_label = _text(raw["政治面貌"])
        status = MEMBER_STATUS_LABELS.get(status_label)
        if not status_label:
            errors.add(number, "政治面貌", _("必填项为空。"))
            ok = False
        elif status is None:
            errors.add(number, "政治面貌", _("“%(v)s”不是有效的政治面貌，应为：正式党员、预备党员、群众。") % {"v": status_label})
            ok = False
        org_code = _text(raw["党组织代码"])
        if status and not org_code:
            errors.add(number, "党组织代码", _("党员必须填写党组织代码（组织关系所在的党组织）。"))
        joined = None
        joined_raw = raw["入党日期"]
        if _text(joined_raw):
            try:
                joined = parse_date(joined_raw)
            except (ValueError, OverflowError):
                errors.add(number, "入党日期", _("“%(v)s”不是有效的日期，应写作 2020-07-01 或 2020/7/1。") % {
                    "v": _text(joined_raw)})
            else:
                if joined > today:
                    errors.add(number, "入党日期", _("入党日期 %(d)s 晚于今天。") % {"d": joined.isoformat()})
                elif joined < PARTY_FOUNDED:
                    errors.add(number, "入党日期", _("入党日期 %(d)s 早于建党日期（1921-07-01）。") % {"d": joined.isoformat()})
                if status == Person.MemberStatus.NONE:
                    errors.add(number, "入党日期", _("政治面貌为群众，不应填写入党日期。"))
        if ok:
            parsed.append(_PersonRow(number, name, str(gender), phone, id_number, org_code, str(status), joined))

    orgs = _existing_orgs(r.org_code for r in parsed if r.org_code)
    for r in parsed:
        if not r.org_code:
            continue
        org = orgs.get(r.org_code)
        if org is None:
            errors.add(r.number, "党组织代码", _("系统中没有组织代码为“%(v)s”的党组织（请先导入党组织）。") % {"v": r.org_code})
        elif not _in_scope(org["path"], scope):
            errors.add(r.number, "党组织代码", _("党组织“%(v)s”不在您管理的范围内。") % {"v": org["name"]})

    # ID numbers already registered: compare blind indexes, a chunk at a time.
    index_of = {r.id_number: crypto.blind_index(r.id_number) for r in parsed if r.id_number}
    taken: set[str] = set()
    for chunk in _chunks(list(index_of.values())):
        taken.update(Person.objects.filter(id_number_index__in=chunk).values_list("id_number_index", flat=True))
    for r in parsed:
        if r.id_number and index_of[r.id_number] in taken:
            errors.add(r.number, "身份证号", _("该身份证号已在系统中登记（%(v)s）。") % {"v": mask_id_number(r.id_number)})
    return parsed, {"orgs": orgs, "index": index_of}


def _write_people(parsed: list[_PersonRow], lookups: dict) -> dict:
    orgs, index_of = lookups["orgs"], lookups["index"]
    now = timezone.now()
    adapt_date = connection.ops.adapt_datefield_value
    ids = allocate_ids(Person, len(parsed))
    rows, ties = [], []
    for pid, r in zip(ids, parsed, strict=True):
        org_id = orgs[r.org_code]["id"] if r.org_code else None
        encrypted = index = masked = ""
        if r.id_number:
            encrypted, index, masked = crypto.encrypt(r.id_number), index_of[r.id_number], mask_id_number(r.id_number)
        rows.append((pid, r.name, r.gender, r.phone, encrypted, index, masked,
                     org_id if r.member_status else None, r.member_status, adapt_date(r.joined)))
        if org_id and not r.member_status:
            # 群众 listed under an org are recorded as affiliated with it (所属关系：其他).
            ties.append((pid, org_id, Affiliation.Kind.OTHER.value))
    BulkInsert(Person, ["id", "name", "gender", "phone", "id_number_encrypted", "id_number_index",
                        "id_number_masked", "party_org_id", "member_status", "joined_party_on"], now).write(rows)
    BulkInsert(Affiliation, ["person_id", "org_id", "kind"], now).write(ties)
    stats = {"members": sum(1 for r in parsed if r.member_status), "affiliated": len(ties)}

    touched = sorted({orgs[r.org_code]["id"] for r in parsed if r.member_status})
    counts = (Person.objects.filter(party_org=OuterRef("pk")).order_by().values("party_org")
              .annotate(n=Count("id")).values("n"))
    for chunk in _chunks(touched):
        Organization.objects.filter(pk__in=chunk).update(member_count=Coalesce(Subquery(counts), 0))
    return stats


def import_people(data: bytes, filename: str = "", *, actor=None, scope: list[Organization] | None = None) -> ImportResult:

    def check(rows, errors):
        return _check_people(rows, errors, scope)

    def write(result, checked):
        parsed, lookups = checked
        stats = _write_people(parsed, lookups)
        result.created = len(parsed)
        result.details = {"其中党员": stats["members"], "登记为所属人员的群众": stats["affiliated"]}

    return _import(PEOPLE, data, filename, actor, check, write,
                   _("写入时与系统中已有的数据冲突（可能有人同时导入了相同的人员），未做任何改动：%(err)s"))


# ---------------------------------------------------------------------------------------------------------
# Shared


def _import(kind: str, data: bytes, filename: str, actor, check, write, conflict: str) -> ImportResult:
    """The one import driver: read through the guarded intake, check every row, write all or nothing."""
    result = ImportResult(kind, filename)
    try:
        rows, problems = read_table(data, filename, kind)
    except ImportFileError as exc:
        result.errors = [RowError(0, "", str(exc))]
        return result
    except intake.FileRejected as exc:
        result.errors = [RowError(0, "", exc.messages[0])]  # names the file and the row
        return result
    result.rows = len(rows)
    if problems:
        result.errors = _sorted(problems)
        return result
    errors = _Errors()
    checked = None
    try:
        checked = check(rows, errors)
    except _TooMany:
        pass
    if errors:
        result.errors, result.truncated = _sorted(errors.items), errors.truncated
        return result
    try:
        with transaction.atomic():
            write(result, checked)
            recompute_subtree_totals()
            _audit(result, data, actor)
    except IntegrityError as exc:
        result.created, result.details = 0, {}
        result.errors = [RowError(0, "", conflict % {"err": exc})]
    return result


def _sorted(errors: list[RowError]) -> list[RowError]:
    order = {}
    for kind in KINDS:
        for i, (col, _r) in enumerate(COLUMNS[kind]):
            order.setdefault(col, i)
    return sorted(errors, key=lambda e: (e.row, order.get(e.column, 99)))


def _audit(result: ImportResult, data: bytes, actor) -> None:
    record(f"{result.kind}.imported", actor=actor, object_type=f"orgs.import.{result.kind}",
           detail={"file": result.filename[:200], "sha256": hashlib.sha256(data).hexdigest(),
                   "rows": result.rows, "created": result.created, **result.details})


def run_import(kind: str, data: bytes, filename: str = "", *, actor=None, scope=None) -> ImportResult:
    if kind == ORGS:
        return import_orgs(data, filename, actor=actor, scope=scope)
    if kind == PEOPLE:
        return import_people(data, filename, actor=actor, scope=scope)
    raise ValueError(f"unknown import kind {kind!r}")


def template_xlsx(kind: str) -> bytes:
    """An empty import template: the header row (required columns marked) and a sheet of allowed values."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    wb = Workbook()
    ws = wb.active
    ws.title = KIND_LABELS[kind]
    ws.append([col for col, _r in COLUMNS[kind]])
    for cell, (_col, required) in zip(ws[1], COLUMNS[kind], strict=True):
        cell.font = Font(bold=True, color="FFFFFF" if required else "000000")
        cell.fill = PatternFill("solid", fgColor="C8102E" if required else "F2F2F2")
    for i, (col, _r) in enumerate(COLUMNS[kind]):
        ws.column_dimensions[chr(ord("A") + i)].width = max(12, len(col) * 3)
        if col in ("组织代码", "上级组织代码", "党组织代码", "手机号", "身份证号"):
            for row in range(2, 1002):
                ws.cell(row=row, column=i + 1).number_format = "@"  # text: no lost digits
    ws.freeze_panes = "A2"
    notes = wb.create_sheet("填写说明")
    notes.append(["列", "说明"])
    with translation.override("zh-hans"):
        if kind == ORGS:
            rows = [
                ("组织名称", "必填，最多 120 字"),
                ("组织代码", "必填，全系统唯一，字母、数字、短横线"),
                ("组织类型", "必填：" + "、".join(str(label) for label in OrgKind.labels)),
                ("统计类别", "可空：" + "、".join(str(label) for label in StatCategory.labels)),
                ("上级组织代码", "系统中已有的组织，或本文件中的另一行（先后顺序不限）"),
                ("所属条线", "可空（沿用上级）：" + "、".join(Line.objects.values_list("name", flat=True))),
                ("排序", "可空，整数，越小越靠前"),
            ]
        else:
            rows = [
                ("姓名", "必填"),
                ("性别", "男、女，或留空（按身份证号推定）"),
                ("手机号", "11 位手机号，可空"),
                ("身份证号", "18 位，校验码须正确；请设为文本格式；系统加密保存"),
                ("党组织代码", "党员必填：组织关系所在党组织的组织代码；群众填写则登记为该组织的所属人员"),
                ("政治面貌", "必填：正式党员、预备党员、群众"),
                ("入党日期", "如 2020-07-01 或 2020/7/1，可空；群众不填"),
            ]
    for row in rows:
        notes.append(list(row))
    notes.column_dimensions["A"].width = 14
    notes.column_dimensions["B"].width = 90
    notes.append([])
    notes.append(["", "整表校验：任何一行有误则整个文件都不导入，并逐行列出错误。"])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()

