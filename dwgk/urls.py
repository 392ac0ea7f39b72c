from django.urls import include, path

urlpatterns = [
    path("", include("dwgk.core.urls")),
    path("accounts/", include("dwgk.accounts.urls")),
    path("orgs/", include("dwgk.orgs.urls")),
    path("audit/", include("dwgk.audit.urls")),
]
