"""The scale data set: requested counts, a consistent tree, exact member counts, believable shape."""

import io
from collections import Counter

import pytest
from django.core.management import call_command
from django.db.models import Count, Sum

from dwgk.orgs import selectors, services
from dwgk.orgs.models import Affiliation, Organization, OrgKind, Person, StatCategory
from dwgk.orgs.paths import SEGMENT, child_path
from dwgk.orgs.scale import build_tree, seed_scale


def assert_consistent():
    orgs = list(Organization.objects.values("id", "parent_id", "path", "depth", "member_count", "code"))
    by_id = {o["id"]: o for o in orgs}
    for o in orgs:
        parent_path = by_id[o["parent_id"]]["path"] if o["parent_id"] else ""
        assert o["path"] == child_path(parent_path, o["id"]), o
        assert o["depth"] == len(o["path"]) // SEGMENT - 1
    members = Counter(Person.objects.exclude(party_org=None).values_list("party_org_id", flat=True))
    assert {o["id"]: o["member_count"] for o in orgs} == {o["id"]: members.get(o["id"], 0) for o in orgs}
    assert len({o["code"] for o in orgs}) == len(orgs)


@pytest.mark.django_db
def test_seed_scale_counts_and_consistency():
    summary = seed_scale(1200, 6000, seed=7, progress=False)
    assert "1,200" in summary and "6,000" in summary
    assert Organization.objects.count() == 1200
    assert Person.objects.count() == 6000
    assert_consistent()

    depths = dict(Organization.objects.values_list("depth").annotate(n=Count("id")))
    assert depths[0] == 1 and max(depths) == 5  # city … sub-branch: six levels
    root = Organization.objects.get(depth=0)
    assert root.kind == OrgKind.LOCAL_COMMITTEE
    districts = Organization.objects.filter(parent=root, kind=OrgKind.LOCAL_COMMITTEE)
    towns = Organization.objects.filter(kind=OrgKind.TOWNSHIP)
    assert districts.count() == round(1200 * 15 / 100_000) or districts.count() == 1
    assert towns.count() == round(1200 * 300 / 100_000)
    assert all(t.parent.kind == OrgKind.LOCAL_COMMITTEE and t.category in (StatCategory.TOWN, StatCategory.STREET)
               for t in towns.select_related("parent"))
    # Kind and category agree: grassroots units carry a grassroots category; committees none.
    assert not Organization.objects.filter(kind=OrgKind.GRASSROOTS, category="").exists()
    assert not Organization.objects.filter(kind=OrgKind.LOCAL_COMMITTEE).exclude(category="").exists()
    assert not Organization.objects.filter(kind=OrgKind.GRASSROOTS, category__in=["town", "street"]).exists()
    assert Organization.objects.filter(line__isnull=True).count() == 0
    # Serving organs serve the committee above them.
    for organ in Organization.objects.filter(kind__in=[OrgKind.DISCIPLINE, OrgKind.WORKING_ORGAN]):
        assert organ.serves_id == organ.parent_id

    members = Person.objects.exclude(member_status="")
    assert members.count() == round(6000 * 0.85)
    assert not members.filter(party_org=None).exists()
    assert not Person.objects.filter(member_status="").exclude(party_org=None).exists()
    assert Affiliation.objects.count() == 6000 - members.count()
    assert Organization.objects.aggregate(s=Sum("member_count"))["s"] == members.count()
    assert selectors.subtree_counts(root) == {"orgs": 1200, "members": members.count()}
    assert all("\u4e00" <= p.name[0] <= "\u9fff" for p in Person.objects.all()[:200])

    # The services keep working on top: ids continue after the explicit ones.
    town = towns.first()
    new = services.create_org(name="新增支部", code="NEW-1", kind=OrgKind.GRASSROOTS, parent=town,
                              category=StatCategory.VILLAGE)
    assert new.pk > Organization.objects.exclude(pk=new.pk).order_by("-pk").first().pk
    person = services.create_person(name="新党员", party_org=new)
    assert person.pk == Person.objects.order_by("-pk").first().pk


@pytest.mark.django_db
def test_seed_adds_to_existing_data(world):
    before = Organization.objects.count()
    seed_scale(50, 100, seed=1, progress=False)
    assert Organization.objects.count() == before + 50
    assert_consistent()
    assert Organization.objects.filter(parent=None).count() == 2  # the world's city and the scale city


@pytest.mark.django_db
def test_seed_command():
    out = io.StringIO()
    call_command("seed", "--orgs", "30", "--people", "40", "--quiet", stdout=out)
    assert "规模数据已生成" in out.getvalue()
    assert Organization.objects.count() == 30 and Person.objects.count() == 40
    assert_consistent()


@pytest.mark.parametrize("n", [1, 2, 5, 17, 400, 3000])
def test_tree_shape_exact_size(n):
    import random

    tree = build_tree(n, random.Random(n), 1, {})
    assert len(tree) == n
    assert len(set(tree.path)) == n
    depth = Counter(len(p) // SEGMENT - 1 for p in tree.path)
    assert depth[0] == 1
    if n >= 3000:
        assert max(depth) == 5
        assert sum(1 for k in tree.kind if k == OrgKind.TOWNSHIP) == 9
