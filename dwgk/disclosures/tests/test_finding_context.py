"""A secrecy finding is shown where it is (正文第 N 段 / 附件《名称》第 N 行) and in its sentence, the match
marked, so the reviewer can judge it in context."""

import pytest

from dwgk.disclosures import services
from dwgk.disclosures.finding_context import locate


@pytest.mark.django_db
def test_body_finding_names_its_paragraph_and_sentence(world, make_draft):
    d = make_draft()
    located = [lf for lf in locate(d, d.findings.all()) if lf.finding.field == "body"]
    phone = next(lf for lf in located if "13812345678" in lf.match)
    assert phone.where == "正文第 2 段"
    assert phone.before == "联系人：张明，手机"
    assert phone.match == "13812345678"
    assert phone.after == "。"


@pytest.mark.django_db
def test_attachment_finding_names_the_file_and_line(world, make_draft):
    d = make_draft()
    data = "参会名单\n王五 党员\n李四 手机 13998765432 已到会\n".encode()
    services.add_attachment(d, world.users["proposer"], name="名单.txt", data=data)
    located = [lf for lf in locate(d, d.findings.all()) if lf.finding.field.startswith("attachment:")]
    assert len(located) == 1
    assert located[0].where == "附件《名单.txt》第 3 行"
    assert (located[0].before, located[0].match, located[0].after) == ("李四 手机 ", "13998765432", " 已到会")


@pytest.mark.django_db
def test_detail_page_shows_location_and_marked_match(world, make_draft, login):
    d = make_draft()
    html = login(world.users["proposer"]).get(f"/disclosures/{d.pk}/").content.decode()
    assert "正文第 2 段" in html
    assert "联系人：张明，手机<mark>13812345678</mark>。" in html
    assert 'data-label="位置">正文第 2 段</td>' in html  # not the stored "body 27–38"
