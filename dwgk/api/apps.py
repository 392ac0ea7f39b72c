from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "dwgk.api"
    label = "api"
    verbose_name = "开放接口"
    url_prefix = "api/v1/"

    def ready(self):
        from django.utils.translation import gettext_lazy as _

        from dwgk.core import nav

        nav.register(nav.NavEntry(_("API 令牌"), "api:tokens", ("staff",)))
