"""A prepared reader query (dwgk.access.prepared) binds each reader's own ids into the SQL the gate compiled
for the audience's shape; a query that depends on anything else about the reader is never prepared."""

import pytest

from dwgk.access import disclosures as gate
from dwgk.access.audience import audience_of
from dwgk.access.prepared import Prepared, shape_of
from dwgk.core.choices import Scope
from dwgk.disclosures.models import Disclosure
from dwgk.testing.world import make_user

pytestmark = pytest.mark.django_db


def _published(world, org, scope, title):
    from django.utils import timezone

    return Disclosure.objects.create(org=org, title=title, body="<p>正文</p>", scope=scope, status="published",
                                     published_at=timezone.now(), proposer=world.people["proposer"],
                                     out_of_catalog_reason="测试")


def test_同一形状的两位党员各自只读到自己可读的党内公开(world):
    village_item = _published(world, world.village, Scope.PARTY, "东村支部党内事项")
    sibling_item = _published(world, world.sibling, Scope.PARTY, "乙区委党内事项")
    prepared = Prepared(lambda reader: gate.visible_disclosures(reader, Disclosure.objects.all())
                        .order_by("pk").values_list("pk", flat=True))
    village, sibling = world.users["member_village"], world.users["member_sibling"]
    # 东村 members read the 东村 item, 乙区 members the 乙区 one, whatever shape their audiences share.
    assert village_item.pk in {r[0] for r in prepared.rows(village)}
    assert sibling_item.pk not in {r[0] for r in prepared.rows(village)}
    assert sibling_item.pk in {r[0] for r in prepared.rows(sibling)}
    assert village_item.pk not in {r[0] for r in prepared.rows(sibling)}
    assert {r[0] for r in prepared.rows(None)} == set()


def test_依赖读者组织路径的查询不预编译而照常经过闸门(world):
    _published(world, world.village, Scope.PUBLIC, "东村公开事项")
    member = world.users["member_village"]

    def by_path(reader):
        # Uses the reader's paths, which the shape does not carry: must not be prepared.
        paths = audience_of(reader).party_reach or ["-"]
        return gate.visible_disclosures(reader, Disclosure.objects.filter(org__path__in=paths)).values_list("pk")

    prepared = Prepared(by_path)
    assert prepared.sql_params(member) is None
    assert prepared.rows(member) == list(by_path(member))


def test_没有人员的登录账号读到的与匿名访客相同(world):
    public = _published(world, world.village, Scope.PUBLIC, "东村公开事项")
    _published(world, world.village, Scope.PARTY, "东村党内事项")
    admin = make_user("shape_admin", None, "system")
    prepared = Prepared(lambda reader: gate.visible_disclosures(reader, Disclosure.objects.all()).values_list("pk"))
    assert shape_of(audience_of(admin)) != shape_of(audience_of(None))
    assert prepared.rows(admin) == prepared.rows(None) == [(public.pk,)]
