"""The participation read matrix (DESIGN invariant 1): every participation kind × every reader × every
path that shows it. The district publishes one record of each kind; who may read each is written out by
hand from the rules in dwgk.access.participation, not computed by the gate:

  征求意见   向社会 → everyone; 党内 → the district's party members and those below (draft, count, summary
             and adopted opinions alike);
  公示       everyone once started; before that no reader;
  旁听/列席  党员旁听 → the district's party members and below; 社会听证 → everyone;
  咨询       an answered public question → the district's party members and below; a private answer →
             its asker only (his own list);
  意见答复   a public reply → everyone, but one about a 党内 disclosure → that disclosure's readers; a
             private reply → nobody;
  意见/申请  the record itself → its sender or applicant (signed in, or holding its 查询码) and its
             handlers (district office; the city office above it);
  待审文本   a draft, notice, hearing notice, public reply or public answer whose review has not released it
             (先审查后公开, disclosures.release) → nobody, whatever its scope; its handlers on their pages, and
             the asker of a question on his own list.
Reader paths apply these rules and nothing else; the staff pages (WORKBENCH) show every record to its
handlers only. The API exposes no participation kind, and the kiosk shows none (its row expects nothing);
the static mirror renders the org page as the anonymous visitor.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

import dwgk
from dwgk.access.errors import Refused
from dwgk.audit.models import AuditEntry
from dwgk.core.choices import Category, Scope
from dwgk.disclosures.models import Disclosure
from dwgk.orgs import services as org_services
from dwgk.orgs.models import Affiliation, Role
from dwgk.participation import engagement, feedback, services
from dwgk.participation.models import Consultation, Feedback, Hearing, Notice, Opinion, OrgPolicy
from dwgk.portal.mirror import Mirror, file_for
from dwgk.testing.reviewers import release_in_time, release_now
from dwgk.testing.world import make_user

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "affiliated", "member", "parent_member", "child_member", "sibling_member", "village_member",
         "applicant", "code_holder", "handler", "staff_outside", "superior_office", "supervisor",
         "sysadmin", "secadmin", "auditadmin"]
EVERYONE = set(ROLES)
# Party members of the district or below: its member, the town's, the village's, and the district's office
# and 监督员 (members of the district). Not the city above, the sibling district, 群众 or the administrators.
DISTRICT_PARTY = {"member", "child_member", "village_member", "handler", "supervisor"}
# The record's own people: the 群众 who sent it (signed in), an anonymous visitor holding its 查询码, the
# district office that handles it and the city office above. Not the sibling district's office.
ITS_PEOPLE = {"applicant", "code_holder", "handler", "superior_office"}

READERS: dict[str, set[str]] = {
    "cons_public": EVERYONE,
    "cons_party": DISTRICT_PARTY,
    "cons_party_closed": DISTRICT_PARTY,
    "notice": EVERYONE,
    "notice_future": set(),
    "hearing_party": DISTRICT_PARTY,
    "hearing_public": EVERYONE,
    "inquiry_public": DISTRICT_PARTY,
    "inquiry_private": set(),
    "reply_plain": EVERYONE,
    "reply_party_disclosure": DISTRICT_PARTY,
    "reply_private": set(),
    "feedback_record": ITS_PEOPLE,
    "request": ITS_PEOPLE,
    "cons_pending": set(),
    "notice_pending": set(),
    "hearing_pending": set(),
    "reply_pending": set(),
    "inquiry_pending": set(),
}
# A reader's own records, on his own list (我的咨询): the private answer's asker is the town member, the
# pending answer's the village member.
OWN = {"inquiry_private": {"child_member"}, "inquiry_pending": {"village_member"}}
HANDLERS = {"handler", "superior_office"}


def marker(key: str) -> str:
    return f"【矩阵{key}】"


@dataclass
class PM:
    world: object
    users: dict
    objs: dict
    codes: list
    tmp: object

    def client(self, role: str) -> Client:
        c = Client()
        if self.users[role] is not None:
            c.force_login(self.users[role])
        if role == "code_holder":
            for code in self.codes:
                assert c.post(reverse("participation:query"), {"code": code}).status_code == 302
        return c


@pytest.fixture
def pm(world, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    w = world
    office = w.users["office"]
    today = timezone.localdate()
    affiliated = org_services.create_person(name="区委机关职工")
    org_services.affiliate(affiliated, w.district, Affiliation.Kind.STAFF)
    outside = org_services.create_person(name="乙区办公室", party_org=w.sibling)
    org_services.assign_role(outside, w.sibling, Role.OFFICE_ADMIN)
    users = {
        "anonymous": None, "affiliated": make_user("p_affiliated", affiliated), "member": w.users["member_district"],
        "parent_member": w.users["member_city"], "child_member": w.users["member_town"],
        "sibling_member": w.users["member_sibling"], "village_member": w.users["member_village"],
        "applicant": w.users["resident"], "code_holder": None, "handler": office,
        "staff_outside": make_user("p_outside", outside), "superior_office": w.users["city_office"],
        "supervisor": w.users["supervisor"], "sysadmin": w.users["sysadmin"], "secadmin": w.users["secadmin"],
        "auditadmin": w.users["auditadmin"],
    }
    o = {}
    OrgPolicy.objects.create(org=w.district, public_requests=True)
    o["request"], code_req = services.submit_request(org=w.district, applicant_name="群众居民", user=w.users["resident"],
                                                     description=f"{marker('request')}请公开党费使用情况")
    o["feedback_record"], code_fb = feedback.submit_feedback(
        subject=marker("feedback_record"), body="公开栏更新慢", org=w.district, is_anonymous=False,
        user=w.users["resident"])
    # Every text below is released by its review (先审查后公开) unless its key says pending.
    o["cons_public"] = engagement.open_consultation(org=w.district, title=marker("cons_public"), draft="社会草案",
                                                    actor=office)
    o["cons_party"] = engagement.open_consultation(org=w.district, title=marker("cons_party"), draft="党内草案",
                                                   audience=Consultation.Audience.INTERNAL, actor=office)
    o["cons_pending"] = engagement.open_consultation(org=w.district, title=marker("cons_pending"), draft="待审草案",
                                                     actor=office)
    for key in ("cons_public", "cons_party"):
        release_now(engagement.CONSULTATION, o[key])
    engagement.submit_opinion(o["cons_party"], body="意见一", person=w.people["member_village"])
    closed = engagement.open_consultation(org=w.district, title=marker("cons_party_closed"), draft="已截止草案",
                                          audience=Consultation.Audience.INTERNAL, actor=office,
                                          opens_on=today - timedelta(days=30), days=7)
    release_in_time(engagement.CONSULTATION, closed)  # released before it opened, 30 days ago
    op = engagement.submit_opinion(closed, body=f"采纳意见{marker('adopted')}", person=w.people["member_town"],
                                   on=today - timedelta(days=28))
    o["cons_party_closed"] = engagement.publish_summary(closed, summary="采纳 1 条", adopted_ids=[op.pk], actor=office)
    release_now(engagement.CONSULTATION_SUMMARY, closed)
    o["notice"] = engagement.open_notice(org=w.district, kind=Notice.Kind.NEW_MEMBER, title=marker("notice"),
                                         body="拟发展", actor=office)
    o["notice_future"] = engagement.open_notice(org=w.district, kind=Notice.Kind.PRE_APPOINTMENT,
                                                title=marker("notice_future"), body="拟任",
                                                starts_on=today + timedelta(days=3), actor=office)
    o["notice_pending"] = engagement.open_notice(org=w.district, kind=Notice.Kind.NEW_MEMBER,
                                                 title=marker("notice_pending"), body="待审公示", actor=office)
    for key in ("notice", "notice_future"):
        release_now(engagement.NOTICE, o[key])
    meeting, until = timezone.now() + timedelta(days=10), today + timedelta(days=5)
    for key, kind in (("hearing_party", Hearing.Kind.MEMBER_ATTENDANCE), ("hearing_public", Hearing.Kind.PUBLIC_HEARING),
                      ("hearing_pending", Hearing.Kind.PUBLIC_HEARING)):
        o[key] = engagement.announce_hearing(org=w.district, kind=kind, title=marker(key), meeting_at=meeting,
                                             places=3, apply_until=until, actor=office)
        if key != "hearing_pending":
            release_now(engagement.HEARING, o[key])
    q = engagement.ask(org=w.district, person=w.people["member_village"], question=marker("inquiry_public"))
    o["inquiry_public"] = engagement.answer(q, text="请向支部提交申请。", actor=office)
    release_now(engagement.INQUIRY, o["inquiry_public"])
    q = engagement.ask(org=w.district, person=w.people["member_village"], question=marker("inquiry_pending"))
    o["inquiry_pending"] = engagement.answer(q, text="待审答复。", actor=office)
    q = engagement.ask(org=w.district, person=w.people["member_town"], question=marker("inquiry_private"))
    o["inquiry_private"] = engagement.answer(q, text="已电话答复。", public=False, actor=office)
    party_d = Disclosure.objects.create(
        org=w.district, title="矩阵党内公开事项", body="<p>正文</p>", category=Category.ORGANIZATION,
        scope=Scope.PARTY, proposer=w.people["proposer"], out_of_catalog_reason="测试", status="published",
        published_at=timezone.now())
    for key, kw, public in (("reply_plain", {}, True),
                            ("reply_party_disclosure", {"disclosure": party_d, "user": w.users["member_district"]}, True),
                            ("reply_private", {}, False), ("reply_pending", {}, True)):
        fb, _code = feedback.submit_feedback(subject=marker(key), body="内容", org=w.district, **kw)
        feedback.accept_feedback(fb, actor=office)
        o[key] = feedback.reply_feedback(fb, actor=office, text=f"答复{marker(key)}", public=public)
        if public and key != "reply_pending":
            release_now(feedback.FEEDBACK_REPLY, o[key])
    return PM(w, users, o, [code_req, code_fb], tmp_path)


# ---- the read paths -------------------------------------------------------------------------------------------

def _seen(html: str, keys) -> set[str]:
    return {k for k in keys if marker(k) in html}


def _get(pm: PM, role: str, url: str) -> str:
    r = pm.client(role).get(url)
    assert r.status_code == 200, (role, url, r.status_code)
    return r.content.decode()


INDEX = {"cons_public", "cons_party", "notice", "notice_future", "hearing_party", "hearing_public", "reply_plain",
         "reply_party_disclosure", "reply_private", "cons_pending", "notice_pending", "hearing_pending",
         "reply_pending"}
DETAIL = {"cons_public": "consultation", "cons_party": "consultation", "cons_party_closed": "consultation",
          "notice": "notice", "notice_future": "notice", "hearing_party": "hearing", "hearing_public": "hearing",
          "cons_pending": "consultation", "notice_pending": "notice", "hearing_pending": "hearing"}
ORG_PAGE = {"cons_public", "cons_party", "cons_party_closed", "notice", "notice_future", "inquiry_public",
            "inquiry_private", "reply_plain", "reply_party_disclosure", "reply_private", "cons_pending",
            "notice_pending", "reply_pending", "inquiry_pending"}
INQUIRIES = {"inquiry_public", "inquiry_private", "inquiry_pending"}
TRACK = {"request": "track_request", "feedback_record": "track_feedback"}
WORKBENCH = {"cons_public": "manage_consultation", "cons_party": "manage_consultation",
             "notice_future": "manage_notice", "hearing_party": "manage_hearing",
             "feedback_record": "manage_feedback", "reply_private": "manage_feedback", "request": "manage_request",
             "cons_pending": "manage_consultation", "notice_pending": "manage_notice",
             "hearing_pending": "manage_hearing", "reply_pending": "manage_feedback"}


def _index(pm: PM, role: str) -> set[str]:
    return _seen(_get(pm, role, reverse("participation:index")), INDEX)


def _detail(pm: PM, role: str) -> set[str]:
    c, out = pm.client(role), set()
    for key, name in DETAIL.items():
        r = c.get(reverse(f"participation:{name}", args=[pm.objs[key].pk]))
        html = r.content.decode()
        assert r.status_code in (200, 404), (role, key, r.status_code)
        if r.status_code == 200:
            assert marker(key) in html, (role, key)
            out.add(key)
            if key == "cons_party":
                assert "党内草案" in html and "已收到意见 1 条" in html, role
            if key == "cons_party_closed":
                assert "采纳 1 条" in html and marker("adopted") in html, role
        else:
            assert marker(key) not in html and "草案" not in html and marker("adopted") not in html, (role, key)
    return out


def _org_page(pm: PM, role: str) -> set[str]:
    return _seen(_get(pm, role, reverse("portal:org", args=[pm.world.district.pk])), ORG_PAGE)


def _inquiries(pm: PM, role: str) -> set[str]:
    r = pm.client(role).get(reverse("participation:inquiries"))
    if r.status_code == 302:  # sign in first
        return set()
    assert r.status_code == 200
    return _seen(r.content.decode(), INQUIRIES)


def _track(pm: PM, role: str) -> set[str]:
    c, out = pm.client(role), set()
    for key, name in TRACK.items():
        r = c.get(reverse(f"participation:{name}", args=[pm.objs[key].pk]))
        assert r.status_code in (200, 404), (role, key, r.status_code)
        if r.status_code == 200:
            assert marker(key) in r.content.decode()
            out.add(key)
    return out


def _letter(pm: PM, role: str) -> set[str]:
    """The reply letter of the request: its readers are the request's."""
    req = pm.objs["request"]
    if not req.letters.exists():
        services.reply(req, actor=pm.world.users["office"], outcome="disclosed", text=f"答复书{marker('request')}")
    r = pm.client(role).get(reverse("participation:letter", args=[req.letters.get().pk]))
    assert r.status_code in (200, 404), (role, r.status_code)
    return {"request"} if r.status_code == 200 else set()


def _mirror(pm: PM, role: str) -> set[str]:
    root = pm.tmp / "mirror"
    url = reverse("portal:org", args=[pm.world.district.pk])
    m = Mirror(root)
    with m.locked():
        m.page(url)
    return _seen(file_for(root, url).read_text(encoding="utf-8"), ORG_PAGE)


def _kiosk(pm: PM, role: str) -> set[str]:
    html = _get(pm, role, reverse("portal:kiosk", args=[pm.world.district.pk]))
    return _seen(html, READERS)


def _workbench(pm: PM, role: str) -> set[str]:
    c, out = pm.client(role), set()
    for key, name in WORKBENCH.items():
        r = c.get(reverse(f"participation:{name}", args=[pm.objs[key].pk]))
        assert r.status_code in (200, 302, 403, 404), (role, key, r.status_code)
        if r.status_code == 200:
            out.add(key)
    return out


@dataclass(frozen=True)
class ReadPath:
    name: str
    read: Callable[[PM, str], set[str]]
    carries: frozenset[str]
    as_anonymous: bool = False

    def expected(self, role: str) -> set[str]:
        if self.name == "kiosk":
            return set()
        if self.name == "workbench":
            return set(self.carries) if role in HANDLERS else set()
        who = "anonymous" if self.as_anonymous else role
        out = {k for k in self.carries if who in READERS[k]}
        if self.name == "inquiries":
            out |= {k for k, owners in OWN.items() if who in owners}
        return out


READ_PATHS = [
    ReadPath("index", _index, frozenset(INDEX)),
    ReadPath("detail", _detail, frozenset(DETAIL)),
    ReadPath("org_page", _org_page, frozenset(ORG_PAGE)),
    ReadPath("inquiries", _inquiries, frozenset(INQUIRIES)),
    ReadPath("track", _track, frozenset(TRACK)),
    ReadPath("letter", _letter, frozenset({"request"})),
    ReadPath("static_mirror", _mirror, frozenset(ORG_PAGE), as_anonymous=True),
    ReadPath("kiosk", _kiosk, frozenset(READERS), as_anonymous=True),
    ReadPath("workbench", _workbench, frozenset(WORKBENCH)),
]


@pytest.mark.parametrize("path", READ_PATHS, ids=lambda p: p.name)
def test_every_reader_reads_exactly_the_participation_records_the_rules_give_him(pm, path):
    wrong = []
    for role in ROLES:
        seen = path.read(pm, role)
        if seen != path.expected(role):
            wrong.append(f"{role}: saw {sorted(seen)}, expected {sorted(path.expected(role))}")
    assert not wrong, f"{path.name}:\n" + "\n".join(wrong)


def test_the_participation_matrix_can_fail(pm):
    """Unfiltered, the index would list the internal consultation to the anonymous visitor."""
    assert "cons_party" not in ReadPath("index", _index, frozenset(INDEX)).expected("anonymous")
    assert Consultation.objects.filter(title=marker("cons_party")).exists()


def test_a_superior_handler_reading_a_record_is_recorded(pm):
    url = reverse("participation:manage_request", args=[pm.objs["request"].pk])
    before = AuditEntry.objects.filter(event="access.record_read").count()
    assert pm.client("superior_office").get(url).status_code == 200
    assert AuditEntry.objects.filter(event="access.record_read").count() == before + 1
    assert pm.client("handler").get(url).status_code == 200  # the org's own office: its duty, not oversight
    assert AuditEntry.objects.filter(event="access.record_read").count() == before + 1


# ---- regressions of issue 12 ("Why" 1, 2, 3, 7): each failed on the code before dwgk.access ------------------

def test_why1_an_internal_consultation_is_absent_for_anonymous_qunzhong_and_members_outside_its_reach(pm):
    c = pm.objs["cons_party"]
    url = reverse("participation:consultation", args=[c.pk])
    for role in ("anonymous", "applicant", "affiliated", "sibling_member", "parent_member"):
        r = pm.client(role).get(url)
        assert r.status_code == 404 and "党内草案" not in r.content.decode(), role
        assert marker("cons_party") not in _get(pm, role, reverse("participation:index")), role
    assert pm.client("village_member").get(url).status_code == 200
    # Nor can an outsider give an opinion to it: absent, nothing stored.
    before = Opinion.objects.count()
    assert pm.client("applicant").post(url, {"body": "意见"}).status_code == 404
    assert Opinion.objects.count() == before


def test_why2_a_public_reply_about_a_party_disclosure_is_shown_only_to_its_readers(pm):
    key = marker("reply_party_disclosure")
    assert key not in _get(pm, "anonymous", reverse("participation:index"))
    assert key not in _get(pm, "applicant", reverse("portal:org", args=[pm.world.district.pk]))
    assert key in _get(pm, "village_member", reverse("participation:index"))


def test_why3_feedback_about_a_disclosure_the_sender_cannot_read_is_absent_and_refused(pm):
    w = pm.world
    draft = Disclosure.objects.create(org=w.district, title="矩阵未公开草稿标题", body="<p>草稿</p>",
                                      category=Category.ORGANIZATION, scope=Scope.PUBLIC, proposer=w.people["proposer"],
                                      out_of_catalog_reason="测试")
    party_d = pm.objs["reply_party_disclosure"].disclosure
    url = reverse("participation:feedback_new")
    for role, d in (("anonymous", draft), ("member", draft), ("anonymous", party_d), ("applicant", party_d)):
        r = pm.client(role).get(f"{url}?disclosure={d.pk}")
        assert r.status_code == 404 and d.title not in r.content.decode(), (role, d.title)
        before = Feedback.objects.count()
        r = pm.client(role).post(url, {"disclosure": d.pk, "org": w.district.pk, "subject": "s", "body": "b",
                                       "is_anonymous": "on"})
        assert r.status_code == 404 and Feedback.objects.count() == before, role
    r = pm.client("member").get(f"{url}?disclosure={party_d.pk}")
    assert r.status_code == 200 and party_d.title in r.content.decode()
    # The service refuses too, whoever calls it.
    with pytest.raises(Refused):
        feedback.submit_feedback(subject="s", body="b", disclosure=party_d, user=w.users["resident"])
    assert not Feedback.objects.filter(subject="s").exists()


def test_why7_the_party_rule_is_access_s_one_rule_the_audience_root_included(pm):
    """A discipline organ's 党内 consultation, 党员旁听 and answered questions reach the jurisdiction of the
    committee it serves — participation's own copies compared org paths and ignored the audience root."""
    w, office = pm.world, pm.world.users["city_office"]
    c = engagement.open_consultation(org=w.cdi, title="纪委党内征求意见", draft="草案",
                                     audience=Consultation.Audience.INTERNAL, actor=office)
    release_now(engagement.CONSULTATION, c)
    op = engagement.submit_opinion(c, body="建议", person=w.people["member_district"])
    assert op.pk and pm.client("member").get(reverse("participation:consultation", args=[c.pk])).status_code == 200
    with pytest.raises(ValidationError):  # a 群众 is outside a 党内 consultation wherever it is held
        engagement.submit_opinion(c, body="建议", person=w.people["resident"])
    h = engagement.announce_hearing(org=w.cdi, kind=Hearing.Kind.MEMBER_ATTENDANCE, title="纪委全会旁听", places=2,
                                    meeting_at=timezone.now() + timedelta(days=9),
                                    apply_until=timezone.localdate() + timedelta(days=3), actor=office)
    release_now(engagement.HEARING, h)
    assert engagement.apply_to_hearing(h, person=w.people["member_village"]).pk
    q = engagement.ask(org=w.cdi, person=w.people["member_village"], question="纪委咨询问题")
    release_now(engagement.INQUIRY, engagement.answer(q, text="纪委答复", actor=office))
    assert "纪委咨询问题" in _get(pm, "child_member", reverse("participation:inquiries"))
    assert "纪委咨询问题" not in _get(pm, "applicant", reverse("participation:inquiries"))


def test_participation_keeps_no_copy_of_the_party_rule():
    """The shapes the copies had: comparing a member's party-org path with a record's org path."""
    root = Path(dwgk.__file__).parent / "participation"
    found = []
    for path in root.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        for shape in ("party_org.path", ".path.startswith(", ".audience ==", "Audience.PUBLIC:", "role_assignments"):
            if shape in text:
                found.append(f"{path.name}: {shape}")
    assert not found, found
