from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("stats/", views.stats, name="stats"),
    path("stats.xlsx", views.stats_xlsx, name="stats_xlsx"),
    path("stats.pdf", views.stats_pdf, name="stats_pdf"),
    path("compliance/", views.compliance, name="compliance"),
    path("dashboard/", views.dashboard_view, name="dashboard"),
    path("bigscreen/", views.bigscreen, name="bigscreen"),
    path("briefings/", views.briefings, name="briefings"),
    path("briefings/<int:pk>/", views.briefing_detail, name="briefing"),
    path("briefings/<int:pk>/pdf/", views.briefing_pdf, name="briefing_pdf"),
]
