from django.apps import AppConfig


class ParticipationConfig(AppConfig):
    name = "dwgk.participation"
    label = "participation"
    verbose_name = "参与与反馈"
    url_prefix = "participation/"

    def ready(self):
        from dwgk.workdays.signals import schedule_changed

        from . import panels  # noqa: F401  (registers nav entries and workbench panels)
        from .services import recompute_open_requests

        def _recompute(sender, years=None, **kwargs):
            # A holiday schedule was loaded or corrected: stored deadlines follow it.
            recompute_open_requests(years)

        schedule_changed.connect(_recompute, dispatch_uid="participation.recompute_deadlines", weak=False)
