"""The visibility gate, role × scope: 向社会公开 to all; 党内公开 to members of the audience root and below;
本单位公开 to everyone affiliated with it; 对特定对象公开 to the listed orgs and people only.
The predicate and its queryset twin must agree on every cell."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from dwgk.core.choices import Category, Scope
from dwgk.disclosures.models import Disclosure
from dwgk.portal.visibility import can_view, visible_disclosures

pytestmark = pytest.mark.django_db

READERS = ["anonymous", "outsider", "resident", "member_village", "member_town", "member_district",
           "member_sibling", "member_city", "proposer", "city_office"]

# Expected readers of each disclosure (published by the township unless named).
EXPECTED = {
    "town_public": set(READERS),
    "town_party": {"member_village", "member_town", "proposer", "city_office"},
    "town_unit": {"member_village", "member_town", "resident", "proposer", "city_office"},
    "town_targeted": {"outsider", "proposer", "city_office"},
    # A discipline organ acts for the city committee it serves: its 党内公开 reaches the whole city.
    # (The test world's staff are party members of the org they work for.)
    "cdi_party": {"member_village", "member_town", "member_district", "member_sibling", "member_city",
                  "proposer", "city_office"},
    # A member of the parent org does not read a branch's 党内公开: it reaches the branch and below.
    "village2_party": {"proposer", "city_office"},
}


def _publish(world, key, org, scope, *, status="published", withdrawn=False):
    d = Disclosure.objects.create(
        org=org, title=key, body="<p>正文</p>", category=Category.ORGANIZATION, scope=scope,
        proposer=world.people["proposer"], out_of_catalog_reason="测试", status=status,
        published_at=timezone.now(), withdrawn_at=timezone.now() if withdrawn else None)
    return d


@pytest.fixture
def published(world):
    d = {
        "town_public": _publish(world, "town_public", world.town, Scope.PUBLIC),
        "town_party": _publish(world, "town_party", world.town, Scope.PARTY),
        "town_unit": _publish(world, "town_unit", world.town, Scope.UNIT),
        "town_targeted": _publish(world, "town_targeted", world.town, Scope.TARGETED),
        "cdi_party": _publish(world, "cdi_party", world.cdi, Scope.PARTY),
        "village2_party": _publish(world, "village2_party", world.village2, Scope.PARTY),
    }
    d["town_targeted"].target_orgs.add(world.village2)
    d["town_targeted"].target_people.add(world.people["outsider"])
    return d


def _user(world, key):
    return AnonymousUser() if key == "anonymous" else world.users[key]


@pytest.mark.parametrize("reader", READERS)
def test_gate_predicate_and_queryset_agree_with_the_scope_rules(world, published, reader):
    user = _user(world, reader)
    listed = set(visible_disclosures(user).values_list("title", flat=True))
    for key, disclosure in published.items():
        expected = reader in EXPECTED[key]
        assert can_view(user, disclosure) is expected, (reader, key)
        assert (key in listed) is expected, (reader, key)


def test_withdrawn_drafts_and_expired_are_readable_by_nobody(world):
    hidden = [
        _publish(world, "withdrawn", world.town, Scope.PUBLIC, withdrawn=True),
        _publish(world, "draft", world.town, Scope.PUBLIC, status="draft"),
        _publish(world, "expired", world.town, Scope.PUBLIC, status="expired"),
    ]
    for reader in READERS:
        user = _user(world, reader)
        assert not visible_disclosures(user).filter(pk__in=[d.pk for d in hidden]).exists(), reader
        assert not any(can_view(user, d) for d in hidden), reader


def test_archived_disclosures_stay_readable_in_their_scope(world):
    d = _publish(world, "archived", world.town, Scope.PARTY, status="archived")
    assert can_view(world.users["member_village"], d)
    assert not can_view(AnonymousUser(), d)


def test_the_queryset_twin_returns_each_row_once(world, published):
    published["town_targeted"].target_orgs.add(world.village)
    published["town_targeted"].target_people.add(world.people["member_village"])
    rows = list(visible_disclosures(world.users["member_village"]).values_list("pk", flat=True))
    assert len(rows) == len(set(rows))
