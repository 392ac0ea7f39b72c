"""党务公开目录: catalogs, their items, filing (报备), change control, versions and due periods.

One Catalog per org. It is drafted (from the template of the org's kind), submitted to the
superior for filing, filed or returned with reasons, then published with its own scope. After
filing, items change only through an ItemChange approved by the org that made/filed the catalog,
and every filing and approved change leaves a readable CatalogVersion snapshot.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dwgk.core.choices import Category, Channel, Scope  # noqa: F401  (Channel: values of `channels`)


class CadenceKind(models.TextChoices):
    """公开时限 (达州办法 art. 16, 北京意见 三(五), 房产中心 二(四))."""

    STANDING = "standing", _("长期/固定公开")
    PERIODIC = "periodic", _("定期公开")
    PHASED = "phased", _("分期/逐段公开")
    IMMEDIATE = "immediate", _("即时/及时公开")


class Period(models.TextChoices):
    """The update cycle of a PERIODIC item."""

    YEAR = "year", _("每年")
    HALF = "half", _("每半年")
    QUARTER = "quarter", _("每季度")
    BIMONTHLY = "bimonthly", _("每双月（党务公开日）")
    MONTH = "month", _("每月")


class Catalog(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("草稿")
        SUBMITTED = "submitted", _("已报备待审")
        RETURNED = "returned", _("已退回")
        FILED = "filed", _("已备案")
        PUBLISHED = "published", _("已公布")

    org = models.OneToOneField("orgs.Organization", verbose_name=_("党组织"), on_delete=models.PROTECT,
                               related_name="catalog")
    maker = models.ForeignKey("orgs.Organization", verbose_name=_("目录制定组织"), on_delete=models.PROTECT,
                              related_name="made_catalogs")
    filed_with = models.ForeignKey("orgs.Organization", verbose_name=_("报备组织"), on_delete=models.PROTECT,
                                   related_name="filed_catalogs")
    state = models.CharField(_("状态"), max_length=12, choices=State.choices, default=State.DRAFT)
    template_kind = models.CharField(_("所用模板"), max_length=32, blank=True)
    version = models.PositiveIntegerField(_("版本"), default=0, help_text=_("最近一个已备案版本的编号"))
    publish_scope = models.CharField(_("目录公开范围"), max_length=12, choices=Scope.choices, blank=True)
    published_at = models.DateTimeField(_("公布时间"), null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    filed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("党务公开目录")
        verbose_name_plural = _("党务公开目录")
        indexes = [models.Index(fields=["filed_with", "state"], name="catalog_filed_with_state")]

    def __str__(self) -> str:
        return f"{self.org} 党务公开目录"

    @property
    def in_force(self) -> bool:
        """Filed (and maybe published): its items make obligations."""
        return self.state in (self.State.FILED, self.State.PUBLISHED)


class CatalogItem(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("有效")
        REVOKED = "revoked", _("已撤销")
        TERMINATED = "terminated", _("已终止")

    catalog = models.ForeignKey(Catalog, on_delete=models.CASCADE, related_name="items")
    seq = models.PositiveIntegerField(_("序号"), default=0)
    template_code = models.CharField(_("模板条目"), max_length=40, blank=True)
    subject = models.CharField(_("公开事项"), max_length=200)
    description = models.TextField(_("公开内容"), blank=True)
    category = models.CharField(_("公开类别"), max_length=16, choices=Category.choices)
    scope = models.CharField(_("公开范围"), max_length=12, choices=Scope.choices)
    target_orgs = models.ManyToManyField("orgs.Organization", verbose_name=_("特定公开对象（组织）"), blank=True,
                                         related_name="+")
    target_people = models.ManyToManyField("orgs.Person", verbose_name=_("特定公开对象（人员）"), blank=True,
                                           related_name="+")
    channels = models.JSONField(_("公开方式"), default=list)
    cadence_kind = models.CharField(_("公开时限"), max_length=12, choices=CadenceKind.choices)
    cadence_params = models.JSONField(_("时限参数"), default=dict, blank=True)
    # A canonical text of (kind, params): items sharing it share due dates, so bulk SQL joins on it.
    cadence_sig = models.CharField(max_length=200, editable=False, db_index=True)
    responsible_unit = models.CharField(_("责任单位"), max_length=100, blank=True)
    responsible_person = models.ForeignKey("orgs.Person", verbose_name=_("责任人"), null=True, blank=True,
                                           on_delete=models.SET_NULL, related_name="+")
    legal_basis = models.CharField(_("依据"), max_length=300, blank=True)
    withheld = models.BooleanField(_("暂不公开"), default=False)
    withheld_reason = models.TextField(_("暂不公开理由"), blank=True)
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.ACTIVE)
    effective_from = models.DateField(_("生效日期"), null=True, blank=True)
    ended_on = models.DateField(_("撤销/终止日期"), null=True, blank=True)

    class Meta:
        ordering = ["catalog", "seq", "id"]
        verbose_name = _("目录事项")
        verbose_name_plural = _("目录事项")
        constraints = [
            models.CheckConstraint(condition=Q(withheld=False) | ~Q(withheld_reason=""),
                                   name="item_withheld_has_reason"),
        ]
        indexes = [
            # Covers the bulk due-period join (by signature), so it never reads the wide item rows.
            models.Index(fields=["cadence_sig", "status", "withheld", "catalog", "effective_from", "ended_on"],
                         name="item_cadence_cover"),
        ]

    def __str__(self) -> str:
        return self.subject


class Filing(models.Model):
    """One submission of a catalog to the superior (报备) and its outcome."""

    class Decision(models.TextChoices):
        PENDING = "pending", _("待审")
        FILED = "filed", _("已备案")
        RETURNED = "returned", _("退回")

    catalog = models.ForeignKey(Catalog, on_delete=models.CASCADE, related_name="filings")
    filed_with = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+")
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                     related_name="+")
    submitted_at = models.DateTimeField(auto_now_add=True)
    note = models.TextField(_("报备说明"), blank=True)
    snapshot = models.JSONField(default=list)
    withheld_count = models.PositiveIntegerField(default=0)
    decision = models.CharField(max_length=10, choices=Decision.choices, default=Decision.PENDING)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(_("意见/退回理由"), blank=True)

    class Meta:
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["catalog"], condition=Q(decision="pending"),
                                    name="filing_one_pending_per_catalog"),
        ]


class CatalogVersion(models.Model):
    """A readable, never-changed snapshot of a catalog at filing or after an approved change."""

    catalog = models.ForeignKey(Catalog, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)
    reason = models.CharField(max_length=200)
    items = models.JSONField(default=list)

    class Meta:
        ordering = ["catalog", "-number"]
        constraints = [models.UniqueConstraint(fields=["catalog", "number"], name="catalog_version_unique")]


class ItemChange(models.Model):
    """变更、撤销或终止 a filed item (or add one): approved by the maker/filing org, then explained."""

    class Kind(models.TextChoices):
        ADD = "add", _("新增")
        CHANGE = "change", _("变更")
        REVOKE = "revoke", _("撤销")
        TERMINATE = "terminate", _("终止")

    class State(models.TextChoices):
        PENDING = "pending", _("待审批")
        APPROVED = "approved", _("已批准")
        REJECTED = "rejected", _("未批准")

    catalog = models.ForeignKey(Catalog, on_delete=models.CASCADE, related_name="changes")
    item = models.ForeignKey(CatalogItem, null=True, blank=True, on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField(_("调整类型"), max_length=10, choices=Kind.choices)
    data = models.JSONField(_("调整后内容"), default=dict, blank=True)
    reason = models.TextField(_("调整理由"))
    explanation = models.TextField(_("公开说明"))
    effective_on = models.DateField(_("生效日期"))
    approver_org = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+")
    state = models.CharField(_("状态"), max_length=10, choices=State.choices, default=State.PENDING)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                     related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    opinion = models.TextField(_("审批意见"), blank=True)
    version = models.PositiveIntegerField(null=True, blank=True)
    published_at = models.DateTimeField(_("说明公布时间"), null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        indexes = [models.Index(fields=["approver_org", "state"], name="change_approver_state")]
        constraints = [
            models.UniqueConstraint(fields=["item"], condition=Q(state="pending"), name="change_one_pending_per_item"),
        ]


class DuePeriod(models.Model):
    """One obligation of an item: publish within [window_start, window_end], by `due_date`."""

    class State(models.TextChoices):
        OPEN = "open", _("待公开")
        FULFILLED = "fulfilled", _("已按时公开")
        LATE = "late", _("逾期后公开")
        OVERDUE = "overdue", _("已逾期")

    # Indexed by the unique (item, window_start) below; each extra index slows the bulk insert.
    item = models.ForeignKey(CatalogItem, on_delete=models.CASCADE, related_name="due_periods", db_index=False)
    # Denormalised so "overdue for my subtree" is one indexed query.
    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+", db_index=False)
    year = models.PositiveSmallIntegerField()
    window_start = models.DateField(_("公开期间起"))
    window_end = models.DateField(_("公开期间止"))
    due_date = models.DateField(_("截止日期"))
    state = models.CharField(_("状态"), max_length=10, choices=State.choices, default=State.OPEN)
    provisional = models.BooleanField(_("临时推算"), default=False)
    event_date = models.DateField(null=True, blank=True)  # for event-driven (即时) periods
    disclosure_id = models.BigIntegerField(_("公开事项编号"), null=True, blank=True)
    fulfilled_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due_date", "id"]
        verbose_name = _("公开期限")
        verbose_name_plural = _("公开期限")
        constraints = [
            models.UniqueConstraint(fields=["item", "window_start"], name="dueperiod_item_window"),
            models.CheckConstraint(condition=Q(window_start__lte=models.F("window_end")), name="dueperiod_window"),
        ]
        indexes = [
            models.Index(fields=["org", "state", "due_date"], name="dueperiod_org_state_due"),
        ]
