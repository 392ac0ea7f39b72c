"""The read matrix of administration and oversight kinds (DESIGN invariant 1): catalogs and oversight
results × every reader × every read path. Expected answers are written by hand from the rules:

  Catalogs — readers read a catalog once published, in its publish scope, by the four scope rules; drafts
  are the workbench's: editors (承办/审批/党务公开办公室 at the org, or its maker, or above), the superior it
  is filed with, and the system administrator.
  Oversight results — circulars, published assessment results, published survey results and announced
  best-practice rounds are read by the four scope rules once their review released them (先审查后公开: a
  text still in review reaches no reader, whatever its scope); the managing office (党务公开办公室 at the
  org or above) reads its records, drafts and texts in review included, on the oversight pages; nobody
  else gets more.

The world: city ⊃ district ⊃ town ⊃ village (dwgk.testing.world). The district publishes its catalog to
the party (党内公开), the town its catalog to society, the village's catalog is a draft. The district issues
circulars in three scopes, publishes an assessment to the party and survey results to its unit, and
announces two best-practice rounds (society, party); a draft assessment and an unpublished survey stay
its office's. One of each kind is submitted to a public scope but still in review (`*_review`): released to
nobody.
"""

from __future__ import annotations

import datetime
import json

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from dwgk.access import catalog as catalog_gate
from dwgk.access import oversight as oversight_gate
from dwgk.audit.models import AuditEntry
from dwgk.catalog import services as catalog_services
from dwgk.catalog.models import Catalog
from dwgk.catalog.tests.factories import filed_catalog
from dwgk.core.choices import Scope
from dwgk.orgs import services as org_services
from dwgk.orgs.models import Affiliation, Role
from dwgk.oversight import services as ov
from dwgk.oversight.models import Assessment, BestPracticeRound, Circular, Survey
from dwgk.portal.mirror import Mirror, file_for
from dwgk.reports import briefing
from dwgk.testing.world import make_user

pytestmark = pytest.mark.django_db

READERS = ("anonymous", "qunzhong", "member", "parent_member", "child_member", "sibling_member", "staff_in",
           "staff_outside", "superior_office", "supervisor", "sysadmin", "secadmin", "auditadmin")
# Written out from the scope rules, for items published by the district:
PARTY = {"member", "child_member", "staff_in", "supervisor"}              # party members of the district or below
UNIT = {"qunzhong", "member", "child_member", "staff_in", "supervisor"}   # affiliated with the district or below
EVERYONE = set(READERS)


@pytest.fixture
def readers(world):
    w = world
    qunzhong = org_services.create_person(name="区委机关职工")
    org_services.affiliate(qunzhong, w.district, Affiliation.Kind.STAFF)
    sibling_staff = org_services.create_person(name="乙区承办人", party_org=w.sibling, phone="13900000002")
    org_services.assign_role(sibling_staff, w.sibling, Role.PROPOSER)
    return {
        "anonymous": None, "qunzhong": make_user("r_qunzhong", qunzhong), "member": w.users["member_district"],
        "parent_member": w.users["member_city"], "child_member": w.users["member_town"],
        "sibling_member": w.users["member_sibling"], "staff_in": w.users["proposer"],
        "staff_outside": make_user("r_sibling_staff", sibling_staff), "superior_office": w.users["city_office"],
        "supervisor": w.users["supervisor"], "sysadmin": w.users["sysadmin"], "secadmin": w.users["secadmin"],
        "auditadmin": w.users["auditadmin"],
    }


def _client(user) -> Client:
    c = Client()
    if user is not None:
        c.force_login(user)
    return c


# ---- catalogs ---------------------------------------------------------------------------------------

CATALOG_READERS = {"district": PARTY, "town": EVERYONE, "village": set()}
# The workbench (drafts, withheld items, exports with them): editors at the org or above, and the system admin.
CATALOG_STAFF = {"staff_in": {"district", "town", "village"}, "superior_office": {"district", "town", "village"},
                 "sysadmin": {"district", "town", "village"}}


def expected_catalogs(reader: str) -> set[str]:
    return {name for name, who in CATALOG_READERS.items() if reader in who}


@pytest.fixture
def catalogs(world):
    district = filed_catalog(world.district)
    catalog_services.publish(district, scope=Scope.PARTY)
    town = filed_catalog(world.town)
    catalog_services.publish(town, scope=Scope.PUBLIC)
    village = catalog_services.create_from_template(world.village)
    return {name: Catalog.objects.select_related("org").get(pk=c.pk)
            for name, c in (("district", district), ("town", town), ("village", village))}


def _catalog_gate(user, cats) -> set[str]:
    return {n for n, c in cats.items() if catalog_gate.can_read_published(user or AnonymousUser(), c)}


def _catalog_queryset(user, cats) -> set[str]:
    ids = set(catalog_gate.published_catalogs(user, Catalog.objects.all()).values_list("pk", flat=True))
    return {n for n, c in cats.items() if c.pk in ids}


def _status_seen(user, cats, url_name) -> set[str]:
    c, out = _client(user), set()
    for n, cat in cats.items():
        r = c.get(reverse(url_name, args=[cat.org_id]))
        assert r.status_code in (200, 302, 403, 404), (url_name, r.status_code)
        if r.status_code == 200:
            out.add(n)
    return out


def _catalog_page(user, cats):
    return _status_seen(user, cats, "catalog:public")


def _portal_catalog(user, cats):
    return _status_seen(user, cats, "portal:catalog")


def _api_catalog(user, cats):
    return _status_seen(user, cats, "api:catalog")


def _api_catalog_list(user, cats):
    body = json.loads(_client(user).get(reverse("api:catalogs")).content)
    ids = {row["org"]["id"] for row in body["results"]}
    assert body["count"] == len(body["results"])
    return {n for n, c in cats.items() if c.org_id in ids}


CATALOG_PATHS = [_catalog_gate, _catalog_queryset, _catalog_page, _portal_catalog, _api_catalog, _api_catalog_list]


@pytest.mark.parametrize("path", CATALOG_PATHS, ids=lambda p: p.__name__.strip("_"))
def test_every_reader_reads_exactly_the_catalogs_their_scope_allows(readers, catalogs, path):
    wrong = [f"{r}: saw {sorted(seen)}, expected {sorted(expected_catalogs(r))}" for r in READERS
             if (seen := path(readers[r], catalogs)) != expected_catalogs(r)]
    assert not wrong, "\n".join(wrong)


def test_catalog_drafts_are_read_on_the_workbench_by_editors_and_the_system_administrator(readers, catalogs):
    wrong = []
    for r in READERS:
        seen = _status_seen(readers[r], catalogs, "catalog:detail")
        if seen != CATALOG_STAFF.get(r, set()):
            wrong.append(f"{r}: saw {sorted(seen)}, expected {sorted(CATALOG_STAFF.get(r, set()))}")
    assert not wrong, "\n".join(wrong)


def test_catalog_exports_follow_the_reader_rules_or_the_workbench(readers, catalogs):
    """An export is a read: the published catalog to its readers, drafts to the workbench's staff; an
    anonymous visitor is sent to log in."""
    wrong = []
    for r in READERS:
        c, seen = _client(readers[r]), set()
        for n, cat in catalogs.items():
            resp = c.get(reverse("catalog:export", args=[cat.org_id, "xlsx"]))
            assert resp.status_code in (200, 302, 403), resp.status_code
            if resp.status_code == 200:
                seen.add(n)
        expected = set() if r == "anonymous" else expected_catalogs(r) | CATALOG_STAFF.get(r, set())
        if seen != expected:
            wrong.append(f"{r}: exported {sorted(seen)}, expected {sorted(expected)}")
    assert not wrong, "\n".join(wrong)


def test_the_static_mirror_carries_only_the_catalog_published_to_society(catalogs, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    root = tmp_path / "mirror"
    Mirror(root).build()
    seen = {n for n, c in catalogs.items() if file_for(root, reverse("portal:catalog", args=[c.org_id])).exists()}
    assert seen == {"town"}


# ---- oversight results -------------------------------------------------------------------------------

RESULT_READERS = {
    "c_public": EVERYONE, "c_party": PARTY, "c_unit": UNIT,
    "a_party": PARTY, "a_draft": set(),
    "s_unit": UNIT, "s_unpublished": set(),
    "r_public": EVERYONE, "r_party": PARTY,
    # Submitted to society, still in review: no reader path shows them.
    "c_review": set(), "a_review": set(), "s_review": set(), "r_review": set(),
}
# The managing office (党务公开办公室 at the district or above) reads its records on the oversight pages
# (its circulars, released or not, in the office's own list on the oversight index).
MANAGED = {"c_public", "c_party", "c_unit", "c_review", "a_party", "a_draft", "a_review", "s_unit",
           "s_unpublished", "s_review", "r_public", "r_party", "r_review"}


@pytest.fixture
def results(world):
    w, now, today = world, timezone.now(), timezone.localdate()
    out = {}
    for scope in (Scope.PUBLIC, Scope.PARTY, Scope.UNIT):
        out[f"c_{scope}"] = Circular.objects.create(kind=Circular.Kind.COMPLIANCE, org=w.district,
                                                    title=f"矩阵通报{scope}", body="正文", scope=scope, published_at=now)
    for key, state, scope in (("a_party", Assessment.State.PUBLISHED, Scope.PARTY), ("a_draft", Assessment.State.DRAFT, "")):
        out[key] = Assessment.objects.create(org=w.district, year=2025, title=f"矩阵考核{key}", state=state,
                                             scope=scope, published_at=now if scope else None)
    for key, scope in (("s_unit", Scope.UNIT), ("s_unpublished", "")):
        sv = ov.create_survey(w.district, subject=w.district, kind=Survey.Kind.SATISFACTION,
                              audience=Survey.Audience.MEMBERS, title=f"矩阵测评{key}", opens_on=today,
                              closes_on=today + datetime.timedelta(days=5),
                              questions=[{"kind": "satisfaction", "text": "是否满意"}])
        if scope:
            sv.results_scope, sv.results_published_at = scope, now
            sv.save(update_fields=["results_scope", "results_published_at"])
        out[key] = sv
    for key, scope in (("r_public", Scope.PUBLIC), ("r_party", Scope.PARTY)):
        out[key] = BestPracticeRound.objects.create(organizer=w.district, year=2025, title=f"矩阵选树{key}",
                                                    scope=scope, announced_at=now)
    # In review: what the services leave until the review releases the text (no release mark).
    out["c_review"] = Circular.objects.create(kind=Circular.Kind.COMPLIANCE, org=w.district, title="矩阵通报c_review",
                                              body="正文", scope=Scope.PUBLIC, published_at=None)
    out["a_review"] = Assessment.objects.create(org=w.district, year=2025, title="矩阵考核a_review",
                                                state=Assessment.State.REVIEW, scope=Scope.PUBLIC, published_at=None)
    sv = ov.create_survey(w.district, subject=w.district, kind=Survey.Kind.SATISFACTION,
                          audience=Survey.Audience.MEMBERS, title="矩阵测评s_review", opens_on=today,
                          closes_on=today + datetime.timedelta(days=5),
                          questions=[{"kind": "satisfaction", "text": "是否满意"}])
    Survey.objects.filter(pk=sv.pk).update(state=Survey.State.CLOSED, results_scope=Scope.PUBLIC)
    out["s_review"] = Survey.objects.get(pk=sv.pk)
    out["r_review"] = BestPracticeRound.objects.create(organizer=w.district, year=2025, title="矩阵选树r_review",
                                                       state=BestPracticeRound.State.REVIEW, scope=Scope.PUBLIC)
    return out


def expected_results(reader: str, *, managed: bool = False) -> set[str]:
    seen = {k for k, who in RESULT_READERS.items() if reader in who}
    return seen | MANAGED if managed and reader == "superior_office" else seen


def _results_gate(user, res) -> set[str]:
    u = user or AnonymousUser()
    checks = {"c": oversight_gate.can_view_circular, "a": oversight_gate.can_view_assessment_result,
              "s": oversight_gate.can_view_survey_results, "r": oversight_gate.can_view_announcement}
    return {k for k, obj in res.items() if checks[k[0]](u, obj)}


def _results_queryset(user, res) -> set[str]:
    ids = {
        "c": set(oversight_gate.visible_circulars(user, Circular.objects.all()).values_list("pk", flat=True)),
        "a": set(oversight_gate.visible_assessment_results(user, Assessment.objects.all()).values_list("pk", flat=True)),
        "s": set(oversight_gate.visible_survey_results(user, Survey.objects.all()).values_list("pk", flat=True)),
        "r": set(oversight_gate.visible_announcements(user, BestPracticeRound.objects.all())
                 .values_list("pk", flat=True)),
    }
    return {k for k, obj in res.items() if obj.pk in ids[k[0]]}


@pytest.mark.parametrize("path", [_results_gate, _results_queryset], ids=["predicate", "queryset"])
def test_oversight_results_reach_exactly_their_scope(readers, results, path):
    wrong = [f"{r}: saw {sorted(seen)}, expected {sorted(expected_results(r))}" for r in READERS
             if (seen := path(readers[r], results)) != expected_results(r)]
    assert not wrong, "\n".join(wrong)


DETAIL_PAGES = {"a": "oversight:assessment", "s": "oversight:survey_results", "r": "oversight:round"}


def _pages(user, res) -> set[str]:
    """The circulars listed on the oversight index, and the detail page of every other result."""
    c, out = _client(user), set()
    index = c.get(reverse("oversight:index"))
    if index.status_code == 200:
        html = index.content.decode()
        out |= {k for k, obj in res.items() if k[0] == "c" and obj.title in html}
    for k, obj in res.items():
        if k[0] in DETAIL_PAGES:
            r = c.get(reverse(DETAIL_PAGES[k[0]], args=[obj.pk]))
            assert r.status_code in (200, 302, 403, 404), r.status_code
            if r.status_code == 200:
                out.add(k)
    return out


def _lists(user, res) -> set[str]:
    """The assessments list (published results) and the best-practice list."""
    c, out = _client(user), set()
    for url in (reverse("oversight:assessments"), reverse("oversight:best_practice")):
        r = c.get(url)
        if r.status_code == 200:
            html = r.content.decode()
            out |= {k for k, obj in res.items() if k[0] in "ar" and obj.title in html}
    return out


def test_oversight_pages_show_results_by_scope_and_records_to_their_managing_office(readers, results):
    wrong = []
    for r in READERS:
        seen = _pages(readers[r], results)
        expected = set() if r == "anonymous" else expected_results(r, managed=True)
        if seen != expected:
            wrong.append(f"{r}: saw {sorted(seen)}, expected {sorted(expected)}")
    assert not wrong, "\n".join(wrong)


# The lists: published assessment results by scope (the office's own list holds only its own org's), and
# best-practice rounds by scope or, for the organizer's office and above, all of them.
LIST_EXPECTED = {r: {k for k in ("a_party", "r_public", "r_party") if r in RESULT_READERS[k]} for r in READERS}
LIST_EXPECTED.update({"anonymous": set(), "superior_office": {"r_public", "r_party", "r_review"}})


def test_oversight_lists_show_results_by_scope(readers, results):
    wrong = [f"{r}: saw {sorted(seen)}, expected {sorted(LIST_EXPECTED[r])}" for r in READERS
             if (seen := _lists(readers[r], results)) != LIST_EXPECTED[r]]
    assert not wrong, "\n".join(wrong)


# ---- the superior's oversight reach on the workbench, recorded ----------------------------------------

REGISTRY_READERS = {"staff_in", "superior_office", "supervisor"}  # a duty at the district, or oversight above it
RECORDED = {"superior_office"}                                    # the reading rests on oversight alone


def test_a_subordinates_ledger_is_read_by_its_staff_and_superior_oversight_and_the_oversight_reading_is_recorded(
        readers, world):
    url = reverse("oversight:registry", args=[world.district.pk])
    wrong = []
    for r in READERS:
        before = AuditEntry.objects.filter(event="access.record_read").count()
        status = _client(readers[r]).get(url).status_code
        recorded = AuditEntry.objects.filter(event="access.record_read").count() - before
        if (status == 200) != (r in REGISTRY_READERS) or recorded != (1 if r in RECORDED else 0):
            wrong.append(f"{r}: answered {status}, recorded {recorded}")
    assert not wrong, "\n".join(wrong)


def test_the_matrix_can_fail(results):
    """An unfiltered list would show the party circular to the anonymous visitor, and a scope-only gate the
    circular still in review: the expectations differ."""
    assert {k for k in results if k[0] == "c"} != expected_results("anonymous") & {"c_public", "c_party", "c_unit"}
    assert "c_review" not in expected_results("anonymous") and results["c_review"].scope == Scope.PUBLIC


# ---- reports: statistics, their exports and the annual briefing ---------------------------------------

REPORT_READERS = {"superior_office"}  # 党务公开办公室 of the district or above; nobody else, whatever their role


def test_reports_and_their_exports_are_read_by_the_office_of_the_root_or_above(readers, world):
    b = briefing.generate(world.district, 2025)
    urls = [reverse("reports:stats") + "?code=T0010", reverse("reports:stats_xlsx") + "?code=T0010",
            reverse("reports:compliance") + "?code=T0010", reverse("reports:briefing_pdf", args=[b.pk])]
    wrong = []
    for r in READERS:
        c = _client(readers[r])
        for url in urls:
            status = c.get(url).status_code
            expected = 200 if r in REPORT_READERS else (302 if r == "anonymous" else 403)
            if status != expected:
                wrong.append(f"{r} {url}: answered {status}, expected {expected}")
    assert not wrong, "\n".join(wrong)
