"""我的工作 panels: steps waiting for me, and my unread messages."""

from dwgk.core.workbench import panel

from . import release, selectors


@panel
def my_disclosure_tasks(request, viewer):
    tasks = selectors.my_tasks(viewer, limit=20)
    if not tasks:
        return None
    return {"title": "待办公开事项", "template": "disclosures/panels/tasks.html", "context": {"tasks": tasks}}


@panel
def my_inbox(request, viewer):
    if viewer.person is None:
        return None
    notes = list(selectors.inbox(viewer.person, unread_only=True)[:8])
    if not notes:
        return None
    return {"title": "站内消息", "template": "disclosures/panels/inbox.html",
            "context": {"notes": notes, "unread": selectors.unread_count(viewer.person)}}


@panel
def my_text_reviews(request, viewer):
    """政策解读、答复、通报 … waiting for a step I hold (先审查后公开)."""
    pending = release.pending_for(request.user)[:20]
    if not pending:
        return None
    return {"title": "待审文本", "template": "disclosures/panels/text_reviews.html", "context": {"pending": pending}}
