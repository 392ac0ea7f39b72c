"""Account rules: lockout, administrator separation, password changes. Every event is audited."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from dwgk.audit.services import record
from dwgk.core.clientaddr import client_address

from . import throttle
from .models import AdminRole, PasswordHistory


def client_ip(request) -> str:
    """The client's address (behind trusted proxies, the one they forwarded)."""
    return client_address(request)


def find_user(login: str):
    User = get_user_model()
    return User.objects.filter(Q(username=login) | Q(phone=login)).first() if login else None


def is_locked(user) -> bool:
    return bool(user.locked_until and user.locked_until > timezone.now())


def login_blocked(login: str, request=None) -> bool:
    """A delay is running for this account, this account from this address, or this address."""
    user = find_user(login)
    return (user is not None and is_locked(user)) or throttle.keyed_blocked(login, client_ip(request))


def register_failure(login: str, request=None):
    """Count a failed login on the account, the (account, address) pair and the address; each count
    past its threshold starts a delay that doubles with every further failure (see `throttle`).
    Attempts refused during a delay never get here: the counters stop while it runs."""
    throttle.count_keyed_failure(login, client_ip(request))
    user = find_user(login)
    if user is None:
        record("login.failure", success=False, ip=client_ip(request), detail={"login": login[:60], "reason": "unknown"})
        return None
    User = get_user_model()
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(failed_logins=F("failed_logins") + 1)
        user.refresh_from_db(fields=["failed_logins", "locked_until"])
        until = throttle.account_locked_until(user.failed_logins)
        if until is not None:
            User.objects.filter(pk=user.pk).update(locked_until=until)
            user.locked_until = until
    record("login.failure", actor=user, success=False, ip=client_ip(request), detail={"reason": "password"})
    if until is not None:
        record("account.locked", actor=user, obj=user, ip=client_ip(request),
               detail={"seconds": int((until - timezone.now()).total_seconds() + 0.5),
                       "failures": user.failed_logins})
    return user


def register_refused(login: str, request=None) -> None:
    """An attempt refused during a delay: recorded, never counted."""
    user = find_user(login)
    record("login.failure", actor=user, success=False, ip=client_ip(request),
           detail={"reason": "throttled", **({} if user else {"login": login[:60]})})


def register_success(user, request=None) -> None:
    type(user).objects.filter(pk=user.pk).update(failed_logins=0, locked_until=None)
    throttle.clear_pair(user.username, client_ip(request))
    if user.phone:
        throttle.clear_pair(user.phone, client_ip(request))
    record("login.success", actor=user, obj=user, ip=client_ip(request))


def password_expired(user) -> bool:
    if not user.password_changed_at:
        return False
    return timezone.now() - user.password_changed_at > timedelta(days=settings.DWGK_PASSWORD_MAX_AGE_DAYS)


def password_reused(user, new_password: str) -> bool:
    """The new password is the current one or one of the last DWGK_PASSWORD_HISTORY before it."""
    keep = getattr(settings, "DWGK_PASSWORD_HISTORY", 5)
    earlier = list(PasswordHistory.objects.filter(user=user).values_list("password", flat=True)[:keep])
    return any(encoded and check_password(new_password, encoded) for encoded in [user.password, *earlier])


def change_password(user, new_password: str, *, actor=None, request=None) -> None:
    validate_password(new_password, user)
    if password_reused(user, new_password):
        raise ValidationError(_("新密码不能与当前密码或最近 %(n)s 次使用过的密码相同。") % {
            "n": getattr(settings, "DWGK_PASSWORD_HISTORY", 5)}, code="password_reused")
    with transaction.atomic():
        if user.password:
            PasswordHistory.objects.create(user=user, password=user.password)
        user.set_password(new_password)
        user.password_changed_at = timezone.now()
        user.save(update_fields=["password", "password_changed_at"])
    record("account.password_changed", actor=actor or user, obj=user, ip=client_ip(request))


def unlock(user, *, actor, request=None) -> None:
    type(user).objects.filter(pk=user.pk).update(failed_logins=0, locked_until=None)
    record("account.unlocked", actor=actor, obj=user, ip=client_ip(request))


def set_admin_role(user, admin_role: str, *, actor=None, request=None) -> None:
    """三员分立: one administrator role per account, and none for an account that holds business roles."""
    if admin_role not in AdminRole.values:
        raise ValidationError(_("未知的管理员角色。"))
    if admin_role and user.person_id:
        raise ValidationError(_("管理员账号不得关联业务人员，也不得持有业务角色（三员分立）。"))
    old = user.admin_role
    user.admin_role = admin_role
    user.save(update_fields=["admin_role"])
    record("role.admin_changed", actor=actor, obj=user, ip=client_ip(request),
           detail={"from": old, "to": admin_role})


def link_person(user, person, *, actor=None) -> None:
    if user.admin_role:
        raise ValidationError(_("管理员账号不得关联业务人员，也不得持有业务角色（三员分立）。"))
    user.person = person
    user.save(update_fields=["person"])
    record("account.person_linked", actor=actor, obj=user, detail={"person": person.pk if person else None})
