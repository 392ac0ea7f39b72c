from django.urls import path

from . import views

app_name = "participation"
urlpatterns = [
    path("", views.index, name="index"),
    path("feedback/", views.feedback_new, name="feedback_new"),
    path("request/", views.request_new, name="request_new"),
    path("orgs/search/", views.org_search, name="org_search"),
    path("query/", views.query, name="query"),
    path("mine/", views.mine, name="mine"),
    path("captcha/<str:key>.svg", views.captcha_image, name="captcha"),
    path("track/request/<int:pk>/", views.track_request, name="track_request"),
    path("track/feedback/<int:pk>/", views.track_feedback, name="track_feedback"),
    path("letters/<int:pk>/", views.letter_view, name="letter"),
    path("letters/<int:pk>/pdf/", views.letter_view, {"fmt": "pdf"}, name="letter_pdf"),
    path("consultations/<int:pk>/", views.consultation_detail, name="consultation"),
    path("notices/<int:pk>/", views.notice_detail, name="notice"),
    path("hearings/<int:pk>/", views.hearing_detail, name="hearing"),
    path("inquiries/", views.inquiries, name="inquiries"),
    path("manage/", views.manage, name="manage"),
    path("manage/requests/new/", views.manage_request_new, name="manage_request_new"),
    path("manage/requests/<int:pk>/", views.manage_request, name="manage_request"),
    path("manage/feedback/new/", views.manage_feedback_new, name="manage_feedback_new"),
    path("manage/feedback/<int:pk>/", views.manage_feedback, name="manage_feedback"),
    path("manage/consultations/new/", views.manage_consultation_new, name="manage_consultation_new"),
    path("manage/consultations/<int:pk>/", views.manage_consultation, name="manage_consultation"),
    path("manage/notices/new/", views.manage_notice_new, name="manage_notice_new"),
    path("manage/notices/<int:pk>/", views.manage_notice, name="manage_notice"),
    path("manage/hearings/new/", views.manage_hearing_new, name="manage_hearing_new"),
    path("manage/hearings/<int:pk>/", views.manage_hearing, name="manage_hearing"),
    path("manage/inquiries/<int:pk>/answer/", views.manage_inquiry, name="manage_inquiry"),
]
