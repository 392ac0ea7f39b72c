"""The append-only, hash-chained audit log (DESIGN invariant 4)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """One security-relevant event. Each entry's hash covers its content and the previous hash."""

    seq = models.BigIntegerField(_("序号"), unique=True)
    at = models.DateTimeField(_("时间"))
    actor_id = models.BigIntegerField(_("操作人ID"), null=True, blank=True)
    actor_name = models.CharField(_("操作人"), max_length=150, blank=True)
    event = models.CharField(_("事件"), max_length=60, db_index=True)
    success = models.BooleanField(_("成功"), default=True)
    object_type = models.CharField(_("对象类型"), max_length=60, blank=True)
    object_id = models.CharField(_("对象"), max_length=64, blank=True)
    ip = models.CharField(_("IP"), max_length=45, blank=True)
    detail = models.JSONField(_("详情"), default=dict, blank=True)
    algorithm = models.CharField(max_length=16)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["seq"]
        verbose_name = _("审计记录")
        verbose_name_plural = _("审计记录")
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object")]

    def __str__(self) -> str:
        return f"#{self.seq} {self.event}"


class Alert(models.Model):
    """An integrity alarm for the audit administrator: a broken audit chain, a published item whose
    reader copy drifted. One open alert per (kind, key); it is cleared when a later check passes."""

    kind = models.CharField(_("类型"), max_length=40)
    key = models.CharField(max_length=120)
    title = models.CharField(_("标题"), max_length=200)
    detail = models.JSONField(_("详情"), default=dict, blank=True)
    raised_at = models.DateTimeField(_("发现时间"))
    cleared_at = models.DateTimeField(_("消除时间"), null=True, blank=True)

    class Meta:
        ordering = ["-raised_at", "-id"]
        verbose_name = _("完整性告警")
        verbose_name_plural = _("完整性告警")
        constraints = [models.UniqueConstraint(fields=["kind", "key"], condition=models.Q(cleared_at__isnull=True),
                                               name="audit_alert_one_open")]

    def __str__(self) -> str:
        return self.title
