"""Accounts per 等保 2.0 level 3: unique identities, complexity, lockout, idle timeout, 三员分立, audit."""

from datetime import timedelta

import pytest
from django.contrib.auth.hashers import identify_hasher
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from dwgk.accounts import services
from dwgk.accounts.middleware import KEY
from dwgk.accounts.models import AdminRole, User
from dwgk.audit.models import AuditEntry
from dwgk.orgs import services as org_services
from dwgk.orgs.models import Role

pytestmark = pytest.mark.django_db


def _post_login(client, login, password, addr="127.0.0.1"):
    return client.post(reverse("accounts:login"), {"username": login, "password": password}, REMOTE_ADDR=addr)


def test_login_by_username_or_phone(client, world, password):
    user = world.users["proposer"]
    assert _post_login(client, "proposer", password).status_code == 302
    client.logout()
    assert _post_login(client, user.phone, password).status_code == 302
    assert AuditEntry.objects.filter(event="login.success", actor_id=user.pk).count() == 2


def test_wrong_password_is_refused_and_recorded(client, world):
    response = _post_login(client, "proposer", "wrong")
    assert response.status_code == 200
    assert "用户名（手机号）或密码不正确" in response.content.decode()
    assert AuditEntry.objects.filter(event="login.failure", success=False).exists()


def test_throttle_after_repeated_failures_even_with_the_right_password(client, world, password):
    for _ in range(5):
        _post_login(client, "proposer", "wrong")
    user = User.objects.get(username="proposer")
    assert user.locked_until and user.locked_until > timezone.now()
    response = _post_login(client, "proposer", password)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert AuditEntry.objects.filter(event="account.locked", object_id=str(user.pk)).exists()


def test_lock_expires(client, world, password):
    for _ in range(5):
        _post_login(client, "proposer", "wrong", addr="10.0.0.66")
    User.objects.filter(username="proposer").update(locked_until=timezone.now() - timedelta(seconds=1))
    assert _post_login(client, "proposer", password).status_code == 302


def test_success_resets_the_failure_count(client, world, password):
    for _ in range(3):
        _post_login(client, "proposer", "wrong")
    _post_login(client, "proposer", password)
    assert User.objects.get(username="proposer").failed_logins == 0


@override_settings(DWGK_IDLE_TIMEOUT_MINUTES=30)
def test_idle_session_is_ended(client, world, login):
    login(world.users["proposer"])
    assert client.get(reverse("orgs:tree")).status_code == 200
    session = client.session
    session[KEY] = session[KEY] - 31 * 60
    session.save()
    response = client.get(reverse("orgs:tree"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    assert AuditEntry.objects.filter(event="session.idle_timeout").exists()


def test_passwords_are_hashed_with_argon2(world):
    user = world.users["proposer"]
    services.change_password(user, "Xy9#kL2mPq!z")
    assert identify_hasher(User.objects.get(pk=user.pk).password).algorithm == "argon2"


@pytest.mark.parametrize("weak", ["short1A!", "alllowercaseletters", "1234567890123", "abcdefghij12"])
def test_password_rules_reject_weak_passwords(world, weak):
    with pytest.raises(ValidationError):
        services.change_password(world.users["proposer"], weak)


class TestThreeAdministratorsAreSeparate:
    """三员分立: system, security and audit administrators are mutually exclusive and do no business."""

    def test_one_account_holds_at_most_one_admin_role(self, world):
        user = world.users["sysadmin"]
        services.set_admin_role(user, AdminRole.AUDIT)
        user.refresh_from_db()
        assert user.admin_role == AdminRole.AUDIT  # replaced, never two at once

    def test_admin_account_cannot_be_a_business_person(self, world):
        with pytest.raises(ValidationError, match="三员分立"):
            services.link_person(world.users["secadmin"], world.people["member_city"])

    def test_business_account_cannot_become_admin(self, world):
        with pytest.raises(ValidationError, match="三员分立"):
            services.set_admin_role(world.users["proposer"], AdminRole.SECURITY)

    def test_database_refuses_an_admin_with_a_person(self, world):
        from django.db import IntegrityError, transaction

        with pytest.raises(IntegrityError), transaction.atomic():
            User.objects.filter(pk=world.users["auditadmin"].pk).update(person=world.people["outsider"])

    def test_only_the_audit_admin_reads_the_audit_log(self, client, world, login):
        for key in ("sysadmin", "secadmin", "proposer", "office"):
            login(world.users[key])
            assert client.get(reverse("audit:log")).status_code == 403, key
        login(world.users["auditadmin"])
        assert client.get(reverse("audit:log")).status_code == 200

    def test_role_grants_are_audited(self, world):
        org_services.assign_role(world.people["member_town"], world.town, Role.PUBLISHER,
                                 actor=world.users["secadmin"])
        entry = AuditEntry.objects.filter(event="role.granted").latest("seq")
        assert entry.actor_id == world.users["secadmin"].pk
        assert entry.detail["role"] == Role.PUBLISHER


def test_the_session_user_is_loaded_as_the_orm_would_load_it(world):
    """The per-request user load reads prepared SQL: every field of the user and the person must equal
    the ORM's, a deactivated account is not loaded, and a malformed or unknown id is nobody."""
    from django.forms.models import model_to_dict

    from dwgk.accounts.backends import UsernameOrPhoneBackend

    backend = UsernameOrPhoneBackend()
    user = world.users["proposer"]
    loaded = backend.get_user(str(user.pk))
    expected = User.objects.select_related("person").get(pk=user.pk)
    assert model_to_dict(loaded) == model_to_dict(expected)
    assert loaded.last_login == expected.last_login and loaded.password == expected.password
    assert model_to_dict(loaded.person) == model_to_dict(expected.person)
    assert loaded.person.party_org_id == expected.person.party_org_id
    assert backend.get_user("not-a-number") is None
    assert backend.get_user(str(User.objects.order_by("-pk").first().pk + 1000)) is None
    User.objects.filter(pk=user.pk).update(is_active=False)
    assert backend.get_user(str(user.pk)) is None
