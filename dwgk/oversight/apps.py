from django.apps import AppConfig


class OversightConfig(AppConfig):
    name = "dwgk.oversight"
    label = "oversight"
    verbose_name = "监督与考核"
    url_prefix = "oversight/"

    def ready(self):
        from dwgk.core import scheduled

        # panels: nav entries and workbench panels; services: the reader-facing text kinds (disclosures.release)
        from . import jobs, panels, services  # noqa: F401

        scheduled.register("发布完整性核查", jobs.publication_check, order=50)
