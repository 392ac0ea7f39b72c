from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "dwgk.portal"
    label = "portal"
    verbose_name = "党务公开专栏"
    url_prefix = "portal/"

    def ready(self):
        from django.utils.translation import gettext_lazy as _

        from dwgk.core.nav import NavEntry, register, register_home

        from . import events, mirror, views

        events.connect()
        mirror.connect()
        register(NavEntry(_("党务公开专栏"), "portal:home"), position=1)
        register_home("reader", views.home)
