from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "dwgk.catalog"
    label = "catalog"
    verbose_name = "党务公开目录"
    url_prefix = "catalog/"

    def ready(self):
        from dwgk.core import scheduled
        from dwgk.workdays.signals import schedule_changed

        from . import duedates, jobs, panels  # noqa: F401  (panels registers nav entries and workbench panels)

        scheduled.register("公开目录逾期检查", jobs.catalog_overdue, order=10)

        schedule_changed.connect(duedates.on_schedule_changed, dispatch_uid="catalog-due-periods")
