"""Session limits (等保 2.0): a session unused for DWGK_IDLE_TIMEOUT_MINUTES is ended, and every session
ends DWGK_SESSION_MAX_HOURS after it began, however busy (an absolute lifetime the idle check alone
does not give, since each request would extend it)."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.utils.translation import gettext as _

from dwgk.audit.services import record
from dwgk.core.clientaddr import client_address

KEY = "dwgk_last_seen"
STARTED = "dwgk_started"


class IdleTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = time.time()
            last = request.session.get(KEY)
            started = request.session.get(STARTED)
            if last is not None and now - last > settings.DWGK_IDLE_TIMEOUT_MINUTES * 60:
                record("session.idle_timeout", actor=user, obj=user, ip=client_address(request))
                logout(request)
                messages.info(request, _("长时间未操作，已自动退出登录，请重新登录。"))
            elif started is not None and now - started > settings.DWGK_SESSION_MAX_HOURS * 3600:
                record("session.expired", actor=user, obj=user, ip=client_address(request),
                       detail={"max_hours": settings.DWGK_SESSION_MAX_HOURS})
                logout(request)
                messages.info(request, _("登录已超过 %(h)s 小时，请重新登录。") % {
                    "h": f"{settings.DWGK_SESSION_MAX_HOURS:g}"})
            else:
                if started is None:
                    request.session[STARTED] = now
                # Write at most once a minute: keeps the session store quiet under load.
                if last is None or now - last > 60:
                    request.session[KEY] = now
        return self.get_response(request)
