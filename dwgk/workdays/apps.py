from django.apps import AppConfig


class WorkdaysConfig(AppConfig):
    name = "dwgk.workdays"
    label = "workdays"
    verbose_name = "节假日与工作日"
    url_prefix = "workdays/"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from . import calendar
        from .models import HolidaySchedule, SpecialDay

        def _drop(**kwargs):
            calendar.clear_cache()

        for model in (HolidaySchedule, SpecialDay):
            post_save.connect(_drop, sender=model, dispatch_uid=f"workdays-clear-{model.__name__}-save")
            post_delete.connect(_drop, sender=model, dispatch_uid=f"workdays-clear-{model.__name__}-delete")
        from . import panels  # noqa: F401  (registers the workbench panel and nav entry)
