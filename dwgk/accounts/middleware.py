"""Idle-session timeout (等保 2.0): a session unused for DWGK_IDLE_TIMEOUT_MINUTES is ended."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.utils.translation import gettext as _

from dwgk.audit.services import record

KEY = "dwgk_last_seen"


class IdleTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = time.time()
            last = request.session.get(KEY)
            if last is not None and now - last > settings.DWGK_IDLE_TIMEOUT_MINUTES * 60:
                record("session.idle_timeout", actor=user, obj=user, ip=request.META.get("REMOTE_ADDR", ""))
                logout(request)
                messages.info(request, _("长时间未操作，已自动退出登录，请重新登录。"))
            # Write at most once a minute: keeps the session store quiet under load.
            elif last is None or now - last > 60:
                request.session[KEY] = now
        return self.get_response(request)
