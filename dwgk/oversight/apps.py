from django.apps import AppConfig


class OversightConfig(AppConfig):
    name = "dwgk.oversight"
    label = "oversight"
    verbose_name = "监督与考核"
    url_prefix = "oversight/"

    def ready(self):
        from dwgk.core import scheduled

        from . import jobs, panels  # noqa: F401  (registers nav entries and workbench panels)

        scheduled.register("发布完整性核查", jobs.publication_check, order=50)
