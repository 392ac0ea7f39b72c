from django.apps import AppConfig


class DisclosuresConfig(AppConfig):
    name = "dwgk.disclosures"
    label = "disclosures"
    verbose_name = "党务公开事项"
    url_prefix = "disclosures/"

    def ready(self):
        from django.utils.translation import gettext_lazy as _

        from dwgk.core.nav import NavEntry, register

        from . import panels  # noqa: F401  (registers the workbench panels)

        register(NavEntry(_("公开事项"), "disclosures:index", ("staff",)))
        register(NavEntry(_("消息"), "disclosures:inbox", ("staff",)))
