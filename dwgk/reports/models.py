"""Reports: the publication tally behind the statistics table and the dashboards, and annual briefings.

`PublicationTally` is a projection of two append-only facts — each disclosure's publication (its
audit entry "disclosure.published") and each channel record (a `Publication` row; the ones written at
publication are counted from that entry, which lists them, later ones as they are saved) — counted per
org and month (month=1..12) and per org and year (month=0). It is kept by `tally` in the same
transaction as the fact, and `tally.rebuild()` recomputes it from the source rows; a test proves the two
agree. It is keyed by org id only, so moving an org in the tree (paths change) needs no rewrite.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dwgk.core.choices import Category, Channel, Scope

CAT_FIELDS = {c.value: f"cat_{c.value}" for c in Category}
CH_FIELDS = {c.value: f"ch_{c.value}" for c in Channel}


class PublicationTally(models.Model):
    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+", db_index=False)
    year = models.PositiveSmallIntegerField()
    month = models.PositiveSmallIntegerField()  # 0: the whole year
    published = models.PositiveIntegerField(default=0)  # disclosures published (all categories)
    # cat_<category> and ch_<channel> counters are added below, one per choice.

    class Meta:
        constraints = [models.UniqueConstraint(fields=["org", "year", "month"], name="tally_org_year_month")]
        indexes = [models.Index(fields=["year", "month", "org"], name="tally_period_org")]


for _name in [*CAT_FIELDS.values(), *CH_FIELDS.values()]:
    PublicationTally.add_to_class(_name, models.PositiveIntegerField(default=0))


class AnnualBriefing(models.Model):
    """年度通报 (达州办法 art. 27): last year's disclosure work of one org, frozen when generated."""

    org = models.ForeignKey("orgs.Organization", verbose_name=_("党组织"), on_delete=models.PROTECT,
                            related_name="annual_briefings")
    year = models.PositiveSmallIntegerField(_("年度"))
    data = models.JSONField(_("内容"))
    generated_at = models.DateTimeField(_("生成时间"), auto_now_add=True)
    generated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    scope = models.CharField(_("公开范围"), max_length=12, choices=Scope.choices, blank=True)
    disclosure = models.ForeignKey("disclosures.Disclosure", verbose_name=_("公开事项"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-year", "-generated_at"]
        verbose_name = _("年度通报")
        verbose_name_plural = _("年度通报")
        indexes = [models.Index(fields=["org", "year"], name="briefing_org_year")]

    def __str__(self) -> str:
        return f"{self.org} {self.year}年度党务公开工作通报"
