from django.urls import path

from . import views

app_name = "catalog"
urlpatterns = [
    path("", views.index, name="index"),
    path("due/", views.due, name="due"),
    path("filings/", views.filings, name="filings"),
    path("filings/<int:pk>/", views.filing, name="filing"),
    path("changes/", views.changes, name="changes"),
    path("changes/<int:pk>/", views.change, name="change"),
    path("org/<int:org_pk>/", views.detail, name="detail"),
    path("org/<int:org_pk>/create/", views.create, name="create"),
    path("org/<int:org_pk>/public/", views.public, name="public"),
    path("org/<int:org_pk>/items/new/", views.item_edit, name="item_new"),
    path("org/<int:org_pk>/items/<int:item_pk>/", views.item_edit, name="item_edit"),
    path("org/<int:org_pk>/items/<int:item_pk>/delete/", views.item_delete, name="item_delete"),
    path("org/<int:org_pk>/submit/", views.submit, name="submit"),
    path("org/<int:org_pk>/publish/", views.publish, name="publish"),
    path("org/<int:org_pk>/template/", views.apply_template, name="apply_template"),
    path("org/<int:org_pk>/push/", views.push_template, name="push_template"),
    path("org/<int:org_pk>/compare/", views.compare, name="compare"),
    path("org/<int:org_pk>/changes/new/", views.change_new, name="change_new"),
    path("org/<int:org_pk>/versions/<int:number>/", views.version, name="version"),
    path("org/<int:org_pk>/export.<str:fmt>", views.export, name="export"),
    path("org/<int:org_pk>/import/", views.import_view, name="import"),
]
