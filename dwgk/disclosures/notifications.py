"""站内消息 and email to the people who must act next; reminders before planned publication dates."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.db.models import F, Value
from django.db.models.functions import Concat
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dwgk.accounts.models import User
from dwgk.core.tasks import send_email
from dwgk.orgs.models import Person, RoleAssignment

from .models import Notification


def _url(disclosure) -> str:
    return reverse("disclosures:detail", args=[disclosure.pk]) if disclosure is not None else ""


def notify_person(person: Person | int, title: str, body: str = "", disclosure=None,
                  kind: str = "info", url: str | None = None) -> Notification:
    """One message to one person (a Person or its id) in the inbox, and by email if the account has one."""
    person_id = person if isinstance(person, int) else person.pk
    note = Notification.objects.create(recipient_id=person_id, title=title[:200], body=body,
                                       url=url if url is not None else _url(disclosure),
                                       disclosure=disclosure, kind=kind)
    email = _emails_of([person_id]).get(person_id)
    if email:
        send_email.enqueue(title, f"{body}\n\n{note.url}".strip(), [email])
    return note


def holders(step) -> list[Person]:
    return list(Person.objects.filter(roles__org_id=step.org_id, roles__role__in=step.roles).distinct()
                .select_related("user"))


def _emails_of(person_ids) -> dict[int, str]:
    ids = list(person_ids)
    table = connection.ops.quote_name(User._meta.db_table)
    with connection.cursor() as cursor:  # plain SQL: every workflow decision tells someone
        cursor.execute(f"SELECT person_id, email FROM {table} WHERE person_id IN ({', '.join(['%s'] * len(ids))})",
                       ids)
        return {pk: email for pk, email in cursor.fetchall() if email}


def _role_holders(org_id: int, roles, exclude_person=None) -> dict[int, str]:
    """person id → email (or "") of the holders of `roles` at the org. Plain SQL: this runs on
    every workflow decision."""
    q = connection.ops.quote_name
    roles = list(roles)
    sql = (f"SELECT ra.person_id, u.email FROM {q(RoleAssignment._meta.db_table)} ra "
           f"LEFT JOIN {q(User._meta.db_table)} u ON u.person_id = ra.person_id "
           f"WHERE ra.org_id = %s AND ra.role IN ({', '.join(['%s'] * len(roles))})")
    with connection.cursor() as cursor:
        cursor.execute(sql, [org_id, *roles])
        rows = cursor.fetchall()
    return {pk: email or "" for pk, email in rows if pk != exclude_person}


def withdraw_todos(disclosure_id: int) -> int:
    """The item left a step: the 待办 and reminders still unread are withdrawn with a note, so no one is
    sent to an item that has moved on without them. (The next step's holders get fresh 待办.)"""
    note = _("【已撤回】该事项已离开此环节（已由他人办理或流程已变化），此待办无需再办理。")
    stale = _UNREAD_TODOS.filter(disclosure_id=disclosure_id)
    return stale.update(read_at=timezone.now(), kind="withdrawn", body=Concat(Value(note + "\n"), F("body")))


# The fixed part of the filter, built once: every workflow decision withdraws (a lazy queryset, no query here).
_UNREAD_TODOS = Notification.objects.filter(kind__in=("todo", "reminder"), read_at__isnull=True)


def notify_step(step, actor=None, kind: str = "todo") -> list[Notification]:
    """Tell every holder of the step's role at the step's org that it is their turn."""
    d = step.workflow.disclosure
    title = _("待办：%(step)s — %(title)s") % {"step": step.label, "title": d.title}
    body = _("%(org)s的公开事项“%(title)s”已进入“%(step)s”环节，请及时办理。") % {
        "org": d.org.name, "title": d.title, "step": step.label}
    actor_id = getattr(actor, "person_id", None)
    recipients = _role_holders(step.org_id, step.roles, exclude_person=actor_id)
    url = _url(d)
    notes = Notification.objects.bulk_create([
        Notification(recipient_id=pk, title=title[:200], body=body, url=url, disclosure=d, kind=kind)
        for pk in sorted(recipients)])
    for email in sorted(e for e in recipients.values() if e):
        send_email.enqueue(title, f"{body}\n\n{url}", [email])
    return notes


def send_reminders(now=None, days: int | None = None) -> int:
    """Remind the holders of a pending step when the planned publication date is near (once a day)."""
    from .models import Workflow

    now = now or timezone.now()
    days = days if days is not None else settings.DWGK_DISCLOSURE_REMIND_DAYS
    sent = 0
    pending = (Workflow.objects.filter(active=True, current__isnull=False, disclosure__planned_at__isnull=False,
                                       disclosure__planned_at__lte=now + timedelta(days=days))
               .select_related("current", "current__org", "disclosure", "disclosure__org"))
    today_start = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    for wf in pending:
        d, step = wf.disclosure, wf.current
        left = (timezone.localdate(d.planned_at) - timezone.localdate(now)).days
        when = _("已超过计划公开时间") if left < 0 else _("距计划公开时间还有 %(n)s 天") % {"n": left}
        for person in holders(step):
            if Notification.objects.filter(recipient=person, disclosure=d, kind="reminder",
                                           created_at__gte=today_start).exists():
                continue
            notify_person(person, _("提醒：%(title)s（%(when)s）") % {"title": d.title, "when": when},
                          _("“%(step)s”环节尚未办理。") % {"step": step.label}, d, "reminder")
            sent += 1
    return sent


def mark_read(person: Person, ids=None) -> int:
    qs = Notification.objects.filter(recipient=person, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return qs.update(read_at=timezone.now())


def notify_holders(org_id: int, roles, *, title: str, body: str, url: str, exclude_person=None) -> int:
    """A 待办 for every holder of `roles` at the org (texts under review: release.py), by email too."""
    recipients = _role_holders(org_id, roles, exclude_person=exclude_person)
    Notification.objects.bulk_create([
        Notification(recipient_id=pk, title=title[:200], body=body, url=url, kind="todo") for pk in sorted(recipients)])
    for email in sorted(e for e in recipients.values() if e):
        send_email.enqueue(title, f"{body}\n\n{url}", [email])
    return len(recipients)


def withdraw_todos_for(url: str, note: str | None = None) -> int:
    """`withdraw_todos` for a 待办 that points at a page rather than a disclosure (a text under review)."""
    note = note or _("【已撤回】该文本已离开此环节（已由他人办理或流程已变化），此待办无需再办理。")
    stale = Notification.objects.filter(url=url, disclosure__isnull=True, kind__in=("todo", "reminder"),
                                        read_at__isnull=True)
    return stale.update(read_at=timezone.now(), kind="withdrawn", body=Concat(Value(note + "\n"), F("body")))
