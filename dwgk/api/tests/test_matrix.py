"""The authorization matrix of the API (issue 5): every kind of reader × every scope × every read path
(list and its count, detail, attachment download, search and its count).

Each cell is stated twice: in the policy's words (EXPECTED below, written from DESIGN invariant 1, not
from the code), and by the gate's own predicate `can_view`. The API must agree with both, so a wrong
gate fails here as well as a leaky endpoint."""

import pytest

from dwgk.access.disclosures import can_view
from dwgk.core.choices import Scope
from dwgk.orgs import services as org_services
from dwgk.orgs.models import Affiliation, Role
from dwgk.search import services as search_services
from dwgk.testing.world import make_user

from .conftest import publish

P, PARTY, U, T = Scope.PUBLIC, Scope.PARTY, Scope.UNIT, Scope.TARGETED
ALL = {P, PARTY, U, T}

# Readers of the district committee's (甲区委) disclosures. What each may see, in the policy's words:
#   PUBLIC   everyone, anonymous included;
#   PARTY    party members of the publishing org or of any org below it;
#   UNIT     anyone affiliated (member or not) with the publishing org or below it;
#   TARGETED the listed orgs' members and the listed people;
#   a business role adds no reach on reader paths: staff read as the members they are (the test world's
#   district staff are party members of the district; the city office a member of the city).
EXPECTED = {
    "anonymous": {P},
    "registered, affiliated with the org (not a member)": {P, U},
    "registered, affiliated with nothing": {P},
    "resident of a village below the org": {P, U},
    "member of the org": {P, PARTY, U},
    "member of its parent": {P},
    "member of its child": {P, PARTY, U},
    "member of a sibling": {P},
    "targeted person (listed by name)": {P, T},
    "member of a targeted org (below the org)": {P, PARTY, U, T},
    "non-targeted member (of a village below)": {P, PARTY, U},
    "staff in the workflow (publisher of the org)": {P, PARTY, U},
    "staff of the superior (city office)": {P},
    "staff of a child org": {P, PARTY, U},
    "staff out of the workflow (sibling's proposer)": {P},
    "system administrator": {P},
}
# The discipline commission serves the city committee: its 党内 disclosures reach every party member in
# the city's jurisdiction (the audience root is the city), and its own staff line (city above) sees it.
CDI_PARTY_READERS = {
    "member of the org", "member of its parent", "member of its child", "member of a sibling",
    "member of a targeted org (below the org)", "non-targeted member (of a village below)",
    "staff in the workflow (publisher of the org)", "staff of the superior (city office)", "staff of a child org",
    "staff out of the workflow (sibling's proposer)",
}


def _readers(w) -> dict:
    def person(key, *, party_org=None, affiliate=None, role=None):
        p = org_services.create_person(name=f"矩阵{key}", party_org=party_org)
        if affiliate is not None:
            org_services.affiliate(p, affiliate, Affiliation.Kind.STAFF)
        if role is not None:
            org_services.assign_role(p, *role)
        return make_user(f"m_{key}", p)

    return {
        "anonymous": None,
        "registered, affiliated with the org (not a member)": person("affiliated", affiliate=w.district),
        "registered, affiliated with nothing": w.users["outsider"],
        "resident of a village below the org": w.users["resident"],
        "member of the org": w.users["member_district"],
        "member of its parent": w.users["member_city"],
        "member of its child": w.users["member_town"],
        "member of a sibling": w.users["member_sibling"],
        "targeted person (listed by name)": person("targeted"),
        "member of a targeted org (below the org)": person("village2_member", party_org=w.village2),
        "non-targeted member (of a village below)": w.users["member_village"],
        "staff in the workflow (publisher of the org)": w.users["publisher"],
        "staff of the superior (city office)": w.users["city_office"],
        "staff of a child org": person("town_staff", party_org=w.town, role=(w.town, Role.PROPOSER)),
        "staff out of the workflow (sibling's proposer)": person("sibling_staff", party_org=w.sibling,
                                                                role=(w.sibling, Role.PROPOSER)),
        "system administrator": w.users["sysadmin"],
    }


@pytest.fixture
def matrix(world, search_index):
    w = world
    readers = _readers(w)
    targeted = readers["targeted person (listed by name)"].person
    by_scope = {
        scope: publish(w, scope=scope, title=f"甲区委{scope}党费收缴情况公示",
                       targets=[w.village2] if scope == T else (), target_people=[targeted] if scope == T else ())
        for scope in (P, PARTY, U, T)
    }
    cdi_party = publish(w, org=w.cdi, scope=PARTY, title="市纪委党内通报党费使用检查情况")
    # Not readable by anyone through the API, whatever their role: unpublished or taken down.
    hidden = [publish(w, scope=P, title=f"{status}党费事项", status=status)
              for status in ("draft", "review", "approved", "scheduled", "withdrawn", "expired")]
    search_services.rebuild()
    return readers, by_scope, cdi_party, hidden


@pytest.mark.parametrize("role", list(EXPECTED))
def test_every_read_path_agrees_with_the_policy_and_the_gate(role, matrix, api, token_for):
    readers, by_scope, cdi_party, hidden = matrix
    user = readers[role]
    if user is not None and user.admin_role:
        token = None  # administrators cannot hold tokens (三员分立); their browser session is the reader
        api.client.force_login(user)
    else:
        token = token_for(user)
    expected = {by_scope[s].pk for s in EXPECTED[role]}
    if role in CDI_PARTY_READERS:
        expected.add(cdi_party.pk)
    everything = [*by_scope.values(), cdi_party, *hidden]

    # The policy table and the gate's predicate say the same.
    assert expected == {d.pk for d in everything if can_view(user, d)}, role

    # List and count.
    page = api.json("disclosures", token, page_size=100)
    assert {r["id"] for r in page["results"]} == expected, role
    assert page["count"] == len(expected)

    not_found_body = api.json("disclosures/999999", token, status=404)
    for d in everything:
        visible = d.pk in expected
        # Detail: a disclosure the reader may not see is 404, word for word like one that does not exist.
        resp = api.get(f"disclosures/{d.pk}", token)
        assert resp.status_code == (200 if visible else 404), (role, d.title)
        if visible:
            assert resp.json()["scope"] == d.scope
        else:
            assert resp.json() == not_found_body
        # Attachment download through the gate.
        att = d.attachments.get()
        resp = api.get(f"disclosures/{d.pk}/attachments/{att.pk}/download", token)
        assert resp.status_code == (200 if visible else 404), (role, d.title, "download")
        if visible:
            assert b"".join(resp.streaming_content) == b"%PDF-1.4 test"

    # Search results and counts, for the reader.
    found = api.json("search", token, q="党费", page_size=50)
    assert {r["id"] for r in found["results"]} == expected, role
    assert found["count"] == len(expected)


def test_the_matrix_covers_every_scope_and_role(matrix):
    """Guard against a table that quietly stops testing something."""
    readers, *_ = matrix
    assert set(readers) == set(EXPECTED)
    assert set().union(*EXPECTED.values()) == ALL
    for scope in ALL:  # every scope is shown to someone, and every scope but PUBLIC hidden from someone
        assert any(scope in seen for seen in EXPECTED.values())
        assert any(scope not in seen for seen in EXPECTED.values()) == (scope != P)
