"""A refused download answers the same Chinese error page as any other refusal, with its reason."""

import pytest

from dwgk.disclosures import services


@pytest.mark.django_db
def test_refused_original_download_gives_its_reason_in_chinese(world, make_draft, login):
    d = make_draft()
    att = services.add_attachment(d, world.users["proposer"], name="名单.txt", data="张明 13812345678\n".encode())
    client = login(world.users["office"])
    resp = client.get(f"/disclosures/{d.pk}/attachments/{att.pk}/?original=1")
    assert resp.status_code == 403
    html = resp.content.decode()
    assert "原件仅限流程审核人员查看" in html
    assert "返回首页" in html and 'lang="zh-CN"' in html


@pytest.mark.django_db
def test_missing_attachment_download_is_a_chinese_404(world, make_draft, login):
    d = make_draft()
    client = login(world.users["proposer"])
    resp = client.get(f"/disclosures/{d.pk}/attachments/999999/")
    assert resp.status_code == 404
    assert "没有找到" in resp.content.decode()
