from django.apps import AppConfig


class DisclosuresConfig(AppConfig):
    name = "dwgk.disclosures"
    label = "disclosures"
    verbose_name = "党务公开事项"
    url_prefix = "disclosures/"

    def ready(self):
        from django.utils.translation import gettext_lazy as _

        from dwgk.core import scheduled
        from dwgk.core.dbguard import keep_after_migrate
        from dwgk.core.nav import NavEntry, register
        from dwgk.orgs.models import Role

        from . import changefeed, jobs, panels  # noqa: F401  (panels registers the workbench panels)

        changefeed.connect()

        scheduled.register("定时发布与到期下线", jobs.publish_scheduled, order=20)
        scheduled.register("公开事项到期提醒", jobs.reminders, order=30)
        scheduled.register("公开内容核对", jobs.reader_copy_check, order=60)
        scheduled.register("公开文本核对", jobs.text_check, order=61)

        register(NavEntry(_("公开事项"), "disclosures:index", ("staff",)))
        register(NavEntry(_("消息"), "disclosures:inbox", ("staff",)))
        register(NavEntry(_("待审文本"), "disclosures:text_reviews", ("staff",)))
        register(NavEntry(_("公开流程设置"), "disclosures:workflow_settings", (Role.OFFICE_ADMIN,)))
        register(NavEntry(_("保密审查词库"), "disclosures:secrecy_terms", (Role.SECRECY, Role.OFFICE_ADMIN)))
        keep_after_migrate(self, ["0002_append_only", "0008_published_content_frozen",
                                  "0010_text_records_append_only"])
