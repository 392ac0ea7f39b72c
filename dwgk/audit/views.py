from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render

from .alerts import open_alerts
from .labels import SEGMENTS, event_label, object_label
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
    rows = [(e, event_label(e.event), object_label(e.object_type) if e.object_type else "") for e in page]
    return render(request, "audit/log.html", {
        "page_obj": page, "rows": rows, "event": event, "alerts": list(open_alerts()[:50]),
        "areas": [(key, SEGMENTS[key]) for key in AREAS], "query_string": f"event={event}" if event else ""})


# The first segments of the event keys: the page filters by them.
AREAS = ("login", "logout", "session", "account", "role", "person", "org", "catalog", "disclosure", "text",
         "participation", "oversight", "reports", "workdays", "api", "access", "integrity", "keys", "audit")
