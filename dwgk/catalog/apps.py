from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "dwgk.catalog"
    label = "catalog"
    verbose_name = "党务公开目录"
    url_prefix = "catalog/"

    def ready(self):
        from dwgk.workdays.signals import schedule_changed

        from . import duedates, panels  # noqa: F401  (panels registers nav entries and workbench panels)

        schedule_changed.connect(duedates.on_schedule_changed, dispatch_uid="catalog-due-periods")
