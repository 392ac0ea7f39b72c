"""Report pages: thin views over stats, briefing, compliance and dashboard selectors."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from dwgk.core.context import viewer_for

from . import exports
from .access import parse_period, report_roots, resolve_root
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
    resp["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(filename)}"
    return resp


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name)


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
