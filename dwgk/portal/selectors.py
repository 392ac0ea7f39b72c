"""Read side of the portal. Every query of a published item starts from the access layer (dwgk.access); nothing here
decides who may read what (DESIGN invariant 1). `user` is the reader: a User, an AnonymousUser or None
(the anonymous visitor, as the kiosk, the screen, public feeds and the static mirror read)."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from dataclasses import dataclass
from typing import NamedTuple

from django.db.models import Count, Q
from django.db.models.expressions import RawSQL
from django.db.models.functions import ExtractYear
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dwgk.access import catalog as catalog_gate
from dwgk.access import disclosures as gate
from dwgk.access import participation as participation_gate
from dwgk.access.prepared import Prepared
from dwgk.catalog import selectors as cat
from dwgk.catalog.cadence import party_affairs_days
from dwgk.catalog.models import Catalog, CatalogItem, DuePeriod
from dwgk.core.choices import Category, Scope
from dwgk.disclosures.models import Attachment, Disclosure, Interpretation, ScopeChange
from dwgk.disclosures.readercopy import reader_copy
from dwgk.orgs.models import Organization
from dwgk.orgs.paths import ancestor_paths, subtree_q
from dwgk.participation.conf import conf as participation_conf
from dwgk.participation.models import Consultation, Feedback, Inquiry, Notice

PER_PAGE = 20
# The scope badge's colour class, by scope (portal templates).
SCOPE_TONES = {Scope.PUBLIC: "public", Scope.PARTY: "party", Scope.UNIT: "unit", Scope.TARGETED: "targeted"}
LIST_FIELDS = ("pk", "org", "title", "redacted_title", "category", "scope", "published_at", "status",
               "superseded_by", "corrects", "correction_kind", "catalog_item", "withdrawn_at", "version_no")


def _disclosures():
    return Disclosure.objects


def visible_in_org(user, org: Organization):
    """The disclosures `org` itself published that the reader may see (org pages, org feeds)."""
    return gate.visible_disclosures(user, Disclosure.objects.filter(org=org))


def _listing(qs):
    return qs.select_related("org").only(*[f for f in LIST_FIELDS if f != "pk"], "org__name", "org__path")


# ---- lists -----------------------------------------------------------------------------------------

@dataclass
class Cursor:
    """Keyset position in a newest-first list: (published_at, id) of the last row shown."""

    at: dt.datetime
    pk: int

    def encode(self) -> str:
        return f"{int(self.at.timestamp() * 1_000_000)}_{self.pk}"

    @classmethod
    def decode(cls, text: str | None) -> Cursor | None:
        try:
            micros, pk = (int(x) for x in (text or "").split("_"))
            return cls(dt.datetime.fromtimestamp(micros / 1_000_000, tz=dt.UTC), pk)
        except (ValueError, OverflowError, OSError):
            return None


def latest(user, *, limit: int = PER_PAGE, before: Cursor | None = None, qs=None) -> tuple[list, Cursor | None]:
    """Newest readable disclosures, a page at a time by keyset (no COUNT over the whole table), and the
    cursor of the next page (None on the last)."""
    base = gate.visible_disclosures(user, qs if qs is not None else _disclosures().all())
    if before is not None:
        base = base.filter(Q(published_at__lt=before.at) | Q(published_at=before.at, pk__lt=before.pk))
    rows = list(_listing(base).order_by("-published_at", "-pk")[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, (Cursor(rows[-1].published_at, rows[-1].pk) if more and rows else None)


# The member list's rows, as plain values: a page of model instances (and their orgs) costs more Python
# than the query does. `ListRow` carries what the list row draws (portal.templatetags.portal).
ROW_FIELDS = ("pk", "title", "redacted_title", "scope", "published_at", "superseded_by_id", "corrects_id",
              "correction_kind", "org__name")


class OrgName(NamedTuple):
    name: str


@dataclass(slots=True)
class ListRow:
    pk: int
    title: str
    redacted_title: str
    scope: str
    published_at: dt.datetime
    superseded_by_id: int | None
    corrects_id: int | None
    correction_kind: str
    org_name: str

    @property
    def public_title(self) -> str:
        return self.redacted_title or self.title

    @property
    def org(self) -> OrgName:
        return OrgName(self.org_name)


def newest_values(user, limit: int, before: Cursor | None = None):
    qs = gate.visible_disclosures(user, _disclosures().all())
    if before is not None:
        qs = qs.filter(Q(published_at__lt=before.at) | Q(published_at=before.at, pk__lt=before.pk))
    return qs.order_by("-published_at", "-pk").values_list(*ROW_FIELDS)[: limit + 1]


# The first page of each list length, prepared per audience shape (dwgk.access.prepared): the gate's SQL
# compiled once, run with each reader's own ids.
FIRST_PAGES: dict[int, Prepared] = {}


def latest_rows(user, *, limit: int = PER_PAGE, before: Cursor | None = None) -> tuple[list[ListRow], Cursor | None]:
    """`latest` as plain rows for the list pages (the member list and the home page)."""
    if before is None:
        prepared = FIRST_PAGES.get(limit)
        if prepared is None:
            prepared = FIRST_PAGES.setdefault(limit, Prepared(lambda reader: newest_values(reader, limit)))
        values = prepared.rows(user)
    else:
        values = list(newest_values(user, limit, before))
    rows = [ListRow(*v) for v in values[:limit]]
    return rows, (Cursor(rows[-1].published_at, rows[-1].pk) if len(values) > limit and rows else None)


def org_list(user, org: Organization, *, category: str = "", year: int | None = None):
    """The org's own readable disclosures, newest first, optionally of one category or year."""
    qs = visible_in_org(user, org)
    if category:
        qs = qs.filter(category=category)
    if year:
        start = timezone.make_aware(dt.datetime(year, 1, 1))
        qs = qs.filter(published_at__gte=start, published_at__lt=timezone.make_aware(dt.datetime(year + 1, 1, 1)))
    return _listing(qs).order_by("-published_at", "-pk")


def org_facets(user, org: Organization) -> dict:
    """Counts of the org's readable disclosures by category and by year (local calendar year)."""
    qs = visible_in_org(user, org)
    by_cat = dict(qs.order_by().values_list("category").annotate(n=Count("pk")))
    by_year = dict(qs.order_by().annotate(y=ExtractYear("published_at")).values_list("y").annotate(n=Count("pk")))
    return {
        "categories": [(value, label, by_cat[value]) for value, label in Category.choices if by_cat.get(value)],
        "years": sorted(by_year.items(), reverse=True),
        "total": sum(by_cat.values()),
    }


# ---- one disclosure --------------------------------------------------------------------------------

def disclosure(user, pk: int):
    """The disclosure if the reader may see it, else None (a page answers 404 either way)."""
    qs = gate.visible_disclosures(user, _disclosures().filter(pk=pk))
    return qs.select_related("org", "org__serves", "catalog_item", "superseded_by", "corrects").first()


# Columns and child-table figures that change whenever the page's content does. Several writers use
# QuerySet.update() without touching updated_at, so the row's own fields are part of the stamp too.
PAGE_STAMP_FIELDS = ("pk", "updated_at", "status", "scope", "superseded_by_id", "corrects_id", "archived_at",
                     "version_no", "index_number", "reader_hash", "published_hash", "published_at")


def _child_stamp(table: str, extra: str = "") -> RawSQL:
    """Count and highest id of a disclosure's child rows, as a scalar subquery on the indexed foreign key."""
    parent = Disclosure._meta.db_table
    more = f" || ':' || COUNT({extra}) || ':' || COALESCE(CAST(MAX({extra}) AS TEXT), '')" if extra else ""
    fk = "corrects_id" if table == parent else "disclosure_id"
    alias = "c" if table == parent else table
    return RawSQL(f"(SELECT COUNT(*) || ':' || COALESCE(MAX({alias}.id), 0){more} FROM {table} {alias}"
                  f" WHERE {alias}.{fk} = {parent}.id)", [])


def _org_name_stamp() -> RawSQL:
    """The publishing org's name as the page shows it (发布机构): a rename is a new version of the page."""
    org = Organization._meta.db_table
    return RawSQL(f"(SELECT o.name FROM {org} o WHERE o.id = {Disclosure._meta.db_table}.org_id)", [])


def page_stamp_values(user, pk: int):
    return (gate.visible_disclosures(user, _disclosures().filter(pk=pk)).order_by()
            .annotate(_att=_child_stamp(Attachment._meta.db_table, "redacted_sha256"),
                      _int=_child_stamp(Interpretation._meta.db_table, "published_at"),  # released or not
                      _sc=_child_stamp(ScopeChange._meta.db_table),
                      _cor=_child_stamp(Disclosure._meta.db_table),
                      _org=_org_name_stamp())
            .values_list(*PAGE_STAMP_FIELDS, "_att", "_int", "_sc", "_cor", "_org")[:1])


# Prepared per audience shape (dwgk.access.prepared): the gate's SQL compiled once, run with this reader's ids.
PAGE_STAMP_QUERY = Prepared(page_stamp_values)


def disclosure_page_stamp(user, pk: int) -> str | None:
    """The gate's answer for one disclosure page, asked on every request and never cached: None when the
    reader may not see it, else a stamp of the content's version (the cache key of its rendering). The
    gate's WHERE stays on the disclosure row alone; the child figures are scalar subqueries beside it."""
    rows = PAGE_STAMP_QUERY.rows(user, pk)
    if not rows:
        return None
    return hashlib.sha256(repr(rows[0]).encode()).hexdigest()[:24]


def page_chain(d, extras: dict) -> dict:
    """The correction chain as plain values (cacheable): every version the page may link to, before the
    gate has said which of them this reader may see."""
    def brief(x):
        return {"pk": x.pk, "title": x.public_title} if x is not None else None

    return {
        "is_superseded": d.superseded_by_id is not None,
        "superseded_by": brief(d.superseded_by) if d.superseded_by_id else None,
        "corrects": ({**brief(d.corrects), "kind": d.correction_kind, "reason": d.correction_reason}
                     if d.corrects_id else None),
        "corrections": [{"pk": c.pk, "title": c.public_title, "published_at": c.published_at,
                         "reason": c.correction_reason} for c in extras["all_corrections"]],
    }


def readable_chain(user, chain: dict) -> dict:
    """The chain with only the versions this reader may see: one gate query, and none when there is no chain."""
    ids = {x["pk"] for x in (chain["superseded_by"], chain["corrects"], *chain["corrections"]) if x}
    readable = gate.visible_pks(user, Disclosure.objects.all(), ids) if ids else set()
    return {
        "is_superseded": chain["is_superseded"],
        "superseded_by": chain["superseded_by"] if chain["superseded_by"] and chain["superseded_by"]["pk"] in readable
        else None,
        "correction_note": chain["corrects"],
        "corrected": chain["corrects"] if chain["corrects"] and chain["corrects"]["pk"] in readable else None,
        "corrections": [c for c in chain["corrections"] if c["pk"] in readable],
    }


def disclosure_extras(user, d) -> dict:
    """What the page shows around the text: attachments, interpretations, and the correction chain
    (only the versions this reader may see)."""
    # Find the chain by its foreign keys first (indexed), then ask the gate about those few rows only.
    newer = list(_disclosures().filter(corrects=d).values_list("pk", flat=True))
    chain_ids = {i for i in (d.superseded_by_id, d.corrects_id, *newer) if i}
    readable = gate.visible_pks(user, Disclosure.objects.all(), chain_ids)
    all_corrections = list(_disclosures().filter(pk__in=newer)
                           .only("pk", "title", "redacted_title", "published_at", "correction_kind",
                                 "correction_reason").order_by("published_at")) if newer else []
    corrections = [c for c in all_corrections if c.pk in readable]
    return {
        "attachments": [(reader_copy(a), attachment_url(d.pk, a)) for a in d.attachments.all()],
        "interpretations": list(gate.released_interpretations(d.interpretations.all())),
        "superseded_by": d.superseded_by if d.superseded_by_id in readable else None,
        "is_superseded": d.superseded_by_id is not None,
        "corrected": d.corrects if d.corrects_id in readable else None,
        "corrections": corrections,
        "all_corrections": all_corrections,
        "scope_changes": list(d.scope_changes.all()),
    }


def attachment_ext(att) -> str:
    """The file extension in an attachment's address (static servers pick the content type by it):
    the reader copy's, which may differ from the original's (a 脱密件 PDF)."""
    parts = reader_copy(att).name.rsplit(".", 1)
    ext = parts[1].lower() if len(parts) == 2 else "bin"
    return ext if ext.isalnum() and ext.isascii() and len(ext) <= 8 else "bin"


def attachment_url(pk: int, att) -> str:
    return reverse("portal:attachment", args=[pk, att.pk, attachment_ext(att)])


def attachment(user, pk: int, att_pk: int):
    d = disclosure(user, pk)
    if d is None:
        return None, None
    return d, d.attachments.filter(pk=att_pk).first()


# ---- the org's page ---------------------------------------------------------------------------------

def ancestors(org: Organization) -> list[Organization]:
    paths = ancestor_paths(org.path)
    by_path = {o.path: o for o in Organization.objects.filter(path__in=paths).only("pk", "name", "path")}
    return [by_path[p] for p in paths if p in by_path]


def children(org: Organization | None, limit: int = 200) -> list[Organization]:
    qs = Organization.objects.filter(parent=org, is_active=True) if org else Organization.objects.filter(
        parent__isnull=True, is_active=True)
    return list(qs.only("pk", "name", "path", "subtree_orgs").order_by("sort_order", "pk")[:limit])


def catalog_readable(user, org: Organization) -> bool:
    c = cat.catalog_of(org)
    return catalog_gate.can_read_published(user, c)


def catalog(user, org: Organization) -> dict | None:
    """The org's published catalog, if the reader may read it: for each item, the readable disclosures
    that fulfilled it and the periods still open."""
    c = cat.catalog_of(org)
    if c is None or not catalog_gate.can_read_published(user, c):
        return None
    items = list(cat.public_catalog_items(c))
    fulfilled = defaultdict(list)
    for d in _listing(gate.visible_disclosures(user, _disclosures().filter(catalog_item__in=items))
                      ).order_by("-published_at"):
        fulfilled[d.catalog_item_id].append(d)
    open_periods = defaultdict(list)
    for p in DuePeriod.objects.filter(item__in=items, state__in=(DuePeriod.State.OPEN, DuePeriod.State.OVERDUE)
                                      ).order_by("due_date"):
        open_periods[p.item_id].append(p)
    today = timezone.localdate()
    rows = [{"item": i, "disclosures": fulfilled[i.pk][:5], "periods": [(p, cat.deadline(p, today))
                                                                        for p in open_periods[i.pk][:4]]}
            for i in items]
    return {"catalog": c, "rows": rows}


def participation(user, org: Organization, limit: int = 5) -> dict:
    """Consultations, notices, answered questions and answered feedback of the org, through the gate."""
    return {
        "interpretations": list(gate.released_interpretations(Interpretation.objects.filter(
                                   disclosure__in=visible_in_org(user, org).values("pk")))
                                .select_related("disclosure").order_by("-published_at")[:limit]),
        "consultations": list(participation_gate.visible_consultations(user, Consultation.objects.filter(org=org))
                              .order_by("-opens_on", "-pk")[:limit]),
        "notices": list(participation_gate.visible_notices(user, Notice.objects.filter(org=org))
                        .order_by("-starts_on", "-pk")[:limit]),
        "inquiries": list(participation_gate.visible_inquiries(user, Inquiry.objects.filter(org=org))
                          .order_by("-answered_on", "-pk")[:limit]),
        "replies": list(participation_gate.visible_feedback_replies(user, Feedback.objects.filter(org=org), Disclosure.objects.all())
                        .order_by("-replied_on", "-pk")[:limit]),
    }


def calendar(year: int) -> list[dict]:
    """党务公开日: the 26th of every even month, moved to the next working day when it is a rest day."""
    today = timezone.localdate()
    out = []
    for wd_date in party_affairs_days(year):
        day = dt.date(wd_date.year, wd_date.month, wd_date.day)
        out.append({"date": day, "moved": day.day != 26, "past": day < today,
                    "provisional": getattr(wd_date, "provisional", False)})
    return out


def next_open_day(today: dt.date | None = None) -> dict | None:
    today = today or timezone.localdate()
    for year in (today.year, today.year + 1):
        for row in calendar(year):
            if row["date"] >= today:
                return row
    return None


def subtree_disclosures(org: Organization):
    """Disclosures published by the org or any org below it (the gate still decides what is readable)."""
    return _disclosures().filter(subtree_q(org.path, field="org__path"))


# ---- 公开指南 ------------------------------------------------------------------------------------------

CONTACT_FIELDS = ("office_address", "office_phone", "office_hours", "office_email")


def guide_contact(org: Organization) -> dict | None:
    """Who receives requests and feedback for `org`: its own 党务公开办公室 contact, else the nearest
    org above it that has one (a village branch is served by its town's office)."""
    has_any = Q()
    for f in CONTACT_FIELDS:
        has_any |= ~Q(**{f: ""})
    found = (Organization.objects.filter(path__in=[*ancestor_paths(org.path), org.path]).filter(has_any)
             .only("pk", "name", "path", *CONTACT_FIELDS).order_by("-path").first())
    if found is None:
        return None
    return {"org": found, "own": found.pk == org.pk}


def guide_deadlines() -> list[tuple[str, str]]:
    """The time limits a 公开指南 promises, from the same settings the clocks use."""
    c = participation_conf
    return [
        (_("依申请公开答复"), _("收到申请之日起 %(n)s 个工作日内答复；需要延长的，经负责人同意可延长一次，"
                          "不超过 %(m)s 个工作日") % {"n": c("reply_workdays"), "m": c("extension_workdays")}),
        (_("补正"), _("申请内容不明确的，%(n)s 个工作日内一次性告知补正；申请人应在 %(m)s 个工作日内补正，"
                    "答复期限自收到补正之日起计算") % {"n": c("correction_request_workdays"),
                                           "m": c("correction_reply_workdays")}),
        (_("征求第三方意见"), _("第三方应在 %(n)s 个工作日内提出意见，所需时间不计入答复期限")
         % {"n": c("consultation_workdays")}),
        (_("意见箱"), _("受理后 %(n)s 日内答复或告知办理进展") % {"n": c("feedback_reply_days")}),
    ]


def guide(user, org: Organization | None) -> dict:
    """The 公开指南 of one org from its own data: contact, catalog, how to apply and give feedback, time limits."""
    data = {"deadlines": guide_deadlines(), "contact": None, "catalog_rows": None}
    if org is not None:
        data["contact"] = guide_contact(org)
        published = catalog(user, org)
        if published is not None:
            data["catalog"] = published["catalog"]
            data["catalog_rows"] = [r["item"] for r in published["rows"]]
    return data


# ---- many orgs at once (the static mirror) -----------------------------------------------------------
#
# The same answers as the one-org selectors above (org_list, org_facets, ancestors, children, catalog,
# participation, guide), for a batch of orgs in a fixed number of queries. The gate is asked once per
# batch, through the same querysets; nothing here decides what an anonymous visitor may read.

def _grouped(rows, key, limit: int | None = None) -> dict:
    out: dict = defaultdict(list)
    for r in rows:
        bucket = out[key(r)]
        if limit is None or len(bucket) < limit:
            bucket.append(r)
    return out


def _local_year(at) -> int:
    return timezone.localtime(at).year


def facets_of(rows: list) -> dict:
    """org_facets from an org's readable rows already in hand."""
    by_cat: dict = defaultdict(int)
    by_year: dict = defaultdict(int)
    for d in rows:
        by_cat[d.category] += 1
        if d.published_at is not None:
            by_year[_local_year(d.published_at)] += 1
    return {
        "categories": [(value, label, by_cat[value]) for value, label in Category.choices if by_cat.get(value)],
        "years": sorted(by_year.items(), reverse=True),
        "total": sum(by_cat.values()),
    }


def in_year(rows: list, year: int) -> list:
    return [d for d in rows if d.published_at is not None and _local_year(d.published_at) == year]


@dataclass
class OrgBatch:
    """What the org's public pages show, for each org of a batch (keys: org pk)."""

    orgs: list
    rows: dict  # readable disclosures of the org itself, newest first (org_list order)
    crumbs: dict
    children: dict
    catalogs: dict  # the catalog() answer, or None when there is none the reader may read
    participation: dict
    contacts: dict


def org_batch(user, orgs: list[Organization], child_limit: int = 200, limit: int = 5) -> OrgBatch:
    ids = [o.pk for o in orgs]
    rows = _grouped(_listing(gate.visible_disclosures(user, _disclosures().filter(org__in=ids)))
                    .order_by("-published_at", "-pk"), lambda d: d.org_id)

    chains = {o.pk: ancestor_paths(o.path) for o in orgs}
    all_paths = {p for paths in chains.values() for p in paths}
    crumbs = ancestors_many(orgs)

    kids = _grouped(Organization.objects.filter(parent__in=ids, is_active=True)
                    .only("pk", "name", "path", "subtree_orgs", "parent").order_by("sort_order", "pk"),
                    lambda o: o.parent_id, child_limit)

    has_any = Q()
    for f in CONTACT_FIELDS:
        has_any |= ~Q(**{f: ""})
    with_contact = list(Organization.objects.filter(path__in=all_paths | {o.path for o in orgs}).filter(has_any)
                        .only("pk", "name", "path", *CONTACT_FIELDS))
    contact_by_path = {o.path: o for o in with_contact}
    contacts = {}
    for o in orgs:
        found = max((contact_by_path[p] for p in [*chains[o.pk], o.path] if p in contact_by_path),
                    key=lambda c: c.path, default=None)
        contacts[o.pk] = None if found is None else {"org": found, "own": found.pk == o.pk}

    catalogs = _catalog_batch(user, orgs)
    visible = gate.visible_disclosures(user, _disclosures().filter(org__in=ids)).values("pk")
    part = {
        "interpretations": _grouped(Interpretation.objects.filter(disclosure__in=visible)
                                    .select_related("disclosure").order_by("-published_at"),
                                    lambda i: i.disclosure.org_id, limit),
        "consultations": _grouped(participation_gate.visible_consultations(user, Consultation.objects.filter(
            org__in=ids)).order_by("-opens_on", "-pk"), lambda c: c.org_id, limit),
        "notices": _grouped(participation_gate.visible_notices(user, Notice.objects.filter(org__in=ids))
                            .order_by("-starts_on", "-pk"), lambda n: n.org_id, limit),
        "inquiries": _grouped(participation_gate.visible_inquiries(user, Inquiry.objects.filter(org__in=ids))
                              .order_by("-answered_on", "-pk"), lambda q: q.org_id, limit),
        "replies": _grouped(participation_gate.visible_feedback_replies(user, Feedback.objects.filter(org__in=ids),
                                                                        Disclosure.objects.all())
                            .order_by("-replied_on", "-pk"), lambda f: f.org_id, limit),
    }
    participation_by_org = {pk: {k: v.get(pk, []) for k, v in part.items()} for pk in ids}
    return OrgBatch(orgs=orgs, rows={pk: rows.get(pk, []) for pk in ids}, crumbs=crumbs,
                    children={pk: kids.get(pk, []) for pk in ids}, catalogs=catalogs,
                    participation=participation_by_org, contacts=contacts)


def _catalog_batch(user, orgs: list[Organization]) -> dict:
    """catalog(user, org) for each org: the org's catalog (catalog_of: the first by id), if the gate lets
    the reader read it, with its items, the readable disclosures that fulfilled them and open periods."""
    first: dict = {}
    for c in Catalog.objects.filter(org__in=[o.pk for o in orgs]).select_related(
            "org", "maker", "filed_with").order_by("pk"):
        first.setdefault(c.org_id, c)
    readable = {pk: c for pk, c in first.items() if catalog_gate.can_read_published(user, c)}
    out = {o.pk: None for o in orgs}
    if not readable:
        return out
    items = list(CatalogItem.objects.filter(catalog__in=list(readable.values()),
                                                status=CatalogItem.Status.ACTIVE, withheld=False)
                 .select_related("responsible_person").order_by("seq", "id"))
    fulfilled = _grouped(_listing(gate.visible_disclosures(user, _disclosures().filter(catalog_item__in=items)))
                         .order_by("-published_at"), lambda d: d.catalog_item_id)
    periods = _grouped(DuePeriod.objects.filter(item__in=items, state__in=(DuePeriod.State.OPEN,
                                                                           DuePeriod.State.OVERDUE))
                       .order_by("due_date"), lambda p: p.item_id)
    today = timezone.localdate()
    by_catalog = _grouped(items, lambda i: i.catalog_id)
    for pk, c in readable.items():
        out[pk] = {"catalog": c, "rows": [
            {"item": i, "disclosures": fulfilled.get(i.pk, [])[:5],
             "periods": [(p, cat.deadline(p, today)) for p in periods.get(i.pk, [])[:4]]}
            for i in by_catalog.get(c.pk, [])]}
    return out


def guide_of(user, org: Organization, batch: OrgBatch, deadlines: list) -> dict:
    """guide(user, org) from a batch."""
    data = {"deadlines": deadlines, "contact": batch.contacts[org.pk], "catalog_rows": None}
    published = batch.catalogs[org.pk]
    if published is not None:
        data["catalog"] = published["catalog"]
        data["catalog_rows"] = [r["item"] for r in published["rows"]]
    return data


def subtree_feed_ids(user, limit: int) -> dict[str, list[int]]:
    """For every org path, the ids of the `limit` newest readable disclosures of its subtree (the org
    feeds' items, latest(qs=subtree_disclosures(org)) for each org), in one pass over the readable rows
    newest first. A subtree whose list is full has full lists above it too, so the walk up stops there."""
    out: dict[str, list[int]] = defaultdict(list)
    rows = (gate.visible_disclosures(user, _disclosures().all()).order_by("-published_at", "-pk")
            .values_list("pk", "org__path"))
    for pk, path in rows.iterator(chunk_size=5000):
        for p in [path, *reversed(ancestor_paths(path))]:
            bucket = out[p]
            if len(bucket) >= limit:
                break
            bucket.append(pk)
    return out


def ancestors_many(orgs) -> dict[int, list[Organization]]:
    """ancestors(org) for each of these orgs, in one query."""
    chains = {o.pk: ancestor_paths(o.path) for o in orgs}
    all_paths = {p for paths in chains.values() for p in paths}
    by_path = {o.path: o for o in Organization.objects.filter(path__in=all_paths).only("pk", "name", "path")}
    return {pk: [by_path[p] for p in paths if p in by_path] for pk, paths in chains.items()}


def disclosures_many(user, pks) -> list:
    """disclosure(user, pk) for many ids: those the reader may see, in one query."""
    return list(gate.visible_disclosures(user, _disclosures().filter(pk__in=list(pks)))
                .select_related("org", "org__serves", "catalog_item", "superseded_by", "corrects").order_by("pk"))


def disclosure_extras_many(user, ds: list) -> dict[int, dict]:
    """disclosure_extras(user, d) for each of these disclosures, in a fixed number of queries."""
    ids = [d.pk for d in ds]
    newer = _grouped(_disclosures().filter(corrects__in=ids).order_by().values_list("pk", "corrects_id"),
                     lambda r: r[1])
    newer_ids = {pk for rows in newer.values() for pk, _c in rows}
    chain_ids = {i for d in ds for i in (d.superseded_by_id, d.corrects_id) if i} | newer_ids
    readable = gate.visible_pks(user, Disclosure.objects.all(), chain_ids)
    all_corrections = _grouped(_disclosures().filter(pk__in=newer_ids)
                               .only("pk", "title", "redacted_title", "published_at", "correction_kind",
                                     "correction_reason", "corrects").order_by("published_at"),
                               lambda c: c.corrects_id) if newer_ids else {}
    attachments = _grouped(Attachment.objects.filter(disclosure__in=ids), lambda a: a.disclosure_id)
    interpretations = _grouped(Interpretation.objects.filter(disclosure__in=ids), lambda i: i.disclosure_id)
    scope_changes = _grouped(ScopeChange.objects.filter(disclosure__in=ids), lambda c: c.disclosure_id)
    out = {}
    for d in ds:
        corrections = all_corrections.get(d.pk, [])
        out[d.pk] = {
            "attachments": [(reader_copy(a), attachment_url(d.pk, a)) for a in attachments.get(d.pk, [])],
            "interpretations": interpretations.get(d.pk, []),
            "superseded_by": d.superseded_by if d.superseded_by_id in readable else None,
            "is_superseded": d.superseded_by_id is not None,
            "corrected": d.corrects if d.corrects_id in readable else None,
            "corrections": [c for c in corrections if c.pk in readable],
            "all_corrections": corrections,
            "scope_changes": scope_changes.get(d.pk, []),
        }
    return out
