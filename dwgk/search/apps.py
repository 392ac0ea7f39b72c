from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "dwgk.search"
    label = "search"
    verbose_name = "全文检索"
    url_prefix = "search/"

    def ready(self):
        from .providers import register_disclosures

        if not register_disclosures():
            return
        from dwgk.core.changes import committed, register_follower

        from .services import follow_feed
        from .tasks import on_feed_committed

        register_follower("search", follow_feed)  # this node's own index

        # Publish, correct, withdraw, expire, scope change and archive are in the change feed
        # (dwgk.disclosures.changefeed); this nudge follows it at once where no worker does.
        committed.connect(on_feed_committed, dispatch_uid="search.feed_committed", weak=False)
