"""公开指南 per org from its own data: the office keeps its contact on the workbench; the guide shows it,
the org's catalog, how to apply and give feedback, and the time limits; a village is served by its town."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

CONTACT = {"office_address": "甲区党群服务中心 301 室", "office_phone": "023-6123 4567转8",
           "office_hours": "工作日 9:00—17:00", "office_email": "dwgk@jiaqu.example"}


def test_office_keeps_the_contact_and_the_guide_shows_it(client, world):
    client.force_login(world.users["office"])
    url = reverse("orgs:guide_contact", args=[world.district.pk])
    assert client.get(url).status_code == 200
    r = client.post(url, CONTACT, follow=True)
    assert "已保存" in r.content.decode()
    world.district.refresh_from_db()
    assert world.district.office_phone == "023-6123 4567转8"
    html = client.get(reverse("portal:org_guide", args=[world.district.pk])).content.decode()
    for text in ("受理机构", f"{world.district.name}党务公开办公室", "甲区党群服务中心 301 室", "023-6123 4567转8",
                 "工作日 9:00—17:00", "dwgk@jiaqu.example", "20 个工作日内答复", "提出依申请公开", "进入意见箱"):
        assert text in html, text


def test_a_village_without_its_own_contact_is_served_by_the_office_above(client, world):
    client.force_login(world.users["office"])
    client.post(reverse("orgs:guide_contact", args=[world.district.pk]), CONTACT)
    client.logout()
    html = client.get(reverse("portal:org_guide", args=[world.village.pk])).content.decode()
    assert f"{world.village.name}未单独设立受理窗口，由{world.district.name}党务公开办公室代为受理" in html
    assert "023-6123 4567转8" in html
    assert f"?org={world.village.pk}" in html  # apply and feedback go to the village itself


def test_two_orgs_have_different_guides(client, world):
    client.force_login(world.users["office"])
    client.post(reverse("orgs:guide_contact", args=[world.district.pk]), CONTACT)
    client.post(reverse("orgs:guide_contact", args=[world.town.pk]), {**CONTACT, "office_phone": "023-7000 0001"})
    town = client.get(reverse("portal:org_guide", args=[world.town.pk])).content.decode()
    district = client.get(reverse("portal:org_guide", args=[world.district.pk])).content.decode()
    assert "023-7000 0001" in town and "023-7000 0001" not in district


def test_only_the_office_above_may_edit(client, world):
    client.force_login(world.users["proposer"])
    assert client.get(reverse("orgs:guide_contact", args=[world.district.pk])).status_code == 403
    client.force_login(world.users["office"])  # district office: not the city above it
    assert client.get(reverse("orgs:guide_contact", args=[world.city.pk])).status_code == 403
    assert client.get(reverse("orgs:guide_contact", args=[world.village.pk])).status_code == 200


def test_bad_contact_is_refused_and_keeps_what_was_typed(client, world):
    client.force_login(world.users["office"])
    r = client.post(reverse("orgs:guide_contact", args=[world.district.pk]),
                    {**CONTACT, "office_email": "不是邮箱", "office_phone": "call me"})
    html = r.content.decode()
    assert r.status_code == 200 and "电子邮箱格式不正确" in html and "电话号码只能包含数字" in html
    assert "甲区党群服务中心 301 室" in html and "不是邮箱" in html
    world.district.refresh_from_db()
    assert world.district.office_address == ""
