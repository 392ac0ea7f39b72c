"""Portal URLs are file-like where the static mirror must hold them: paths, not query strings, for
lists and pages, and `.xml` feed files, so any static web server serves the same addresses."""

from django.conf import settings
from django.urls import path, register_converter

from . import views


class FeedFormat:
    regex = "atom|rss"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(FeedFormat, "feedfmt")

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("latest/", views.latest, name="latest"),
    path("guide/", views.guide, name="guide"),
    path("org/<int:pk>/", views.org, name="org"),
    path("org/<int:pk>/all/", views.org_list, name="org_all"),
    path("org/<int:pk>/all/<int:page>/", views.org_list, name="org_all_page"),
    path("org/<int:pk>/category/<slug:category>/", views.org_list, name="org_category"),
    path("org/<int:pk>/category/<slug:category>/<int:page>/", views.org_list, name="org_category_page"),
    path("org/<int:pk>/year/<int:year>/", views.org_list, name="org_year"),
    path("org/<int:pk>/year/<int:year>/<int:page>/", views.org_list, name="org_year_page"),
    path("org/<int:pk>/catalog/", views.catalog, name="catalog"),
    path("org/<int:pk>/guide/", views.guide, name="org_guide"),
    path("d/<int:pk>/", views.disclosure, name="disclosure"),
    path("d/<int:pk>/print/", views.disclosure_print, name="disclosure_print"),
    path("font-size/", views.font_size, name="font_size"),
    path("d/<int:pk>/files/<int:att_pk>.<slug:ext>", views.attachment, name="attachment"),
    path("feeds/all/<feedfmt:fmt>.xml", views.feed_all, name="feed_all"),
    path("feeds/org/<int:pk>/<feedfmt:fmt>.xml", views.feed_org, name="feed_org"),
    path("feeds/category/<slug:category>/<feedfmt:fmt>.xml", views.feed_category, name="feed_category"),
    path("feeds/search/<feedfmt:fmt>.xml", views.feed_search, name="feed_search"),
    path("feeds/me/<str:token>/<feedfmt:fmt>.xml", views.feed_personal, name="feed_personal"),
    path("me/feed/", views.my_feed, name="my_feed"),
    path("kiosk/<int:org_pk>/", views.kiosk, name="kiosk"),
    path("kiosk/<int:org_pk>/category/<slug:category>/", views.kiosk_category, name="kiosk_category"),
    path("kiosk/<int:org_pk>/d/<int:pk>/", views.kiosk_detail, name="kiosk_detail"),
    path("screen/<int:org_pk>/", views.screen, name="screen"),
]

# The benchmark's framework ceiling: a view that does nothing, behind the same middleware. Its address
# exists only when the bench turns it on (DWGK_BENCH_CEILING=1), never in a production configuration.
if settings.DWGK_BENCH_CEILING:
    urlpatterns.append(path("_bench/ceiling/", views.bench_ceiling, name="bench_ceiling"))
