"""Issue 12, Why 6: no one grants himself a workflow duty. A grant takes two people: a grantor with the
right to grant (the security administrator, or a 党务公开办公室 at the org or above) who is not the grantee.
Revoking one's own role is allowed (it concentrates no duty) and is audited like any revocation."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from dwgk.access import orgs as access
from dwgk.access.errors import Refused
from dwgk.audit.models import AuditEntry
from dwgk.orgs.models import Role, RoleAssignment
from dwgk.oversight import services as oversight_services

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _grant(user, org, person, role):
    return _client(user).post(reverse("orgs:grant_role", args=[org.pk]), {"person": person.pk, "role": role},
                              follow=True)


def _state():
    return (sorted(RoleAssignment.objects.values_list("person_id", "org_id", "role")),
            AuditEntry.objects.filter(event__startswith="role.").count())


def test_an_office_admin_granting_himself_approval_and_secrecy_review_is_refused_and_nothing_changes(world):
    """qs_ban (党务公开办公室 of 青山区委) gave himself 审批（第一责任人） and 保密审查: refused now."""
    office, district = world.users["office"], world.district
    before = _state()
    for role in (Role.APPROVER, Role.SECRECY):
        r = _grant(office, district, office.person, role)
        assert r.status_code == 200
        assert "不能为自己授予角色" in r.content.decode()
    assert _state() == before
    assert not RoleAssignment.objects.filter(person=office.person, role__in=(Role.APPROVER, Role.SECRECY)).exists()


def test_a_second_person_with_the_right_to_grant_may_grant(world):
    """The city's office grants the district office admin a duty; the security administrator grants too."""
    office, district = world.people["office"], world.district
    _grant(world.users["city_office"], district, office, Role.APPROVER)
    assert RoleAssignment.objects.filter(person=office, org=district, role=Role.APPROVER).exists()
    _grant(world.users["secadmin"], district, world.people["member_district"], Role.PUBLISHER)
    assert RoleAssignment.objects.filter(person=world.people["member_district"], role=Role.PUBLISHER).exists()


@pytest.mark.parametrize("grantor", ["sysadmin", "auditadmin", "approver", "supervisor", "office"])
def test_who_holds_no_right_to_grant_at_the_org_is_refused(world, grantor):
    """System and audit administrators grant nothing (三员分立); business roles other than the office grant
    nothing; the district office reaches its own subtree, not its superior."""
    org = world.city if grantor == "office" else world.district
    before = _state()
    r = _client(world.users[grantor]).post(reverse("orgs:grant_role", args=[org.pk]),
                                           {"person": world.people["member_district"].pk, "role": Role.PUBLISHER})
    assert r.status_code == 403
    assert _state() == before


def test_revoking_ones_own_role_is_allowed_and_audited(world):
    office = world.users["office"]
    r = _client(office).post(reverse("orgs:revoke_role", args=[world.district.pk]),
                             {"person": office.person.pk, "role": Role.OFFICE_ADMIN})
    assert r.status_code == 302
    assert not RoleAssignment.objects.filter(person=office.person, role=Role.OFFICE_ADMIN).exists()
    assert AuditEntry.objects.filter(event="role.revoked").count() == 1


def test_an_office_admin_cannot_appoint_himself_supervisor(world):
    office = world.users["office"]
    with pytest.raises(Refused, match="不能为自己授予角色"):
        oversight_services.appoint_supervisor(world.district, office.person, on=datetime.date(2026, 1, 5),
                                              actor=office)
    assert not RoleAssignment.objects.filter(person=office.person, role=Role.SUPERVISOR).exists()


def test_the_check_itself(world):
    """The rule as the access layer states it, for every grantor and grantee pair that matters."""
    office, district = world.users["office"], world.district
    with pytest.raises(Refused):
        access.require_grant_role(office, office.person, district, Role.APPROVER)
    access.require_grant_role(office, world.people["member_town"], world.town, Role.APPROVER)  # below: allowed
    with pytest.raises(Refused):
        access.require_grant_role(office, world.people["member_city"], world.city, Role.APPROVER)  # above
    access.require_grant_role(world.users["secadmin"], world.people["member_city"], world.city, Role.APPROVER)
    access.require_revoke_role(office, office.person, district, Role.OFFICE_ADMIN)  # giving up a duty
