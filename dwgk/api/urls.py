from django.urls import path, re_path
from django.views.generic import RedirectView

from . import pages, views

app_name = "api"


def route(pattern: str, view, name: str):
    # With or without a trailing slash: integrators write both, and a redirect would drop the token.
    return re_path(rf"^{pattern}/?$", view, name=name)


urlpatterns = [
    re_path(r"^$", views.index, name="index"),
    route("openapi.json", views.openapi, "openapi"),
    path("docs/", pages.docs, name="docs"),
    path("tokens/", pages.token_page, name="tokens"),
    # The catch-all below would answer these with a JSON 404 before APPEND_SLASH could redirect.
    re_path(r"^(?P<page>docs|tokens)$", RedirectView.as_view(url="/api/v1/%(page)s/", permanent=True)),
    route("me", views.me, "me"),
    route("organizations", views.organizations, "organizations"),
    route(r"organizations/(?P<pk>[0-9]{1,18})", views.organization, "organization"),
    route("disclosures", views.disclosures, "disclosures"),
    route(r"disclosures/(?P<pk>[0-9]{1,18})", views.disclosure, "disclosure"),
    route(r"disclosures/(?P<pk>[0-9]{1,18})/attachments/(?P<att_pk>[0-9]{1,18})/download", views.attachment, "attachment"),
    route("catalogs", views.catalogs, "catalogs"),
    route(r"organizations/(?P<org_pk>[0-9]{1,18})/catalog", views.catalog, "catalog"),
    route("search", views.search, "search"),
    # Any character, line breaks included: a %0A in the path must get the JSON 404 too.
    re_path(r"^(?P<rest>[\s\S]*)$", views.unknown, name="unknown"),
]
