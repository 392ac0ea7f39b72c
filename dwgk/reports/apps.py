from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "dwgk.reports"
    label = "reports"
    verbose_name = "统计与通报"
    url_prefix = "reports/"

    def ready(self):
        from . import panels, tally  # noqa: F401  (nav entries; tally receivers)

        tally.connect()
