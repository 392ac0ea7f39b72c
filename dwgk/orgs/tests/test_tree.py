"""The organization tree: subtree queries by path range, and 隶属关系调整 keeping every path right."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import given
from hypothesis import strategies as st

from dwgk.orgs import paths, selectors, services
from dwgk.orgs.models import Organization, OrgKind

pytestmark = pytest.mark.django_db


def _assert_paths_consistent():
    for org in Organization.objects.select_related("parent"):
        expected = paths.child_path(org.parent.path if org.parent else "", org.pk)
        assert org.path == expected, org.name
        assert org.depth == paths.depth_of(org.path)
        # The kept subtree totals equal a fresh range scan.
        assert selectors.subtree_counts(org) == selectors.subtree_counts_scanned(org), org.name


def test_subtree_contains_self_and_all_descendants_only(world):
    names = set(selectors.subtree(world.district).values_list("name", flat=True))
    assert names == {world.district.name, world.town.name, world.village.name, world.village2.name}
    assert world.sibling.name not in names
    assert set(selectors.subtree(world.district, include_self=False).values_list("pk", flat=True)) == {
        world.town.pk, world.village.pk, world.village2.pk}


def test_subtree_counts_sum_members_of_every_level(world):
    counts = selectors.subtree_counts(world.town)
    expected = sum(o.member_count for o in (world.town, world.village, world.village2))
    assert counts == {"orgs": 3, "members": expected}
    assert counts["members"] >= 2  # member_town and member_village


def test_subtree_count_reads_one_row(world):
    with CaptureQueriesContext(connection) as ctx:
        counts = selectors.subtree_counts(world.city)
    assert len(ctx.captured_queries) == 1
    assert counts == selectors.subtree_counts_scanned(world.city)


def test_subtree_query_is_one_indexed_range_not_a_python_walk(world):
    with CaptureQueriesContext(connection) as ctx:
        selectors.subtree_counts_scanned(world.city)
    assert len(ctx.captured_queries) == 1
    sql = ctx.captured_queries[0]["sql"]
    assert '"path" >=' in sql and '"path" <' in sql and "LIKE" not in sql


def test_move_subtree_rewrites_every_descendant_path_and_depth(world):
    services.move_org(world.town, world.sibling)
    _assert_paths_consistent()
    moved = set(selectors.subtree(world.sibling).values_list("pk", flat=True))
    assert {world.town.pk, world.village.pk, world.village2.pk} <= moved
    assert not selectors.subtree(world.district, include_self=False).exists()


def test_bulk_recompute_matches_the_kept_totals(world):
    before = {o.pk: (o.subtree_orgs, o.subtree_members) for o in Organization.objects.all()}
    Organization.objects.update(subtree_orgs=0, subtree_members=0)
    services.recompute_subtree_totals()
    after = {o.pk: (o.subtree_orgs, o.subtree_members) for o in Organization.objects.all()}
    assert after == before


def test_move_to_root_and_back(world):
    services.move_org(world.town, None)
    _assert_paths_consistent()
    assert Organization.objects.get(pk=world.town.pk).depth == 0
    services.move_org(Organization.objects.get(pk=world.town.pk), world.district)
    _assert_paths_consistent()


def test_cannot_move_under_own_descendant(world):
    with pytest.raises(ValidationError, match="下级组织"):
        services.move_org(world.district, world.village)
    _assert_paths_consistent()


def test_move_is_audited(world):
    from dwgk.audit.models import AuditEntry

    services.move_org(world.town, world.sibling)
    assert AuditEntry.objects.filter(event="org.moved", object_id=str(world.town.pk)).exists()


def test_discipline_organ_acts_for_the_committee_it_serves(world):
    assert world.cdi.audience_root == world.city
    assert world.town.audience_root == world.town


@given(st.integers(min_value=1, max_value=paths.MAX_ID))
def test_segment_round_trip_and_fixed_width(n):
    seg = paths.segment(n)
    assert len(seg) == paths.SEGMENT
    assert int(seg, 36) == n


@given(st.lists(st.integers(min_value=1, max_value=paths.MAX_ID), min_size=1, max_size=5),
       st.text(alphabet=paths.ALPHABET, max_size=12))
def test_range_of_a_prefix_is_exactly_the_strings_with_that_prefix(ids, tail):
    prefix = "".join(paths.segment(i) for i in ids)
    upper = paths.successor(prefix)
    inside = prefix + tail
    assert prefix <= inside < upper
    # A string that does not start with the prefix falls outside the range.
    other = paths.segment(ids[-1] % paths.MAX_ID + 1)
    outside = prefix[: -paths.SEGMENT] + other
    if not outside.startswith(prefix):
        assert not (prefix <= outside + tail < upper)


def test_random_moves_keep_the_tree_consistent(world):
    import random

    rng = random.Random(7)
    extra = [services.create_org(name=f"支部{i}", code=f"X{i:03d}", kind=OrgKind.GRASSROOTS,
                                 parent=rng.choice([world.town, world.village, world.sibling]))
             for i in range(12)]
    nodes = [world.district, world.sibling, world.town, world.village, world.village2, *extra]
    for _ in range(30):
        a, b = rng.sample(nodes, 2)
        a.refresh_from_db()
        b.refresh_from_db()
        if b.path.startswith(a.path):
            with pytest.raises(ValidationError):
                services.move_org(a, b)
        else:
            services.move_org(a, b)
        person = services.create_person(name="新党员", party_org=rng.choice(nodes))
        if rng.random() < 0.5:
            services.transfer_membership(person, rng.choice(nodes))
        _assert_paths_consistent()
