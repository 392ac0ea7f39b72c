"""The staff nav is grouped by duty: at most seven top entries for anyone; members and 群众 see no API 令牌."""

import pytest

from dwgk.access.viewer import viewer_for
from dwgk.core.nav import nav_for


class _Req:
    def __init__(self, user):
        self.user, self.session, self.COOKIES, self.path = user, {}, {}, "/"


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["proposer", "office", "city_office", "supervisor", "member_village", "resident",
                                 "sysadmin", "secadmin", "auditadmin"])
def test_at_most_seven_top_entries(world, who):
    items = nav_for(viewer_for(_Req(world.users[who])), "/")
    assert len(items) <= 7, [i["label"] for i in items]
    flat = [c["label"] for i in items for c in i.get("children", [i])]
    assert ("API 令牌" in flat) == (who in ("proposer", "office", "city_office", "supervisor"))


@pytest.mark.django_db
def test_office_finds_every_page_inside_its_groups(world):
    items = nav_for(viewer_for(_Req(world.users["office"])), "/catalog/due/")
    groups = {i["label"]: [c["label"] for c in i.get("children", [])] for i in items}
    assert groups["公开办理"] == ["公开事项", "待审文本", "公开目录", "公开期限"]
    assert "统计通报" in groups["监督统计"]
    assert next(i for i in items if i["label"] == "公开办理")["active"]
