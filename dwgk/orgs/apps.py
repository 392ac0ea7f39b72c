from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "dwgk.orgs"
    label = "orgs"
    url_prefix = "orgs/"
    verbose_name = "党组织与人员"

    def ready(self):
        from django.utils.translation import gettext_lazy as _

        from dwgk.core.nav import NavEntry, register, register_home

        from . import views
        from .models import Role

        register(NavEntry(_("组织架构"), "orgs:tree", ("auth",)), position=1)
        register(NavEntry(_("人员与角色"), "orgs:roles", (Role.OFFICE_ADMIN, "admin:security", "admin:system")))
        register(NavEntry(_("数据导入"), "orgs:import", (Role.OFFICE_ADMIN, "admin:system")))
        register_home("staff", views.staff_home)
