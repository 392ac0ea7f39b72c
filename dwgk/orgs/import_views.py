from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from dwgk.access import orgs as access

from . import imports
from .forms import ImportForm

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
REPORT_ROWS_SHOWN = 500
TEMPLATE_NAMES = {imports.ORGS: "党组织导入模板.xlsx", imports.PEOPLE: "人员导入模板.xlsx"}


@login_required
def import_view(request):
    """Upload → whole-file check → everything is imported, or nothing and a row-by-row report.

    `?template=orgs|people` downloads the xlsx template with the expected headers.
    """
    if not access.can_import(request.user):
        raise PermissionDenied(_("您无权导入数据"))
    template = request.GET.get("template")
    if template:
        if template not in TEMPLATE_NAMES:
            raise Http404(_("没有这种导入模板"))
        response = HttpResponse(imports.template_xlsx(template), content_type=XLSX)
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(TEMPLATE_NAMES[template])}"
        return response
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        scope = access.require_import(request.user)
        result = imports.run_import(form.cleaned_data["kind"], upload.read(), upload.name, actor=request.user,
                                    scope=scope)
        if result.ok:
            form = ImportForm(initial={"kind": form.cleaned_data["kind"]})
    context = {"form": form, "result": result}
    if result is not None and not result.ok:
        context["errors_shown"] = result.errors[:REPORT_ROWS_SHOWN]
        context["errors_hidden"] = max(0, len(result.errors) - REPORT_ROWS_SHOWN)
    return render(request, "orgs/import.html", context)
