"""年度通报 (达州办法 art. 27): early each year, an org's disclosure work of the year before — for the org
and every org below it — as figures computed from the data, frozen when generated, shown as HTML and
PDF and put through the disclosure workflow in one step."""

from __future__ import annotations

from collections import Counter
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.template.loader import render_to_string

from dwgk.access import oversight as access
from dwgk.audit.services import record
from dwgk.catalog.models import Catalog, CatalogItem, DuePeriod, Filing
from dwgk.core.choices import Category, Channel
from dwgk.orgs.models import Organization
from dwgk.orgs.paths import subtree_q
from dwgk.oversight.models import Finding, InspectionTarget, Rectification
from dwgk.oversight.services import submit_as_disclosure
from dwgk.participation.models import Feedback
from dwgk.participation.stats import feedback_rows, request_table

from . import tally
from .models import CAT_FIELDS, CH_FIELDS, AnnualBriefing


def _pct(part: int, whole: int) -> float | None:
    return round(100.0 * part / whole, 1) if whole else None


def _catalog(root: Organization, year: int) -> dict:
    end = tally.aware_range(date(year, 12, 31), date(year, 12, 31))[1]
    filed = Filing.objects.filter(catalog=OuterRef("pk"), decision=Filing.Decision.FILED, decided_at__lt=end)
    orgs = Organization.objects.filter(subtree_q(root.path), is_active=True).count()
    catalogs = Catalog.objects.filter(subtree_q(root.path, "org__path")).filter(Exists(filed)).count()
    own = Catalog.objects.filter(org=root).first()
    items = (CatalogItem.objects.filter(catalog=own, status=CatalogItem.Status.ACTIVE).count() if own else 0)
    periods = DuePeriod.objects.filter(subtree_q(root.path, "org__path"), year=year, provisional=False,
                                       due_date__lte=date(year, 12, 31))
    by_state = Counter(dict(periods.values_list("state").annotate(n=Count("id")).order_by()))
    due = sum(by_state.values())
    return {"orgs": orgs, "catalogs_filed": catalogs, "catalogs_missing": orgs - catalogs,
            "own_state": own.get_state_display() if own else "未编制", "own_version": own.version if own else 0,
            "own_items": items, "periods_due": due, "periods_on_time": by_state.get("fulfilled", 0),
            "periods_late": by_state.get("late", 0),
            "periods_missed": by_state.get("overdue", 0) + by_state.get("open", 0),
            "on_time_rate": _pct(by_state.get("fulfilled", 0), due)}


def _disclosures(root: Organization, year: int) -> dict:
    counts = Counter()
    for c in tally.counts_by_category(root, date(year, 1, 1), date(year, 12, 31)).values():
        counts.update(c)
    return {"total": counts["published"],
            "by_category": [[str(c.label), counts[CAT_FIELDS[c.value]]] for c in Category],
            "by_channel": [[str(c.label), counts[CH_FIELDS[c.value]]] for c in Channel]}


def _feedback(root: Organization, year: int) -> dict:
    r = feedback_rows(root.path, date(year, 1, 1), date(year, 12, 31))
    open_late = Feedback.objects.filter(subtree_q(root.path, "org_path"), received_on__lte=date(year, 12, 31),
                                        due_date__lt=date(year, 12, 31)).filter(
        Q(closed_on__isnull=True) | Q(closed_on__gt=date(year, 12, 31)),
        Q(replied_on__isnull=True) | Q(replied_on__gt=date(year, 12, 31))).count()
    return {"received": r["feedback_received"], "opinions": r["opinions_received"], "completed": r["completed"],
            "replied": r["replied"], "satisfaction": r["satisfaction"], "overdue_at_year_end": open_late}


def _requests(root: Organization, year: int) -> dict:
    t = request_table(root.path, year)
    return {"columns": [str(label) for _v, label in t["columns"]],
            "rows": [{"label": str(r["label"]), "level": r["level"], "values": [r["values"][c] for c, _l in t["columns"]],
                      "total": r["total"]} for r in t["rows"]]}


def _inspections(root: Organization, year: int) -> dict:
    targets = InspectionTarget.objects.filter(subtree_q(root.path, "org__path"), inspected_on__year=year)
    findings = Finding.objects.filter(target__in=targets)
    rects = Rectification.objects.filter(finding__in=findings)
    states = Counter(dict(rects.values_list("state").annotate(n=Count("id")).order_by()))
    return {"inspections": targets.values("inspection_id").distinct().count(), "orgs_inspected": targets.count(),
            "findings": findings.count(), "rectifications": sum(states.values()),
            "rectified": states.get(Rectification.State.VERIFIED, 0),
            "problems": [f"{f.target.org.name}：{f.description}" for f in findings.select_related("target__org")[:10]],
            "improvements": [f"{r.org.name}：{r.answer}" for r in rects.filter(state=Rectification.State.VERIFIED)
                             .select_related("org")[:10]]}


def compute(root: Organization, year: int) -> dict:
    """Every figure of the briefing, as plain JSON-ready data."""
    return {"org": root.name, "year": year, "catalog": _catalog(root, year),
            "disclosures": _disclosures(root, year), "feedback": _feedback(root, year),
            "requests": _requests(root, year), "inspections": _inspections(root, year)}


@transaction.atomic
def generate(root: Organization, year: int, *, notes: str = "", actor=None) -> AnnualBriefing:
    access.require_manage(actor, root)
    if not 2000 <= year <= date.today().year:
        raise ValidationError("请选择已经开始的年度。")
    data = compute(root, year)
    data["notes"] = (notes or "").strip()[:5000]
    b = AnnualBriefing.objects.create(org=root, year=year, data=data, generated_by=actor)
    record("reports.briefing.generated", actor=actor, obj=b, detail={"org": root.pk, "year": year})
    return b


def title_of(b: AnnualBriefing) -> str:
    return f"{b.org.name}{b.year}年度党务公开工作情况通报"


def _n(v) -> str:
    return "—" if v is None else (f"{v:.1f}%" if isinstance(v, float) else str(v))


def as_text(b: AnnualBriefing) -> str:
    """The briefing as paragraphs, for the disclosure that publishes it."""
    d = b.data
    c, ds, fb, ins = d["catalog"], d["disclosures"], d["feedback"], d["inspections"]
    cats = "，".join(f"{label}{n}项" for label, n in ds["by_category"] if n) or "无"
    chans = "，".join(f"{label}{n}次" for label, n in ds["by_channel"] if n) or "无"
    req = {r["label"]: r["total"] for r in d["requests"]["rows"]}
    lines = [
        f"现将{d['org']}及所属党组织{d['year']}年度党务公开工作情况通报如下。",
        f"一、目录编制。所属党组织{c['orgs']}个，已报备党务公开目录{c['catalogs_filed']}个，未报备{c['catalogs_missing']}个；"
        f"本组织目录{c['own_state']}（第{c['own_version']}版，事项{c['own_items']}项）。应公开期次{c['periods_due']}个，"
        f"按时公开{c['periods_on_time']}个，逾期后公开{c['periods_late']}个，逾期未公开{c['periods_missed']}个，"
        f"按时公开率{_n(c['on_time_rate'])}。",
        f"二、公开情况。全年公开党务事项{ds['total']}项：{cats}。公开方式：{chans}。",
        f"三、依申请公开。本年新收申请{req.get('本年新收申请数量', 0)}件，上年结转{req.get('上年结转申请数量', 0)}件，"
        f"办结{req.get('办理结果总计', 0)}件，结转下年度{req.get('结转下年度继续办理', 0)}件。",
        f"四、意见反馈。收到意见建议{fb['received']}条、征求意见{fb['opinions']}条，办结{fb['completed']}条，答复{fb['replied']}条，"
        f"群众满意度{_n(fb['satisfaction'])}；年末逾期未办结{fb['overdue_at_year_end']}条。",
        f"五、监督检查。开展督查{ins['inspections']}次，检查党组织{ins['orgs_inspected']}个次，发现问题{ins['findings']}个，"
        f"限期整改{ins['rectifications']}项，已验收{ins['rectified']}项。",
    ]
    if ins["problems"] or d.get("notes"):
        lines.append("六、存在问题和改进措施。" + "；".join(ins["problems"] + ins["improvements"]) + (
            ("。" + d["notes"]) if d.get("notes") else "。"))
    return "\n".join(lines)


def briefing_html(b: AnnualBriefing, *, standalone: bool = True) -> str:
    return render_to_string("reports/briefing_pdf.html" if standalone else "reports/_briefing.html",
                            {"b": b, "d": b.data, "title": title_of(b)})


def briefing_pdf(b: AnnualBriefing) -> bytes:
    from weasyprint import HTML

    return HTML(string=briefing_html(b)).write_pdf()


@transaction.atomic
def publish_as_disclosure(b: AnnualBriefing, *, scope: str, actor):
    """One step: the briefing becomes a disclosure draft with its risk assessment, submitted for review."""
    access.require_manage(actor, b.org)
    if b.disclosure_id:
        raise ValidationError("该年度通报已转为公开事项。")
    d = submit_as_disclosure(org=b.org, title=title_of(b), text=as_text(b), scope=scope, actor=actor,
                             source="年度通报")
    b.disclosure, b.scope = d, scope
    b.save(update_fields=["disclosure", "scope"])
    record("reports.briefing.to_disclosure", actor=actor, obj=b, detail={"disclosure": d.pk, "scope": scope})
    return d
