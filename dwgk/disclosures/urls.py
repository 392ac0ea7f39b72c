from django.urls import path

from . import views

app_name = "disclosures"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.create, name="create"),
    path("people/", views.people, name="people"),
    path("inbox/", views.inbox, name="inbox"),
    path("settings/workflow/", views.workflow_settings, name="workflow_settings"),
    path("settings/secrecy-terms/", views.secrecy_terms, name="secrecy_terms"),
    path("screen/<int:org_pk>/", views.screen, name="screen"),
    path("texts/", views.text_reviews, name="text_reviews"),
    path("texts/<int:pk>/", views.text_review, name="text_review"),
    path("texts/<int:pk>/finding/", views.text_finding, name="text_finding"),
    path("texts/<int:pk>/act/", views.text_act, name="text_act"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/risk/", views.risk, name="risk"),
    path("<int:pk>/attach/", views.attach, name="attach"),
    path("<int:pk>/attachments/<int:att_pk>/", views.attachment, name="attachment"),
    path("<int:pk>/attachments/<int:att_pk>/remove/", views.detach, name="detach"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/act/", views.act, name="act"),
    path("<int:pk>/finding/", views.finding, name="finding"),
    path("<int:pk>/publish/", views.publish, name="publish"),
    path("<int:pk>/offline/", views.offline, name="offline"),
    path("<int:pk>/board/", views.board, name="board"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("<int:pk>/correct/", views.correct, name="correct"),
    path("<int:pk>/widen/", views.widen, name="widen"),
    path("<int:pk>/interpret/", views.interpret, name="interpret"),
    path("<int:pk>/archive/", views.archive, name="archive"),
    path("<int:pk>/package/", views.package, name="package"),
]
