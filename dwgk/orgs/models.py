"""Organizations (党组织), lines (条线), people (党员/群众), affiliations and roles."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class OrgKind(models.TextChoices):
    """Which content rules apply (达州办法 arts. 9–12)."""

    LOCAL_COMMITTEE = "local_committee", _("地方党委")
    TOWNSHIP = "township", _("乡镇/街道党(工)委")
    GRASSROOTS = "grassroots", _("基层党组织")
    DISCIPLINE = "discipline", _("纪律检查机关")
    WORKING_ORGAN = "working_organ", _("党的工作机关")
    DISPATCHED = "dispatched", _("党委派出机关")
    AFFILIATED = "affiliated_institution", _("党委直属事业单位")
    PARTY_GROUP = "party_group", _("党组")


# Kinds that act for the committee they serve: their party-wide disclosures reach its jurisdiction.
SERVING_KINDS = {OrgKind.DISCIPLINE, OrgKind.WORKING_ORGAN, OrgKind.DISPATCHED}


class StatCategory(models.TextChoices):
    """The 13 data columns of the 綦江 statistics table, in the table's order."""

    TOWN = "town", _("镇党委")
    STREET = "street", _("街道党工委")
    VILLAGE = "village", _("建制村")
    COMMUNITY_URBAN = "community_urban", _("社区(城市)")
    COMMUNITY_RURAL = "community_rural", _("社区(农村)")
    INSTITUTION_SCHOOL = "institution_school", _("事业单位(学校)")
    INSTITUTION_HEALTH = "institution_health", _("事业单位(卫生)")
    INSTITUTION_RESEARCH = "institution_research", _("事业单位(科研院所)")
    INSTITUTION_OTHER = "institution_other", _("事业单位(其他)")
    ORGAN = "organ", _("机关")
    ENTERPRISE = "enterprise", _("企业")
    SOCIAL = "social", _("社会组织")
    OTHER = "other", _("其他基层单位")


class Line(models.Model):
    """条线: a system of organizations led by one department (2023 实施方案: 12 by default)."""

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=60, unique=True)
    lead_org = models.ForeignKey(
        "Organization", verbose_name=_("牵头部门"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="led_lines",
    )
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        ordering = ["sort_order", "id"]
        verbose_name = _("条线")
        verbose_name_plural = _("条线")

    def __str__(self) -> str:
        return self.name


class Organization(models.Model):
    """党组织. The tree is a materialized path of fixed-width base-36 id segments (see `paths`)."""

    name = models.CharField(_("名称"), max_length=120)
    short_name = models.CharField(_("简称"), max_length=60, blank=True)
    code = models.CharField(_("组织代码"), max_length=32, unique=True)
    kind = models.CharField(_("组织类型"), max_length=32, choices=OrgKind.choices)
    category = models.CharField(_("统计类别"), max_length=32, choices=StatCategory.choices, blank=True)
    parent = models.ForeignKey(
        "self", verbose_name=_("上级党组织"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(max_length=255, unique=True, editable=False)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    sort_order = models.IntegerField(_("排序"), default=0)
    line = models.ForeignKey(
        Line, verbose_name=_("所属条线"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="orgs",
    )
    serves = models.ForeignKey(
        "self", verbose_name=_("服务的党委"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="serving_organs",
        help_text=_("纪律检查机关、工作机关、派出机关代表其服务的党委，党内公开覆盖该党委的全部下级组织"),
    )
    # Direct party members (党组织关系在本组织); kept by the membership services.
    member_count = models.PositiveIntegerField(_("党员数"), default=0, editable=False)
    # Totals over the subtree (self included), kept by the services so a count is one row read.
    subtree_orgs = models.PositiveIntegerField(_("下辖组织数"), default=1, editable=False)
    subtree_members = models.PositiveIntegerField(_("下辖党员数"), default=0, editable=False)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    # The 党务公开办公室 (or whoever receives requests and feedback here), as the 公开指南 names it.
    office_address = models.CharField(_("受理地址"), max_length=200, blank=True)
    office_phone = models.CharField(_("联系电话"), max_length=40, blank=True)
    office_hours = models.CharField(_("办公时间"), max_length=100, blank=True,
                                    help_text=_("如：工作日 上午9:00—12:00，下午14:00—17:30"))
    office_email = models.EmailField(_("电子邮箱"), max_length=120, blank=True)
    is_active = models.BooleanField(_("有效"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["path"]
        verbose_name = _("党组织")
        verbose_name_plural = _("党组织")
        indexes = [
            # Covering index for subtree counts and member sums: a range scan, no table reads.
            models.Index(fields=["path", "member_count"], name="org_path_members"),
            models.Index(fields=["parent", "sort_order"], name="org_parent_sort"),
            models.Index(fields=["category", "path"], name="org_category_path"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(parent=models.F("id")), name="org_not_own_parent"),
        ]

    def __str__(self) -> str:
        return self.name

    @staticmethod
    def audience_root_id_of(pk: int, kind: str, serves_id: int | None) -> int:
        """`audience_root`'s id from the three columns that decide it, for callers holding rows, not orgs."""
        return serves_id if kind in SERVING_KINDS and serves_id else pk

    @property
    def audience_root(self) -> Organization:
        """The org whose subtree a party-wide disclosure of this org reaches (DESIGN invariant 1): a
        discipline, working or dispatched organ reaches for the committee it serves."""
        if self.audience_root_id_of(self.pk, self.kind, self.serves_id) != self.pk:
            return self.serves
        return self


class Person(models.Model):
    """A person: a party member of at most one org, affiliated with any number of orgs."""

    class Gender(models.TextChoices):
        MALE = "M", _("男")
        FEMALE = "F", _("女")

    class MemberStatus(models.TextChoices):
        NONE = "", _("群众")
        FULL = "full", _("正式党员")
        PROBATIONARY = "probationary", _("预备党员")

    name = models.CharField(_("姓名"), max_length=40)
    gender = models.CharField(_("性别"), max_length=1, choices=Gender.choices, blank=True)
    phone = models.CharField(_("手机号"), max_length=20, blank=True, db_index=True)
    # ID number: SM4-encrypted, a blind index for uniqueness, and a masked form for display.
    id_number_encrypted = models.TextField(blank=True, editable=False)
    id_number_index = models.CharField(max_length=64, blank=True, editable=False, db_index=True)
    id_number_masked = models.CharField(_("身份证号"), max_length=18, blank=True, editable=False)
    party_org = models.ForeignKey(
        Organization, verbose_name=_("党组织关系"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="members",
    )
    member_status = models.CharField(
        _("政治面貌"), max_length=16, choices=MemberStatus.choices, blank=True, default=""
    )
    joined_party_on = models.DateField(_("入党日期"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("人员")
        verbose_name_plural = _("人员")
        constraints = [
            # A party member has exactly one party organization; a non-member has none.
            models.CheckConstraint(
                condition=(Q(member_status="") & Q(party_org__isnull=True))
                | (~Q(member_status="") & Q(party_org__isnull=False)),
                name="person_member_has_one_org",
            ),
            models.UniqueConstraint(
                fields=["id_number_index"], condition=~Q(id_number_index=""), name="person_unique_id_number"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_party_member(self) -> bool:
        return bool(self.member_status)


class Affiliation(models.Model):
    """A non-membership tie to an org: staff of a unit, resident of a community."""

    class Kind(models.TextChoices):
        STAFF = "staff", _("职工")
        RESIDENT = "resident", _("居民")
        OTHER = "other", _("其他")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="affiliations")
    org = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="affiliations")
    kind = models.CharField(_("关系"), max_length=16, choices=Kind.choices, default=Kind.STAFF)

    class Meta:
        verbose_name = _("所属关系")
        verbose_name_plural = _("所属关系")
        constraints = [models.UniqueConstraint(fields=["person", "org"], name="affiliation_unique")]
        indexes = [models.Index(fields=["org", "person"], name="affiliation_org_person")]

    def __str__(self) -> str:
        return f"{self.person} · {self.org} · {self.get_kind_display()}"


class Role(models.TextChoices):
    """Business roles, held per organization."""

    PROPOSER = "proposer", _("承办（提出）")
    REVIEWER = "reviewer", _("审核")
    SECRECY = "secrecy", _("保密审查")
    APPROVER = "approver", _("审批（第一责任人）")
    PUBLISHER = "publisher", _("发布")
    SUPERVISOR = "supervisor", _("监督员")
    OFFICE_ADMIN = "office_admin", _("党务公开办公室")


class RoleAssignment(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="roles")
    org = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices)
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("角色")
        verbose_name_plural = _("角色")
        constraints = [models.UniqueConstraint(fields=["person", "org", "role"], name="role_unique")]
        indexes = [models.Index(fields=["org", "role"], name="role_org_role")]

    def __str__(self) -> str:
        return f"{self.person} · {self.org} · {self.get_role_display()}"
