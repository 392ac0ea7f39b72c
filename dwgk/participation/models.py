"""Participation: 依申请公开 (DisclosureRequest), 意见箱 (Feedback), 征求意见 (Consultation),
公示 (Notice) with objections, 旁听/列席 (Hearing) and 党内事务咨询 (Inquiry).

Every row that is listed by org subtree carries `org_path` (a copy of its org's materialized path) so
"everything under org X" is one range scan on an indexed column, and open items with a deadline carry
`is_open` + `due_date` so the overdue lists are index scans too.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dwgk.orgs.models import Organization, Person


class ApplicantType(models.TextChoices):
    """Applicant types of the annual report's request table (REFERENCES.md)."""

    NATURAL = "natural", _("自然人")
    ENTERPRISE = "enterprise", _("商业企业")
    RESEARCH = "research", _("科研机构")
    PUBLIC_INTEREST = "public_interest", _("社会公益组织")
    LEGAL_SERVICE = "legal_service", _("法律服务机构")
    OTHER_ORG = "other_org", _("其他法人或其他组织")


LEGAL_PERSON_TYPES = [t for t in ApplicantType if t != ApplicantType.NATURAL]


class OutcomeCategory(models.TextChoices):
    """The outcome taxonomy (annual-report Table 三). Reasons within each are data (OutcomeReason)."""

    DISCLOSED = "disclosed", _("予以公开")
    PARTIAL = "partial", _("部分公开")
    WITHHELD = "withheld", _("不予公开")
    UNAVAILABLE = "unavailable", _("无法提供")
    NOT_PROCESSED = "not_processed", _("不予处理")
    OTHER = "other", _("其他处理")


class OutcomeReason(models.Model):
    """A reason code under an outcome category; editable as data (seeded by a data migration)."""

    category = models.CharField(_("答复类型"), max_length=16, choices=OutcomeCategory.choices)
    code = models.SlugField(_("代码"), max_length=40, unique=True)
    label = models.CharField(_("理由"), max_length=120)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        ordering = ["category", "sort_order", "id"]
        verbose_name = _("答复理由")
        verbose_name_plural = _("答复理由")

    def __str__(self) -> str:
        return f"{self.get_category_display()}：{self.label}"


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", _("满意")
    BASIC = "basic", _("基本满意")
    UNSATISFIED = "unsatisfied", _("不满意")


# Ratings that count as satisfied in the statistics table's 满意度 (%).
SATISFIED_RATINGS = (Satisfaction.SATISFIED, Satisfaction.BASIC)


class QueryCoded(models.Model):
    """A 查询码: shown once to the submitter, stored only as a keyed hash, valid until it expires."""

    query_code_hash = models.CharField(max_length=64, unique=True, null=True, editable=False)
    query_code_expires = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        abstract = True


class DisclosureRequest(QueryCoded):
    """依申请公开: a request for information, its handling clock and its outcome."""

    class State(models.TextChoices):
        RECEIVED = "received", _("待受理")
        CORRECTION = "correction", _("补正中")
        PROCESSING = "processing", _("办理中")
        CONSULTATION = "consultation", _("征求第三方意见")
        ANSWERED = "answered", _("已答复")
        WITHDRAWN = "withdrawn", _("视为撤回")

    OPEN_STATES = (State.RECEIVED, State.CORRECTION, State.PROCESSING, State.CONSULTATION)
    DUE_LABELS = {State.CORRECTION: _("补正期限"), State.CONSULTATION: _("第三方答复期限")}

    class Channel(models.TextChoices):
        ONLINE = "online", _("网上申请")
        IN_PERSON = "in_person", _("当面提交")
        POST = "post", _("邮寄")

    class Form(models.TextChoices):
        COPY = "copy", _("纸质复制件")
        VIEW = "view", _("现场查阅")
        EMAIL = "email", _("电子邮件")
        POST = "post", _("邮寄")

    number = models.CharField(_("申请编号"), max_length=32, unique=True)
    org = models.ForeignKey(Organization, verbose_name=_("受理党组织"), on_delete=models.PROTECT,
                            related_name="disclosure_requests")
    org_path = models.CharField(max_length=255, editable=False)
    department = models.ForeignKey(Organization, verbose_name=_("承办部门"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="assigned_requests")
    # Applicant
    applicant_user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                       related_name="disclosure_requests")
    applicant_person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL,
                                         related_name="disclosure_requests")
    applicant_type = models.CharField(_("申请人类型"), max_length=20, choices=ApplicantType.choices,
                                      default=ApplicantType.NATURAL)
    applicant_name = models.CharField(_("申请人"), max_length=100)
    applicant_is_member = models.BooleanField(_("党员申请"), default=False)
    contact_encrypted = models.TextField(blank=True, editable=False)  # SM4: phone, email, address
    # What is wanted
    description = models.TextField(_("所需信息描述"))
    document_number = models.CharField(_("文件名称或文号"), max_length=120, blank=True)
    purpose = models.CharField(_("用途"), max_length=300, blank=True)
    form_wanted = models.CharField(_("获取方式"), max_length=10, choices=Form.choices, default=Form.EMAIL)
    channel = models.CharField(_("申请方式"), max_length=10, choices=Channel.choices, default=Channel.ONLINE)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="+")
    # The clock. Dates are local dates; working days come from dwgk.workdays.calendar.
    received_on = models.DateField(_("收到申请日期"))
    counted_from = models.DateField(_("起算日"))
    paused_workdays = models.PositiveSmallIntegerField(_("暂停工作日"), default=0)
    extended_workdays = models.PositiveSmallIntegerField(_("延长工作日"), default=0)
    reply_due = models.DateField(_("答复期限"), null=True, blank=True)
    due_date = models.DateField(_("当前期限"), null=True, blank=True)  # the deadline of the current state
    is_open = models.BooleanField(default=True, editable=False)
    state = models.CharField(_("状态"), max_length=16, choices=State.choices, default=State.RECEIVED)
    accepted_on = models.DateField(null=True, blank=True)
    # 补正 (once)
    correction_note = models.TextField(_("补正内容"), blank=True)
    correction_requested_on = models.DateField(null=True, blank=True)
    correction_due = models.DateField(null=True, blank=True)
    correction_done_on = models.DateField(null=True, blank=True)
    # Extension (once, head's approval)
    extension_approved_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL,
                                              related_name="+")
    extension_reason = models.CharField(_("延期理由"), max_length=300, blank=True)
    extended_on = models.DateField(null=True, blank=True)
    # Outcome
    outcome = models.CharField(_("答复类型"), max_length=16, choices=OutcomeCategory.choices, blank=True)
    outcome_reason = models.ForeignKey(OutcomeReason, verbose_name=_("理由"), null=True, blank=True,
                                       on_delete=models.PROTECT)
    reply_text = models.TextField(_("答复内容"), blank=True)
    replied_on = models.DateField(null=True, blank=True)
    satisfaction = models.CharField(_("满意度"), max_length=12, choices=Satisfaction.choices, blank=True)
    # 转为主动公开: the draft disclosure created from this request.
    converted_disclosure = models.ForeignKey("disclosures.Disclosure", null=True, blank=True, editable=False,
                                             on_delete=models.SET_NULL, related_name="from_requests")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = _("依申请公开")
        verbose_name_plural = _("依申请公开")
        indexes = [
            # Open items only (a few % of all rows): by deadline for the overdue page, by subtree for counts.
            models.Index(fields=["due_date", "org_path"], name="req_open_due", condition=Q(is_open=True)),
            models.Index(fields=["org_path", "due_date"], name="req_open_path", condition=Q(is_open=True)),
            models.Index(fields=["org_path", "received_on"], name="req_path_received"),
            models.Index(fields=["org_path", "replied_on"], name="req_path_replied"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def due_label(self) -> str:
        """Which deadline `due_date` is in the current state."""
        return self.DUE_LABELS.get(self.state, _("答复期限"))


class ClockPause(models.Model):
    """A stop of a request's reply clock (third-party consultation). Working days are counted on close."""

    request = models.ForeignKey(DisclosureRequest, on_delete=models.CASCADE, related_name="pauses")
    reason = models.CharField(_("事由"), max_length=200)
    third_party = models.CharField(_("第三方"), max_length=120, blank=True)
    started_on = models.DateField(_("开始"))
    due_on = models.DateField(_("第三方答复期限"))
    ended_on = models.DateField(_("结束"), null=True, blank=True)
    workdays = models.PositiveSmallIntegerField(_("暂停工作日"), default=0)

    class Meta:
        ordering = ["started_on", "id"]

    def __str__(self) -> str:
        return f"{self.started_on}–{self.ended_on or self.due_on} {self.third_party}"


class Letter(models.Model):
    """A numbered letter to the applicant: 补正告知书, 延期答复告知书, 答复书."""

    class Kind(models.TextChoices):
        CORRECTION = "correction", _("补正告知书")
        EXTENSION = "extension", _("延期答复告知书")
        REPLY = "reply", _("答复书")

    request = models.ForeignKey(DisclosureRequest, on_delete=models.CASCADE, related_name="letters")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    org = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    seq = models.PositiveIntegerField()
    number = models.CharField(_("文号"), max_length=60)
    issued_on = models.DateField()
    body = models.TextField()

    class Meta:
        ordering = ["issued_on", "id"]
        constraints = [models.UniqueConstraint(fields=["org", "year", "seq"], name="letter_org_year_seq")]

    def __str__(self) -> str:
        return self.number


class Filing(models.Model):
    """备案: a request or its outcome filed with the superior org (seed 000 四(二))."""

    request = models.ForeignKey(DisclosureRequest, on_delete=models.CASCADE, related_name="filings")
    superior = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="request_filings")
    superior_path = models.CharField(max_length=255, editable=False)
    event = models.CharField(max_length=16)  # "received" / "answered" / "withdrawn"
    summary = models.CharField(max_length=300)
    filed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-filed_at", "-id"]
        indexes = [models.Index(fields=["superior_path", "filed_at"], name="filing_path_at")]

    def __str__(self) -> str:
        return f"{self.event} {self.request_id}"


ACTION_LABELS = {
    "received": "收到", "accepted": "受理", "correction_requested": "要求补正", "corrected": "补正",
    "assigned": "交办", "transferred": "转办", "consultation_started": "征求第三方意见",
    "consultation_ended": "第三方意见结束", "extended": "延长答复期限", "answered": "答复", "withdrawn": "视为撤回",
    "rated": "评价", "converted": "转为主动公开", "rejected": "不予受理", "handling": "办理",
    "rectification": "整改", "replied": "答复", "warning": "超期提醒", "office_alert": "提醒办公室",
    "closed_by_timeout": "超时办结", "redisclosed": "再次公开",
    "public_reply_revised": "修改公开答复", "public_reply_withdrawn": "公开答复改为不公开",
}


class RequestEvent(models.Model):
    """The request's history as the applicant and staff see it (the audit log keeps the hash chain)."""

    request = models.ForeignKey(DisclosureRequest, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(auto_now_add=True)
    on = models.DateField()
    actor_name = models.CharField(max_length=100, blank=True)
    action = models.CharField(max_length=30)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.on} {self.action}"

    @property
    def action_label(self) -> str:
        return ACTION_LABELS.get(self.action, self.action)


class Feedback(QueryCoded):
    """意见箱: an opinion on a disclosure or an org; 谁公开谁负责 decides the responsible org."""

    class State(models.TextChoices):
        RECEIVED = "received", _("已收到")
        ACCEPTED = "accepted", _("已受理")
        REJECTED = "rejected", _("不予受理")
        HANDLING = "handling", _("办理中")
        RECTIFICATION = "rectification", _("整改中")
        REPLIED = "replied", _("已答复")
        CLOSED = "closed", _("已办结")

    # Unanswered (the 3-month rule counts these); REPLIED waits for the rating, not for the org.
    OPEN_STATES = (State.RECEIVED, State.ACCEPTED, State.HANDLING, State.RECTIFICATION)

    class Channel(models.TextChoices):
        ONLINE = "online", _("网上意见箱")
        HOTLINE = "hotline", _("热线电话")
        PAPER = "paper", _("纸质意见箱/来信")
        VISIT = "visit", _("来访")

    number = models.CharField(_("编号"), max_length=32, unique=True)
    org = models.ForeignKey(Organization, verbose_name=_("责任党组织"), on_delete=models.PROTECT,
                            related_name="feedback")
    org_path = models.CharField(max_length=255, editable=False)
    disclosure = models.ForeignKey("disclosures.Disclosure", verbose_name=_("所涉公开事项"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="feedback")
    subject = models.CharField(_("主题"), max_length=100)
    body = models.TextField(_("意见内容"))
    channel = models.CharField(_("来源"), max_length=10, choices=Channel.choices, default=Channel.ONLINE)
    is_anonymous = models.BooleanField(_("匿名"), default=True)
    name = models.CharField(_("署名"), max_length=40, blank=True)
    contact_encrypted = models.TextField(blank=True, editable=False)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="feedback")
    submitter_is_member = models.BooleanField(default=False)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="+")
    received_on = models.DateField(_("收到日期"))
    state = models.CharField(_("状态"), max_length=16, choices=State.choices, default=State.RECEIVED)
    is_open = models.BooleanField(default=True, editable=False)
    due_date = models.DateField(_("答复期限"), null=True, blank=True)
    warning_level = models.PositiveSmallIntegerField(default=0, editable=False)  # 0/15/30/60 days reached
    office_alerted_on = models.DateField(null=True, blank=True, editable=False)
    reject_reason = models.CharField(_("不予受理理由"), max_length=300, blank=True)
    accepted_on = models.DateField(null=True, blank=True)
    rectification_note = models.TextField(_("整改事项"), blank=True)
    rectification_due = models.DateField(_("整改期限"), null=True, blank=True)
    reply_text = models.TextField(_("答复内容"), blank=True)
    reply_public = models.BooleanField(_("公开答复"), default=True)
    replied_on = models.DateField(null=True, blank=True)
    # 先审查后公开: the copy the public reads (subject and reply, redacted where redacted) and its release
    # mark (disclosures.release). The sender reads `reply_text`, addressed to him, at once.
    public_subject = models.CharField(_("公开的主题"), max_length=100, blank=True, editable=False)
    public_reply = models.TextField(_("公开的答复"), blank=True, editable=False)
    reply_released_at = models.DateTimeField(null=True, blank=True, editable=False)
    satisfaction = models.CharField(_("满意度"), max_length=12, choices=Satisfaction.choices, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    closed_by_timeout = models.BooleanField(default=False)
    # 再次公开: the draft disclosure created from this feedback.
    redisclosure = models.ForeignKey("disclosures.Disclosure", null=True, blank=True, editable=False,
                                     on_delete=models.SET_NULL, related_name="from_feedback")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = _("意见反馈")
        verbose_name_plural = _("意见反馈")
        indexes = [
            models.Index(fields=["due_date", "org_path"], name="fb_open_due", condition=Q(is_open=True)),
            models.Index(fields=["org_path", "due_date"], name="fb_open_path", condition=Q(is_open=True)),
            models.Index(fields=["org_path", "received_on"], name="fb_path_received"),
            models.Index(fields=["received_on"], name="fb_open_received", condition=Q(is_open=True)),
        ]

    def __str__(self) -> str:
        return self.number


class FeedbackEvent(models.Model):
    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(auto_now_add=True)
    on = models.DateField()
    actor_name = models.CharField(max_length=100, blank=True)
    action = models.CharField(max_length=30)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.on} {self.action}"

    @property
    def action_label(self) -> str:
        return ACTION_LABELS.get(self.action, self.action)


class Consultation(models.Model):
    """重大决策征求意见: a draft decision open for opinions in a window, then an adoption summary."""

    class Audience(models.TextChoices):
        PUBLIC = "public", _("向社会征求意见")
        INTERNAL = "internal", _("党内征求意见")

    org = models.ForeignKey(Organization, verbose_name=_("党组织"), on_delete=models.PROTECT,
                            related_name="consultations")
    org_path = models.CharField(max_length=255, editable=False)
    title = models.CharField(_("标题"), max_length=200)
    draft = models.TextField(_("征求意见稿"))
    audience = models.CharField(_("范围"), max_length=10, choices=Audience.choices, default=Audience.PUBLIC)
    opens_on = models.DateField(_("开始日期"))
    closes_on = models.DateField(_("截止日期"))
    summary = models.TextField(_("意见采纳情况"), blank=True)
    # The adopted opinions as readers get them: copied from the Opinion rows when the summary is submitted,
    # reviewed (and redacted) with it, released with it. Readers never see the Opinion rows themselves.
    adopted_opinions = models.TextField(_("采纳的意见"), blank=True)
    summary_published_on = models.DateField(null=True, blank=True)
    forms_issued = models.PositiveIntegerField(_("发放征求意见表（份）"), default=0)
    # 先审查后公开: set when the draft's review releases it (disclosures.release); nobody reads or gives an
    # opinion before. `summary_published_on` is the summary's own mark.
    released_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-opens_on", "-id"]
        indexes = [models.Index(fields=["org_path", "opens_on"], name="cons_path_opens")]

    def __str__(self) -> str:
        return self.title


class Opinion(models.Model):
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="opinions")
    body = models.TextField(_("意见"))
    name = models.CharField(_("署名"), max_length=40, blank=True)
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    adopted = models.BooleanField(_("采纳"), null=True)
    received_on = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.body[:30]


class Notice(models.Model):
    """公示: 任前公示, 发展党员公示 … with an objection period in working days and a published result."""

    class Kind(models.TextChoices):
        PRE_APPOINTMENT = "pre_appointment", _("任前公示")
        NEW_MEMBER = "new_member", _("发展党员公示")
        MAJOR_MATTER = "major_matter", _("重大事项社会公示")
        OTHER = "other", _("其他公示")

    org = models.ForeignKey(Organization, verbose_name=_("党组织"), on_delete=models.PROTECT, related_name="notices")
    org_path = models.CharField(max_length=255, editable=False)
    kind = models.CharField(_("公示类型"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("公示内容"))
    starts_on = models.DateField(_("公示开始"))
    period_workdays = models.PositiveSmallIntegerField(_("公示期（工作日）"), default=5)
    ends_on = models.DateField(_("公示截止"))
    result = models.TextField(_("公示结果"), blank=True)
    result_published_on = models.DateField(null=True, blank=True)
    # 先审查后公开: set when the notice's review releases it; the period then runs from the later of
    # `starts_on` and the release day. `result_published_on` is the result's own mark.
    released_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "-id"]
        indexes = [models.Index(fields=["org_path", "starts_on"], name="notice_path_starts")]

    def __str__(self) -> str:
        return self.title


class Objection(models.Model):
    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="objections")
    body = models.TextField(_("异议内容"))
    name = models.CharField(_("署名"), max_length=40, blank=True)
    contact_encrypted = models.TextField(blank=True, editable=False)
    received_on = models.DateField()
    handling = models.TextField(_("核查处理情况"), blank=True)
    handled_on = models.DateField(null=True, blank=True)
    upheld = models.BooleanField(_("异议成立"), null=True)

    class Meta:
        ordering = ["received_on", "id"]

    def __str__(self) -> str:
        return self.body[:30]


class Hearing(models.Model):
    """党员旁听党委会议 / 党代表列席: a meeting with places that members apply for."""

    class Kind(models.TextChoices):
        MEMBER_ATTENDANCE = "member", _("党员旁听党委会议")
        DELEGATE_ATTENDANCE = "delegate", _("党代表列席党委会议")
        PUBLIC_HEARING = "hearing", _("社会听证")

    org = models.ForeignKey(Organization, verbose_name=_("党组织"), on_delete=models.PROTECT, related_name="hearings")
    org_path = models.CharField(max_length=255, editable=False)
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("会议名称"), max_length=200)
    agenda = models.TextField(_("议题"), blank=True)
    meeting_at = models.DateTimeField(_("会议时间"))
    location = models.CharField(_("地点"), max_length=120, blank=True)
    places = models.PositiveSmallIntegerField(_("名额"))
    apply_until = models.DateField(_("报名截止"))
    list_published_on = models.DateField(null=True, blank=True)
    # 先审查后公开: set when the hearing notice's review releases it; members see and apply after.
    released_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-meeting_at", "-id"]
        indexes = [models.Index(fields=["org_path", "meeting_at"], name="hearing_path_at")]

    def __str__(self) -> str:
        return self.title


class HearingApplication(models.Model):
    class State(models.TextChoices):
        APPLIED = "applied", _("已报名")
        APPROVED = "approved", _("已确定")
        DECLINED = "declined", _("未安排")

    hearing = models.ForeignKey(Hearing, on_delete=models.CASCADE, related_name="applications")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="hearing_applications")
    reason = models.CharField(_("申请理由"), max_length=300, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.APPLIED)
    applied_at = models.DateTimeField(auto_now_add=True)
    decided_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["applied_at", "id"]
        constraints = [models.UniqueConstraint(fields=["hearing", "person"], name="hearing_one_application")]

    def __str__(self) -> str:
        return f"{self.hearing_id}:{self.person_id} {self.state}"


class Inquiry(models.Model):
    """党内事务咨询: a member's question and the org's answer, public to members when answered."""

    org = models.ForeignKey(Organization, verbose_name=_("党组织"), on_delete=models.PROTECT, related_name="inquiries")
    org_path = models.CharField(max_length=255, editable=False)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="inquiries")
    question = models.TextField(_("咨询问题"))
    answer = models.TextField(_("答复"), blank=True)
    answered_on = models.DateField(null=True, blank=True)
    is_public = models.BooleanField(_("公开问答"), default=True)
    asked_on = models.DateField()
    # 先审查后公开: the public Q&A's copy (redacted where redacted) and its release mark. The asker reads
    # his own `question` and `answer` at once.
    public_question = models.TextField(_("公开的咨询问题"), blank=True, editable=False)
    public_answer = models.TextField(_("公开的答复"), blank=True, editable=False)
    released_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-asked_on", "-id"]
        indexes = [models.Index(fields=["org_path", "asked_on"], name="inquiry_path_asked")]

    def __str__(self) -> str:
        return self.question[:30]


class OrgPolicy(models.Model):
    """Per-org participation settings. Without a row: only party members may file requests online."""

    org = models.OneToOneField(Organization, on_delete=models.CASCADE, related_name="participation_policy")
    public_requests = models.BooleanField(_("允许非党员在线申请公开"), default=False)

    def __str__(self) -> str:
        return f"{self.org_id} public_requests={self.public_requests}"


class Alert(models.Model):
    """A feedback warning (15/30/60 days, to the responsible org) or the office alert before 3 months."""

    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="alerts")
    org = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="participation_alerts")
    level = models.PositiveSmallIntegerField()  # days unanswered that triggered it
    to_office = models.BooleanField(default=False)
    created_on = models.DateField()
    resolved = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["feedback", "level"], name="alert_once_per_level")]
        indexes = [models.Index(fields=["org", "resolved"], name="alert_org_open")]

    def __str__(self) -> str:
        return f"{self.feedback_id} {self.level}"
