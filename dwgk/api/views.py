"""The JSON endpoints of /api/v1/. Every read of scoped data goes through the visibility gate
(dwgk.access); a disclosure the reader may not see answers 404, exactly like one that
does not exist, so the API does not tell which ids exist."""

from __future__ import annotations

import datetime as dt
import logging
import math
from functools import wraps
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.db.models import TextField
from django.db.models.functions import Cast
from django.http import FileResponse, Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from dwgk.access import catalog as catalog_gate
from dwgk.access import disclosures as gate
from dwgk.access.audience import audience_keys
from dwgk.catalog import selectors as catalog_selectors
from dwgk.catalog.models import Catalog, CatalogItem, DuePeriod
from dwgk.core.choices import Category, Channel
from dwgk.disclosures.models import Attachment, Disclosure
from dwgk.disclosures.readercopy import reader_copy
from dwgk.orgs.models import Organization, OrgKind, StatCategory
from dwgk.orgs.paths import subtree_q
from dwgk.search import services as search_services

from . import serializers as ser
from . import tokens
from .errors import ApiError, bad_parameter, forbidden, json_response, method_not_allowed, not_found
from .params import Choice, Int, Moment, Text, parse

log = logging.getLogger(__name__)

# ---- parameters (also the OpenAPI parameters: schema.py reads these lists) ---------------------------

PAGE = Int("page", "页码，从 1 开始。超过末页时 results 为空。", minimum=1, maximum=10000, default=1)
PAGE_SIZE = Int("page_size", "每页条数。", minimum=1, maximum=100, default=20)
ORG_PARAMS = [
    Int("parent", "只列出该党组织的直接下级。"),
    Int("subtree", "只列出该党组织及其全部下级。"),
    Choice("kind", "组织类型。", choices=tuple(OrgKind.choices)),
    Choice("category", "统计类别（统计表的列）。", choices=tuple(StatCategory.choices)),
    Text("q", "名称包含的文字，或完整的组织代码。", max_length=60),
    PAGE, PAGE_SIZE,
]
ORDERINGS = (("-published_at", "公开时间从新到旧"), ("published_at", "公开时间从旧到新"),
             ("-id", "编号从大到小"), ("id", "编号从小到大"))
DISCLOSURE_PARAMS = [
    Int("org", "公开主体（党组织编号），不含下级。"),
    Int("subtree", "公开主体为该党组织或其任一下级。"),
    Choice("category", "公开类别。", choices=tuple(Category.choices)),
    Int("year", "公开年份（北京时间）。", minimum=1990, maximum=2100),
    Choice("channel", "公开方式。", choices=tuple(Channel.choices)),
    Int("catalog_item", "所属目录事项编号。"),
    Moment("published_since", "公开时间不早于：日期（当日 0 时起，北京时间）或带时区的时间。"),
    Moment("published_until", "公开时间不晚于：日期（含当日全天）或带时区的时间。", end=True),
    Choice("ordering", "排序。", choices=ORDERINGS, default="-published_at"),
    PAGE, PAGE_SIZE,
]
CATALOG_LIST_PARAMS = [Int("subtree", "只列出该党组织及其下级的目录。"), PAGE, PAGE_SIZE]
CATALOG_PARAMS = [Int("year", "应公开期次的年份，默认今年。", minimum=1990, maximum=2100)]
SEARCH_PARAMS = [
    Text("q", "检索词（中文分词，全部词都须出现）。", max_length=100),
    Int("org", "公开主体为该党组织或其任一下级。"),
    Choice("category", "公开类别。", choices=tuple(Category.choices)),
    Int("year", "公开年份。", minimum=1990, maximum=2100),
    Choice("channel", "公开方式。", choices=tuple(Channel.choices)),
    Choice("sort", "排序：relevance 按相关度，date 按时间。", choices=(("relevance", "按相关度"), ("date", "按时间")),
           default="relevance"),
    Int("page", "页码，从 1 开始。", minimum=1, maximum=500, default=1),
    Int("page_size", "每页条数。", minimum=1, maximum=50, default=20),
]


# ---- the endpoint wrapper ----------------------------------------------------------------------------

def endpoint(view):
    """GET/HEAD only; the reader from the Bearer token (or the browser session, or anonymous); every
    failure as a JSON error."""

    @csrf_exempt  # read-only: a POST must reach us to get its JSON 405, not the HTML CSRF page
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            if request.method not in ("GET", "HEAD"):
                raise method_not_allowed(request.method)
            token = tokens.authenticate(request)
            if token is not None:
                request.user, request.api_auth, request.api_token = token.user, "token", token
            else:
                request.api_auth = "session" if request.user.is_authenticated else "anonymous"
                request.api_token = None
            response = view(request, *args, **kwargs)
        except ApiError as exc:
            response = exc.response()
        except Http404:
            response = not_found().response()
        except PermissionDenied as exc:
            response = forbidden("forbidden", str(exc) or _("您无权访问该资源。")).response()
        except Exception:
            log.exception("api: unhandled error on %s", request.path)
            response = ApiError(500, "server_error", _("服务器内部错误，请稍后重试；如持续出现请联系管理员。")).response()
        _headers(request, response)
        return response

    return wrapper


def _headers(request, response) -> None:
    # Answers differ by reader: no cache may hand one reader's answer to another, and a withdrawn
    # item must not linger in one.
    response["Vary"] = "Authorization, Cookie"
    response["Cache-Control"] = "private, no-store" if request.user.is_authenticated else "no-cache"


def _reader(request):
    return request.user if request.user.is_authenticated else None


def _page(request, qs, params, serialize) -> dict:
    count = qs.count()
    page, size = params["page"], params["page_size"]
    num_pages = max(1, math.ceil(count / size))
    rows = list(qs[(page - 1) * size: page * size]) if (page - 1) * size < count else []

    def link(n):
        query = request.GET.copy()
        query["page"] = str(n)
        return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")

    return {"count": count, "page": page, "page_size": size, "num_pages": num_pages,
            "next": link(page + 1) if page < num_pages else None,
            "previous": link(min(page - 1, num_pages)) if page > 1 else None,
            "results": serialize(rows)}


def _org_param(params, name) -> Organization | None:
    pk = params[name]
    if pk is None:
        return None
    org = Organization.objects.filter(pk=pk).only("pk", "path", "name").first()
    if org is None:
        # A well-formed id naming no organization: not found (404), as for a path id; the param says which.
        raise ApiError(404, "not_found", _("参数 %(p)s：编号为 %(id)s 的党组织不存在。") % {"p": name, "id": pk},
                       param=name)
    return org


def _visible_ids(user, ids) -> set[int]:
    ids = {i for i in ids if i}
    if not ids:
        return set()
    return set(gate.visible_disclosures(user, Disclosure.objects.filter(pk__in=ids))
               .values_list("pk", flat=True))


def _year_range(year: int) -> tuple[dt.datetime, dt.datetime]:
    # The year a reader means is the Beijing calendar year (as the search index counts it).
    start = timezone.make_aware(dt.datetime(year, 1, 1))
    return start, timezone.make_aware(dt.datetime(year + 1, 1, 1))


# ---- index, me ---------------------------------------------------------------------------------------

@endpoint
def index(request):
    parse(request, [])
    link = ser.Links(request)
    return json_response({
        "name": "dwgk 党务公开平台开放接口", "version": "v1",
        "openapi": link("openapi"), "docs": link("docs"),
        "endpoints": {"me": link("me"), "organizations": link("organizations"),
                      "disclosures": link("disclosures"), "catalogs": link("catalogs"), "search": link("search")},
    })


@endpoint
def me(request):
    parse(request, [])
    user = _reader(request)
    body = {"authenticated": user is not None, "auth": request.api_auth, "username": None, "name": None,
            "party_org": None, "token": None}
    if user is not None:
        person = user.person if user.person_id else None
        body.update(username=user.username, name=user.display_name,
                    party_org=ser.org_ref(person.party_org) if person and person.party_org_id else None)
    if request.api_token is not None:
        t = request.api_token
        body["token"] = {"name": t.name, "prefix": t.prefix, "expires_at": ser.iso_time(t.expires_at)}
    return json_response(body)


# ---- organizations -----------------------------------------------------------------------------------

_ORG_RELATED = ("parent", "serves")


@endpoint
def organizations(request):
    p = parse(request, ORG_PARAMS)
    qs = Organization.objects.select_related(*_ORG_RELATED)
    parent = _org_param(p, "parent")
    if parent is not None:
        qs = qs.filter(parent=parent)
    root = _org_param(p, "subtree")
    if root is not None:
        qs = qs.filter(subtree_q(root.path))
    if p["kind"]:
        qs = qs.filter(kind=p["kind"])
    if p["category"]:
        qs = qs.filter(category=p["category"])
    if p["q"]:
        qs = qs.filter(name__icontains=p["q"]) | qs.filter(code__iexact=p["q"])
    link = ser.Links(request)
    return json_response(_page(request, qs.order_by("path"), p,
                               lambda rows: [ser.organization(o, link) for o in rows]))


@endpoint
def organization(request, pk):
    parse(request, [])
    org = Organization.objects.select_related(*_ORG_RELATED).filter(pk=pk).first()
    if org is None:
        raise not_found(_("编号为 %(id)s 的党组织不存在。") % {"id": pk})
    link = ser.Links(request)
    body = ser.organization(org, link)
    catalog = Catalog.objects.filter(org=org).select_related("org").first()
    readable = catalog_gate.can_read_published(_reader(request), catalog)
    body["catalog_url"] = link("catalog", org.pk) if readable else None
    body["disclosures_url"] = request.build_absolute_uri(f"{link('disclosures')}?{urlencode({'org': org.pk})}")
    return json_response(body)


# ---- disclosures -------------------------------------------------------------------------------------

def _summaries(user, link, rows) -> list[dict]:
    visible = _visible_ids(user, [r.corrects_id for r in rows] + [r.superseded_by_id for r in rows])
    return [ser.disclosure_summary(d, link, visible) for d in rows]


@endpoint
def disclosures(request):
    p = parse(request, DISCLOSURE_PARAMS)
    user = _reader(request)
    qs = Disclosure.objects.all()
    org = _org_param(p, "org")
    if org is not None:
        qs = qs.filter(org=org)
    root = _org_param(p, "subtree")
    if root is not None:
        qs = qs.filter(subtree_q(root.path, field="org__path"))
    if p["category"]:
        qs = qs.filter(category=p["category"])
    if p["year"]:
        start, end = _year_range(p["year"])
        qs = qs.filter(published_at__gte=start, published_at__lt=end)
    if p["channel"]:
        # `channels` is a JSON list of slugs; matching the quoted slug in its text works on SQLite and
        # PostgreSQL alike (JSON containment is PostgreSQL-only).
        qs = qs.annotate(_channels=Cast("channels", TextField())).filter(_channels__contains=f'"{p["channel"]}"')
    if p["catalog_item"]:
        qs = qs.filter(catalog_item_id=p["catalog_item"])
    since, until = p["published_since"], p["published_until"]
    if since and until and since > until:
        raise bad_parameter("published_until", _("参数 published_until 不能早于 published_since。"))
    if since:
        qs = qs.filter(published_at__gte=since)
    if until:
        qs = qs.filter(published_at__lte=until)
    ordering = p["ordering"]
    tie = "-id" if ordering.startswith("-") else "id"
    qs = (gate.visible_disclosures(user, qs).select_related("org", "catalog_item")
          .order_by(*dict.fromkeys([ordering, tie])))
    link = ser.Links(request)
    return json_response(_page(request, qs, p, lambda rows: _summaries(user, link, rows)))


def _visible_disclosure(user, pk) -> Disclosure:
    d = (gate.visible_disclosures(user, Disclosure.objects.filter(pk=pk))
         .select_related("org", "catalog_item").first())
    if d is None:
        raise not_found(_("公开事项不存在，或不在您可查看的范围内。"))
    return d


@endpoint
def disclosure(request, pk):
    parse(request, [])
    user = _reader(request)
    d = _visible_disclosure(user, pk)
    corrections = list(gate.visible_disclosures(user, Disclosure.objects.filter(corrects=d))
                       .select_related("org", "catalog_item").order_by("published_at", "id"))
    visible = _visible_ids(user, [d.corrects_id, d.superseded_by_id, *(c.pk for c in corrections),
                                  *(c.superseded_by_id for c in corrections)])
    link = ser.Links(request)
    return json_response(ser.disclosure_detail(
        d, link, visible, corrections=corrections,
        interpretations=gate.released_interpretations(d.interpretations.order_by("published_at", "id")),
        attachments=d.attachments.order_by("id"),
        publications=d.publications.filter(active=True).order_by("published_at", "id")))


@endpoint
def attachment(request, pk, att_pk):
    parse(request, [])
    d = _visible_disclosure(_reader(request), pk)
    att = Attachment.objects.filter(pk=att_pk, disclosure=d).first()
    if att is None:
        raise not_found(_("附件不存在。"))
    copy = reader_copy(att)  # the redacted copy when there is one
    try:
        fh = copy.open()
    except (FileNotFoundError, ValueError):
        log.error("api: attachment %s of disclosure %s has no file on disk", att.pk, d.pk)
        raise not_found(_("附件文件暂时无法读取，请联系发布单位。"))
    return FileResponse(fh, as_attachment=True, filename=copy.name, content_type=copy.content_type)


# ---- catalogs ----------------------------------------------------------------------------------------

@endpoint
def catalogs(request):
    p = parse(request, CATALOG_LIST_PARAMS)
    # The catalog's own scope, decided by the gate (the queryset twin of can_read_published).
    qs = catalog_gate.published_catalogs(_reader(request), Catalog.objects.all()).select_related("org")
    root = _org_param(p, "subtree")
    if root is not None:
        qs = qs.filter(subtree_q(root.path, field="org__path"))
    link = ser.Links(request)
    return json_response(_page(request, qs.order_by("org__path"), p,
                               lambda rows: [ser.catalog_summary(c, link) for c in rows]))


@endpoint
def catalog(request, org_pk):
    p = parse(request, CATALOG_PARAMS)
    user = _reader(request)
    c = Catalog.objects.select_related("org", "filed_with").filter(org_id=org_pk).first()
    if c is None or not catalog_gate.can_read_published(user, c):
        raise not_found(_("该党组织没有已公布的党务公开目录，或目录不在您可查看的范围内。"))
    year = p["year"] or timezone.localdate().year
    items = list(catalog_selectors.public_catalog_items(c))
    periods: dict[int, list] = {}
    for period in DuePeriod.objects.filter(item__in=[i.pk for i in items], year=year).order_by("due_date", "id"):
        periods.setdefault(period.item_id, []).append(period)
    visible = _visible_ids(user, [pr.disclosure_id for rows in periods.values() for pr in rows])
    link = ser.Links(request)
    body = ser.catalog_summary(c, link)
    body.update(
        filed_with=ser.org_ref(c.filed_with), year=year,
        withheld_count=c.items.filter(withheld=True, status=CatalogItem.Status.ACTIVE).count(),
        items=[ser.catalog_item(i, periods.get(i.pk, []), visible) for i in items],
        changes=[{"kind": ch.kind, "kind_label": str(ch.get_kind_display()),
                  "subject": ch.item.subject if ch.item else ch.data.get("subject", ""),
                  "explanation": ch.explanation, "effective_on": ch.effective_on.isoformat()}
                 for ch in catalog_selectors.approved_changes(c)[:20]],
    )
    return json_response(body)


# ---- search ------------------------------------------------------------------------------------------

@endpoint
def search(request):
    p = parse(request, SEARCH_PARAMS)
    user = _reader(request)
    org = _org_param(p, "org")
    if not (p["q"] or org or p["category"] or p["year"] or p["channel"]):
        raise bad_parameter("q", _("请提供检索词 q，或至少一个筛选条件（org、category、year、channel）。"),
                            code="missing_parameter")
    result = search_services.search(
        p["q"] or "", audience_keys(user), org_path=org.path if org else "",
        category=p["category"] or "", year=p["year"], channel=p["channel"] or "", kind="disclosure",
        sort=p["sort"], page=p["page"], per_page=p["page_size"])
    # The index filtered by the reader's audience keys; the gate is asked again about every hit.
    rows = {d.pk: d for d in gate.visible_disclosures(
        user, Disclosure.objects.filter(pk__in=[h.id for h in result.hits])).select_related("org", "catalog_item")}
    link = ser.Links(request)
    visible = _visible_ids(user, [d.corrects_id for d in rows.values()] + [d.superseded_by_id for d in rows.values()])
    results = []
    for hit in result.hits:
        d = rows.get(hit.id)
        if d is None:
            continue
        results.append({**ser.disclosure_summary(d, link, visible), "score": hit.score,
                        "title_html": str(hit.title_html), "snippet_html": str(hit.snippet_html)})
    num_pages = result.num_pages

    def page_link(n):
        query = request.GET.copy()
        query["page"] = str(n)
        return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")

    return json_response({
        "count": result.total, "page": result.page, "page_size": result.per_page, "num_pages": num_pages,
        "next": page_link(result.page + 1) if result.page < num_pages else None,
        "previous": page_link(min(result.page - 1, num_pages)) if result.page > 1 else None,
        "tokens": result.tokens, "results": results,
    })


# ---- schema and the catch-all ------------------------------------------------------------------------

@endpoint
def openapi(request):
    from .schema import document

    parse(request, [])
    return json_response(document())


@csrf_exempt
def unknown(request, rest=""):
    """Any other path under /api/v1/: a JSON 404 whatever the method (not Django's HTML page)."""
    response = not_found(_("没有这个接口：%(path)s。接口列表见 /api/v1/openapi.json。")
                         % {"path": request.path[:200]}).response()
    _headers(request, response)
    return response
