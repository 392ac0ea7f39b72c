from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "dwgk.search"
    label = "search"
    verbose_name = "全文检索"
    url_prefix = "search/"

    def ready(self):
        from .providers import register_disclosures

        register_disclosures()
