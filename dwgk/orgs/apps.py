from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "dwgk.orgs"
    label = "orgs"
    url_prefix = "orgs/"
    verbose_name = "党组织与人员"
