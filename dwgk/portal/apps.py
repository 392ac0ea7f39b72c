from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "dwgk.portal"
    label = "portal"
    verbose_name = "党务公开专栏"
    url_prefix = "portal/"
