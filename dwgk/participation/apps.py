from django.apps import AppConfig


class ParticipationConfig(AppConfig):
    name = "dwgk.participation"
    label = "participation"
    verbose_name = "参与与反馈"
    url_prefix = "participation/"
