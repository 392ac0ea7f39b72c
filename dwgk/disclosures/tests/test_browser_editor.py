"""正文 in the browser: Quill from our own static files; a paste from Word/WPS keeps paragraphs and bold and
drops fonts, colours, classes and Office tags; the stored body is the sanitized HTML."""

import pytest

from dwgk.disclosures.models import Disclosure
from dwgk.testing.world import PASSWORD

WORD_HTML = ('<html xmlns:o="urn:schemas-microsoft-com:office:office"><body>'
             '<p class=MsoNormal style="mso-margin-top-alt:auto;text-indent:2em"><span style="font-family:宋体;'
             'color:#FF0000;font-size:16pt">经支部委员会研究，现将党费收缴情况公示如下。</span><o:p></o:p></p>'
             '<p class=MsoNormal><b><span style="font-family:黑体">一、收缴情况</span></b></p>'
             '<p class=MsoListParagraph style="mso-list:l0 level1 lfo1">全年收缴党费<span lang=EN-US>12,345</span>元。</p>'
             '</body></html>')


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_paste_from_word_is_cleaned_and_saved(world, browser_page, live_server):
    page = browser_page
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(f"{live_server.url}/accounts/login/?next=/disclosures/new/")
    page.fill("input[name=username]", "proposer")
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit]:has-text('登录')")
    page.wait_for_selector(".rich-editor .ql-editor")
    assert not page.locator("#id_body").is_visible()  # the editor replaces the textarea
    page.fill("#id_title", "党费收缴情况公示")
    page.locator(".ql-editor").click()
    page.evaluate("""html => {
        const dt = new DataTransfer();
        dt.setData('text/html', html);
        dt.setData('text/plain', '经支部委员会研究');
        document.querySelector('.ql-editor').dispatchEvent(
            new ClipboardEvent('paste', {clipboardData: dt, bubbles: true, cancelable: true}));
    }""", WORD_HTML)
    page.select_option("#id_category", "organization")
    page.fill("#id_out_of_catalog_reason", "专项公示")
    page.check("input[name=channels][value=portal]")
    page.click("button:has-text('保存')")
    page.wait_for_selector("#risk-form")
    body = Disclosure.objects.get().body
    assert "经支部委员会研究，现将党费收缴情况公示如下。" in body
    assert "<strong>一、收缴情况</strong>" in body
    assert "全年收缴党费12,345元。" in body
    for junk in ("Mso", "mso-", "宋体", "color", "style", "o:p", "class="):
        assert junk not in body, junk
    assert all(u.startswith(live_server.url) for u in requests)  # nothing from another site


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_target_picker_finds_a_person_by_name_and_adds_them(world, browser_login):
    page = browser_login("proposer", PASSWORD, "/disclosures/new/")
    # htmx wires the search box once the page has loaded: typing earlier would ask nothing.
    page.wait_for_load_state("load")
    page.fill("#id_target_people_q", "member_vil")
    page.click("button[data-pick]")
    assert page.input_value("#id_target_people") == "党员member_village（中共一镇东村支部委员会）"
    page.select_option("#id_catalog_item", index=0)
    assert page.input_value("#id_scope") == "party"  # a new proposal defaults to 党内
