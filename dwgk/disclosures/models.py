"""公开方案 (Disclosure) from draft to archive: workflow, secrecy findings, publication, archive.

Visibility (issue 5's gate) reads a Disclosure's `org`, `scope`, `scope_targets` (target_orgs,
target_people), `status` and `published_at`. Nothing here decides who may read a published item.
"""

from __future__ import annotations

from collections import namedtuple
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dwgk.core.choices import Category, Channel, Scope

from .secrecy import Kind as FindingKind

ScopeTargets = namedtuple("ScopeTargets", "orgs people")

SCOPE_RANK = {Scope.TARGETED: 0, Scope.UNIT: 1, Scope.PARTY: 2, Scope.PUBLIC: 3}


class Status(models.TextChoices):
    DRAFT = "draft", _("草稿")
    REVIEW = "review", _("审核中")
    SECRECY_AUTHORITY = "secrecy_authority", _("保密部门审查中")
    RETURNED = "returned", _("已退回")
    APPROVAL = "approval", _("待审批")
    ESCALATED = "escalated", _("上级审批中")
    CATALOG_APPROVAL = "catalog_approval", _("目录外事项审批中")
    APPROVED = "approved", _("已审批待发布")
    SCHEDULED = "scheduled", _("定时发布")
    PUBLISHED = "published", _("已公开")
    EXPIRED = "expired", _("已到期")
    WITHDRAWN = "withdrawn", _("已撤回")
    REJECTED = "rejected", _("未通过")
    ARCHIVED = "archived", _("已归档")


class RiskLevel(models.TextChoices):
    LOW = "low", _("低")
    MEDIUM = "medium", _("中")
    HIGH = "high", _("高")


class StepKind(models.TextChoices):
    PROPOSE = "propose", _("提出")
    REVIEW = "review", _("审核")
    SECRECY_AUTHORITY = "secrecy_authority", _("保密部门审查")
    APPROVE = "approve", _("审批")
    ESCALATED = "escalated", _("上级党组织审批")
    CATALOG = "catalog", _("目录外事项审核同意")
    PUBLISH = "publish", _("实施")


# Which disclosure status a workflow sitting at a step of this kind shows.
STATUS_FOR_STEP = {
    StepKind.PROPOSE: Status.RETURNED,
    StepKind.REVIEW: Status.REVIEW,
    StepKind.SECRECY_AUTHORITY: Status.SECRECY_AUTHORITY,
    StepKind.APPROVE: Status.APPROVAL,
    StepKind.ESCALATED: Status.ESCALATED,
    StepKind.CATALOG: Status.CATALOG_APPROVAL,
    StepKind.PUBLISH: Status.APPROVED,
}


class WorkflowTemplate(models.Model):
    """The steps an org's disclosures go through. Without one, the seed 001 art. 14 default applies.

    `steps` is a list of {"kind", "label", "roles": [...], "secrecy": bool, "collective": bool}."""

    org = models.ForeignKey("orgs.Organization", verbose_name=_("党组织"), on_delete=models.CASCADE,
                            related_name="workflow_templates")
    name = models.CharField(_("名称"), max_length=80)
    source = models.CharField(_("依据"), max_length=120, blank=True)
    steps = models.JSONField(_("步骤"))
    applies_to_subtree = models.BooleanField(_("适用于下级组织"), default=False)
    # The steps of every other reader-facing text (解读、征求意见稿、公示、答复、通报 …): see release.text_flow.
    text_flow = models.CharField(_("其他公开文本的审查流程"), max_length=8, default="short",
                                 choices=[("short", _("简短流程：审核（含保密审查）→审批")),
                                          ("full", _("与公开事项相同的审核、审批环节"))])
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("公开流程")
        verbose_name_plural = _("公开流程")
        constraints = [models.UniqueConstraint(fields=["org"], name="workflow_template_one_per_org")]

    def __str__(self) -> str:
        return self.name


class SecrecyTerm(models.Model):
    """The configurable word list of the secrecy scanner."""

    word = models.CharField(_("敏感词"), max_length=60, unique=True)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("保密审查敏感词")
        verbose_name_plural = _("保密审查敏感词")

    def __str__(self) -> str:
        return self.word


class Disclosure(models.Model):
    org = models.ForeignKey("orgs.Organization", verbose_name=_("公开主体"), on_delete=models.PROTECT,
                            related_name="disclosures")
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("正文"), help_text=_("富文本，保存时过滤不安全的标签"))
    category = models.CharField(_("公开类别"), max_length=16, choices=Category.choices)
    catalog_item = models.ForeignKey("catalog.CatalogItem", verbose_name=_("目录事项"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="disclosures")
    out_of_catalog_reason = models.TextField(_("目录外公开理由"), blank=True)
    scope = models.CharField(_("公开范围"), max_length=12, choices=Scope.choices)
    target_orgs = models.ManyToManyField("orgs.Organization", verbose_name=_("特定公开对象（组织）"), blank=True,
                                         related_name="targeted_disclosures")
    target_people = models.ManyToManyField("orgs.Person", verbose_name=_("特定公开对象（人员）"), blank=True,
                                           related_name="targeted_disclosures")
    channels = models.JSONField(_("公开方式"), default=list)
    planned_at = models.DateTimeField(_("计划公开时间"), null=True, blank=True)
    expires_at = models.DateTimeField(_("公开截止时间"), null=True, blank=True,
                                      help_text=_("公示类事项到期后自动下线"))
    # 风险评估 (达州办法 art. 18): required before submitting.
    risk_level = models.CharField(_("风险等级"), max_length=8, choices=RiskLevel.choices, blank=True)
    risk_effect = models.TextField(_("公开效果预判"), blank=True)
    risk_plan = models.TextField(_("防范应对预案"), blank=True)

    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.DRAFT,
                              db_index=True)
    proposer = models.ForeignKey("orgs.Person", verbose_name=_("承办人"), on_delete=models.PROTECT,
                                 related_name="proposed_disclosures")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                   related_name="+")
    source = models.CharField(_("来源"), max_length=120, blank=True,
                              help_text=_("如由依申请公开或意见反馈转化而来"))

    # Versions: a clarification/correction is a new Disclosure pointing at the one it corrects.
    version_no = models.PositiveIntegerField(_("版本"), default=1)
    corrects = models.ForeignKey("self", verbose_name=_("所更正的原公开事项"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="corrections")
    correction_kind = models.CharField(_("更正类型"), max_length=10, blank=True,
                                       choices=[("clarify", _("澄清")), ("correct", _("更正"))])
    correction_reason = models.TextField(_("澄清/更正说明"), blank=True)
    superseded_by = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="+", verbose_name=_("已被新版本更正"))

    # The redacted copy (脱密) is what gets published; the original stays for the reviewers.
    redacted_title = models.CharField(max_length=200, blank=True)
    redacted_body = models.TextField(blank=True)
    approved_hash = models.CharField(max_length=64, blank=True)
    approved_algorithm = models.CharField(max_length=10, blank=True)

    published_at = models.DateTimeField(_("公开时间"), null=True, blank=True, db_index=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    published_hash = models.CharField(max_length=64, blank=True)
    # "algorithm:hex" over exactly what readers receive (reader title, body and attachment bytes read
    # from storage), fixed at publication; the scheduled check recomputes it (DESIGN invariant 2).
    reader_hash = models.CharField(max_length=80, blank=True)
    withdrawn_at = models.DateTimeField(_("撤回时间"), null=True, blank=True)
    withdraw_reason = models.TextField(_("撤回理由"), blank=True)
    archived_at = models.DateTimeField(_("归档时间"), null=True, blank=True)
    # What a 政府信息公开 reader looks for: 发文字号, 成文日期, 关键词 (typed by the proposer) and the
    # 索引号 given at publication (org code – category code – year – sequence, see `index_number_for`).
    document_number = models.CharField(_("发文字号"), max_length=60, blank=True,
                                       help_text=_("如：东青委发〔2026〕3号；没有可不填"))
    written_on = models.DateField(_("成文日期"), null=True, blank=True)
    keywords = models.CharField(_("关键词"), max_length=120, blank=True, help_text=_("以空格或逗号分隔"))
    index_number = models.CharField(_("索引号"), max_length=64, blank=True, db_index=True, editable=False)
    index_year = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    index_seq = models.PositiveIntegerField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("党务公开事项")
        verbose_name_plural = _("党务公开事项")
        indexes = [
            models.Index(fields=["org", "status", "-created_at"], name="disclosure_org_status"),
            models.Index(fields=["status", "published_at"], name="disclosure_published"),
            models.Index(fields=["status", "planned_at"], name="disclosure_planned"),
        ]
        constraints = [
            # 目录内 or 目录外 with a reason: never neither.
            models.CheckConstraint(condition=Q(catalog_item__isnull=False) | ~Q(out_of_catalog_reason=""),
                                   name="disclosure_catalog_or_reason"),
            # 索引号: one sequence per org and year.
            models.UniqueConstraint(fields=["org", "index_year", "index_seq"], name="disclosure_index_unique",
                                    condition=Q(index_seq__isnull=False)),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        # Archived records are frozen (DESIGN invariant 4); the database trigger backs this up.
        if self.pk and Disclosure.objects.filter(pk=self.pk, status=Status.ARCHIVED).exists():
            raise ValidationError(_("已归档的公开事项不能修改。"))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.status != Status.DRAFT:
            raise ValidationError(_("只有草稿可以删除；已提交的公开事项保留全部记录。"))
        return super().delete(*args, **kwargs)

    @property
    def scope_targets(self) -> ScopeTargets:
        """The audience of a TARGETED disclosure: the listed orgs' members and the listed people."""
        return ScopeTargets(self.target_orgs.all(), self.target_people.all())

    @property
    def is_out_of_catalog(self) -> bool:
        return self.catalog_item_id is None

    @property
    def is_public_now(self) -> bool:
        return self.status == Status.PUBLISHED and self.published_at is not None

    @property
    def validity(self) -> str:
        """有效性 as a 政府信息公开 page states it."""
        if self.status == Status.WITHDRAWN:
            return _("已撤回")
        if self.superseded_by_id:
            return _("已更正")
        if self.status == Status.EXPIRED:
            return _("已废止")
        return _("现行有效")

    @property
    def keyword_list(self) -> list[str]:
        return [k for k in self.keywords.replace("，", " ").replace(",", " ").replace("、", " ").split() if k]

    @property
    def public_title(self) -> str:
        return self.redacted_title or self.title

    @property
    def public_body(self) -> str:
        return self.redacted_body or self.body


def attachment_path(instance, filename: str) -> str:
    return f"disclosures/{instance.disclosure_id}/{instance.sha256[:16]}/{filename}"


class Attachment(models.Model):
    disclosure = models.ForeignKey(Disclosure, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("文件"), upload_to=attachment_path, max_length=300)
    name = models.CharField(_("文件名"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("大小"))
    sha256 = models.CharField(max_length=64)
    is_text = models.BooleanField(default=False)
    redacted_file = models.FileField(upload_to=attachment_path, max_length=300, blank=True)
    # What the reader copy (脱密件) is: recorded when it is made, checked against storage at publication.
    redacted_name = models.CharField(max_length=200, blank=True)
    redacted_content_type = models.CharField(max_length=100, blank=True)
    redacted_size = models.PositiveIntegerField(null=True, blank=True)
    redacted_sha256 = models.CharField(max_length=64, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("附件")
        verbose_name_plural = _("附件")

    def __str__(self) -> str:
        return self.name

    def published_copy(self):
        """(file, download name) readers get: the redacted copy (脱密件) when the secrecy review made
        one, else the original. Name, type, size and hash: `readercopy.reader_copy`."""
        if self.redacted_file:
            return self.redacted_file, self.redacted_name or PurePath(self.redacted_file.name).name
        return self.file, self.name


class SecrecyFinding(models.Model):
    class Decision(models.TextChoices):
        PENDING = "pending", _("待处理")
        REDACT = "redact", _("脱密处理")
        WAIVE = "waive", _("无需处理")
        UNCLEAR = "unclear", _("是否涉密不明确，送保密部门")

    disclosure = models.ForeignKey(Disclosure, on_delete=models.CASCADE, related_name="findings")
    field = models.CharField(_("位置"), max_length=40)  # "title", "body" or "attachment:<id>"
    kind = models.CharField(_("类型"), max_length=16, choices=FindingKind.CHOICES)
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = models.CharField(_("原文"), max_length=200)  # only the workflow's reviewers see it
    decision = models.CharField(_("处理"), max_length=10, choices=Decision.choices, default=Decision.PENDING)
    reason = models.TextField(_("理由"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["field", "start"]
        verbose_name = _("保密审查发现")
        verbose_name_plural = _("保密审查发现")
        constraints = [models.UniqueConstraint(fields=["disclosure", "field", "start", "end"],
                                               name="finding_unique_span")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} @{self.field}:{self.start}"


class Workflow(models.Model):
    class Purpose(models.TextChoices):
        PUBLISH = "publish", _("公开审批")
        WIDEN = "widen", _("扩大公开范围")

    class Outcome(models.TextChoices):
        OPEN = "", _("进行中")
        DONE = "done", _("已完成")
        REJECTED = "rejected", _("未通过")
        CANCELLED = "cancelled", _("已撤销")

    disclosure = models.ForeignKey(Disclosure, on_delete=models.PROTECT, related_name="workflows")
    purpose = models.CharField(max_length=10, choices=Purpose.choices, default=Purpose.PUBLISH)
    template_name = models.CharField(max_length=80)
    active = models.BooleanField(default=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, blank=True, default="")
    current = models.ForeignKey("WorkflowStep", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # Optimistic concurrency: every decision moves the version by exactly one (conditional UPDATE).
    version = models.PositiveIntegerField(default=0)
    # For a widening workflow: the scope and targets asked for.
    requested = models.JSONField(default=dict, blank=True)
    started_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("审批流程")
        verbose_name_plural = _("审批流程")
        constraints = [
            # One active workflow per disclosure, enforced by the database.
            models.UniqueConstraint(fields=["disclosure"], condition=Q(active=True),
                                    name="one_active_workflow_per_disclosure"),
        ]

    def __str__(self) -> str:
        return f"{self.disclosure} · {self.get_purpose_display()}"


class WorkflowStep(models.Model):
    class State(models.TextChoices):
        WAITING = "waiting", _("未开始")
        ACTIVE = "active", _("办理中")
        DONE = "done", _("已完成")
        SKIPPED = "skipped", _("已跳过")

    workflow = models.ForeignKey(Workflow, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=20, choices=StepKind.choices)
    label = models.CharField(max_length=60)
    roles = models.JSONField(default=list)
    org = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+")
    secrecy = models.BooleanField(default=False)
    collective = models.BooleanField(default=False)
    state = models.CharField(max_length=8, choices=State.choices, default=State.WAITING)
    inserted_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["workflow", "order"]
        constraints = [models.UniqueConstraint(fields=["workflow", "order"], name="step_order_unique")]
        indexes = [models.Index(fields=["org", "state"], name="step_org_state")]

    def __str__(self) -> str:
        return self.label


class StepRecord(models.Model):
    """One decision: who, in which role, what, why, when, and the hash of the content they saw.
    Append-only: never updated or deleted (a database trigger refuses it outside tests)."""

    class Action(models.TextChoices):
        SUBMIT = "submit", _("提交")
        PASS = "pass", _("通过")
        RETURN = "return", _("退回修改")
        REJECT = "reject", _("不予公开")
        ESCALATE = "escalate", _("报上级审批")
        UNCLEAR = "unclear", _("送保密部门审查")
        EDIT_BACK = "edit_back", _("审批后修改，退回审核")
        PUBLISH = "publish", _("发布")
        SCHEDULE = "schedule", _("定时发布")

    workflow = models.ForeignKey(Workflow, on_delete=models.PROTECT, related_name="records")
    step = models.ForeignKey(WorkflowStep, null=True, on_delete=models.PROTECT, related_name="records")
    action = models.CharField(_("操作"), max_length=12, choices=Action.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    actor_person = models.ForeignKey("orgs.Person", null=True, on_delete=models.PROTECT, related_name="+")
    actor_name = models.CharField(_("办理人"), max_length=60)
    role = models.CharField(_("角色"), max_length=20)
    opinion = models.TextField(_("意见"), blank=True)
    meeting_date = models.DateField(_("会议日期"), null=True, blank=True)
    content_hash = models.CharField(_("内容哈希"), max_length=64)
    hash_algorithm = models.CharField(max_length=10)
    at = models.DateTimeField(_("时间"))

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("流程记录")
        verbose_name_plural = _("流程记录")

    def __str__(self) -> str:
        return f"{self.actor_name} {self.get_action_display()}"


class Publication(models.Model):
    """One channel's publication: the portal record the visibility gate reads, a board sheet, the
    screen feed, or an offline channel with date, place and audience (counted by the statistics)."""

    disclosure = models.ForeignKey(Disclosure, on_delete=models.PROTECT, related_name="publications")
    channel = models.CharField(_("公开方式"), max_length=12, choices=Channel.choices)
    published_at = models.DateTimeField(_("公开时间"))
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    content_hash = models.CharField(max_length=64)
    held_on = models.DateField(_("日期"), null=True, blank=True)
    place = models.CharField(_("地点"), max_length=200, blank=True)
    audience_count = models.PositiveIntegerField(_("受众人数"), null=True, blank=True)
    note = models.CharField(_("说明"), max_length=300, blank=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["published_at", "id"]
        verbose_name = _("公开记录")
        verbose_name_plural = _("公开记录")
        indexes = [models.Index(fields=["channel", "active", "-published_at"], name="publication_channel")]

    def __str__(self) -> str:
        return f"{self.disclosure} · {self.get_channel_display()}"


class Interpretation(models.Model):
    class Kind(models.TextChoices):
        WRITTEN = "written", _("撰稿解读")
        EXPERT = "expert", _("专家解读")
        QA = "qa", _("政策问答")
        ONLINE = "online", _("在线访谈")
        INTERVIEW = "interview", _("媒体专访")
        PRESS = "press", _("答记者问")
        GRAPHIC = "graphic", _("图文解读")

    disclosure = models.ForeignKey(Disclosure, on_delete=models.PROTECT, related_name="interpretations")
    kind = models.CharField(_("解读形式"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"))
    author = models.CharField(_("解读人"), max_length=80, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    # Set when its review releases it (release.py); until then no reader sees it.
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)

    class Meta:
        ordering = ["published_at", "id"]
        verbose_name = _("政策解读")
        verbose_name_plural = _("政策解读")

    def __str__(self) -> str:
        return self.title


class ScopeChange(models.Model):
    """先党内后党外: each widening of a published disclosure's scope, after its own review."""

    disclosure = models.ForeignKey(Disclosure, on_delete=models.PROTECT, related_name="scope_changes")
    workflow = models.OneToOneField(Workflow, on_delete=models.PROTECT, related_name="scope_change")
    from_scope = models.CharField(max_length=12, choices=Scope.choices)
    to_scope = models.CharField(max_length=12, choices=Scope.choices)
    reason = models.TextField(_("理由"))
    changed_at = models.DateTimeField()

    class Meta:
        ordering = ["changed_at"]


class Retention(models.TextChoices):
    PERMANENT = "permanent", _("永久")
    LONG = "30y", _("30年")
    SHORT = "10y", _("10年")


class ArchiveRecord(models.Model):
    """归档: the frozen record with its 档号 and package. Never updated (trigger outside tests)."""

    disclosure = models.OneToOneField(Disclosure, on_delete=models.PROTECT, related_name="archive")
    archive_no = models.CharField(_("档号"), max_length=80, unique=True)
    org = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    category = models.CharField(_("类别"), max_length=16, choices=Category.choices)
    sequence = models.PositiveIntegerField(_("件号"))
    retention = models.CharField(_("保管期限"), max_length=10, choices=Retention.choices)
    package = models.FileField(_("归档包"), upload_to="archives/%Y/", max_length=300)
    package_sha256 = models.CharField(max_length=64)
    manifest = models.JSONField(default=dict)
    archived_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    archived_at = models.DateTimeField()

    class Meta:
        ordering = ["-archived_at"]
        verbose_name = _("归档记录")
        verbose_name_plural = _("归档记录")
        constraints = [models.UniqueConstraint(fields=["org", "year", "category", "sequence"],
                                               name="archive_sequence_unique")]

    def __str__(self) -> str:
        return self.archive_no

    def save(self, *args, **kwargs):
        if self.pk and ArchiveRecord.objects.filter(pk=self.pk).exists():
            raise ValidationError(_("归档记录不能修改。"))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("归档记录不能删除。"))


class Notification(models.Model):
    """The in-app inbox (站内消息). Email goes out alongside, through the configured backend."""

    recipient = models.ForeignKey("orgs.Person", on_delete=models.CASCADE, related_name="notifications")
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True)
    url = models.CharField(max_length=300, blank=True)
    disclosure = models.ForeignKey(Disclosure, null=True, blank=True, on_delete=models.CASCADE,
                                   related_name="notifications")
    kind = models.CharField(max_length=20, default="todo")
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("消息")
        verbose_name_plural = _("消息")
        indexes = [models.Index(fields=["recipient", "read_at", "-created_at"], name="notification_inbox")]

    def __str__(self) -> str:
        return self.title


# --- 先审查后公开 for every other text a reader sees (release.py) -----------------------------------------

class TextReview(models.Model):
    """One text other than a disclosure — a 政策解读, a consultation draft, a public reply, a 通报 … — on its
    way to readers: scanned, reviewed for secrecy by a holder of that duty, approved, then released. Until
    released no reader path shows it. `texts` is what was submitted, `redacted` what readers receive."""

    class State(models.TextChoices):
        REVIEW = "review", _("审核中")
        RETURNED = "returned", _("已退回修改")
        RELEASED = "released", _("已审定发布")
        REJECTED = "rejected", _("不予发布")
        WITHDRAWN = "withdrawn", _("已撤回（不再公开）")

    kind = models.CharField(_("类别"), max_length=40)  # a key of release.KINDS
    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    org = models.ForeignKey("orgs.Organization", verbose_name=_("审定组织"), on_delete=models.PROTECT,
                            related_name="text_reviews")
    label = models.CharField(_("标题"), max_length=300)
    texts = models.JSONField(default=dict)
    redacted = models.JSONField(default=dict)
    steps = models.JSONField(default=list)  # the text workflow's steps at submission (release.text_flow)
    step_index = models.PositiveSmallIntegerField(default=0)
    state = models.CharField(_("状态"), max_length=10, choices=State.choices, default=State.REVIEW)
    content_hash = models.CharField(max_length=64, blank=True)  # of what readers receive, set on release
    submitted_by = models.ForeignKey("orgs.Person", null=True, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField()
    released_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-submitted_at", "-id"]
        verbose_name = _("文本审查")
        verbose_name_plural = _("文本审查")
        constraints = [models.UniqueConstraint(fields=["kind", "content_type", "object_id"], name="text_review_one")]
        indexes = [models.Index(fields=["org", "state"], name="text_review_org_state")]

    def __str__(self) -> str:
        return self.label

    @property
    def current_step(self) -> dict | None:
        if self.state != self.State.REVIEW or self.step_index >= len(self.steps):
            return None
        return self.steps[self.step_index]


class TextFinding(models.Model):
    """A scanner finding in a reviewed text; decided (脱密 or 无需处理) by a holder of the 保密审查 duty."""

    Decision = SecrecyFinding.Decision

    review = models.ForeignKey(TextReview, on_delete=models.CASCADE, related_name="findings")
    field = models.CharField(_("位置"), max_length=40)
    kind = models.CharField(_("类型"), max_length=16, choices=FindingKind.CHOICES)
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = models.CharField(_("原文"), max_length=200)
    decision = models.CharField(_("处理"), max_length=10, choices=Decision.choices, default=Decision.PENDING)
    reason = models.TextField(_("理由"), blank=True)
    decided_by = models.ForeignKey("orgs.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["field", "start"]
        verbose_name = _("文本保密审查发现")
        verbose_name_plural = _("文本保密审查发现")
        constraints = [models.UniqueConstraint(fields=["review", "field", "start", "end"],
                                               name="text_finding_unique_span")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} @{self.field}:{self.start}"


class TextRecord(models.Model):
    """One decision on a text: who, in which duty, what, why, when, and the hash of what they saw."""

    class Action(models.TextChoices):
        SUBMIT = "submit", _("提交审查")
        PASS = "pass", _("通过")
        RETURN = "return", _("退回修改")
        REJECT = "reject", _("不予发布")
        RELEASE = "release", _("发布")
        WITHDRAW = "withdraw", _("撤回")

    review = models.ForeignKey(TextReview, on_delete=models.PROTECT, related_name="records")
    step_label = models.CharField(_("环节"), max_length=60, blank=True)
    action = models.CharField(_("操作"), max_length=10, choices=Action.choices)
    actor_person = models.ForeignKey("orgs.Person", null=True, on_delete=models.PROTECT, related_name="+")
    actor_name = models.CharField(_("办理人"), max_length=60)
    role = models.CharField(_("职责"), max_length=20)
    opinion = models.TextField(_("意见"), blank=True)
    content_hash = models.CharField(_("内容哈希"), max_length=64)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("文本审查记录")
        verbose_name_plural = _("文本审查记录")

    def __str__(self) -> str:
        return f"{self.review_id} {self.action}"
