"""Personal API tokens: create, revoke, authenticate. Creation, revocation, refusals and use from a new
address go to the audit log; the secret itself is never stored or logged, only its SM3 hash."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from dwgk.accounts.services import client_ip, is_locked
from dwgk.audit.services import record
from dwgk.core.crypto import sm3_hex

from .errors import ApiError, forbidden, unauthorized
from .models import ApiToken

SECRET_PREFIX = "dwgk_"
LIFETIMES_DAYS = (30, 90, 180, 365)
DEFAULT_LIFETIME_DAYS = 90
MAX_ACTIVE_PER_USER = 10
NAME_MAX = 60
# last_used_at is written at most this often per token: reads must not turn into a write each.
TOUCH_EVERY = timedelta(minutes=1)


def hash_secret(secret: str) -> str:
    return sm3_hex(secret.encode())


def new_secret() -> str:
    return SECRET_PREFIX + secrets.token_urlsafe(32)


@dataclass(frozen=True)
class Issued:
    token: ApiToken
    secret: str  # shown once; only its hash is kept


def active_tokens(user):
    now = timezone.now()
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True).filter(
        Q(expires_at__isnull=True) | Q(expires_at__gt=now))


def create_token(user, *, name: str, days: int = DEFAULT_LIFETIME_DAYS, request=None,
                 secret: str | None = None) -> Issued:
    """A new token for `user`. `secret` is for the demo's published token only."""
    name = (name or "").strip()
    if not name or len(name) > NAME_MAX:
        raise ValidationError(_("请填写令牌名称（%(n)s 字以内），如“村务公开平台对接”。") % {"n": NAME_MAX})
    if days not in LIFETIMES_DAYS:
        raise ValidationError(_("有效期只能选择 %(choices)s 天。") % {"choices": "、".join(map(str, LIFETIMES_DAYS))})
    if getattr(user, "admin_role", ""):
        # 三员分立: administrators do no business work, so they have no business data to read by API.
        raise ValidationError(_("管理员账号不能创建 API 令牌。"))
    if not user.is_active:
        raise ValidationError(_("账号已停用，不能创建 API 令牌。"))
    secret = secret or new_secret()
    with transaction.atomic():
        # Lock the user row so two concurrent creations cannot both pass the limit.
        get_user_model().objects.select_for_update().filter(pk=user.pk).first()
        if active_tokens(user).count() >= MAX_ACTIVE_PER_USER:
            raise ValidationError(_("每个账号最多同时持有 %(n)s 个有效令牌，请先吊销不用的令牌。")
                                  % {"n": MAX_ACTIVE_PER_USER})
        token = ApiToken.objects.create(user=user, name=name, prefix=secret[: len(SECRET_PREFIX) + 6],
                                        token_hash=hash_secret(secret),
                                        expires_at=timezone.now() + timedelta(days=days))
        record("api.token_created", actor=user, obj=token, ip=client_ip(request),
               detail={"name": name, "prefix": token.prefix, "expires_at": token.expires_at.isoformat()})
    return Issued(token, secret)


def revoke_token(token: ApiToken, *, actor, request=None) -> ApiToken:
    with transaction.atomic():
        n = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
        if not n:
            raise ValidationError(_("该令牌已吊销。"))
        token.refresh_from_db()
        record("api.token_revoked", actor=actor, obj=token, ip=client_ip(request),
               detail={"name": token.name, "prefix": token.prefix})
    return token


def _refuse(code: str, message: str, *, request, token: ApiToken | None = None, status: int = 401) -> ApiError:
    record("api.auth_failed", actor=token.user if token else None, success=False, obj=token,
           ip=client_ip(request), detail={"reason": code})
    return unauthorized(code, message) if status == 401 else forbidden(code, message)


def authenticate(request) -> ApiToken | None:
    """The token of `Authorization: Bearer <token>` (its `.user` is the reader), None without the
    header; an ApiError (401 bad token, 403 account may not act) if refused."""
    header = request.META.get("HTTP_AUTHORIZATION", "")
    if not header:
        return None
    scheme, _sep, secret = header.strip().partition(" ")
    secret = secret.strip()
    if scheme.lower() != "bearer" or not secret:
        raise unauthorized("invalid_authorization", _("请使用 Authorization: Bearer <令牌> 方式提供 API 令牌。"))
    token = None
    if secret.startswith(SECRET_PREFIX) and len(secret) <= 100:
        token = ApiToken.objects.select_related("user").filter(token_hash=hash_secret(secret)).first()
    if token is None:
        raise _refuse("invalid_token", _("API 令牌无效。请检查令牌是否完整，或在“API 令牌”页面重新创建。"),
                      request=request)
    now = timezone.now()
    if token.revoked_at is not None:
        raise _refuse("token_revoked", _("该 API 令牌已于 %(at)s 吊销，不能再使用。")
                      % {"at": timezone.localtime(token.revoked_at).strftime("%Y-%m-%d %H:%M")},
                      request=request, token=token)
    if token.expires_at is not None and token.expires_at <= now:
        raise _refuse("token_expired", _("该 API 令牌已于 %(at)s 过期，请重新创建。")
                      % {"at": timezone.localtime(token.expires_at).strftime("%Y-%m-%d %H:%M")},
                      request=request, token=token)
    user = token.user
    # The token is genuine, but the account may not act: 403, not 401.
    if not user.is_active:
        raise _refuse("account_inactive", _("该令牌所属账号已停用，令牌不可使用。"),
                      request=request, token=token, status=403)
    if is_locked(user):
        raise _refuse("account_locked", _("该令牌所属账号已被锁定，请于 %(at)s 后再试。")
                      % {"at": timezone.localtime(user.locked_until).strftime("%Y-%m-%d %H:%M")},
                      request=request, token=token, status=403)
    _touch(token, request, now)
    return token


def _touch(token: ApiToken, request, now) -> None:
    """Keep last use current, writing at most once a minute per token; the first use and use from a
    new address go to the audit log (the conditional UPDATE lets one concurrent request win)."""
    if token.last_used_at is not None and now - token.last_used_at < TOUCH_EVERY:
        return
    ip = client_ip(request)
    won = ApiToken.objects.filter(pk=token.pk, last_used_at=token.last_used_at).update(
        last_used_at=now, last_used_ip=ip)
    if won and ip != token.last_used_ip:
        record("api.token_used", actor=token.user, obj=token, ip=ip,
               detail={"prefix": token.prefix, "previous_ip": token.last_used_ip})
