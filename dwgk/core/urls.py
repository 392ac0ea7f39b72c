from django.urls import path

from . import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("workbench/", views.workbench, name="workbench"),
    path("prefs/large-type/", views.toggle_large_type, name="large_type"),
    path("prefs/org/", views.switch_org, name="switch_org"),
    path("favicon.ico", views.favicon, name="favicon"),
]
