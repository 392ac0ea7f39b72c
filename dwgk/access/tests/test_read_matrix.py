"""The authorization matrix (DESIGN invariant 1): every role × every scope × every read path.

A district committee publishes one disclosure in each of the four scopes (达州办法 art. 8: 向社会公开 ·
党内公开 · 本地区本部门本单位公开 · 对特定组织和人员公开). The expected readers are written out by hand
from the scope rules, not computed by the gate, so the gate and every path are tested against them:

  PUBLIC    everyone, anonymous included;
  PARTY     party members of the publishing org or any org below it;
  UNIT      anyone affiliated (member or not) with the publishing org or below it;
  TARGETED  the listed orgs' members and the listed people.
Reader paths apply these four rules and nothing else: a business role adds no reach there. Staff read
records on the workbench (WORKBENCH_PATHS below) along the workflow they hold a duty in, and through an
oversight duty (office, supervisor) at the org or above.

READ_PATHS is a table: each row names a read path, says whether it reads as the reader or as the
anonymous visitor (the kiosk, the screen, public feeds and the static mirror stand in public places),
and gives a function returning which of the four disclosures the role saw there. Paths of the API
(/api/v1/) are added as rows of the same table.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from dwgk.access import disclosures as gate
from dwgk.audit.models import AuditEntry
from dwgk.catalog import services as catalog_services
from dwgk.catalog.tests.factories import filed_catalog
from dwgk.core.choices import Category, Scope
from dwgk.disclosures import publishing
from dwgk.disclosures.models import Attachment, Disclosure
from dwgk.orgs import services as org_services
from dwgk.orgs.models import Affiliation, Role
from dwgk.portal import urls as portal_urls
from dwgk.portal.mirror import Mirror, file_for
from dwgk.portal.models import FeedToken
from dwgk.search import services as search_services
from dwgk.testing.world import make_user

pytestmark = pytest.mark.django_db

TERM = "矩阵核验专项"
SCOPES = ("public", "party", "unit", "targeted")

# Who reads, and which scopes of the district's disclosures each may read (written out, not computed).
EXPECTED: dict[str, set[str]] = {
    "anonymous": {"public"},
    "affiliated": {"public", "unit"},                  # registered, affiliated with the district, not a member
    "member": {"public", "party", "unit"},             # party member of the district itself
    "parent_member": {"public"},                       # member of the city above: 党内公开 reaches down, not up
    "child_member": {"public", "party", "unit"},       # member of the town below
    "sibling_member": {"public"},                      # member of the sibling district
    "targeted_person": {"public", "targeted"},         # listed by name, not a member anywhere
    "targeted_org_member": {"public", "party", "unit", "targeted"},  # member of a listed org below
    "nontargeted_member": {"public", "party", "unit"},  # member below the district, not listed
    "staff_in_workflow": {"public", "party", "unit"},  # proposer at the district, a party member of it
    "staff_outside": {"public"},                       # proposer at the sibling district
    "superior_staff": {"public"},                      # city office, a member of the city: no reach downward
    "supervisor": {"public", "party", "unit"},         # 监督员 of the district, a party member of it
    "sysadmin": {"public"},                            # the three administrators hold no business role
    "secadmin": {"public"},
    "auditadmin": {"public"},
}
# The workbench record of each item (its page, and its attachment's reader copy once reviewed): the
# workflow's staff, and oversight duties at the org or above. Nobody else, whatever the scope.
WORKBENCH_EXPECTED: dict[str, set[str]] = {role: set() for role in EXPECTED}
WORKBENCH_EXPECTED.update({"staff_in_workflow": set(SCOPES), "superior_staff": set(SCOPES),
                           "supervisor": set(SCOPES)})
ROLES = list(EXPECTED)


@dataclass
class Matrix:
    world: object
    users: dict
    docs: dict  # scope → Disclosure
    tmp: object
    cache: dict

    def client(self, role: str) -> Client:
        c = Client()
        if self.users[role] is not None:
            c.force_login(self.users[role])
        return c

    def seen_in(self, html: str) -> set[str]:
        return {s for s, d in self.docs.items() if d.title in html}


@pytest.fixture
def matrix(world, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DWGK_SEARCH_DIR = tmp_path / "search"
    w = world
    affiliated = org_services.create_person(name="区委机关职工")
    org_services.affiliate(affiliated, w.district, Affiliation.Kind.STAFF)
    village2_member = org_services.create_person(name="西村党员", party_org=w.village2)
    sibling_staff = org_services.create_person(name="乙区承办人", party_org=w.sibling, phone="13900000001")
    org_services.assign_role(sibling_staff, w.sibling, Role.PROPOSER)
    users = {
        "anonymous": None, "affiliated": make_user("m_affiliated", affiliated), "member": w.users["member_district"],
        "parent_member": w.users["member_city"], "child_member": w.users["member_town"],
        "sibling_member": w.users["member_sibling"], "targeted_person": w.users["outsider"],
        "targeted_org_member": make_user("m_village2", village2_member),
        "nontargeted_member": w.users["member_village"], "staff_in_workflow": w.users["proposer"],
        "staff_outside": make_user("m_sibling_staff", sibling_staff), "superior_staff": w.users["city_office"],
        "supervisor": w.users["supervisor"], "sysadmin": w.users["sysadmin"], "secadmin": w.users["secadmin"],
        "auditadmin": w.users["auditadmin"],
    }
    catalog = filed_catalog(w.district)
    catalog_services.publish(catalog, scope=Scope.PUBLIC)
    item = catalog.items.filter(withheld=False).order_by("seq").first()
    docs = {}
    for n, scope in enumerate(SCOPES):
        d = Disclosure.objects.create(
            org=w.district, title=f"{TERM}{scope}公开事项", body=f"<p>{TERM}正文，范围{scope}。</p>",
            category=Category.ORGANIZATION, scope=scope, proposer=w.people["proposer"], catalog_item=item,
            status="published", published_at=timezone.now() - timezone.timedelta(minutes=n), channels=["portal"])
        Attachment.objects.create(disclosure=d, file=ContentFile(f"附件{scope}".encode(), name=f"{scope}.txt"),
                                  name=f"{scope}.txt", content_type="text/plain", size=9, sha256="0" * 64)
        docs[scope] = d
    docs["targeted"].target_people.add(w.people["outsider"])
    docs["targeted"].target_orgs.add(w.village2)
    search_services.rebuild()
    return Matrix(w, users, docs, tmp_path, {})


# ---- the read paths -------------------------------------------------------------------------------------

def _gate_predicate(m: Matrix, role: str) -> set[str]:
    user = m.users[role] or AnonymousUser()
    return {s for s, d in m.docs.items() if gate.can_view(user, d)}


def _gate_queryset(m: Matrix, role: str) -> set[str]:
    titles = set(gate.visible_disclosures(m.users[role], Disclosure.objects.all()).values_list("title", flat=True))
    return {s for s, d in m.docs.items() if d.title in titles}


def _page(m: Matrix, role: str) -> set[str]:
    c, out = m.client(role), set()
    for s, d in m.docs.items():
        r = c.get(reverse("portal:disclosure", args=[d.pk]))
        assert r.status_code in (200, 404), r.status_code
        if r.status_code == 200:
            assert d.title in r.content.decode()
            out.add(s)
    return out


def _print_page(m: Matrix, role: str) -> set[str]:
    c, out = m.client(role), set()
    for s, d in m.docs.items():
        r = c.get(reverse("portal:disclosure_print", args=[d.pk]))
        assert r.status_code in (200, 404), r.status_code
        if r.status_code == 200:
            assert d.title in r.content.decode()
            out.add(s)
    return out


def _get(m: Matrix, role: str, url: str) -> str:
    r = m.client(role).get(url)
    assert r.status_code == 200, (url, r.status_code)
    return r.content.decode()


def _org_list(m: Matrix, role: str) -> set[str]:
    return m.seen_in(_get(m, role, reverse("portal:org_all", args=[m.world.district.pk])))


def _org_page_and_counts(m: Matrix, role: str) -> set[str]:
    html = _get(m, role, reverse("portal:org", args=[m.world.district.pk]))
    seen = m.seen_in(html)
    # The category count beside the list is the number of readable items, not of all items.
    count = re.search(r'category/organization/">[^<]+</a> <span class="muted">(\d+)</span>', html)
    assert int(count.group(1) if count else 0) == len(seen), (role, seen)
    return seen


def _latest(m: Matrix, role: str) -> set[str]:
    return m.seen_in(_get(m, role, reverse("portal:latest")))


def _home(m: Matrix, role: str) -> set[str]:
    return m.seen_in(_get(m, role, reverse("portal:home")))


def _catalog(m: Matrix, role: str) -> set[str]:
    return m.seen_in(_get(m, role, reverse("portal:catalog", args=[m.world.district.pk])))


def _search(m: Matrix, role: str) -> set[str]:
    html = _get(m, role, reverse("search:search") + f"?q={TERM}")
    seen = m.seen_in(re.sub(r"</?mark>", "", html))
    total = int(re.search(r"共找到 <strong>(\d+)</strong> 条结果", html).group(1))
    assert total == len(seen), (role, total, seen)  # the count is the reader's count, not the index's
    return seen


def _search_org_filter(m: Matrix, role: str) -> set[str]:
    html = _get(m, role, reverse("search:search") + f"?q={TERM}&org={m.world.city.pk}&sort=date")
    return m.seen_in(re.sub(r"</?mark>", "", html))


def _attachment(m: Matrix, role: str) -> set[str]:
    c, out = m.client(role), set()
    for s, d in m.docs.items():
        att = d.attachments.get()
        r = c.get(reverse("portal:attachment", args=[d.pk, att.pk, "txt"]))
        assert r.status_code in (200, 404)
        if r.status_code == 200:
            assert b"".join(r.streaming_content).decode() == f"附件{s}"
            out.add(s)
    return out


def _public_feeds(m: Matrix, role: str) -> set[str]:
    seen = set()
    for url in (reverse("portal:feed_org", args=[m.world.district.pk, "atom"]),
                reverse("portal:feed_all", args=["rss"]),
                reverse("portal:feed_category", args=["organization", "atom"]),
                reverse("portal:feed_search", args=["atom"]) + f"?q={TERM}"):
        seen |= m.seen_in(_get(m, role, url))
    return seen


def _personal_feed(m: Matrix, role: str) -> set[str] | None:
    if m.users[role] is None:
        return None  # no account, no personal feed
    _token_row, token = FeedToken.issue(m.users[role])
    return m.seen_in(Client().get(reverse("portal:feed_personal", args=[token, "atom"])).content.decode())


def _kiosk(m: Matrix, role: str) -> set[str]:
    district = m.world.district.pk
    seen = m.seen_in(_get(m, role, reverse("portal:kiosk", args=[district])))
    seen |= m.seen_in(_get(m, role, reverse("portal:kiosk_category", args=[district, "organization"])))
    for s, d in m.docs.items():
        if m.client(role).get(reverse("portal:kiosk_detail", args=[district, d.pk])).status_code == 200:
            seen.add(s)
    return seen


def _screen(m: Matrix, role: str) -> set[str]:
    return m.seen_in(_get(m, role, reverse("portal:screen", args=[m.world.city.pk])))


def _static_mirror(m: Matrix, role: str) -> set[str]:
    if "mirror" not in m.cache:
        root = m.tmp / "mirror"
        Mirror(root).build()
        m.cache["mirror"] = root
    root = m.cache["mirror"]
    seen = set()
    for s, d in m.docs.items():
        page = file_for(root, reverse("portal:disclosure", args=[d.pk]))
        att = file_for(root, reverse("portal:attachment", args=[d.pk, d.attachments.get().pk, "txt"]))
        assert page.exists() == att.exists()
        if page.exists():
            seen.add(s)
    for url in ("/", reverse("portal:org_all", args=[m.world.district.pk]),
                reverse("portal:feed_org", args=[m.world.district.pk, "atom"]),
                reverse("portal:catalog", args=[m.world.district.pk])):
        seen |= m.seen_in(file_for(root, url).read_text(encoding="utf-8"))
    return seen


@dataclass(frozen=True)
class ReadPath:
    name: str
    read: Callable[[Matrix, str], set[str] | None]
    as_anonymous: bool = False  # stands in a public place: reads as the anonymous visitor, whoever is logged in


READ_PATHS = [
    ReadPath("gate_predicate", _gate_predicate),
    ReadPath("gate_queryset", _gate_queryset),
    ReadPath("disclosure_page", _page),
    ReadPath("print_page", _print_page),
    ReadPath("org_list", _org_list),
    ReadPath("org_page_and_counts", _org_page_and_counts),
    ReadPath("latest_list", _latest),
    ReadPath("home", _home),
    ReadPath("catalog_page", _catalog),
    ReadPath("search_results_and_count", _search),
    ReadPath("search_org_subtree_filter", _search_org_filter),
    ReadPath("attachment", _attachment),
    ReadPath("personal_feed", _personal_feed),
    ReadPath("public_feeds", _public_feeds, as_anonymous=True),
    ReadPath("kiosk", _kiosk, as_anonymous=True),
    ReadPath("screen", _screen, as_anonymous=True),
    ReadPath("static_mirror", _static_mirror, as_anonymous=True),
]


def _workbench_record(m: Matrix, role: str) -> set[str]:
    c, out = m.client(role), set()
    for s, d in m.docs.items():
        r = c.get(reverse("disclosures:detail", args=[d.pk]))
        assert r.status_code in (200, 302, 404), r.status_code
        if r.status_code == 200:
            out.add(s)
    return out


def _workbench_attachment(m: Matrix, role: str) -> set[str]:
    c, out = m.client(role), set()
    for s, d in m.docs.items():
        r = c.get(reverse("disclosures:attachment", args=[d.pk, d.attachments.get().pk]))
        assert r.status_code in (200, 302, 403, 404), r.status_code
        if r.status_code == 200:
            out.add(s)
    return out


WORKBENCH_PATHS = [ReadPath("workbench_record", _workbench_record),
                   ReadPath("workbench_attachment_copy", _workbench_attachment)]


@pytest.mark.parametrize("path", WORKBENCH_PATHS, ids=lambda p: p.name)
def test_staff_read_records_on_the_workbench_only_along_their_duties(matrix, path):
    wrong = []
    for role in ROLES:
        seen = path.read(matrix, role)
        if seen != WORKBENCH_EXPECTED[role]:
            wrong.append(f"{role}: saw {sorted(seen)}, expected {sorted(WORKBENCH_EXPECTED[role])}")
    assert not wrong, f"{path.name}:\n" + "\n".join(wrong)


def test_an_oversight_reading_is_recorded_in_the_audit_log(matrix):
    d = matrix.docs["party"]
    before = AuditEntry.objects.filter(event="access.record_read").count()
    assert matrix.client("superior_staff").get(reverse("disclosures:detail", args=[d.pk])).status_code == 200
    assert AuditEntry.objects.filter(event="access.record_read").count() == before + 1
    matrix.client("staff_in_workflow").get(reverse("disclosures:detail", args=[d.pk]))
    assert AuditEntry.objects.filter(event="access.record_read").count() == before + 1  # a duty, not oversight


@pytest.mark.parametrize("path", READ_PATHS, ids=lambda p: p.name)
def test_every_role_reads_exactly_its_scopes_on_every_path(matrix, path):
    wrong = []
    for role in ROLES:
        seen = path.read(matrix, role)
        if seen is None:
            continue
        expected = EXPECTED["anonymous"] if path.as_anonymous else EXPECTED[role]
        if seen != expected:
            wrong.append(f"{role}: saw {sorted(seen)}, expected {sorted(expected)}")
    assert not wrong, f"{path.name}:\n" + "\n".join(wrong)


def test_the_matrix_can_fail(matrix):
    """A path that ignored scope would be caught: an unfiltered list shows the party item to anyone."""
    titles = set(Disclosure.objects.values_list("title", flat=True))
    assert {s for s, d in matrix.docs.items() if d.title in titles} != EXPECTED["anonymous"]


def test_a_withdrawn_item_leaves_every_path_in_the_same_step(matrix, settings, django_capture_on_commit_callbacks):
    """撤回 through the workflow service: on commit, the page, lists, search, feeds and the mirror all lose it."""
    settings.DWGK_MIRROR_DIR = matrix.tmp / "mirror2"
    settings.DWGK_MIRROR_AUTO = True
    settings.DWGK_SEARCH_AUTO_INDEX = True
    Mirror().build()
    d = matrix.docs["public"]
    page = file_for(settings.DWGK_MIRROR_DIR, reverse("portal:disclosure", args=[d.pk]))
    assert page.exists() and d.title in file_for(settings.DWGK_MIRROR_DIR, "/").read_text(encoding="utf-8")
    with django_capture_on_commit_callbacks(execute=True):
        publishing.withdraw(d, matrix.world.users["publisher"], "内容有误，撤回")
    assert not page.exists()
    assert d.title not in file_for(settings.DWGK_MIRROR_DIR, "/").read_text(encoding="utf-8")
    for doc in matrix.docs.values():
        doc.refresh_from_db()
    for path in READ_PATHS:
        if path.name == "static_mirror":
            continue
        for role in ("anonymous", "superior_staff"):
            seen = path.read(matrix, role)
            assert seen is None or "public" not in seen, (path.name, role)


# Portal addresses that read no scoped item, or that the matrix reaches through another row.
NOT_READ_PATHS = {
    "portal:guide": "公开指南: fixed text",
    "portal:org_guide": "公开指南 of one org: fixed text",
    "portal:font_size": "sets the reader's 字号 cookie; reads nothing",
    "portal:my_feed": "manages the reader's own feed token; the feed itself is the personal_feed row",
    "portal:org_all_page": "page n of org_all (same view and query)",
    "portal:org_category_page": "page n of org_category (same view and query)",
    "portal:org_year_page": "page n of org_year (same view and query)",
    "portal:org_category": "org_list filtered by category (same view and query as org_all)",
    "portal:org_year": "org_list filtered by year (same view and query as org_all)",
}


def test_every_portal_address_is_a_row_of_the_matrix_or_says_why_not():
    """A new read path cannot slip past the matrix: each portal URL is exercised by a row or exempted."""
    sources = "\n".join(inspect.getsource(p.read) for p in READ_PATHS)
    missing = [f"portal:{u.name}" for u in portal_urls.urlpatterns
               if f'"portal:{u.name}"' not in sources and f"portal:{u.name}" not in NOT_READ_PATHS]
    assert not missing, f"read paths missing from READ_PATHS: {missing}"
