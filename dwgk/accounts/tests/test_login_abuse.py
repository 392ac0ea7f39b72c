"""Login abuse (issue 16, 等保 2.0 8.1.4.1): one answer for every refusal, growing delays per account,
per (account, address) and per address, a short cap on the account so nobody can keep another out,
counters that stop during a delay, and passwords that cannot be reused."""

import re
import time

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from dwgk.accounts import services
from dwgk.accounts.models import User

pytestmark = pytest.mark.django_db


def post(client, login, password, addr):
    return client.post(reverse("accounts:login"), {"username": login, "password": password}, REMOTE_ADDR=addr)


def answer(response) -> str:
    """The page a refused login gets, without the per-response CSRF token."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())


def test_wrong_password_locked_account_and_unknown_account_get_identical_answers(client, world, password):
    for _ in range(5):
        post(client, "approver", "wrong", "10.0.0.9")
    assert User.objects.get(username="approver").locked_until > timezone.now()
    wrong = post(client, "proposer", "wrong", "10.0.0.1")
    locked = post(client, "approver", password, "10.0.0.1")  # the right password, during the delay
    unknown = post(client, "nobody-here", "wrong", "10.0.0.1")
    phone_unknown = post(client, "13900000000", "wrong", "10.0.0.1")
    assert wrong.status_code == locked.status_code == unknown.status_code == phone_unknown.status_code == 200
    # The forms differ only in the username typed back; the rest of the page is the same.
    pages = {answer(r).replace(name, "") for r, name in (
        (wrong, "proposer"), (locked, "approver"), (unknown, "nobody-here"), (phone_unknown, "13900000000"))}
    assert len(pages) == 1
    assert "锁定" not in pages.pop()


@override_settings(DWGK_LOGIN_ACCOUNT_BASE_DELAY=60)
def test_the_counter_stops_during_a_delay(client, world):
    for _ in range(12):
        post(client, "proposer", "wrong", "10.0.0.66")
    assert User.objects.get(username="proposer").failed_logins == 5


@override_settings(DWGK_LOGIN_ADDRESS_BASE_DELAY=600)  # the attacker's delays outlast a slow test machine
def test_a_flood_from_another_address_keeps_the_owner_out_for_a_minute_at_most(client, world, password):
    for _ in range(40):
        post(client, "proposer", "wrong", "10.0.0.66")
    user = User.objects.get(username="proposer")
    assert user.locked_until - timezone.now() <= timezone.timedelta(seconds=60)
    # The flooding address itself is held back far longer.
    with override_settings(DWGK_LOGIN_ACCOUNT_MAX_DELAY=1):
        User.objects.filter(pk=user.pk).update(locked_until=None, failed_logins=0)
        for _ in range(12):
            post(client, "proposer", "wrong", "10.0.0.66")
        time.sleep(1.2)
        assert post(client, "proposer", password, "10.0.0.66").status_code == 200  # attacker: still held
        assert post(client, "proposer", password, "10.0.0.5").status_code == 302  # owner: in


def test_spraying_one_password_over_many_accounts_from_one_address_is_throttled(client, world, password):
    accounts = [u.username for u in User.objects.exclude(username="proposer").order_by("pk")][:10]
    assert len(accounts) == 10
    for name in accounts:
        post(client, name, "Spring2026!", "10.0.0.77")
    assert post(client, "proposer", password, "10.0.0.77").status_code == 200  # held back, right password
    assert post(client, "proposer", password, "10.0.0.78").status_code == 302


def test_the_same_password_cannot_be_set_again(world, password):
    user = world.users["proposer"]
    with pytest.raises(ValidationError, match="不能与当前密码"):
        services.change_password(user, password)
    services.change_password(user, "Another@Pass2026")
    services.change_password(user, "Third#Pass2026x")
    for old in (password, "Another@Pass2026"):
        with pytest.raises(ValidationError, match="最近"):
            services.change_password(user, old)
    assert user.check_password("Third#Pass2026x")
