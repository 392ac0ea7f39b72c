from django.apps import AppConfig


class WorkdaysConfig(AppConfig):
    name = "dwgk.workdays"
    label = "workdays"
    verbose_name = "节假日与工作日"
