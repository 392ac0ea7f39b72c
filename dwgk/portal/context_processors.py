from django.conf import settings
from django.utils.translation import gettext_lazy as _

from dwgk.access.audience import audience_of

FONT_SIZE_COOKIE = "dwgk_fs"
FONT_SIZES = ("small", "medium", "large")
FONT_SIZE_CHOICES = (("large", _("大")), ("medium", _("中")), ("small", _("小")))


def reader(request):
    """The portal header's 工作台 link asks whether the reader holds a business role: the roles the gate
    already loaded for this request, read only if a template asks (a callable)."""
    return {"has_roles": lambda: bool(audience_of(getattr(request, "user", None)).role_paths)}


def site(request):
    """The footer's 主办单位, contact and 备案 numbers (settings, from the environment), and the reader's
    chosen 字号 (大/中/小, a cookie; the static mirror keeps it in the browser instead)."""
    size = request.COOKIES.get(FONT_SIZE_COOKIE, "medium")
    return {
        "site_host": settings.DWGK_SITE_HOST, "site_address": settings.DWGK_SITE_ADDRESS,
        "site_phone": settings.DWGK_SITE_PHONE, "site_icp": settings.DWGK_SITE_ICP,
        "site_psb": settings.DWGK_SITE_PSB,
        "font_size": size if size in FONT_SIZES else "medium",
        "font_size_choices": FONT_SIZE_CHOICES,
    }
