"""The official holiday schedule as data: a year's 法定节假日 and 调休 make-up working days.

A year with a `HolidaySchedule` row is official from the database and overrides the packaged
calendar (chinese-calendar, which covers 2004–2026). A year with neither is provisional.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class HolidaySchedule(models.Model):
    """One year's official schedule (国务院办公厅关于某年部分节假日安排的通知)."""

    year = models.PositiveSmallIntegerField(_("年份"), unique=True)
    source = models.CharField(_("来源"), max_length=200, blank=True,
                              help_text=_("如：国办发明电〔2026〕X号"))
    note = models.TextField(_("说明"), blank=True)
    partial = models.BooleanField(_("部分安排"), default=False,
                                  help_text=_("只载入了部分节日；其余按法定节日推算，全年仍为暂定"))
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        ordering = ["-year"]
        verbose_name = _("年度节假日安排")
        verbose_name_plural = _("年度节假日安排")

    def __str__(self) -> str:
        return f"{self.year}"


class SpecialDay(models.Model):
    """A day that differs from the weekend rule: a holiday on a weekday or a 调休 working weekend."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("放假")
        WORKDAY = "workday", _("调休上班")

    schedule = models.ForeignKey(HolidaySchedule, on_delete=models.CASCADE, related_name="days")
    date = models.DateField(_("日期"), unique=True)
    kind = models.CharField(_("类型"), max_length=8, choices=Kind.choices)
    name = models.CharField(_("节日"), max_length=40, blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("特殊日期")
        verbose_name_plural = _("特殊日期")

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()} {self.name}"

    def clean(self):
        if self.schedule_id and self.date and self.date.year != self.schedule.year:
            raise ValidationError(_("日期 %(d)s 不在 %(y)s 年内。") % {"d": self.date, "y": self.schedule.year})
