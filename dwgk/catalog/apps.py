from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "dwgk.catalog"
    label = "catalog"
    verbose_name = "党务公开目录"
    url_prefix = "catalog/"
