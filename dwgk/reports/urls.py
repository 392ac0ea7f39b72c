from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("stats/", views.stats, name="stats"),
    path("stats.xlsx", views.stats_xlsx, name="stats_xlsx"),
    path("stats.pdf", views.stats_pdf, name="stats_pdf"),
    path("compliance/", views.compliance, name="compliance"),
]
