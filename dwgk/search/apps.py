from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "dwgk.search"
    label = "search"
    verbose_name = "全文检索"
    url_prefix = "search/"

    def ready(self):
        from django.conf import settings
        from django.db import transaction
        from django.db.models.signals import post_save

        from .providers import register_disclosures

        if not register_disclosures():
            return
        from dwgk.disclosures.models import Disclosure

        from .services import on_document_changed

        def _changed(sender, instance, **kwargs):
            # Publish, correct, withdraw, scope change and archive all save the disclosure; only items
            # that are or were public reach the index, after the transaction commits.
            if instance.published_at is None or not getattr(settings, "DWGK_SEARCH_AUTO_INDEX", True):
                return
            pk = instance.pk
            transaction.on_commit(lambda: on_document_changed("disclosure", pk))

        post_save.connect(_changed, sender=Disclosure, dispatch_uid="search.disclosure_changed", weak=False)
