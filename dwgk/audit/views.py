from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render

from .alerts import open_alerts
from .models import AuditEntry


def log(request):
    """Only the audit administrator reads the audit log (三员分立)."""
    if not request.user.is_authenticated or request.user.admin_role != "audit":
        raise PermissionDenied("只有审计管理员可以查看审计日志")
    qs = AuditEntry.objects.order_by("-seq")
    event = request.GET.get("event", "").strip()
    if event:
        qs = qs.filter(event__startswith=event)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "audit/log.html", {"page_obj": page, "event": event, "alerts": list(open_alerts()[:50]),
                                              "query_string": f"event={event}" if event else ""})
