"""Hostile values (issue 16): out-of-range ids and control characters get a form error beside the field,
and no exported spreadsheet cell becomes a formula."""

import io

import pytest
from django import forms
from django.urls import reverse
from openpyxl import load_workbook

from dwgk.catalog import exports
from dwgk.catalog import services as catalog_services
from dwgk.core.cells import csv_cell
from dwgk.disclosures.models import Disclosure

pytestmark = pytest.mark.django_db
HUGE = "99999999999999999999999"


def new_disclosure_form(**over):
    data = {"title": "关于党费收缴情况的公示", "body": "正文", "category": "organization", "scope": "targeted",
            "channels": ["portal"], "target_people": "", "target_orgs": []}
    data.update(over)
    return data


@pytest.mark.parametrize("field,value", [("target_people", HUGE), ("target_orgs", [HUGE]),
                                         ("catalog_item", HUGE)])
def test_an_out_of_range_id_is_a_form_error_beside_its_field(world, login, field, value):
    client = login(world.users["proposer"])
    before = Disclosure.objects.count()
    response = client.post(reverse("disclosures:create"), new_disclosure_form(**{field: value}))
    assert response.status_code == 200
    assert field in response.context["form"].errors, response.context["form"].errors
    assert Disclosure.objects.count() == before


@pytest.mark.parametrize("value", ["党费\x00公示", "党费\x1b公示", "党费\x7f公示", "党\x85费"])
def test_control_characters_are_refused_in_every_form_text_field(value):
    class AnyForm(forms.Form):
        title = forms.CharField()
        note = forms.CharField(widget=forms.Textarea)

    form = AnyForm({"title": value, "note": "第一段\r\n\t第二段"})
    assert not form.is_valid()
    assert list(form.errors) == ["title"]
    assert "控制字符" in form.errors["title"][0]


def test_an_out_of_range_number_is_a_form_error():
    class AnyForm(forms.Form):
        n = forms.IntegerField()

    assert not AnyForm({"n": HUGE}).is_valid()
    assert AnyForm({"n": "12"}).is_valid()


def test_the_new_disclosure_form_names_the_field_with_a_control_character(world, login):
    client = login(world.users["proposer"])
    response = client.post(reverse("disclosures:create"), new_disclosure_form(title="党费\x00公示", scope="public"))
    assert response.status_code == 200
    assert "title" in response.context["form"].errors


def test_an_exported_catalog_has_no_formula_cell(world):
    catalog = catalog_services.create_from_template(world.village)
    poison = ["=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(1)", "\t=1", "\r=1"]
    for item, text in zip(catalog.items.all(), poison, strict=False):
        item.subject = text
        item.responsible_unit = "=HYPERLINK(\"http://x\")"
        item.save()
    book = load_workbook(io.BytesIO(exports.export_xlsx(catalog)))
    cells = [c for row in book.active.iter_rows() for c in row if c.value is not None]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    subjects = {c.value for c in cells}
    # The text itself is kept, as text (XML turns a carriage return into a line feed).
    assert {p.replace("\r", "\n") for p in poison} <= subjects


def test_csv_cells_are_escaped():
    assert [csv_cell(v) for v in ("=1", "+1", "-1", "@x", "\tx", "\rx", "党费", 3)] == [
        "'=1", "'+1", "'-1", "'@x", "'\tx", "'\rx", "党费", 3]
