"""Imports: all or nothing, a row-by-row report in Chinese, csv (UTF-8, BOM, GB18030) and xlsx."""

import io
from datetime import date, datetime
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook, load_workbook

from dwgk.audit.models import AuditEntry
from dwgk.core import crypto
from dwgk.orgs import imports, services
from dwgk.orgs.models import Affiliation, Line, Organization, OrgKind, Person, StatCategory
from dwgk.orgs.paths import SEGMENT, child_path

SAMPLES = Path(__file__).resolve().parents[2] / "testing" / "import_samples"
ORG_HEADER = ["组织名称", "组织代码", "组织类型", "统计类别", "上级组织代码", "所属条线", "排序"]
PEOPLE_HEADER = ["姓名", "性别", "手机号", "身份证号", "党组织代码", "政治面貌", "入党日期"]


def sample(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


def csv_bytes(header, rows, encoding="utf-8") -> bytes:
    lines = [",".join(header)] + [",".join(str(c) for c in row) for row in rows]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def xlsx_bytes(header, rows, title: str | None = None) -> bytes:
    wb = Workbook()
    ws = wb.active
    if title:
        ws.append([title])
    ws.append(header)
    for row in rows:
        ws.append(list(row))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def snapshot():
    return (
        list(Organization.objects.order_by("id").values_list("id", "code", "path", "member_count")),
        list(Person.objects.order_by("id").values_list("id", "name", "party_org_id")),
        Affiliation.objects.count(),
        AuditEntry.objects.count(),
    )


def problems(result) -> set[tuple[int, str]]:
    return {(e.row, e.column) for e in result.errors}


def message(result, row: int, column: str) -> str:
    return " ".join(e.message for e in result.errors if e.row == row and e.column == column)


def assert_tree_consistent():
    for org in Organization.objects.select_related("parent"):
        expected = child_path(org.parent.path if org.parent else "", org.pk)
        assert org.path == expected, org
        assert org.depth == len(org.path) // SEGMENT - 1


# ---------------------------------------------------------------------------------------------- orgs


def test_orgs_csv_with_bom_parents_after_children(world):
    result = imports.import_orgs(sample("orgs_ok.csv"), "orgs_ok.csv", actor=world.users["sysadmin"])
    assert result.ok, result.report_lines()
    assert result.created == 4 and result.rows == 4
    total = Organization.objects.get(code="IMP-0002")
    group = Organization.objects.get(code="IMP-0003")
    assert total.parent == world.town and group.parent == total
    assert group.path.startswith(total.path) and group.depth == world.town.depth + 2
    assert total.kind == OrgKind.GRASSROOTS and total.category == StatCategory.VILLAGE
    village_line = Line.objects.get(name="村（社区）条线")
    assert total.line == village_line and group.line == village_line  # blank line: the parent's
    hospital = Organization.objects.get(code="IMP-0011")
    assert hospital.category == StatCategory.INSTITUTION_HEALTH
    assert hospital.line.name == "卫生健康条线"
    assert_tree_consistent()
    entry = AuditEntry.objects.filter(event="orgs.imported").get()
    assert entry.actor_id == world.users["sysadmin"].pk
    assert entry.detail["created"] == 4 and entry.detail["file"] == "orgs_ok.csv"
    assert "导入成功" in result.summary()
    # New orgs get later ids than anything before, and creating one more by hand still works.
    later = services.create_org(name="手工新增", code="HAND-1", kind=OrgKind.GRASSROOTS, parent=total)
    assert later.pk > hospital.pk


def test_orgs_csv_gb18030(world):
    data = sample("orgs_gb18030.csv")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    result = imports.import_orgs(data, "orgs_gb18030.csv")
    assert result.ok, result.report_lines()
    school = Organization.objects.get(code="GB-0001")
    assert school.name == "中共乙区实验中学支部委员会"
    assert school.parent == world.sibling and school.category == StatCategory.INSTITUTION_SCHOOL


def test_orgs_xlsx_title_row_numbers_and_deep_chain(world):
    rows = [
        # written leaf first: 5 levels below the village, each naming the next as its parent
        *[(f"第{i}级党小组", f"X{i}", "基层党组织", "", f"X{i - 1}" if i > 1 else "T0012", "", i) for i in range(5, 0, -1)],
        ("数字代码支部", 880001, "基层党组织", "企业", "X1", "非公企业条线", 3.0),
    ]
    result = imports.import_orgs(xlsx_bytes(ORG_HEADER, rows, title="某某区党组织信息表"), "orgs.xlsx")
    assert result.ok, result.report_lines()
    x5 = Organization.objects.get(code="X5")
    assert x5.depth == world.village.depth + 5
    assert [a.code for a in Organization.objects.filter(path__in=[x5.path[:i] for i in range(6, len(x5.path), 6)])
            .order_by("depth")] == ["T0001", "T0010", "T0011", "T0012", "X1", "X2", "X3", "X4"]
    numeric = Organization.objects.get(code="880001")
    assert numeric.sort_order == 3 and numeric.category == StatCategory.ENTERPRISE
    assert_tree_consistent()


def test_bad_org_file_changes_nothing_and_reports_every_row(world):
    before = snapshot()
    result = imports.import_orgs(sample("orgs_bad.csv"), "orgs_bad.csv", actor=world.users["sysadmin"])
    assert not result.ok
    assert snapshot() == before
    found = problems(result)
    expected = {
        (2, "组织名称"), (3, "组织类型"), (4, "统计类别"), (5, "组织代码"), (7, "组织代码"),
        (8, "上级组织代码"), (9, "上级组织代码"), (10, "上级组织代码"), (11, "排序"), (12, "所属条线"),
    }
    assert expected <= found, sorted(found)
    assert (6, "组织代码") not in found  # the first of two duplicates is fine; the second is reported
    assert "必填" in message(result, 2, "组织名称")
    assert "党支部" in message(result, 3, "组织类型") and "基层党组织" in message(result, 3, "组织类型")
    assert "已被" in message(result, 5, "组织代码")
    assert "第 6 行" in message(result, 7, "组织代码")
    assert "NOPE-9999" in message(result, 8, "上级组织代码")
    assert "循环" in message(result, 9, "上级组织代码") and "循环" in message(result, 10, "上级组织代码")
    assert "未做任何改动" in result.summary()
    assert any(line.startswith("第 11 行 「排序」") for line in result.report_lines())


def test_cycle_and_self_parent(world):
    rows = [
        ("甲", "C1", "基层党组织", "", "C3", "", ""),
        ("乙", "C2", "基层党组织", "", "C1", "", ""),
        ("丙", "C3", "基层党组织", "", "C2", "", ""),
        ("挂在环下", "C4", "基层党组织", "", "C2", "", ""),
        ("自己", "S1", "基层党组织", "", "S1", "", ""),
        ("正常", "OK1", "基层党组织", "", "T0011", "", ""),
    ]
    result = imports.import_orgs(csv_bytes(ORG_HEADER, rows), "cycle.csv")
    assert not result.ok
    assert {(2, "上级组织代码"), (3, "上级组织代码"), (4, "上级组织代码"), (6, "上级组织代码")} <= problems(result)
    assert "C1" in message(result, 2, "上级组织代码") and "C3" in message(result, 2, "上级组织代码")
    assert "自己" in message(result, 6, "上级组织代码")
    assert not Organization.objects.filter(code__in=["OK1", "C1", "C4"]).exists()


def test_header_problems(world):
    missing = imports.import_orgs(csv_bytes(["组织名称", "组织代码", "组织类型"], [("甲", "A1", "基层党组织")]), "a.csv")
    assert not missing.ok
    assert {(1, "统计类别"), (1, "上级组织代码"), (1, "所属条线"), (1, "排序")} <= problems(missing)
    nohead = imports.import_orgs(csv_bytes(["名称", "代码"], [("甲", "A1")]), "b.csv")
    assert not nohead.ok and "找不到表头" in nohead.errors[0].message
    xls = imports.import_orgs(b"\xd0\xcf\x11\xe0 old excel", "old.xls")
    assert not xls.ok and ".xls" in xls.errors[0].message
    empty = imports.import_orgs(csv_bytes(ORG_HEADER, []), "empty.csv")
    assert not empty.ok and "没有数据行" in empty.errors[0].message
    fake = imports.import_orgs(b"PK\x03\x04broken", "broken.xlsx")
    assert not fake.ok and "xlsx" in fake.errors[0].message


def test_office_admin_imports_only_below_own_org(world):
    office_scope = [world.district]
    rows = [("甲区新支部", "SC1", "基层党组织", "", "T0011", "", ""),
            ("乙区新支部", "SC2", "基层党组织", "", "T0020", "", ""),
            ("新顶级", "SC3", "地方党委", "", "", "", "")]
    result = imports.import_orgs(csv_bytes(ORG_HEADER, rows), "scope.csv", scope=office_scope)
    assert not result.ok
    assert problems(result) == {(3, "上级组织代码"), (4, "上级组织代码")}
    assert "管理的范围" in message(result, 3, "上级组织代码")
    ok = imports.import_orgs(csv_bytes(ORG_HEADER, rows[:1]), "scope.csv", scope=office_scope)
    assert ok.ok


def test_length_and_code_shape(world):
    rows = [("长" * 121, "L1", "基层党组织", "", "T0011", "", ""),
            ("代码太长", "X" * 33, "基层党组织", "", "T0011", "", ""),
            ("代码有空格", "A B", "基层党组织", "", "T0011", "", "")]
    result = imports.import_orgs(csv_bytes(ORG_HEADER, rows), "len.csv")
    assert {(2, "组织名称"), (3, "组织代码"), (4, "组织代码")} <= problems(result)
    assert "最多 120" in message(result, 2, "组织名称")


# -------------------------------------------------------------------------------------------- people


def test_people_csv(world):
    before_village = world.village.member_count
    result = imports.import_people(sample("people_ok.csv"), "people_ok.csv", actor=world.users["office"])
    assert result.ok, result.report_lines()
    assert result.created == 6
    zhang = Person.objects.get(name="张建国")
    assert zhang.party_org == world.village and zhang.member_status == Person.MemberStatus.FULL
    assert zhang.joined_party_on == date(2001, 7, 1)
    assert zhang.id_number_masked == "511725********1976"
    assert "511725197901201976" not in zhang.id_number_encrypted
    assert crypto.decrypt(zhang.id_number_encrypted) == "511725197901201976"
    assert zhang.id_number_index == crypto.blind_index("511725197901201976")
    li = Person.objects.get(name="李秀英")
    assert li.gender == Person.Gender.FEMALE  # from the ID number
    assert li.joined_party_on == date(1985, 6, 30)
    wang = Person.objects.get(name="王志强")
    assert wang.member_status == Person.MemberStatus.PROBATIONARY and wang.joined_party_on == date(2025, 3, 1)
    liu = Person.objects.get(name="刘小明")
    assert liu.party_org is None and not liu.member_status
    assert Affiliation.objects.filter(person=liu, org=world.village).exists()
    world.village.refresh_from_db()
    assert world.village.member_count == before_village + 2
    assert world.village.member_count == Person.objects.filter(party_org=world.village).count()
    assert AuditEntry.objects.filter(event="people.imported", actor_id=world.users["office"].pk).count() == 1

    # The same file again: every ID number is now taken, nothing is added.
    before = snapshot()
    again = imports.import_people(sample("people_ok.csv"), "people_ok.csv")
    assert not again.ok and snapshot() == before
    assert {(2, "身份证号"), (3, "身份证号"), (4, "身份证号")} <= problems(again)
    assert "已在系统中登记" in message(again, 2, "身份证号")


def test_people_xlsx_dates_and_numbers(world):
    rows = [
        ("甲", "男", 13800001111, "511702198707080832", "T0012", "正式党员", datetime(2010, 7, 1)),
        ("乙", "女", "", "511781199906095404", "T0012", "正式党员", 40360),  # Excel serial: 2010-07-01
        ("丙", "", "", "", "T0013", "预备党员", "2024/12/1"),
    ]
    result = imports.import_people(xlsx_bytes(PEOPLE_HEADER, rows), "people.xlsx")
    assert result.ok, result.report_lines()
    jia = Person.objects.get(name="甲")
    assert jia.phone == "13800001111" and jia.joined_party_on == date(2010, 7, 1)
    assert Person.objects.get(name="乙").joined_party_on == date(2010, 7, 1)
    assert Person.objects.get(name="丙").joined_party_on == date(2024, 12, 1)


def test_bad_people_file_changes_nothing(world):
    services.create_person(name="已登记", id_number="511723196904060403", party_org=world.town)
    rows_extra = [("重复库中", "女", "", "511723196904060403", "T0012", "正式党员", "")]
    data = sample("people_bad.csv") + csv_bytes(PEOPLE_HEADER, rows_extra).split(b"\r\n", 1)[1]
    before = snapshot()
    result = imports.import_people(data, "people_bad.csv")
    assert not result.ok
    assert snapshot() == before
    expected = {
        (2, "身份证号"), (4, "身份证号"), (5, "政治面貌"), (6, "入党日期"), (7, "党组织代码"), (8, "性别"),
        (9, "手机号"), (10, "党组织代码"), (11, "入党日期"), (12, "身份证号"),
    }
    assert expected <= problems(result), sorted(problems(result))
    assert (3, "身份证号") not in problems(result)
    assert "校验码" in message(result, 2, "身份证号")
    assert "第 3 行" in message(result, 4, "身份证号")
    assert "团员" in message(result, 5, "政治面貌")
    assert "2020-13-45" in message(result, 6, "入党日期")
    assert "党员必须" in message(result, 7, "党组织代码")
    assert "不符" in message(result, 8, "性别")
    assert "NOPE-1" in message(result, 10, "党组织代码")
    assert "群众" in message(result, 11, "入党日期")
    assert "已在系统中登记" in message(result, 12, "身份证号")


def test_numeric_id_number_cell_is_explained(world):
    rows = [("甲", "男", "", 5.11702198707081e17, "T0012", "正式党员", "")]
    result = imports.import_people(xlsx_bytes(PEOPLE_HEADER, rows), "p.xlsx")
    assert "文本" in message(result, 2, "身份证号")


@pytest.mark.parametrize("value,expected", [
    ("2020-07-01", date(2020, 7, 1)), ("2020/7/1", date(2020, 7, 1)), ("2020.7.1", date(2020, 7, 1)),
    ("2020年7月1日", date(2020, 7, 1)), ("20200701", date(2020, 7, 1)), (44013, date(2020, 7, 1)),
    ("44013", date(2020, 7, 1)), (datetime(2020, 7, 1, 0, 0), date(2020, 7, 1)), ("2020/7/1 0:00", date(2020, 7, 1)),
])
def test_parse_date(value, expected):
    assert imports.parse_date(value) == expected


@pytest.mark.parametrize("value", ["2020-02-30", "七月一日", "2020-7", "", "1/7/2020"])
def test_parse_date_rejects(value):
    with pytest.raises(ValueError):
        imports.parse_date(value)


# ------------------------------------------------------------------------------------- page and command


def test_import_page(world, login):
    client = login(world.users["office"])
    page = client.get("/orgs/import/")
    assert page.status_code == 200 and "下载党组织导入模板" in page.content.decode()

    template = client.get("/orgs/import/?template=people")
    assert template["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = load_workbook(io.BytesIO(template.content), read_only=True).worksheets[0]
    assert list(next(ws.iter_rows(values_only=True))) == PEOPLE_HEADER

    before = snapshot()
    bad = client.post("/orgs/import/", {"kind": "orgs", "file": _upload("orgs_bad.csv")})
    body = bad.content.decode()
    assert snapshot() == before
    assert 'id="import-errors"' in body and "未导入" in body and "NOPE-9999" in body
    assert "<td class=\"num\" data-label=\"行号\">8</td>" in body

    # The file also adds orgs under the sibling district: the city's office admin may, the district's not.
    assert "不在您管理的范围内" in client.post("/orgs/import/", {"kind": "orgs", "file": _upload("orgs_ok.csv")}
                                          ).content.decode()
    good = login(world.users["city_office"]).post("/orgs/import/", {"kind": "orgs", "file": _upload("orgs_ok.csv")})
    assert "导入成功" in good.content.decode() and 'id="import-errors"' not in good.content.decode()
    assert Organization.objects.filter(code="IMP-0011").exists()


def test_import_page_scope_and_permission(world, login):
    # The district's office admin cannot place orgs under the sibling district (T0020).
    client = login(world.users["office"])
    resp = client.post("/orgs/import/", {"kind": "orgs", "file": _upload("orgs_gb18030.csv")})
    assert "不在您管理的范围内" in resp.content.decode()
    assert not Organization.objects.filter(code="GB-0001").exists()
    member = login(world.users["member_village"])
    assert member.get("/orgs/import/").status_code == 403
    assert member.post("/orgs/import/", {"kind": "orgs", "file": _upload("orgs_ok.csv")}).status_code == 403
    assert not Organization.objects.filter(code="IMP-0002").exists()


def _upload(name: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, sample(name), content_type="text/csv")


def test_command(world, tmp_path, capsys):
    bad = tmp_path / "people_bad.csv"
    bad.write_bytes(sample("people_bad.csv"))
    before = snapshot()
    with pytest.raises(CommandError, match="未导入"):
        call_command("import_data", "people", str(bad))
    assert snapshot() == before
    assert "第 2 行 「身份证号」" in capsys.readouterr().err

    good = tmp_path / "orgs_ok.csv"
    good.write_bytes(sample("orgs_ok.csv"))
    out = io.StringIO()
    call_command("import_data", "orgs", str(good), "--as", "sysadmin", stdout=out)
    assert "导入成功" in out.getvalue()
    assert Organization.objects.filter(code="IMP-0003").exists()

    template = tmp_path / "t.xlsx"
    call_command("import_data", "orgs", str(template), "--template", stdout=io.StringIO())
    ws = load_workbook(template, read_only=True).worksheets[0]
    assert list(next(ws.iter_rows(values_only=True))) == ORG_HEADER


def test_import_form_rejects_other_files(world, login):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = login(world.users["sysadmin"])
    resp = client.post("/orgs/import/", {"kind": "orgs", "file": SimpleUploadedFile("a.docx", b"PK\x03\x04")})
    assert "只能导入 xlsx 或 csv 文件" in resp.content.decode()
