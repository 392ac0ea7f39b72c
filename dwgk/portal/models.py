"""Personal feed tokens: a member's feed URL carries a secret; only its hash is stored, and it can be revoked."""

from __future__ import annotations

import hashlib
import secrets

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class FeedToken(models.Model):
    user = models.ForeignKey("accounts.User", verbose_name=_("账号"), on_delete=models.CASCADE,
                             related_name="feed_tokens")
    token_hash = models.CharField(max_length=64, unique=True)
    hint = models.CharField(_("令牌末尾"), max_length=8)
    created_at = models.DateTimeField(_("生成时间"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("作废时间"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True)

    class Meta:
        verbose_name = _("个人订阅令牌")
        verbose_name_plural = _("个人订阅令牌")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"…{self.hint}"

    @classmethod
    def issue(cls, user) -> tuple[FeedToken, str]:
        """A new token for the user; earlier ones are revoked (one live feed URL per person)."""
        cls.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
        token = secrets.token_urlsafe(24)
        return cls.objects.create(user=user, token_hash=token_hash(token), hint=token[-6:]), token

    @classmethod
    def resolve(cls, token: str) -> FeedToken | None:
        if not token or len(token) > 64:
            return None
        return (cls.objects.filter(token_hash=token_hash(token), revoked_at__isnull=True)
                .select_related("user").first())
