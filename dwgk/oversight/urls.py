from django.urls import path

from . import views

app_name = "oversight"

urlpatterns = [
    path("", views.index, name="index"),
    path("registry/<int:org_id>/", views.registry, name="registry"),
    path("registry/<int:org_id>/add/<slug:kind>/", views.registry_add, name="registry_add"),
    path("supervisor/comment/", views.supervisor_comment, name="supervisor_comment"),
    path("inspections/", views.inspections, name="inspections"),
    path("inspections/new/", views.inspection_create, name="inspection_create"),
    path("inspections/<int:pk>/", views.inspection, name="inspection"),
    path("inspections/<int:pk>/<slug:action>/", views.inspection_action, name="inspection_action"),
    path("circulars/<int:pk>/disclosure/", views.circular_disclosure, name="circular_disclosure"),
    path("circulars/<int:pk>/revise/", views.circular_revise, name="circular_revise"),
    path("rectifications/<int:pk>/", views.rectification, name="rectification"),
    path("assessments/", views.assessments, name="assessments"),
    path("assessments/new/", views.assessment_create, name="assessment_create"),
    path("assessments/<int:pk>/", views.assessment, name="assessment"),
    path("assessments/<int:pk>/<slug:action>/", views.assessment_action, name="assessment_action"),
    path("surveys/", views.surveys, name="surveys"),
    path("surveys/new/", views.survey_create, name="survey_create"),
    path("surveys/<int:pk>/", views.survey_take, name="survey_take"),
    path("surveys/<int:pk>/results/", views.survey_results, name="survey_results"),
    path("accountability/", views.accountability, name="accountability"),
    path("best-practice/", views.best_practice, name="best_practice"),
    path("best-practice/<int:pk>/", views.round_detail, name="round"),
    path("best-practice/<int:pk>/<slug:action>/", views.round_action, name="round_action"),
]
