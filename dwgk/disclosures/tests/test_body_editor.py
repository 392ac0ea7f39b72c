"""正文 is never raw HTML in a textarea: without JavaScript it is edited as text (one paragraph a line); the
editor posts HTML that the sanitizer cleans; text typed without the editor is kept literally."""

import re

import pytest

from dwgk.disclosures.content import html_to_text, text_to_html
from dwgk.disclosures.models import Disclosure

FORM = {"title": "关于党费收缴情况的公示", "category": "organization", "out_of_catalog_reason": "专项公示",
        "scope": "party", "channels": ["portal"]}


def test_text_and_html_round_trip():
    assert text_to_html("第一段\n\n a<b 第二段 ") == "<p>第一段</p><p>a&lt;b 第二段</p>"
    assert html_to_text("<p>第一段</p><h2>标题</h2><ul><li>甲 &amp; 乙</li></ul>") == "第一段\n标题\n甲 & 乙"


@pytest.mark.django_db
def test_edit_page_shows_text_not_html_in_the_textarea(world, make_draft, login):
    d = make_draft(body="<p>第一段<strong>加粗</strong></p><p>第二段</p>")
    html = login(world.users["proposer"]).get(f"/disclosures/{d.pk}/edit/").content.decode()
    textarea = re.search(r"<textarea[^>]*name=\"body\"[^>]*>(.*?)</textarea>", html, re.S)
    assert textarea[1].strip() == "第一段加粗\n第二段"
    assert "&lt;p&gt;" not in textarea[1]
    assert 'name="body_html"' not in html  # only the editor adds it
    assert "vendor/quill-2.0.3/quill.min.js" in html and "js/editor.js" in html


@pytest.mark.django_db
def test_text_typed_without_the_editor_is_kept_literally(world, login):
    client = login(world.users["proposer"])
    client.post("/disclosures/new/", {**FORM, "body": "第一段 <b>不是标签</b>\n第二段"})
    d = Disclosure.objects.get()
    assert d.body == "<p>第一段 &lt;b&gt;不是标签&lt;/b&gt;</p><p>第二段</p>"


@pytest.mark.django_db
def test_editor_html_is_cleaned_by_the_sanitizer(world, login):
    client = login(world.users["proposer"])
    word = ('<p class="MsoNormal" style="mso-margin-top-alt:auto"><span style="font-family:宋体;color:red">'
            '第一段</span><script>alert(1)</script></p><p><strong>第二段</strong></p>')
    client.post("/disclosures/new/", {**FORM, "body": "第一段\n第二段", "body_html": word})
    d = Disclosure.objects.get()
    assert d.body == "<p><span>第一段</span></p><p><strong>第二段</strong></p>"
