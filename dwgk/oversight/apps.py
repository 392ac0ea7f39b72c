from django.apps import AppConfig


class OversightConfig(AppConfig):
    name = "dwgk.oversight"
    label = "oversight"
    verbose_name = "监督与考核"
    url_prefix = "oversight/"

    def ready(self):
        from . import panels  # noqa: F401  (registers nav entries and workbench panels)
