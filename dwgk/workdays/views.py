from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from dwgk.access.workdays import can_edit_calendar, require_edit_calendar
from dwgk.core import kept

from . import calendar, selectors, services
from .forms import DayForm, UploadForm


def _require_editor(request):
    require_edit_calendar(request.user)


@login_required
def index(request):
    today = timezone.localdate()
    return render(request, "workdays/index.html", {
        "years": selectors.years_around(today, before=1, after=1),
        "can_edit": can_edit_calendar(request.user),
        "upload_form": UploadForm(kept.take(request, "workdays:upload")),
    })


@login_required
def year_detail(request, year: int):
    status = selectors.year_status(year)
    months = []
    for m in range(1, 13):
        days = []
        d = date(year, m, 1)
        while d.month == m:
            days.append(calendar.day_info(d))
            d = date.fromordinal(d.toordinal() + 1)
        months.append({"month": m, "days": days})
    return render(request, "workdays/year.html", {
        "status": status, "year": year, "special": selectors.special_days(year), "months": months,
        "can_edit": can_edit_calendar(request.user), "day_form": DayForm(),
    })


@login_required
@require_POST
def upload(request):
    _require_editor(request)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "请选择要载入的文件。")
        kept.keep(request, "workdays:upload")
        return redirect("workdays:index")
    f = form.cleaned_data["file"]
    if f.size > 1024 * 1024:
        messages.error(request, "文件过大（超过 1 MB），未做任何修改。")
        kept.keep(request, "workdays:upload")
        return redirect("workdays:index")
    try:
        rows = services.parse_schedule(f.read(), f.name)
        years = services.load_schedule(rows, source=form.cleaned_data["source"] or f.name, actor=request.user,
                                       partial=form.cleaned_data["partial"])
    except ValidationError as exc:
        for m in exc.messages[:50]:
            messages.error(request, m)
        messages.error(request, "载入失败，未做任何修改。")
        kept.keep(request, "workdays:upload")
        return redirect("workdays:index")
    messages.success(request, f"已载入 {'、'.join(map(str, years))} 年节假日安排，相关期限已重新计算。")
    return redirect("workdays:index")


@login_required
@require_POST
def set_day(request, year: int):
    _require_editor(request)
    form = DayForm(request.POST)
    if form.is_valid():
        try:
            services.set_day(form.cleaned_data["date"], form.cleaned_data["kind"], form.cleaned_data["name"],
                             actor=request.user)
            messages.success(request, "已保存。")
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, "请填写日期和类型。")
    return redirect("workdays:year", year=year)


@login_required
@require_POST
def remove_day(request, year: int):
    _require_editor(request)
    try:
        services.remove_day(date.fromisoformat(request.POST.get("date", "")), actor=request.user)
        messages.success(request, "已删除。")
    except (ValueError, ValidationError) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", ["日期格式错误。"])))
    return redirect("workdays:year", year=year)
