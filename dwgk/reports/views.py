"""Report pages: thin views over stats, briefing, compliance and dashboard selectors."""

from __future__ import annotations

from urllib.parse import quote, urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from dwgk.access.oversight import report_roots, require_report_root
from dwgk.access.viewer import viewer_for
from dwgk.core.choices import Scope
from dwgk.core.fields import no_control_characters, posted_text
from dwgk.oversight import compliance as cm
from dwgk.oversight import services as ov

from . import briefing, dashboard, exports
from .models import AnnualBriefing
from .params import parse_period, resolve_root
from .stats import COLUMNS, FOOTNOTE, HEADER, SUBHEADS, statistics_table

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _errors(request, exc: ValidationError) -> None:
    for m in exc.messages:
        messages.error(request, m)


def _stats_params(request):
    viewer = viewer_for(request)
    code = request.GET.get("code") or request.GET.get("org")
    root = resolve_root(viewer, code)
    start, end = parse_period(request.GET.get("start"), request.GET.get("end"), timezone.localdate().year)
    return viewer, root, start, end


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    resp = HttpResponse(content, content_type=content_type)
    resp["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return resp


@login_required
def index(request):
    if not report_roots(viewer_for(request)):
        raise PermissionDenied("只有党务公开办公室可以查看统计通报。")
    return render(request, "reports/index.html")


@login_required
def stats(request):
    viewer = viewer_for(request)
    ctx = {"roots": report_roots(viewer), "header": HEADER, "subheads": SUBHEADS, "ncols": len(COLUMNS),
           "footnote": FOOTNOTE, "code": request.GET.get("code", "")}
    year = timezone.localdate().year
    try:
        _viewer, root, start, end = _stats_params(request)
        table = statistics_table(root, start, end)
        ctx.update(table=table, start=start, end=end, title=exports.title_of(table), period=exports.period_text(table),
                   query=urlencode({"code": root.code, "start": start.isoformat(), "end": end.isoformat()}))
    except ValidationError as exc:
        _errors(request, exc)
        ctx.update(start=timezone.datetime(year, 1, 1).date(), end=timezone.datetime(year, 12, 31).date())
    return render(request, "reports/stats.html", ctx)


@login_required
def stats_xlsx(request):
    try:
        _viewer, root, start, end = _stats_params(request)
    except ValidationError as exc:
        return HttpResponse("；".join(exc.messages), status=400, content_type="text/plain; charset=utf-8")
    table = statistics_table(root, start, end)
    return _download(exports.stats_xlsx(table), XLSX, f"{exports.title_of(table)}.xlsx")


@login_required
def stats_pdf(request):
    try:
        _viewer, root, start, end = _stats_params(request)
    except ValidationError as exc:
        return HttpResponse("；".join(exc.messages), status=400, content_type="text/plain; charset=utf-8")
    table = statistics_table(root, start, end)
    return _download(exports.stats_pdf(table), "application/pdf", f"{exports.title_of(table)}.pdf")


# --- 合规监测 -----------------------------------------------------------------------------------

@login_required
def compliance(request):
    viewer = viewer_for(request)
    try:
        root = resolve_root(viewer, request.GET.get("code") or request.POST.get("code"))
    except ValidationError as exc:
        _errors(request, exc)
        roots = report_roots(viewer)
        if not roots:
            raise PermissionDenied("只有党务公开办公室可以查看合规监测。") from None
        root = roots[0]
    if request.method == "POST":
        try:
            if request.POST.get("action") == "remind":
                n = ov.send_compliance_reminders(root, actor=request.user)
                messages.success(request, f"已向问题较多党组织的第一责任人和党务公开办公室发送提醒 {n} 条。")
            elif request.POST.get("action") == "circular":
                c = ov.issue_compliance_circular(root, title=posted_text(request, "title"),
                                                 body=posted_text(request, "body"),
                                                 scope=request.POST.get("scope", ""), actor=request.user)
                # The circular itself is shown to readers once its own review releases it (先审查后公开).
                messages.success(request, f"通报“{c.title}”已提交审查（经保密审查和审批后发布），并已作为公开事项进入审核流程。"
                                          if c.disclosure and c.disclosure.status != "draft" else
                                          f"通报“{c.title}”已提交审查（经保密审查和审批后发布）；公开事项草稿待承办人提交审核。")
            else:
                raise ValidationError("未知操作。")
        except ValidationError as exc:
            _errors(request, exc)
        return redirect(f"{request.path}?code={root.code}")
    m = cm.monitor(root)
    return render(request, "reports/compliance.html", {
        "m": m, "root": root, "roots": report_roots(viewer), "labels": cm.LABELS,
        "totals": [(k, cm.LABELS[k], n, _tile_url(k)) for k, n in m.totals.items()],
        "worst": [{**row, "text": cm.problem_text(row)} for row in m.worst],
        "draft_title": f"关于{root.name}党务公开工作情况的通报", "draft_body": cm.circular_text(m),
        "scopes": [(s.value, s.label) for s in Scope if s != Scope.TARGETED]})


# Each compliance tile opens the list it counts (the lists show the viewer's own subtree).
TILE_URLS = {"no_catalog": ("catalog:filings", ""), "overdue_periods": ("catalog:due", "?state=overdue&subtree=1"),
             "pending_changes": ("catalog:changes", ""), "overdue_requests": ("participation:manage", "?tab=overdue"),
             "overdue_feedback": ("participation:manage", "?tab=overdue"), "unreviewed": ("", "#worst")}


def _tile_url(key: str) -> str:
    name, query = TILE_URLS.get(key, ("", ""))
    return (reverse(name) if name else "") + query


# --- 年度通报 -----------------------------------------------------------------------------------

@login_required
def briefings(request):
    viewer = viewer_for(request)
    roots = report_roots(viewer)
    if not roots:
        raise PermissionDenied("只有党务公开办公室可以生成年度通报。")
    if request.method == "POST":
        try:
            for value in request.POST.values():  # read outside a form: refuse control characters here
                no_control_characters(value)
            root = resolve_root(viewer, request.POST.get("code"))
            year = request.POST.get("year", "")
            if not (year.isascii() and year.isdigit() and 1990 <= int(year) <= 2100):
                raise ValidationError("请填写年度，如 2025。")
            b = briefing.generate(root, int(year), notes=posted_text(request, "notes"), actor=request.user)
            return redirect("reports:briefing", pk=b.pk)
        except ValidationError as exc:
            _errors(request, exc)
    q = Q(pk__in=[])
    for o in roots:
        q |= Q(org__path__startswith=o.path)
    return render(request, "reports/briefing.html", {
        "roots": roots, "default_year": timezone.localdate().year - 1,
        # A refused request shows the form again as it was typed (rendered on the same answer, no redirect).
        "typed": request.POST if request.method == "POST" else {},
        "briefings": AnnualBriefing.objects.filter(q).select_related("org", "disclosure")[:50]})


def _briefing_for(request, pk: int):
    b = get_object_or_404(AnnualBriefing.objects.select_related("org", "disclosure"), pk=pk)
    require_report_root(request.user, b.org)
    return b


@login_required
def briefing_detail(request, pk: int):
    b = _briefing_for(request, pk)
    if request.method == "POST":
        try:
            d = briefing.publish_as_disclosure(b, scope=request.POST.get("scope", ""), actor=request.user)
            messages.success(request, f"已作为公开事项“{d.title}”提交（{d.get_status_display()}）。")
        except ValidationError as exc:
            _errors(request, exc)
        return redirect("reports:briefing", pk=b.pk)
    return render(request, "reports/briefing_detail.html", {
        "b": b, "d": b.data, "title": briefing.title_of(b),
        "scopes": [(s.value, s.label) for s in Scope if s != Scope.TARGETED]})


@login_required
def briefing_pdf(request, pk: int):
    b = _briefing_for(request, pk)
    return _download(briefing.briefing_pdf(b), "application/pdf", f"{briefing.title_of(b)}.pdf")


# --- 数据看板与数据大屏 -------------------------------------------------------------------------

def _dashboard_context(request, code: str | None):
    viewer = viewer_for(request)
    root = resolve_root(viewer, code)
    today = timezone.localdate()
    year = request.GET.get("year", "")
    year = int(year) if year.isdigit() and 2000 <= int(year) <= 2100 else today.year
    return {"root": root, "year": year, "roots": report_roots(viewer), "data": dashboard.data(root, year, today)}


@login_required
def dashboard_view(request):
    try:
        ctx = _dashboard_context(request, request.GET.get("code"))
    except ValidationError as exc:
        _errors(request, exc)
        ctx = _dashboard_context(request, None)
    return render(request, "reports/dashboard.html", ctx)


@login_required
def bigscreen(request):
    try:
        ctx = _dashboard_context(request, request.GET.get("code"))
    except ValidationError as exc:
        return HttpResponse("；".join(exc.messages), status=400, content_type="text/plain; charset=utf-8")
    return render(request, "reports/bigscreen.html", ctx)
