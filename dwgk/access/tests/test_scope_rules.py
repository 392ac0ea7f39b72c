"""The four scope rules, reader × scope: 向社会公开 to all; 党内公开 to members of the audience root and below;
本单位公开 to everyone affiliated with the publishing org or below (a serving organ: its own people only);
对特定对象公开 to the listed orgs and people only. Holding a business role gives no extra reach on reader
paths. The predicate and its queryset twin must agree on every cell; expected readers are written by hand."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dwgk.access import disclosures as gate
from dwgk.accounts.models import User
from dwgk.core.choices import Category, Scope
from dwgk.disclosures.models import Disclosure
from dwgk.orgs import services as org_services
from dwgk.orgs.models import Affiliation, Role


def can_view(user, d):
    return gate.can_view(user, d)


def visible_disclosures(user):
    return gate.visible_disclosures(user, Disclosure.objects.all())


pytestmark = pytest.mark.django_db

READERS = ["anonymous", "outsider", "resident", "member_village", "member_town", "member_district",
           "member_sibling", "member_city", "proposer", "city_office", "cdi_clerk"]

# Expected readers of each disclosure (published by the township unless named).
EXPECTED = {
    "town_public": set(READERS),
    # Staff of the district and the city office hold roles above the town, but a role gives no reach on
    # reader paths: they read as the party members they are (of the district, of the city).
    "town_party": {"member_village", "member_town"},
    "town_unit": {"member_village", "member_town", "resident"},
    "town_targeted": {"outsider"},
    # A discipline organ acts for the city committee it serves: its 党内公开 reaches the whole city.
    # (The test world's staff are party members of the org they work for.)
    "cdi_party": {"member_village", "member_town", "member_district", "member_sibling", "member_city",
                  "proposer", "city_office"},
    # A member of the parent org does not read a branch's 党内公开: it reaches the branch and below.
    "village2_party": set(),
    # 本部门: a discipline organ's 本单位公开 reaches its own people, not the city it serves.
    "cdi_unit": {"cdi_clerk"},
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
        "cdi_unit": _publish(world, "cdi_unit", world.cdi, Scope.UNIT),
    }
    d["town_targeted"].target_orgs.add(world.village2)
    d["town_targeted"].target_people.add(world.people["outsider"])
    return d


def _user(world, key):
    if key == "anonymous":
        return AnonymousUser()
    if key == "cdi_clerk" and key not in world.users:
        # A non-member on the staff of the discipline organ (affiliated with it, not a party member of it).
        clerk = org_services.create_person(name="纪委机关职工")
        org_services.affiliate(clerk, world.cdi, Affiliation.Kind.STAFF)
        world.users[key] = User.objects.create(username="cdi_clerk", person=clerk, password="!")
    return world.users[key]


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


# ---- property: the predicate and its queryset twin agree for any reader and any item ------------------

ORG_NAMES = ["city", "cdi", "district", "sibling", "town", "village", "village2"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(party=st.sampled_from([None, *ORG_NAMES]), affiliated=st.sets(st.sampled_from(ORG_NAMES), max_size=3),
       roles=st.sets(st.sampled_from(ORG_NAMES), max_size=2), publisher=st.sampled_from(ORG_NAMES),
       scope=st.sampled_from(list(Scope)), target_orgs=st.sets(st.sampled_from(ORG_NAMES), max_size=2),
       targets_reader=st.booleans(), status=st.sampled_from(["published", "archived", "draft", "withdrawn"]))
def test_any_reader_reads_through_both_twins_alike(world, party, affiliated, roles, publisher, scope, target_orgs,
                                                   targets_reader, status):
    """Whatever the reader's party org, affiliations and roles, and whatever the item's org (serving organs
    included), scope, targets and state: `can_view` and `visible_disclosures` give the same answer, and a
    reader with none of these ties reads exactly the public, readable items."""
    org = {name: getattr(world, name) for name in ORG_NAMES}
    person = org_services.create_person(name="读者", party_org=org[party] if party else None)
    for name in affiliated:
        org_services.affiliate(person, org[name])
    for name in roles:
        org_services.assign_role(person, org[name], Role.OFFICE_ADMIN)
    user = User.objects.create(username=f"reader{person.pk}", person=person, password="!")
    d = _publish(world, "prop", org[publisher], scope, status="published" if status == "withdrawn" else status,
                 withdrawn=status == "withdrawn")
    d.target_orgs.set([org[name] for name in target_orgs])
    if targets_reader:
        d.target_people.add(person)
    user = User.objects.select_related("person").get(pk=user.pk)  # a fresh request's reader
    listed = visible_disclosures(user).filter(pk=d.pk).exists()
    assert can_view(user, d) is listed
    if not (party or affiliated or roles or targets_reader):
        assert listed is (scope == Scope.PUBLIC and status in ("published", "archived"))
