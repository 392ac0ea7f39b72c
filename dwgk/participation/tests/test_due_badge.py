"""A deadline badge is markup on the page, whether or not the date is provisional (a plain "" joined to
the badge once turned the whole badge into escaped text: 「<span class="badge …">」 on the 依申请公开 list)."""

from datetime import date

import pytest
from django.template import Context, Template

from dwgk.workdays import badges


@pytest.mark.parametrize("provisional", [False, True])
def test_the_due_badge_renders_as_markup_never_as_escaped_text(monkeypatch, provisional):
    monkeypatch.setattr(badges, "date_is_provisional", lambda d: provisional)
    html = Template("{% load participation_tags %}{% due_badge due %}").render(Context({"due": date(2999, 1, 1)}))
    assert html.startswith('<span class="badge badge-ok">剩余 '), html
    assert "&lt;" not in html
    assert ("暂定" in html) is provisional
