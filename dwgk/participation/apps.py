from django.apps import AppConfig


class ParticipationConfig(AppConfig):
    name = "dwgk.participation"
    label = "participation"
    verbose_name = "参与与反馈"
    url_prefix = "participation/"

    def ready(self):
        from dwgk.core import scheduled
        from dwgk.workdays.signals import schedule_changed

        # panels registers nav entries and workbench panels; engagement and feedback register their
        # reader-facing texts with the review pipeline (disclosures.release), for commands and jobs too.
        from . import engagement, feedback, jobs, panels  # noqa: F401

        scheduled.register("依申请公开与意见箱期限扫描", jobs.deadline_scan, order=40)
        from .services import recompute_open_requests

        def _recompute(sender, years=None, **kwargs):
            # A holiday schedule was loaded or corrected: stored deadlines follow it.
            recompute_open_requests(years)

        schedule_changed.connect(_recompute, dispatch_uid="participation.recompute_deadlines", weak=False)

        from dwgk.orgs.signals import rewrite_path_copies, subtree_moved

        from . import models

        def _moved(sender, old_path, new_path, **kwargs):
            # 隶属关系调整: the path copies that make subtree lists fast follow the move.
            for model in (models.DisclosureRequest, models.Feedback, models.Consultation, models.Notice,
                          models.Hearing, models.Inquiry):
                rewrite_path_copies(model, "org_path", old_path, new_path)
            rewrite_path_copies(models.Filing, "superior_path", old_path, new_path)

        subtree_moved.connect(_moved, dispatch_uid="participation.follow_moves", weak=False)

        from django.db.models.signals import post_save

        from dwgk.disclosures.changefeed import orgs_changed

        def _org_page_changed(sender, instance, **kwargs):
            # Org pages show consultations, notices, answered questions and feedback replies.
            orgs_changed(instance.org_id, event=f"participation.{sender.__name__.lower()}")

        for model in (models.Consultation, models.Notice, models.Inquiry, models.Feedback):
            post_save.connect(_org_page_changed, sender=model, dispatch_uid=f"participation.org_page.{model.__name__}",
                              weak=False)
