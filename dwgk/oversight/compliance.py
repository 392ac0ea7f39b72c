"""合规监测 (compliance monitor) for an org subtree: orgs without a filed catalog, overdue due periods,
items published without a completed workflow (must be zero), catalog changes awaiting approval,
requests and feedback past their deadline; the worst orgs ranked; reminders; a 通报 drafted from it.

Each measure is one grouped SQL query over the subtree's path range (per-org counts), so the cost is
O(problems + orgs in the subtree) index entries, never a scan of the disclosures themselves: the
publication-integrity check runs on the schedule (`verify_publications`) and is read here.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from dwgk.catalog.models import Catalog, DuePeriod, ItemChange
from dwgk.disclosures.models import Disclosure, Workflow
from dwgk.orgs.models import Organization, Role, RoleAssignment
from dwgk.orgs.paths import subtree_q
from dwgk.participation.models import DisclosureRequest, Feedback

from .models import PublicationCheck, UnreviewedPublication

# How much each problem weighs in the ranking: a missing catalog or an unreviewed publication is a
# breach of the rules themselves; one overdue period or one late reply is one late obligation.
WEIGHTS = {"no_catalog": 10, "unreviewed": 20, "overdue_periods": 2, "pending_changes": 1,
           "overdue_requests": 3, "overdue_feedback": 2}
LABELS = {"no_catalog": "未报备党务公开目录", "unreviewed": "未经完整审批流程即公开",
          "overdue_periods": "逾期未公开的目录期次", "pending_changes": "目录变更待审批",
          "overdue_requests": "依申请公开逾期未答复", "overdue_feedback": "意见建议逾期未办结"}


@dataclass
class Monitor:
    root: Organization
    today: date
    totals: dict = field(default_factory=dict)  # measure → count over the subtree
    worst: list = field(default_factory=list)  # [{"org", "score", "counts"}], worst first
    orgs_with_problems: int = 0
    last_check: PublicationCheck | None = None

    @property
    def clean(self) -> bool:
        return not any(self.totals.values())


def _per_org(qs, org_field: str = "org_id") -> Counter:
    return Counter({r[org_field]: r["n"] for r in qs.values(org_field).annotate(n=Count("id")).order_by()})


def measures(root: Organization, today: date) -> tuple[dict[str, Counter], PublicationCheck | None]:
    """{measure: Counter(org id → count)} over the subtree of `root`."""
    sub = subtree_q(root.path)
    in_force = Catalog.objects.filter(org=OuterRef("pk"), state__in=(Catalog.State.FILED, Catalog.State.PUBLISHED))
    out: dict[str, Counter] = {}
    out["no_catalog"] = Counter({pk: 1 for pk in Organization.objects.filter(sub, is_active=True)
                                 .exclude(Exists(in_force)).values_list("pk", flat=True)})
    # Overdue: marked overdue by the scheduler, or open and already past the due date.
    out["overdue_periods"] = _per_org(DuePeriod.objects.filter(subtree_q(root.path, "org__path")).filter(
        Q(state=DuePeriod.State.OVERDUE) | Q(state=DuePeriod.State.OPEN, due_date__lt=today, provisional=False)))
    out["pending_changes"] = _per_org(ItemChange.objects.filter(subtree_q(root.path, "catalog__org__path"),
                                                                state=ItemChange.State.PENDING), "catalog__org_id")
    for key, model in (("overdue_requests", DisclosureRequest), ("overdue_feedback", Feedback)):
        out[key] = _per_org(model.objects.filter(subtree_q(root.path, "org_path"), is_open=True,
                                                 due_date__lt=today))
    last = PublicationCheck.objects.first()
    out["unreviewed"] = _per_org(UnreviewedPublication.objects.filter(
        subtree_q(root.path, "org__path"), check_run=last)) if last else Counter()
    return out, last


def monitor(root: Organization, *, today: date | None = None, top: int = 20) -> Monitor:
    today = today or timezone.localdate()
    per, last = measures(root, today)
    scores: Counter = Counter()
    for key, counter in per.items():
        for org_id, n in counter.items():
            scores[org_id] += WEIGHTS[key] * n
    worst_ids = [pk for pk, _s in sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))[:top]]
    orgs = Organization.objects.in_bulk(worst_ids)
    worst = [{"org": orgs[pk], "score": scores[pk],
              "counts": {k: per[k].get(pk, 0) for k in WEIGHTS if per[k].get(pk)}} for pk in worst_ids]
    return Monitor(root, today, totals={k: sum(per[k].values()) for k in WEIGHTS}, worst=worst,
                   orgs_with_problems=len(scores), last_check=last)


@transaction.atomic
def verify_publications(now=None) -> PublicationCheck:
    """The full integrity check: published disclosures (published, expired, withdrawn or archived —
    anything with a publication time) that have no completed publishing workflow."""
    started = timezone.now()
    done = Workflow.objects.filter(disclosure=OuterRef("pk"), purpose=Workflow.Purpose.PUBLISH,
                                   outcome=Workflow.Outcome.DONE)
    published = Disclosure.objects.filter(published_at__isnull=False)
    bad = list(published.exclude(Exists(done)).values_list("pk", "org_id"))
    run = PublicationCheck.objects.create(started_at=started, finished_at=now or timezone.now(),
                                          checked=published.count(), violations=len(bad))
    UnreviewedPublication.objects.bulk_create(
        [UnreviewedPublication(check_run=run, disclosure_id=d, org_id=o) for d, o in bad], batch_size=2000)
    # Keep the latest run's findings only: older runs are history of counts.
    UnreviewedPublication.objects.exclude(check_run=run).delete()
    return run


def responsible_people(org_ids) -> dict[int, list]:
    """Who is reminded: the org's 第一责任人 (approver) and its 党务公开办公室."""
    out = defaultdict(list)
    for ra in (RoleAssignment.objects.filter(org_id__in=list(org_ids), role__in=(Role.APPROVER, Role.OFFICE_ADMIN))
               .select_related("person").order_by("org_id", "role", "person_id")):
        if ra.person not in out[ra.org_id]:
            out[ra.org_id].append(ra.person)
    return out


def problem_text(row: dict) -> str:
    return "；".join(LABELS[k] if k == "no_catalog" else f"{LABELS[k]}{n}项" for k, n in row["counts"].items())


def circular_text(m: Monitor) -> str:
    """A draft 通报 body from the monitor (the office edits it before it goes to the workflow)."""
    lines = [f"截至{m.today:%Y年%m月%d日}，{m.root.name}所属党组织党务公开工作监测情况通报如下："]
    if m.clean:
        lines.append("各项监测指标均无问题。")
        return "\n".join(lines)
    lines.append("一、总体情况：" + "，".join(f"{LABELS[k]}{n}" for k, n in m.totals.items() if n) + "。")
    lines.append("二、问题较多的党组织：")
    for i, row in enumerate(m.worst[:10], start=1):
        lines.append(f"{i}. {row['org'].name}：{problem_text(row)}。")
    lines.append("三、请上述党组织对照问题限期整改，整改情况报党务公开工作领导小组办公室。")
    return "\n".join(lines)
