"""统计表: the attachment of seed 002 (綦江县党的基层组织党务公开工作情况统计表) computed from the data.

Rows are the seed's, in its order and words, with their units; columns are the 13 statistics
categories (`StatCategory`, the table's 公开主体), then 合计 and 备注. Every number is counted for the
subtree of one org over a closed period [start, end]; 合计 is the sum of the 13 columns (for the two
percentages: pooled numerators over pooled denominators), so the totals add up. Orgs without a
statistics category (地方党委 and the like) are not 基层党组织 and are left out; the table says how many.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Exists, OuterRef, Q, Sum

from dwgk.catalog.models import Catalog, Filing
from dwgk.core.choices import Category, Channel
from dwgk.orgs.models import Organization, StatCategory
from dwgk.orgs.paths import subtree_q
from dwgk.oversight import selectors as ov
from dwgk.participation.models import SATISFIED_RATINGS, Consultation, DisclosureRequest, Feedback, Opinion

from . import tally
from .models import CAT_FIELDS, CH_FIELDS

COLUMNS = list(StatCategory.values)

# The two-row header under 公开主体: (label, columns spanned, sub-labels).
HEADER = [("镇党委", 1, []), ("街道党工委", 1, []), ("建制村", 1, []), ("社区", 2, ["城市", "农村"]),
          ("事业单位", 4, ["学校", "卫生", "科研院所", "其他"]), ("机关", 1, []), ("企业", 1, []),
          ("社会组织", 1, []), ("其他基层单位", 1, [])]
SUBHEADS = [s for _label, _span, subs in HEADER for s in subs]
GROUPS = ["公开工作", "公开形式", "公开内容", "监督检查", "意见收集办理和反馈"]
FOOTNOTE = "备注：以上统计以党内统计相关解释为准。"


@dataclass(frozen=True)
class Row:
    group: str
    label: str  # the seed's wording, without the unit
    unit: str
    code: str
    note: str = ""
    percent: bool = False

    @property
    def title(self) -> str:
        return f"{self.label}（{self.unit}）"


W, F, C, S, B = GROUPS
ROWS: list[Row] = [
    Row(W, "基层党组织个数", "个", "orgs"),
    Row(W, "实行党务公开基层党组织个数", "个", "practicing", "统计期内至少公开一项"),
    Row(W, "成立党务公开领导机构或协调机构", "个", "leading_bodies"),
    Row(W, "出台党务公开办法或意见", "个", "measures"),
    Row(W, "制定具体工作方案", "个", "plans"),
    Row(W, "建立党务公开工作制度", "个", "rules"),
    Row(W, "制定公开目录", "个", "catalogs", "已备案"),
    Row(W, "建立联系点", "个", "contact_points"),
    Row(W, "设立党务公开栏", "块", "boards"),
    Row(W, "建立党务公开网", "个", "websites"),
    Row(W, "建立党务公开资料查阅室", "个", "reading_rooms"),
    Row(W, "建立党务公开电子屏", "块", "screens"),
    Row(W, "建立党务公开台账", "套", "ledgers"),
    Row(W, "开展党务公开宣传教育活动", "次", "publicity_activities"),
    Row(W, "撰写宣传稿件", "篇", "articles"),
    Row(F, "办党务公开栏", "期", "ch:board"),
    Row(F, "电子屏公开", "期", "ch:screen"),
    Row(F, "新闻媒体公开", "次", "ch:media"),
    Row(F, "网络公开", "次", "ch:portal"),
    Row(F, "会议公开", "次", "ch:meeting"),
    Row(F, "短信平台公开", "期", "ch:sms"),
    Row(F, "新闻发布公开", "次", "ch:press"),
    Row(F, "发简报", "期", "ch:briefing"),
    Row(F, "其他形式公开", "次", "ch:others", "文件、信函、面谈等"),
    Row(C, "党组织决议、决定和执行情况", "次", f"cat:{Category.RESOLUTIONS}"),
    Row(C, "党的思想建设情况", "次", f"cat:{Category.IDEOLOGY}"),
    Row(C, "党的组织建设情况", "次", f"cat:{Category.ORGANIZATION}"),
    Row(C, "领导班子建设情况", "次", f"cat:{Category.LEADERSHIP}"),
    Row(C, "干部选任和管理情况", "次", f"cat:{Category.CADRES}"),
    Row(C, "联系和服务党员、群众情况", "次", f"cat:{Category.SERVICE}"),
    Row(C, "党风廉政建设情况", "次", f"cat:{Category.INTEGRITY}"),
    Row(C, "其他应该公开的事项", "次", f"cat:{Category.OTHER}"),
    Row(S, "聘请监督员", "名", "supervisors"),
    Row(S, "检查督办", "次", "inspections"),
    Row(S, "监督员提意见建议", "条", "supervisor_comments"),
    Row(B, "开通热线电话", "个", "hotlines"),
    Row(B, "召开群众座谈会", "次", "forums"),
    Row(B, "发放征求意见表", "份", "forms_issued"),
    Row(B, "收集意见建议", "条", "collected", "意见箱和征求意见"),
    Row(B, "已办结", "条", "completed"),
    Row(B, "反馈回复", "条", "replied"),
    Row(B, "群众满意度", "%", "satisfaction", "意见箱评价和满意度测评", percent=True),
    Row(B, "党员申请公开事项", "条", "member_requests"),
    Row(B, "办理党员申请公开事项", "条", "member_requests_done"),
    Row(B, "满意度", "%", "request_satisfaction", "党员对申请办理的评价", percent=True),
]
ROW_BY_CODE = {r.code: r for r in ROWS}
OTHER_CHANNELS = [Channel.DOCUMENT, Channel.LETTER, Channel.TALK, Channel.OTHER]


def shown(value) -> str:
    """A cell as printed: a count, a percentage with one decimal, or — where nothing was rated."""
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)


@dataclass
class TableRow:
    row: Row
    values: list  # 13 numbers (or percentages / None)
    total: object
    group_span: int = 0  # rows the group cell spans, on the first row of a group; 0 otherwise

    @property
    def shown_values(self) -> list[str]:
        return [shown(v) for v in self.values]

    @property
    def shown_total(self) -> str:
        return shown(self.total)


@dataclass
class StatisticsTable:
    root: Organization
    start: date
    end: date
    rows: list[TableRow] = field(default_factory=list)
    uncategorised_orgs: int = 0

    def value(self, code: str, column: str | None = None):
        """One cell: `column` a StatCategory value, or None for 合计."""
        tr = next(t for t in self.rows if t.row.code == code)
        return tr.total if column is None else tr.values[COLUMNS.index(column)]


def _pct(good: int, rated: int) -> float | None:
    return round(100.0 * good / rated, 1) if rated else None


def _org_counts(root) -> tuple[dict[str, int], int]:
    rows = (Organization.objects.filter(subtree_q(root.path), is_active=True)
            .values("category").annotate(n=Count("id")).order_by())
    counts = {r["category"]: r["n"] for r in rows}
    return counts, counts.pop("", 0)


def _catalogs(root, end: date) -> dict[str, int]:
    """目录 filed (备案) on or before the end of the period and still in force."""
    filed = Filing.objects.filter(catalog=OuterRef("pk"), decision=Filing.Decision.FILED,
                                  decided_at__lt=tally.aware_range(end, end)[1])
    rows = (Catalog.objects.filter(subtree_q(root.path, "org__path"),
                                   state__in=(Catalog.State.FILED, Catalog.State.PUBLISHED))
            .filter(Exists(filed)).values("org__category").annotate(n=Count("id")).order_by())
    return {r["org__category"]: r["n"] for r in rows}


def _participation(root, start: date, end: date) -> dict[str, Counter]:
    """意见收集办理和反馈 counts, as participation.stats.feedback_rows defines them (收集 = feedback received
    + consultation opinions; 已办结 = closed; 反馈回复 = answered; 党员申请 by members), plus the numerators
    and denominators of the two percentages: one conditional-aggregate query per table."""
    out: dict[str, Counter] = defaultdict(Counter)
    rated, good = ~Q(satisfaction=""), Q(satisfaction__in=SATISFIED_RATINGS)
    sub = subtree_q(root.path, "org_path")
    period = (start, end)

    def add(qs, category_field: str = "org__category", **aggs) -> None:
        for r in qs.values(category_field).annotate(**aggs).order_by():
            for key in aggs:
                out[r[category_field]][key] += r[key] or 0

    got, done, answered = (Q(received_on__range=period), Q(closed_on__range=period), Q(replied_on__range=period))
    add(Feedback.objects.filter(sub).filter(got | done | answered), collected=Count("id", filter=got),
        completed=Count("id", filter=done), fb_rated=Count("id", filter=done & rated),
        fb_good=Count("id", filter=done & good), replied=Count("id", filter=answered))
    add(Opinion.objects.filter(subtree_q(root.path, "consultation__org_path"), received_on__range=period),
        "consultation__org__category", collected=Count("id"))
    add(DisclosureRequest.objects.filter(sub, applicant_is_member=True).filter(got | answered),
        member_requests=Count("id", filter=got), member_requests_done=Count("id", filter=answered),
        rq_rated=Count("id", filter=answered & rated), rq_good=Count("id", filter=answered & good))
    add(Consultation.objects.filter(sub, opens_on__range=period), forms_issued=Sum("forms_issued"))
    return out


def statistics_table(root: Organization, start: date, end: date) -> StatisticsTable:
    org_counts, uncategorised = _org_counts(root)
    cells: dict[str, dict[str, int]] = {"orgs": org_counts,
                                        "practicing": tally.publishing_orgs_by_category(root, start, end),
                                        "catalogs": _catalogs(root, end)}
    cells.update(ov.stat_rows(root, start, end))
    pub = tally.counts_by_category(root, start, end)
    for ch in Channel.values:
        if ch not in OTHER_CHANNELS:
            cells[f"ch:{ch}"] = {cat: c[CH_FIELDS[ch]] for cat, c in pub.items()}
    cells["ch:others"] = {cat: sum(c[CH_FIELDS[ch]] for ch in OTHER_CHANNELS) for cat, c in pub.items()}
    for cat_value in Category.values:
        cells[f"cat:{cat_value}"] = {cat: c[CAT_FIELDS[cat_value]] for cat, c in pub.items()}
    part = _participation(root, start, end)
    for key in ("forms_issued", "collected", "completed", "replied", "member_requests", "member_requests_done"):
        cells[key] = {cat: d.get(key, 0) for cat, d in part.items()}
    surveys = ov.satisfaction_counts(root, start, end)
    sat = {cat: (part.get(cat, {}).get("fb_good", 0) + surveys.get(cat, (0, 0))[0],
                 part.get(cat, {}).get("fb_rated", 0) + surveys.get(cat, (0, 0))[1])
           for cat in set(part) | set(surveys)}
    req = {cat: (d.get("rq_good", 0), d.get("rq_rated", 0)) for cat, d in part.items()}

    table = StatisticsTable(root, start, end, uncategorised_orgs=uncategorised)
    previous_group = None
    for row in ROWS:
        if row.percent:
            pairs = sat if row.code == "satisfaction" else req
            values = [_pct(*pairs.get(col, (0, 0))) for col in COLUMNS]
            total = _pct(sum(pairs.get(col, (0, 0))[0] for col in COLUMNS),
                         sum(pairs.get(col, (0, 0))[1] for col in COLUMNS))
        else:
            got = Counter(cells.get(row.code, {}))
            values = [int(got.get(col, 0)) for col in COLUMNS]
            total = sum(values)
        span = sum(1 for r in ROWS if r.group == row.group) if row.group != previous_group else 0
        previous_group = row.group
        table.rows.append(TableRow(row, values, total, span))
    return table
