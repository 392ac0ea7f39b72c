from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from dwgk.access.viewer import SESSION_ORG, viewer_for

from . import health
from .middleware import COOKIE
from .nav import HOME_VIEWS
from .workbench import panels_for


def home(request):
    """Visitors, members and residents come for the disclosures (the reader's home); staff and
    administrators for their work (the staff home). The apps that draw them register them."""
    viewer = viewer_for(request)
    kind = "staff" if viewer.role_assignments or viewer.admin_role else "reader"
    return HOME_VIEWS[kind](request)


@login_required
def workbench(request):
    viewer = viewer_for(request)
    return render(request, "core/workbench.html", {"panels": panels_for(request, viewer)})


def _back(request, default="/"):
    target = request.POST.get("next") or request.META.get("HTTP_REFERER") or default
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = default
    return target


@require_POST
def toggle_large_type(request):
    response = redirect(_back(request))
    if request.COOKIES.get(COOKIE) == "1":
        response.delete_cookie(COOKIE)
    else:
        response.set_cookie(COOKIE, "1", max_age=365 * 24 * 3600, samesite="Lax")
    return response


@login_required
@require_POST
def switch_org(request):
    viewer = viewer_for(request)
    try:
        org_id = int(request.POST.get("org", ""))
    except ValueError:
        return HttpResponseBadRequest("组织参数无效")
    if org_id not in {o.pk for o in viewer.work_orgs}:
        return HttpResponseBadRequest("您在该组织没有工作角色")
    request.session[SESSION_ORG] = org_id
    return redirect(_back(request))


def healthz(request):
    """200 when this server can serve (database, cache, worker heartbeat), else 503; JSON details."""
    healthy, body = health.report()
    response = JsonResponse(body, status=200 if healthy else 503, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "no-store"
    return response


FAVICON = Path(__file__).resolve().parent.parent / "static" / "favicon.ico"


def favicon(request):
    """Browsers ask for /favicon.ico on every site whatever the page links; answer it from our static file."""
    return FileResponse(FAVICON.open("rb"), content_type="image/x-icon",
                        headers={"Cache-Control": "public, max-age=604800"})
