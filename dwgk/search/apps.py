from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "dwgk.search"
    label = "search"
    verbose_name = "全文检索"
    url_prefix = "search/"

    def ready(self):
        from django.conf import settings

        from .providers import register_disclosures

        if not register_disclosures():
            return
        from dwgk.portal.events import disclosure_changed

        from .services import note_changed

        def _changed(sender, ids, **kwargs):
            # Publish, correct, withdraw, expire, scope change and archive, after the transaction commits
            # (dwgk.portal.events turns the workflow's audit entries into this one signal).
            if not getattr(settings, "DWGK_SEARCH_AUTO_INDEX", True):
                return
            note_changed("disclosure", ids)

        disclosure_changed.connect(_changed, dispatch_uid="search.disclosure_changed", weak=False)
