"""Infrastructure rows shared by every app: the change feed (an outbox) and the scheduled jobs' locks."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ChangeEntry(models.Model):
    """One change a derived copy (search index, static mirror) must follow, written in the same
    transaction as the change itself: committed together or not at all. Its id is the feed position."""

    kind = models.CharField(_("对象类型"), max_length=20)  # "disclosure" or "org" (an org page's own items)
    object_id = models.BigIntegerField(_("对象"))
    event = models.CharField(_("事件"), max_length=60, blank=True)
    at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("变更记录")
        verbose_name_plural = _("变更记录")

    def __str__(self) -> str:
        return f"#{self.pk} {self.kind}:{self.object_id}"


class JobLock(models.Model):
    """A held scheduled-job lock where the database has no advisory locks (SQLite): the row exists while
    a run holds it; a row past `expires_at` belongs to a run that died and may be taken over."""

    name = models.CharField(max_length=100, primary_key=True)
    holder = models.CharField(max_length=100)
    acquired_at = models.DateTimeField()
    expires_at = models.DateTimeField()

    class Meta:
        verbose_name = _("定时任务锁")
        verbose_name_plural = _("定时任务锁")
