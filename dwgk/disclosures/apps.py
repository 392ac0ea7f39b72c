from django.apps import AppConfig


class DisclosuresConfig(AppConfig):
    name = "dwgk.disclosures"
    label = "disclosures"
    verbose_name = "党务公开事项"
    url_prefix = "disclosures/"
