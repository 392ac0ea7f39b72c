from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "dwgk.portal"
    label = "portal"
    verbose_name = "党务公开专栏"
    url_prefix = "portal/"

    def ready(self):
        from django.utils.translation import gettext_lazy as _

        from dwgk.core.changes import committed, register_follower
        from dwgk.core.nav import NavEntry, register, register_home

        from . import mirror, views
        from .tasks import on_feed_committed

        register_follower("mirror", mirror.follow, shared=True)  # one directory for all nodes

        committed.connect(on_feed_committed, dispatch_uid="portal.mirror_feed_committed", weak=False)
        register(NavEntry(_("党务公开专栏"), "portal:home"), position=1)
        register_home("reader", views.home)
