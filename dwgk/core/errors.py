"""Error pages in Chinese, in the site's layout, naming the refusal's own reason and a way back."""

from __future__ import annotations

import logging

from django.http import HttpResponse
from django.template import loader
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

log = logging.getLogger(__name__)

TITLES = {
    400: gettext_lazy("请求无法处理"),
    403: gettext_lazy("无权访问"),
    404: gettext_lazy("没有找到该页面"),
    500: gettext_lazy("系统暂时出错"),
}


def _default_reason(status: int) -> str:
    return {
        400: _("请求的参数不完整或格式不对，请返回上一页检查后重试。"),
        403: _("您的账号没有办理这项工作的权限。如需办理，请联系本组织党务公开办公室。"),
        404: _("该页面不存在、已撤下，或您无权查看。请检查地址，或从首页重新进入。"),
        500: _("系统处理这次请求时出错，已记录。请稍后重试；如仍出错，请联系系统管理员。"),
    }[status]


def reason_of(exception, status: int) -> str:
    """The message the code gave when it refused (PermissionDenied(_("…")), Http404(_("…"))); Django's own
    resolver 404 carries a dict, and a bare refusal carries nothing: those get the generic sentence."""
    args = getattr(exception, "args", ()) if exception is not None else ()
    if args and isinstance(args[0], str) and args[0].strip():
        return args[0]
    return _default_reason(status)


def _back_url(request) -> str:
    referer = request.META.get("HTTP_REFERER", "") if request is not None else ""
    if referer and url_has_allowed_host_and_scheme(referer, allowed_hosts={request.get_host()}):
        if referer.rstrip("/") != request.build_absolute_uri().rstrip("/"):
            return referer
    return ""


def render_error(request, status: int, reason: str) -> HttpResponse:
    try:
        home = reverse("core:home")
    except Exception:  # noqa: BLE001 - an error page must not fail on a broken URL configuration
        home = "/"
    context = {"status": status, "title": TITLES[status], "reason": reason, "home_url": home}
    try:
        context["back_url"] = _back_url(request)
        return HttpResponse(loader.render_to_string(f"{status}.html", context, request=request), status=status)
    except Exception:  # noqa: BLE001 - e.g. the database is down: render without the request's context
        log.exception("error page %s could not be rendered with the request context", status)
    try:
        return HttpResponse(loader.render_to_string(f"{status}.html", context), status=status)
    except Exception:  # noqa: BLE001
        log.exception("error page %s could not be rendered", status)
    return HttpResponse(f'<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>{TITLES[status]}</title>'
                        f'<h1>{TITLES[status]}</h1><p>{_default_reason(status)}</p><p><a href="{home}">'
                        f'{_("返回首页")}</a></p></html>', status=status)


def bad_request(request, exception=None):
    return render_error(request, 400, reason_of(exception, 400))


def permission_denied(request, exception=None):
    return render_error(request, 403, reason_of(exception, 403))


def page_not_found(request, exception=None):
    return render_error(request, 404, reason_of(exception, 404))


def server_error(request):
    return render_error(request, 500, _default_reason(500))


def csrf_failure(request, reason=""):
    return render_error(request, 403, _("页面已过期或表单来源无法确认（CSRF 校验未通过）。请返回上一页，刷新后重新提交。"))
