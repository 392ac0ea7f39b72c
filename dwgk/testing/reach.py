"""Concrete addresses for every named URL pattern, in whatever world is seeded (the test world or the demo).

`plan(user)` gives, for every pattern, the addresses to try as that account: a pattern without arguments is
reversed as is; a pattern with arguments is filled from the database with real objects of the right kind,
those of the account's own organizations (and below) first, spread over their states. Patterns the helper
does not fill are listed in `UNFILLED` with the reason; `unaccounted()` names any pattern that is in
neither, so a new URL cannot silently fall out of the tests that walk every page.

Crawls try each address as the account and keep those that answer; a pattern that answers 405 to a GET is
a POST-only action and is covered by the write matrix instead.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import date
from html.parser import HTMLParser
from urllib.parse import urlsplit

from django.apps import apps
from django.core.management import call_command
from django.db import transaction
from django.db.models import Model, QuerySet
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.exceptions import Resolver404

from dwgk.access.disclosures import visible_disclosures
from dwgk.catalog.models import Catalog, CatalogItem, CatalogVersion, ItemChange
from dwgk.catalog.models import Filing as CatalogFiling
from dwgk.core.choices import Category
from dwgk.disclosures.models import Attachment, Disclosure, TextReview
from dwgk.disclosures.models import Status as DisclosureStatus
from dwgk.orgs.models import Organization, RoleAssignment
from dwgk.oversight.models import Assessment, BestPracticeRound, Circular, Inspection, Rectification, Survey
from dwgk.participation.models import (
    Consultation,
    DisclosureRequest,
    Feedback,
    Hearing,
    Inquiry,
    Letter,
    Notice,
)
from dwgk.workdays.models import HolidaySchedule

Kwargs = dict[str, object]


@dataclass(frozen=True)
class Pattern:
    name: str                   # "namespace:name"
    params: tuple[str, ...]     # the path arguments, in order


def patterns() -> dict[str, Pattern]:
    """Every named URL pattern of the project."""
    out: dict[str, Pattern] = {}

    def walk(items, ns: str, inherited: tuple[str, ...]):
        for p in items:
            params = inherited + tuple(p.pattern.regex.groupindex)
            if isinstance(p, URLResolver):
                walk(p.url_patterns, f"{ns}{p.namespace}:" if p.namespace else ns, params)
            elif isinstance(p, URLPattern) and p.name:
                out.setdefault(f"{ns}{p.name}", Pattern(f"{ns}{p.name}", params))

    walk(get_resolver().url_patterns, "", ())
    return out


# ------------------------------------------------------------------------------------------- the account


_NEAR: dict[object, set[int]] = {}


def _near_org_ids(user) -> set[int]:
    """The account's own organizations: where its person holds a duty (and everything below), its party
    organization and its affiliations. (Remembered for one `plan`.)"""
    key = getattr(user, "pk", None)
    if key not in _NEAR:
        _NEAR[key] = _near_uncached(user)
    return _NEAR[key]


def _near_uncached(user) -> set[int]:
    person = getattr(user, "person", None) if user is not None and user.is_authenticated else None
    if person is None:
        return set()
    roots = list(Organization.objects.filter(
        pk__in=RoleAssignment.objects.filter(person=person).values("org_id")).values_list("path", flat=True))
    ids = set()
    for path in roots:
        ids |= set(Organization.objects.filter(path__startswith=path).values_list("pk", flat=True))
    if person.party_org_id:
        ids.add(person.party_org_id)
    ids |= set(person.affiliations.values_list("org_id", flat=True))
    return ids


def _pick(qs: QuerySet, user, org: str | None = "org_id", spread: str | None = None, n: int = 6) -> list[Model]:
    """Up to n rows of qs: those of the account's organizations first, one of each state (`spread`) before
    a second of any, newest first."""
    near = _near_org_ids(user) if org else set()
    tiers = [qs.filter(**{f"{org}__in": near}), qs.exclude(**{f"{org}__in": near})] if near else [qs]
    out: list[Model] = []
    for tier in tiers:
        if spread:
            values = sorted(set(tier.order_by().values_list(spread, flat=True).distinct()), key=str)
            groups = [list(tier.filter(**{spread: v}).order_by("-pk")[:n]) for v in values]
            out += [r for row in itertools.zip_longest(*groups) for r in row if r is not None]
        else:
            out += list(tier.order_by("-pk")[:n])
        if len(out) >= n:
            break
    return out[:n]


def _orgs(user, n: int = 4) -> list[Organization]:
    return _pick(Organization.objects.all(), user, org="pk", spread="kind", n=n)


def _pks(rows: Iterable[Model], key: str = "pk") -> list[Kwargs]:
    return [{key: r.pk} for r in rows]


# ------------------------------------------------------------------------------------------- the fillers


ALL_STATES = len(DisclosureStatus.values)


def _disclosures(user, n=ALL_STATES):
    return _pick(Disclosure.objects.all(), user, spread="status", n=n)


def _published(user, n=4):
    return _pick(visible_disclosures(user, Disclosure.objects.all()), user, n=n)


def _attachments(user, readable: bool):
    qs = Attachment.objects.select_related("disclosure")
    if readable:
        qs = qs.filter(disclosure__in=visible_disclosures(user, Disclosure.objects.all()))
    return _pick(qs, user, org="disclosure__org_id", n=4)


def _catalog_orgs(user, n=4):
    return _pick(Catalog.objects.all(), user, spread="state", n=n)


def _catalog_items(user):
    return [{"org_pk": i.catalog.org_id, "item_pk": i.pk}
            for i in _pick(CatalogItem.objects.select_related("catalog"), user, org="catalog__org_id", n=4)]


def _versions(user):
    return [{"org_pk": v.catalog.org_id, "number": v.number}
            for v in _pick(CatalogVersion.objects.select_related("catalog"), user, org="catalog__org_id", n=4)]


def _kiosk_detail(user):
    return [{"org_pk": d.org_id, "pk": d.pk} for d in _published(user)]


def _org_category(user, paged=False):
    out = []
    for d in _published(user):
        kw = {"pk": d.org_id, "category": d.category}
        out.append({**kw, "page": 1} if paged else kw)
    return out or [{"pk": o.pk, "category": Category.values[0], **({"page": 1} if paged else {})}
                   for o in _orgs(user)]


def _org_year(user, paged=False):
    out = []
    for d in _published(user):
        year = (d.published_at or d.created_at).year
        out.append({"pk": d.org_id, "year": year, **({"page": 1} if paged else {})})
    return out


# Pattern → the account → argument sets, best first ("?" adds a query string).
FILL: dict[str, Callable[[object], list[Kwargs]]] = {
    # api (JSON)
    "api:organization": lambda u: _pks(_orgs(u, 2)),
    "api:disclosure": lambda u: _pks(_published(u, 2)),
    "api:attachment": lambda u: [{"pk": a.disclosure_id, "att_pk": a.pk} for a in _attachments(u, True)[:2]],
    "api:catalog": lambda u: [{"org_pk": c.org_id} for c in _catalog_orgs(u, 2)],
    "api:search": lambda u: [{"?": "q=党费"}],
    # orgs
    "orgs:detail": lambda u: _pks(_orgs(u)),
    "orgs:guide_contact": lambda u: _pks(_orgs(u)),
    "orgs:grant_role": lambda u: _pks(_orgs(u, 1)),
    "orgs:revoke_role": lambda u: _pks(_orgs(u, 1)),
    # catalog
    "catalog:filing": lambda u: _pks(_pick(CatalogFiling.objects.all(), u, org="filed_with_id", spread="decision")),
    "catalog:change": lambda u: _pks(_pick(ItemChange.objects.all(), u, org="approver_org_id", spread="state")),
    **{f"catalog:{name}": (lambda u: [{"org_pk": c.org_id} for c in _catalog_orgs(u)])
       for name in ("detail", "create", "public", "item_new", "submit", "publish", "apply_template",
                    "push_template", "compare", "change_new", "import")},
    "catalog:item_edit": _catalog_items,
    "catalog:item_delete": _catalog_items,
    "catalog:version": _versions,
    "catalog:export": lambda u: [{"org_pk": c.org_id, "fmt": fmt} for c in _catalog_orgs(u, 2)
                                 for fmt in ("xlsx", "csv")],
    # disclosures (the workbench)
    "disclosures:screen": lambda u: [{"org_pk": o.pk} for o in _orgs(u)],
    **{f"disclosures:{name}": (lambda u: _pks(_disclosures(u)))
       for name in ("detail", "edit", "risk", "attach", "submit", "act", "finding", "publish", "offline", "board",
                    "withdraw", "correct", "widen", "interpret", "archive")},
    "disclosures:package": lambda u: _pks(_pick(Disclosure.objects.filter(archive__isnull=False), u)),
    "disclosures:attachment": lambda u: [{"pk": a.disclosure_id, "att_pk": a.pk} for a in _attachments(u, False)],
    "disclosures:detach": lambda u: [{"pk": a.disclosure_id, "att_pk": a.pk} for a in _attachments(u, False)[:1]],
    **{f"disclosures:{name}": (lambda u: _pks(_pick(TextReview.objects.all(), u, spread="state")))
       for name in ("text_review", "text_finding", "text_act")},
    # oversight
    "oversight:registry": lambda u: [{"org_id": o.pk} for o in _orgs(u)],
    "oversight:registry_add": lambda u: [{"org_id": o.pk, "kind": "body"} for o in _orgs(u, 1)],
    "oversight:inspection": lambda u: _pks(_pick(Inspection.objects.all(), u, org="organizer_id", spread="state")),
    "oversight:inspection_action": lambda u: [{"pk": i.pk, "action": "start"}
                                              for i in _pick(Inspection.objects.all(), u, org="organizer_id", n=1)],
    "oversight:circular_disclosure": lambda u: _pks(_pick(Circular.objects.all(), u, n=1)),
    "oversight:circular_revise": lambda u: _pks(_pick(Circular.objects.all(), u, n=1)),
    "oversight:rectification": lambda u: _pks(_pick(Rectification.objects.all(), u, spread="state")),
    "oversight:assessment": lambda u: _pks(_pick(Assessment.objects.all(), u, spread="state")),
    "oversight:assessment_action": lambda u: [{"pk": a.pk, "action": "open"}
                                              for a in _pick(Assessment.objects.all(), u, n=1)],
    "oversight:survey_take": lambda u: _pks(_pick(Survey.objects.all(), u, spread="state")),
    "oversight:survey_results": lambda u: _pks(_pick(Survey.objects.all(), u, spread="state")),
    "oversight:round": lambda u: _pks(_pick(BestPracticeRound.objects.all(), u, org="organizer_id", spread="state")),
    "oversight:round_action": lambda u: [{"pk": r.pk, "action": "close"}
                                         for r in _pick(BestPracticeRound.objects.all(), u, org="organizer_id", n=1)],
    # participation
    "participation:track_request": lambda u: _pks(_pick(DisclosureRequest.objects.all(), u, spread="state")),
    "participation:track_feedback": lambda u: _pks(_pick(Feedback.objects.all(), u, spread="state")),
    "participation:letter": lambda u: _pks(_pick(Letter.objects.all(), u, spread="kind")),
    "participation:letter_pdf": lambda u: _pks(_pick(Letter.objects.all(), u, n=1)),
    "participation:consultation": lambda u: _pks(_pick(Consultation.objects.all(), u)),
    "participation:notice": lambda u: _pks(_pick(Notice.objects.all(), u, spread="kind")),
    "participation:hearing": lambda u: _pks(_pick(Hearing.objects.all(), u, spread="kind")),
    "participation:manage_request": lambda u: _pks(_pick(DisclosureRequest.objects.all(), u, spread="state")),
    "participation:manage_feedback": lambda u: _pks(_pick(Feedback.objects.all(), u, spread="state")),
    "participation:manage_consultation": lambda u: _pks(_pick(Consultation.objects.all(), u)),
    "participation:manage_notice": lambda u: _pks(_pick(Notice.objects.all(), u, spread="kind")),
    "participation:manage_hearing": lambda u: _pks(_pick(Hearing.objects.all(), u, spread="kind")),
    "participation:manage_inquiry": lambda u: _pks(_pick(Inquiry.objects.all(), u)),
    # portal
    **{f"portal:{name}": (lambda u: _pks(_orgs(u))) for name in ("org", "org_all", "catalog", "org_guide")},
    "portal:org_all_page": lambda u: [{"pk": o.pk, "page": 1} for o in _orgs(u)],
    "portal:org_category": _org_category,
    "portal:org_category_page": lambda u: _org_category(u, paged=True),
    "portal:org_year": _org_year,
    "portal:org_year_page": lambda u: _org_year(u, paged=True),
    "portal:disclosure": lambda u: _pks(_published(u)),
    "portal:disclosure_print": lambda u: _pks(_published(u)),
    "portal:attachment": lambda u: [{"pk": a.disclosure_id, "att_pk": a.pk,
                                     "ext": (a.name.rsplit(".", 1)[-1].lower() if "." in a.name else "bin")}
                                    for a in _attachments(u, True)],
    "portal:feed_all": lambda u: [{"fmt": "atom"}, {"fmt": "rss"}],
    "portal:feed_org": lambda u: [{"pk": o.pk, "fmt": "atom"} for o in _orgs(u, 2)],
    "portal:feed_category": lambda u: [{"category": c, "fmt": "rss"} for c in Category.values[:2]],
    "portal:feed_search": lambda u: [{"fmt": "atom", "?": "q=党费"}],
    "portal:kiosk": lambda u: [{"org_pk": o.pk} for o in _orgs(u)],
    "portal:kiosk_category": lambda u: [{"org_pk": d.org_id, "category": d.category} for d in _published(u)],
    "portal:kiosk_detail": _kiosk_detail,
    "portal:screen": lambda u: [{"org_pk": o.pk} for o in _orgs(u)],
    # reports
    # Through the app registry: test support imports no reader app's modules (layers run downward).
    "reports:briefing": lambda u: _pks(_pick(apps.get_model("reports", "AnnualBriefing").objects.all(), u)),
    "reports:briefing_pdf": lambda u: _pks(_pick(apps.get_model("reports", "AnnualBriefing").objects.all(), u,
                                                 n=1)),
    # workdays
    "workdays:year": lambda u: [{"year": y} for y in sorted(
        set(HolidaySchedule.objects.values_list("year", flat=True)) | {date.today().year}, reverse=True)[:3]],
    "workdays:set_day": lambda u: [{"year": date.today().year}],
    "workdays:remove_day": lambda u: [{"year": date.today().year}],
}

# Patterns with arguments the helper does not fill, and why.
UNFILLED: dict[str, str] = {
    "api:unknown": "JSON 错误兜底（任意路径），由 API 的 schemathesis 测试覆盖",
    "participation:captcha": "验证码图片，键只在表单页面生成时存在（缓存中），由意见箱表单测试覆盖",
    "portal:feed_personal": "个人订阅令牌只在生成时显示一次（库中只存摘要），由订阅测试覆盖",
}


def unaccounted() -> list[str]:
    """Patterns with arguments that are neither filled nor listed in UNFILLED."""
    return sorted(name for name, p in patterns().items()
                  if p.params and name not in FILL and name not in UNFILLED)


def plan(user, limit: int = 14, app: str | None = None) -> dict[str, list[str]]:
    """Every pattern (of `app`, when given) → addresses to try as `user`, best first."""
    out: dict[str, list[str]] = {}
    _NEAR.clear()
    for name, p in patterns().items():
        if app and name.split(":", 1)[0] != app:
            continue
        if name in FILL:
            urls = []
            for kw in FILL[name](user)[:limit]:
                url = reverse(name, kwargs={k: kw[k] for k in p.params} or None)
                if kw.get("?"):
                    url += "?" + str(kw["?"])
                if url not in urls:
                    urls.append(url)
            out[name] = urls
        elif not p.params:
            out[name] = [reverse(name)]
    return out


# ------------------------------------------------------------------------------------------- the demo


@contextmanager
def seeded_demo(django_db_blocker, tmp):
    """The demo data, seeded inside a transaction that is rolled back when the block ends; tests run in
    savepoints within it (a package fixture wraps this; use it with `django_db`)."""
    with django_db_blocker.unblock(), override_settings(
            DWGK_MIRROR_DIR=tmp / "mirror", DWGK_SEARCH_DIR=tmp / "search", MEDIA_ROOT=tmp / "media"):
        with transaction.atomic():
            call_command("seed", "--demo", verbosity=0)
            yield tmp
            transaction.set_rollback(True)


# ------------------------------------------------------------------------------------------- forms


@dataclass
class Field:
    name: str
    kind: str                           # text, textarea, select, checkbox, radio, submit, number, date, file …
    value: str = ""                     # as rendered (text, textarea; the selected option of a select)
    options: list[str] = dataclass_field(default_factory=list)   # select / checkbox / radio values
    checked: list[str] = dataclass_field(default_factory=list)   # checked boxes, selected options
    required: bool = False
    multiple: bool = False


@dataclass
class Form:
    action: str                         # the address posted to (the page's own when the form has none)
    fields: dict[str, Field]
    hidden: dict[str, str]
    html_id: str = ""

    @property
    def key(self) -> tuple[str | None, tuple[str, ...]]:
        """What makes two forms the same form: the pattern they post to and the fields they send."""
        name = _name_or_none(urlsplit(self.action).path)
        return name, tuple(sorted(self.fields))


def _name_or_none(path: str) -> str | None:
    try:
        return resolve(path).view_name
    except Resolver404:
        return None


class FormParser(HTMLParser):
    """The POST forms of a page, with what each field shows."""

    def __init__(self, page: str):
        super().__init__()
        self.page = page
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: Field | None = None
        self._textarea: Field | None = None
        self._option: str | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form":
            if (a.get("method") or "").lower() == "post":
                action = a.get("action") or self.page
                self._form = Form(action=action, fields={}, hidden={}, html_id=a.get("id", ""))
                self.forms.append(self._form)
            return
        f = self._form
        if f is None or not a.get("name"):
            if tag == "option" and self._select is not None:
                self._option_start(a)
            return
        name = a["name"]
        if tag == "input":
            kind = (a.get("type") or "text").lower()
            if kind == "hidden":
                f.hidden[name] = a.get("value", "")
            elif kind in ("checkbox", "radio"):
                fld = f.fields.setdefault(name, Field(name, kind, required="required" in a))
                fld.options.append(a.get("value") or "on")
                if "checked" in a:
                    fld.checked.append(a.get("value") or "on")
            elif kind == "submit":
                f.fields.setdefault(name, Field(name, "submit")).options.append(a.get("value", ""))
            elif kind not in ("button", "image", "reset"):
                f.fields[name] = Field(name, kind, a.get("value", ""), required="required" in a)
        elif tag == "button" and (a.get("type") or "submit").lower() == "submit":
            # A named submit button sends its value: which button a person pressed (e.g. 通过 / 退回).
            f.fields.setdefault(name, Field(name, "submit")).options.append(a.get("value", ""))
        elif tag == "textarea":
            self._textarea = f.fields[name] = Field(name, "textarea", "", required="required" in a)
        elif tag == "select":
            self._select = f.fields[name] = Field(name, "select", required="required" in a,
                                                   multiple="multiple" in a)
        elif tag == "option" and self._select is not None:
            self._option_start(a)

    def _option_start(self, a):
        value = a.get("value", "")
        self._select.options.append(value)
        if "selected" in a:
            self._select.checked.append(value)
            self._select.value = value

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea.value += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            if self._select is not None and not self._select.checked and self._select.options \
                    and not self._select.multiple:
                self._select.value = self._select.options[0]  # what a browser sends unselected
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            # The HTML parser hands over the first newline after <textarea> as text; browsers drop it.
            self._textarea.value = self._textarea.value.removeprefix("\n")
            self._textarea = None


def post_forms(html: str, page: str) -> list[Form]:
    parser = FormParser(page)
    parser.feed(html)
    return [f for f in parser.forms if f.fields]


def form_pages(accounts, app: str | None = None, skip=("accounts:logout",), done: set | None = None):
    """(account, client, page, form) for every distinct POST form on the pages `plan` reaches (every
    candidate address: objects in other states show other forms), as each account in turn that is shown it, until the caller adds the form's `key` to `done` (by default the
    first account only). `accounts` are User objects or None (anonymous)."""
    from django.test import Client

    own = done is None
    done = set() if done is None else done
    for user in accounts:
        client = Client(raise_request_exception=False)
        if user is not None:
            client.force_login(user)
        for name, urls in plan(user, app=app).items():
            if name in skip:
                continue
            for url in urls:
                resp = client.get(url)
                if resp.status_code != 200 or not resp.get("Content-Type", "").startswith("text/html"):
                    continue
                for form in post_forms(resp.content.decode(), url):
                    if form.key in done or not form.action.startswith("/") or form.key[0] in skip:
                        continue
                    if own:
                        done.add(form.key)
                    yield user, client, url, form
