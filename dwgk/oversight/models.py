"""Oversight: work registry (工作台账), supervision (监督员/督查/整改/通报), assessment (考核),
evaluation and satisfaction surveys (评议/满意度测评), accountability (责任追究) and best practice (最佳实践单位选树).

Every row that the statistics table counts carries its `org` and a date, so the selectors can count
a subtree (org path range) for a period and group by `Organization.category` in one SQL query.
"""

from __future__ import annotations

import uuid

from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dwgk.core.choices import Scope

# --- 工作台账 -----------------------------------------------------------------------------------

class LeadingBody(models.Model):
    """领导小组 / 协调机构 / 办公室 of an org."""

    class Kind(models.TextChoices):
        GROUP = "group", _("党务公开工作领导小组")
        COORDINATION = "coordination", _("协调机构")
        OFFICE = "office", _("领导小组办公室")

    # The statistics row 成立党务公开领导机构或协调机构 counts these kinds (an office is not a leading body).
    LEADING_KINDS = (Kind.GROUP, Kind.COORDINATION)

    org = models.ForeignKey("orgs.Organization", verbose_name=_("党组织"), on_delete=models.CASCADE,
                            related_name="leading_bodies")
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices)
    name = models.CharField(_("名称"), max_length=120)
    established_on = models.DateField(_("成立日期"))
    dissolved_on = models.DateField(_("撤销日期"), null=True, blank=True)
    duties = models.TextField(_("职责"), blank=True)

    class Meta:
        ordering = ["org", "kind", "id"]
        verbose_name = _("领导机构")
        verbose_name_plural = _("领导机构")
        indexes = [models.Index(fields=["org", "established_on"], name="ov_body_org_date")]

    def __str__(self) -> str:
        return self.name


class BodyMember(models.Model):
    body = models.ForeignKey(LeadingBody, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey("orgs.Person", verbose_name=_("人员"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    name = models.CharField(_("姓名"), max_length=40)
    position = models.CharField(_("职务"), max_length=40, help_text=_("如：组长、副组长、成员、办公室主任"))
    unit = models.CharField(_("单位及职务"), max_length=120, blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "id"]
        verbose_name = _("成员")
        verbose_name_plural = _("成员")

    def __str__(self) -> str:
        return f"{self.name}（{self.position}）"


class Measure(models.Model):
    """An adopted 办法/意见, 工作方案 or 工作制度, with its document and checksum."""

    class Kind(models.TextChoices):
        MEASURE = "measure", _("党务公开办法或意见")
        PLAN = "plan", _("具体工作方案")
        RULE = "rule", _("党务公开工作制度")

    org = models.ForeignKey("orgs.Organization", verbose_name=_("党组织"), on_delete=models.CASCADE,
                            related_name="oversight_measures")
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("标题"), max_length=200)
    doc_number = models.CharField(_("文号"), max_length=60, blank=True)
    adopted_on = models.DateField(_("出台日期"))
    repealed_on = models.DateField(_("废止日期"), null=True, blank=True)
    document = models.FileField(_("文件"), upload_to="oversight/measures/%Y/", blank=True)
    filename = models.CharField(max_length=200, blank=True, editable=False)
    checksum = models.CharField(_("文件校验值（SM3）"), max_length=64, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        ordering = ["-adopted_on", "id"]
        verbose_name = _("办法/方案/制度")
        verbose_name_plural = _("办法/方案/制度")
        indexes = [models.Index(fields=["org", "kind", "adopted_on"], name="ov_measure_org_kind")]

    def __str__(self) -> str:
        return self.title


class ContactPoint(models.Model):
    """联系点: a representative org that a guiding org follows closely (seed 002 (十三): 1–3 each)."""

    org = models.ForeignKey("orgs.Organization", verbose_name=_("建立单位"), on_delete=models.CASCADE,
                            related_name="contact_points")
    point = models.ForeignKey("orgs.Organization", verbose_name=_("联系点单位"), on_delete=models.CASCADE,
                              related_name="+")
    established_on = models.DateField(_("建立日期"))
    ended_on = models.DateField(_("撤销日期"), null=True, blank=True)
    contact_person = models.CharField(_("联系指导人"), max_length=40, blank=True)
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        ordering = ["org", "id"]
        verbose_name = _("联系点")
        verbose_name_plural = _("联系点")
        constraints = [models.UniqueConstraint(fields=["org", "point", "established_on"], name="ov_cp_unique")]

    def __str__(self) -> str:
        return f"{self.org} → {self.point}"


class Carrier(models.Model):
    """载体: boards (块), a website with its 党务公开专栏, screens (块), reading rooms, ledgers (套), hotlines."""

    class Kind(models.TextChoices):
        BOARD = "board", _("党务公开栏")
        WEBSITE = "website", _("党务公开网（专栏）")
        READING_ROOM = "reading_room", _("党务公开资料查阅室")
        SCREEN = "screen", _("党务公开电子屏")
        LEDGER = "ledger", _("党务公开台账")
        HOTLINE = "hotline", _("党务公开热线电话")

    org = models.ForeignKey("orgs.Organization", verbose_name=_("党组织"), on_delete=models.CASCADE,
                            related_name="carriers")
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices)
    name = models.CharField(_("名称/位置"), max_length=120)
    quantity = models.PositiveIntegerField(_("数量"), default=1, help_text=_("公开栏、电子屏按块，台账按套"))
    established_on = models.DateField(_("建立日期"))
    retired_on = models.DateField(_("停用日期"), null=True, blank=True)
    url = models.URLField(_("网址"), blank=True)
    column_name = models.CharField(_("党务公开专栏名称"), max_length=60, blank=True)
    # 网络媒体备案 (seed 004 二.2): the website column is filed with the superior.
    filed_with = models.ForeignKey("orgs.Organization", verbose_name=_("备案组织"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    filed_on = models.DateField(_("备案日期"), null=True, blank=True)

    class Meta:
        ordering = ["org", "kind", "id"]
        verbose_name = _("公开载体")
        verbose_name_plural = _("公开载体")
        indexes = [models.Index(fields=["org", "kind", "established_on"], name="ov_carrier_org_kind")]
        constraints = [models.CheckConstraint(condition=Q(quantity__gte=1), name="ov_carrier_qty_pos")]

    def __str__(self) -> str:
        return self.name


class Publicity(models.Model):
    """Dated registry events: 宣传教育活动 (次), 宣传稿件 (篇) and 群众座谈会 (次, counted under 意见收集)."""

    class Kind(models.TextChoices):
        ACTIVITY = "activity", _("宣传教育活动")
        ARTICLE = "article", _("宣传稿件")
        FORUM = "forum", _("群众座谈会")

    org = models.ForeignKey("orgs.Organization", verbose_name=_("党组织"), on_delete=models.CASCADE,
                            related_name="publicity")
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("名称/标题"), max_length=200)
    held_on = models.DateField(_("日期"))
    outlet = models.CharField(_("刊发媒体/活动形式"), max_length=100, blank=True)
    participants = models.PositiveIntegerField(_("参加人数"), null=True, blank=True)

    class Meta:
        ordering = ["-held_on", "id"]
        verbose_name = _("宣传教育")
        verbose_name_plural = _("宣传教育")
        indexes = [models.Index(fields=["org", "kind", "held_on"], name="ov_pub_org_kind")]

    def __str__(self) -> str:
        return self.title


# --- 监督检查 -----------------------------------------------------------------------------------

class SupervisorAppointment(models.Model):
    """聘请监督员: the appointment record (the role itself is orgs.Role.SUPERVISOR)."""

    org = models.ForeignKey("orgs.Organization", verbose_name=_("党组织"), on_delete=models.CASCADE,
                            related_name="supervisor_appointments")
    person = models.ForeignKey("orgs.Person", verbose_name=_("监督员"), on_delete=models.PROTECT,
                               related_name="supervisor_appointments")
    appointed_on = models.DateField(_("聘请日期"))
    ended_on = models.DateField(_("解聘日期"), null=True, blank=True)
    appointed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")

    class Meta:
        ordering = ["org", "-appointed_on", "id"]
        verbose_name = _("监督员聘请")
        verbose_name_plural = _("监督员聘请")
        constraints = [models.UniqueConstraint(fields=["org", "person"], condition=Q(ended_on__isnull=True),
                                               name="ov_supervisor_one_active")]

    def __str__(self) -> str:
        return f"{self.person} · {self.org}"


class SupervisorComment(models.Model):
    """监督员提意见建议 (条)."""

    appointment = models.ForeignKey(SupervisorAppointment, verbose_name=_("监督员"), on_delete=models.PROTECT,
                                    related_name="comments")
    org = models.ForeignKey("orgs.Organization", verbose_name=_("党组织"), on_delete=models.CASCADE,
                            related_name="supervisor_comments")
    made_on = models.DateField(_("提出日期"))
    body = models.TextField(_("意见建议"))
    reply = models.TextField(_("答复"), blank=True)
    replied_on = models.DateField(_("答复日期"), null=True, blank=True)

    class Meta:
        ordering = ["-made_on", "-id"]
        verbose_name = _("监督员意见建议")
        verbose_name_plural = _("监督员意见建议")
        indexes = [models.Index(fields=["org", "made_on"], name="ov_comment_org_date")]


class CheckItem(models.TextChoices):
    """The inspection checklist (seed 004 二.2 五: 时度效; 001 art. 29 (三))."""

    CONTENT = "content", _("公开内容全面真实")
    FORM = "form", _("公开形式有效")
    PROCEDURE = "procedure", _("公开程序规范")
    DEADLINE = "deadline", _("公开时限落实")
    FEEDBACK = "feedback", _("意见反馈及时答复")


class Inspection(models.Model):
    class Kind(models.TextChoices):
        ROUTINE = "routine", _("经常性检查")
        SPECIAL = "special", _("专项督查")

    class State(models.TextChoices):
        PLANNED = "planned", _("计划中")
        ONGOING = "ongoing", _("检查中")
        CONCLUDED = "concluded", _("已结束")

    organizer = models.ForeignKey("orgs.Organization", verbose_name=_("组织检查的党组织"), on_delete=models.PROTECT,
                                  related_name="inspections_organized")
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("名称"), max_length=200)
    focus = models.TextField(_("检查重点"), blank=True)
    leader = models.ForeignKey("orgs.Person", verbose_name=_("带队人"), on_delete=models.PROTECT,
                               related_name="inspections_led")
    started_on = models.DateField(_("开始日期"))
    ended_on = models.DateField(_("结束日期"), null=True, blank=True)
    state = models.CharField(_("状态"), max_length=10, choices=State.choices, default=State.PLANNED)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-started_on", "-id"]
        verbose_name = _("督查")
        verbose_name_plural = _("督查")

    def __str__(self) -> str:
        return self.title


class InspectionTarget(models.Model):
    """One inspected org in an inspection (检查督办 counts one per org per inspection)."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="targets")
    org = models.ForeignKey("orgs.Organization", verbose_name=_("被检查党组织"), on_delete=models.CASCADE,
                            related_name="inspection_targets")
    inspected_on = models.DateField(_("检查日期"))
    checks = models.JSONField(_("检查结果"), default=dict, blank=True)  # CheckItem value → True/False
    summary = models.TextField(_("检查意见"), blank=True)

    class Meta:
        ordering = ["inspection", "org__path"]
        verbose_name = _("被检查单位")
        verbose_name_plural = _("被检查单位")
        constraints = [models.UniqueConstraint(fields=["inspection", "org"], name="ov_target_unique")]
        indexes = [models.Index(fields=["org", "inspected_on"], name="ov_target_org_date")]

    def __str__(self) -> str:
        return f"{self.inspection} · {self.org}"


class Finding(models.Model):
    target = models.ForeignKey(InspectionTarget, on_delete=models.CASCADE, related_name="findings")
    check_item = models.CharField(_("检查项目"), max_length=12, choices=CheckItem.choices)
    description = models.TextField(_("发现问题"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("发现问题")
        verbose_name_plural = _("发现问题")

    def __str__(self) -> str:
        return self.description[:40]


class Rectification(models.Model):
    """限期整改: the inspected org answers, the inspector verifies (or sends it back)."""

    class State(models.TextChoices):
        OPEN = "open", _("待整改")
        ANSWERED = "answered", _("已报整改情况")
        VERIFIED = "verified", _("已验收")

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="rectifications")
    org = models.ForeignKey("orgs.Organization", verbose_name=_("整改单位"), on_delete=models.CASCADE,
                            related_name="rectifications")
    requirement = models.TextField(_("整改要求"))
    deadline = models.DateField(_("整改期限"))
    deadline_in_workdays = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    state = models.CharField(_("状态"), max_length=10, choices=State.choices, default=State.OPEN)
    answer = models.TextField(_("整改情况"), blank=True)
    answered_on = models.DateField(null=True, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    verification_note = models.TextField(_("验收意见"), blank=True)
    verified_on = models.DateField(null=True, blank=True)
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    returned_count = models.PositiveSmallIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["deadline", "id"]
        verbose_name = _("整改事项")
        verbose_name_plural = _("整改事项")
        indexes = [models.Index(fields=["org", "state", "deadline"], name="ov_rect_org_state")]

    def __str__(self) -> str:
        return self.requirement[:40]


class Circular(models.Model):
    """通报: the results of an inspection, an assessment or a best-practice round, to a chosen scope."""

    class Kind(models.TextChoices):
        INSPECTION = "inspection", _("督查通报")
        ASSESSMENT = "assessment", _("考核结果通报")
        BEST_PRACTICE = "best_practice", _("最佳实践单位通报")
        COMPLIANCE = "compliance", _("党务公开工作情况通报")

    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices)
    org = models.ForeignKey("orgs.Organization", verbose_name=_("发文党组织"), on_delete=models.PROTECT,
                            related_name="circulars")
    inspection = models.ForeignKey(Inspection, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="circulars")
    assessment = models.ForeignKey("Assessment", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="circulars")
    best_practice = models.ForeignKey("BestPracticeRound", null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="circulars")
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("正文"))
    scope = models.CharField(_("通报范围"), max_length=12, choices=Scope.choices)
    # The release mark (先审查后公开): set when its review releases it (disclosures.release).
    published_at = models.DateTimeField(_("通报时间"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    # Set when the circular is also put through the disclosure workflow (one step, see services).
    disclosure = models.ForeignKey("disclosures.Disclosure", verbose_name=_("公开事项"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("通报")
        verbose_name_plural = _("通报")

    def __str__(self) -> str:
        return self.title


# --- 考核 ---------------------------------------------------------------------------------------

class Aspect(models.TextChoices):
    """The six aspects of the evaluation content (seed 004 二.5)."""

    PARTY_BUILDING = "party_building", _("党建底色")
    PLAN_CATALOG = "plan_catalog", _("党务公开实施方案及公开目录的制定情况")
    APPROVAL = "approval", _("党务公开审批程序的设置及执行情况")
    SUPPORTING_RULES = "supporting_rules", _("党务公开其他配套制度的制定及执行情况")
    NEW_MEDIA = "new_media", _("党务公开新形式、新手段、新媒体的拓展运用情况")
    LINE_FEATURES = "line_features", _("各条线党务公开特色评价指标")


class Assessment(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("设置指标")
        SCORING = "scoring", _("评分中")
        FINAL = "final", _("已定稿")
        REVIEW = "review", _("结果审查中")
        PUBLISHED = "published", _("已公布")

    org = models.ForeignKey("orgs.Organization", verbose_name=_("考核组织"), on_delete=models.PROTECT,
                            related_name="assessments")
    year = models.PositiveSmallIntegerField(_("考核年度"))
    title = models.CharField(_("名称"), max_length=200)
    state = models.CharField(_("状态"), max_length=10, choices=State.choices, default=State.DRAFT)
    scope = models.CharField(_("公布范围"), max_length=12, choices=Scope.choices, blank=True)
    # What readers get of the results (ranking and scores, frozen at publication) and its release mark.
    results_text = models.TextField(_("考核结果"), blank=True)
    published_at = models.DateTimeField(_("公布时间"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "-id"]
        verbose_name = _("考核")
        verbose_name_plural = _("考核")
        constraints = [models.UniqueConstraint(fields=["org", "year", "title"], name="ov_assessment_unique")]

    def __str__(self) -> str:
        return self.title


class Indicator(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="indicators")
    aspect = models.CharField(_("评价方面"), max_length=20, choices=Aspect.choices)
    name = models.CharField(_("指标"), max_length=200)
    weight = models.DecimalField(_("权重"), max_digits=5, decimal_places=2)
    # A key of dwgk.oversight.indicators.REGISTRY, or "" for an assessor-scored indicator.
    computed = models.CharField(_("自动计算"), max_length=40, blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "id"]
        verbose_name = _("考核指标")
        verbose_name_plural = _("考核指标")
        constraints = [models.CheckConstraint(condition=Q(weight__gt=0), name="ov_indicator_weight_pos")]

    def __str__(self) -> str:
        return self.name


class AssessedOrg(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="assessed")
    org = models.ForeignKey("orgs.Organization", verbose_name=_("被考核党组织"), on_delete=models.CASCADE,
                            related_name="+")
    total = models.DecimalField(_("总分"), max_digits=6, decimal_places=2, null=True, blank=True)
    rank = models.PositiveIntegerField(_("名次"), null=True, blank=True)

    class Meta:
        ordering = ["rank", "org__path"]
        verbose_name = _("被考核党组织")
        verbose_name_plural = _("被考核党组织")
        constraints = [models.UniqueConstraint(fields=["assessment", "org"], name="ov_assessed_unique")]


class Score(models.Model):
    """A 0–100 score of one indicator for one assessed org; the weighted total is Σ weight × score / 100."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="scores")
    assessed = models.ForeignKey(AssessedOrg, on_delete=models.CASCADE, related_name="scores")
    value = models.DecimalField(_("得分"), max_digits=5, decimal_places=2)
    note = models.CharField(_("说明"), max_length=300, blank=True)
    scored_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")

    class Meta:
        verbose_name = _("得分")
        verbose_name_plural = _("得分")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "assessed"], name="ov_score_unique"),
            models.CheckConstraint(condition=Q(value__gte=0) & Q(value__lte=100), name="ov_score_range"),
        ]


# --- 评议与满意度测评 ---------------------------------------------------------------------------

class Survey(models.Model):
    class Kind(models.TextChoices):
        EVALUATION = "evaluation", _("党员评议")
        SATISFACTION = "satisfaction", _("满意度测评")

    class Audience(models.TextChoices):
        MEMBERS = "members", _("本组织及下级组织党员")
        AFFILIATED = "affiliated", _("本组织及下级组织党员和群众")

    class State(models.TextChoices):
        DRAFT = "draft", _("草稿")
        OPEN = "open", _("进行中")
        CLOSED = "closed", _("已结束")

    org = models.ForeignKey("orgs.Organization", verbose_name=_("组织测评的党组织"), on_delete=models.PROTECT,
                            related_name="surveys")
    subject = models.ForeignKey("orgs.Organization", verbose_name=_("被评议/测评党组织"), on_delete=models.PROTECT,
                                related_name="surveys_about")
    kind = models.CharField(_("类型"), max_length=14, choices=Kind.choices)
    audience = models.CharField(_("参评对象"), max_length=12, choices=Audience.choices)
    title = models.CharField(_("名称"), max_length=200)
    intro = models.TextField(_("说明"), blank=True)
    opens_on = models.DateField(_("开始日期"))
    closes_on = models.DateField(_("截止日期"))
    state = models.CharField(_("状态"), max_length=8, choices=State.choices, default=State.DRAFT)
    results_scope = models.CharField(_("结果公布范围"), max_length=12, choices=Scope.choices, blank=True)
    # What readers get of the results (counts per option, frozen when published) and its release mark.
    results_text = models.TextField(_("测评结果"), blank=True)
    results_published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-opens_on", "-id"]
        verbose_name = _("测评")
        verbose_name_plural = _("测评")
        constraints = [models.CheckConstraint(condition=Q(opens_on__lte=models.F("closes_on")),
                                              name="ov_survey_dates")]

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    class Kind(models.TextChoices):
        SATISFACTION = "satisfaction", _("满意度（满意/基本满意/不满意）")
        RATING = "rating", _("评分（1–5分）")
        CHOICE = "choice", _("单项选择")

    SATISFACTION_OPTIONS = ["满意", "基本满意", "不满意"]
    SATISFIED = (0, 1)  # 满意 and 基本满意 count as satisfied (as in participation.SATISFIED_RATINGS)

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    text = models.CharField(_("题目"), max_length=300)
    kind = models.CharField(_("题型"), max_length=12, choices=Kind.choices)
    options = models.JSONField(_("选项"), default=list, blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "id"]
        verbose_name = _("题目")
        verbose_name_plural = _("题目")

    def __str__(self) -> str:
        return self.text

    @property
    def choices(self) -> list[str]:
        if self.kind == self.Kind.SATISFACTION:
            return self.SATISFACTION_OPTIONS
        if self.kind == self.Kind.RATING:
            return ["1", "2", "3", "4", "5"]
        return list(self.options)


class Ballot(models.Model):
    """Proof that someone took the survey: a blind token of (survey, person), with no link to the answers."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="ballots")
    token = models.CharField(max_length=64)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["survey", "token"], name="ov_ballot_once")]


class Response(models.Model):
    """An anonymous set of answers: random id, date only — nothing orders or joins it to a ballot."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    submitted_on = models.DateField()

    class Meta:
        verbose_name = _("答卷")
        verbose_name_plural = _("答卷")
        indexes = [models.Index(fields=["survey", "submitted_on"], name="ov_response_survey_date")]


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    choice = models.PositiveSmallIntegerField()  # index into question.choices

    class Meta:
        constraints = [models.UniqueConstraint(fields=["response", "question"], name="ov_answer_once")]


# --- 责任追究 -----------------------------------------------------------------------------------

class AccountabilityCase(models.Model):
    class Case(models.TextChoices):
        """达州市党务公开实施办法 art. 29, in its words."""

        REFUSED = "refused", _("拒不执行或者敷衍落实上级党组织党务公开工作部署和要求的")
        CATALOG = "catalog", _("未按照规定编制或者调整党务公开目录的")
        IMPROPER = "improper", _("未按照规定的内容、范围、程序、方式、时间实施党务公开的")
        FALSE = "false", _("公开的信息内容不真实，搞虚假公开的")
        SECRET = "secret", _("对涉及党和国家秘密不宜公开而公开的")
        OTHER = "other", _("其他失职失责应当进行问责的")

    class Action(models.TextChoices):
        CRITICISM = "criticism", _("批评教育")
        RECTIFY = "rectify", _("责令整改")
        DISCIPLINE = "discipline", _("依规依纪追究")

    org = models.ForeignKey("orgs.Organization", verbose_name=_("处理党组织"), on_delete=models.PROTECT,
                            related_name="accountability_handled")
    case = models.CharField(_("情形"), max_length=10, choices=Case.choices)
    action = models.CharField(_("处理方式"), max_length=12, choices=Action.choices)
    responsible_org = models.ForeignKey("orgs.Organization", verbose_name=_("责任党组织"), on_delete=models.PROTECT,
                                        related_name="accountability_cases")
    responsible_person = models.ForeignKey("orgs.Person", verbose_name=_("责任人"), null=True, blank=True,
                                           on_delete=models.PROTECT, related_name="+")
    facts = models.TextField(_("事实"))
    # A generic link to the facts: "app_label.model" and its id (an inspection finding, an overdue period…).
    ref_type = models.CharField(_("依据类型"), max_length=60, blank=True)
    ref_id = models.CharField(_("依据编号"), max_length=40, blank=True)
    decided_on = models.DateField(_("处理日期"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        ordering = ["-decided_on", "-id"]
        verbose_name = _("责任追究")
        verbose_name_plural = _("责任追究")

    def __str__(self) -> str:
        return f"{self.responsible_org} · {self.get_case_display()}"

    @property
    def ref_label(self) -> str:
        """The referenced fact's kind by its Chinese name (督查发现问题 #12), never the stored model path."""
        if not self.ref_type:
            return ""
        try:
            name = apps.get_model(self.ref_type)._meta.verbose_name
        except (LookupError, ValueError):
            name = _("其他依据")
        return f"{name} #{self.ref_id}"


# --- 最佳实践单位选树 ---------------------------------------------------------------------------

class BestPracticeRound(models.Model):
    class State(models.TextChoices):
        NOMINATING = "nominating", _("推选中")
        EVALUATING = "evaluating", _("联合评估中")
        REVIEW = "review", _("通报审查中")
        ANNOUNCED = "announced", _("已通报")

    organizer = models.ForeignKey("orgs.Organization", verbose_name=_("组织单位"), on_delete=models.PROTECT,
                                  related_name="best_practice_rounds")
    year = models.PositiveSmallIntegerField(_("年度"))
    title = models.CharField(_("名称"), max_length=200)
    state = models.CharField(_("状态"), max_length=12, choices=State.choices, default=State.NOMINATING)
    scope = models.CharField(_("通报范围"), max_length=12, choices=Scope.choices, blank=True)
    # What readers get of the result (the units chosen per line) and its release mark.
    announcement = models.TextField(_("选树结果"), blank=True)
    announced_at = models.DateTimeField(_("通报时间"), null=True, blank=True)

    class Meta:
        ordering = ["-year", "-id"]
        verbose_name = _("最佳实践单位选树")
        verbose_name_plural = _("最佳实践单位选树")

    def __str__(self) -> str:
        return self.title


class RoundLine(models.Model):
    """One line (条线) in a round: its lead department's nominations and whether it is an 优秀组织单位."""

    round = models.ForeignKey(BestPracticeRound, on_delete=models.CASCADE, related_name="lines")
    line = models.ForeignKey("orgs.Line", verbose_name=_("条线"), on_delete=models.PROTECT, related_name="+")
    lead_org = models.ForeignKey("orgs.Organization", verbose_name=_("牵头部门"), on_delete=models.PROTECT,
                                 related_name="+")
    nominated_at = models.DateTimeField(null=True, blank=True)
    excellent_organizer = models.BooleanField(_("优秀组织单位"), default=False)

    class Meta:
        ordering = ["line__sort_order", "id"]
        constraints = [models.UniqueConstraint(fields=["round", "line"], name="ov_roundline_unique")]

    def __str__(self) -> str:
        return f"{self.round} · {self.line}"


class Nomination(models.Model):
    round_line = models.ForeignKey(RoundLine, on_delete=models.CASCADE, related_name="nominations")
    org = models.ForeignKey("orgs.Organization", verbose_name=_("推选单位"), on_delete=models.PROTECT,
                            related_name="+")
    highlights = models.TextField(_("特色亮点"))
    material = models.FileField(_("推选材料"), upload_to="oversight/best_practice/%Y/", blank=True)
    material_checksum = models.CharField(max_length=64, blank=True, editable=False)
    total = models.DecimalField(_("评估得分"), max_digits=5, decimal_places=2, null=True, blank=True)
    chosen = models.BooleanField(_("入选"), default=False)

    class Meta:
        ordering = ["round_line", "-total", "id"]
        verbose_name = _("推选单位")
        verbose_name_plural = _("推选单位")
        constraints = [models.UniqueConstraint(fields=["round_line", "org"], name="ov_nomination_unique")]

    def __str__(self) -> str:
        return str(self.org)


class NominationScore(models.Model):
    """联合评估: one evaluator's 0–100 score of a nominee on one aspect of the evaluation content."""

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="scores")
    aspect = models.CharField(_("评价方面"), max_length=20, choices=Aspect.choices)
    evaluator = models.ForeignKey("orgs.Organization", verbose_name=_("评估单位"), on_delete=models.PROTECT,
                                  related_name="+")
    value = models.DecimalField(_("得分"), max_digits=5, decimal_places=2)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["nomination", "aspect", "evaluator"], name="ov_nomscore_unique"),
            models.CheckConstraint(condition=Q(value__gte=0) & Q(value__lte=100), name="ov_nomscore_range"),
        ]


# --- 合规监测 -----------------------------------------------------------------------------------

class PublicationCheck(models.Model):
    """One run of the publication-integrity check: every published disclosure has a completed
    公开审批 workflow (invariant 2). The full check reads every published item, so it runs on the
    schedule (`dwgk scheduled`) and the compliance monitor reads its findings."""

    started_at = models.DateTimeField()
    finished_at = models.DateTimeField()
    checked = models.PositiveIntegerField(default=0)
    violations = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-finished_at", "-id"]


class UnreviewedPublication(models.Model):
    """A published disclosure found without a completed publishing workflow (must never exist)."""

    check_run = models.ForeignKey(PublicationCheck, on_delete=models.CASCADE, related_name="findings")
    disclosure = models.ForeignKey("disclosures.Disclosure", on_delete=models.CASCADE, related_name="+")
    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")

    class Meta:
        indexes = [models.Index(fields=["check_run", "org"], name="ov_unreviewed_run_org")]
