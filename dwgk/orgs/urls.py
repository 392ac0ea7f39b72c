from django.urls import path

from . import import_views, views

app_name = "orgs"
urlpatterns = [
    path("", views.tree, name="tree"),
    path("roles/", views.roles, name="roles"),
    path("import/", import_views.import_view, name="import"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/guide/", views.guide_contact, name="guide_contact"),
    path("<int:pk>/roles/grant/", views.grant_role, name="grant_role"),
    path("<int:pk>/roles/revoke/", views.revoke_role, name="revoke_role"),
]
