"""党务公开专栏: public pages, feeds, the kiosk and the display screen. Thin: each view asks the selectors,
which start from the visibility gate. Pages that stand in public places or are served to anyone (kiosk,
screen, public feeds, the static mirror) read as the anonymous visitor, whoever is logged in."""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dwgk.core.choices import SCOPE_SHORT, Category
from dwgk.disclosures.readercopy import reader_copy
from dwgk.orgs.models import Organization
from dwgk.search.query import SearchForm

from . import feeds, selectors
from .content import CATEGORY_LABELS, disclosure_content
from .context_processors import FONT_SIZE_COOKIE, FONT_SIZES
from .models import FeedToken

SCOPE_TONES = selectors.SCOPE_TONES


def reader(request):
    """Whoever reads this page; the static mirror renders as the anonymous visitor."""
    if getattr(request, "dwgk_mirror", False):
        return None
    return request.user


def _page(request, template: str, context: dict, status: int = 200):
    context.setdefault("mirror", getattr(request, "dwgk_mirror", False))
    context.setdefault("scope_short", SCOPE_SHORT)
    context.setdefault("scope_tones", SCOPE_TONES)
    return render(request, template, context, status=status)


def chinese_404(view):
    """A missing or unreadable item answers 404 with a Chinese page saying so (never which of the two)."""
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except Http404 as exc:
            message = str(exc) if exc.args and str(exc) else _("没有找到该页面。")
            return _page(request, "portal/error.html", {"message": message, "back": reverse("portal:home")},
                         status=404)
    return wrapper


def _org(pk: int) -> Organization:
    org = Organization.objects.select_related("parent", "serves").filter(pk=pk, is_active=True).first()
    if org is None:
        raise Http404(_("没有找到该党组织。"))
    return org


def _category(value: str) -> str:
    if value not in CATEGORY_LABELS:
        raise Http404(_("没有这个公开类别"))
    return value


# ---- pages ---------------------------------------------------------------------------------------------

def home(request):
    user = reader(request)
    rows, _next = selectors.latest_rows(user, limit=12)
    today = timezone.localdate()
    return _page(request, "portal/home.html", {
        "latest": rows, "roots": selectors.children(None), "categories": Category.choices,
        "calendar": selectors.calendar(today.year), "next_day": selectors.next_open_day(today),
        "year": today.year,
    })


def latest(request):
    user = reader(request)
    before = selectors.Cursor.decode(request.GET.get("before")) if request.GET.get("before") else None
    if request.GET.get("before") and before is None:
        return _page(request, "portal/error.html", {"message": _("翻页参数无效，请从第一页重新浏览。"),
                                                   "back": reverse("portal:latest")}, status=400)
    rows, nxt = selectors.latest_rows(user, before=before)
    return _page(request, "portal/latest.html", {"rows": rows, "next": nxt.encode() if nxt else "",
                                                 "first": before is None})


@chinese_404
def org(request, pk):
    o = _org(pk)
    user = reader(request)
    rows = list(selectors.org_list(user, o)[:10])
    return _page(request, "portal/org.html", {
        "org": o, "latest": rows, "facets": selectors.org_facets(user, o), "crumbs": selectors.ancestors(o),
        "children": selectors.children(o), "catalog": selectors.catalog_readable(user, o),
        **selectors.participation(user, o),
    })


@chinese_404
def org_list(request, pk, category: str = "", year: int | None = None, page: int = 1):
    o = _org(pk)
    user = reader(request)
    if category:
        _category(category)
    if year is not None and not (1990 <= year <= 2100):
        raise Http404(_("年份超出范围"))
    qs = selectors.org_list(user, o, category=category, year=year)
    paginator = Paginator(qs, selectors.PER_PAGE)
    if page > paginator.num_pages and page != 1:
        raise Http404(_("没有这一页"))
    page_obj = paginator.page(min(page, paginator.num_pages))
    if category:
        base, title = reverse("portal:org_category", args=[o.pk, category]), CATEGORY_LABELS[category]
    elif year:
        base, title = reverse("portal:org_year", args=[o.pk, year]), _("%(y)s年") % {"y": year}
    else:
        base, title = reverse("portal:org_all", args=[o.pk]), _("全部公开事项")
    return _page(request, "portal/org_list.html", {
        "org": o, "page_obj": page_obj, "title": title, "base": base, "crumbs": selectors.ancestors(o),
        "facets": selectors.org_facets(user, o), "category": category, "year": year,
    })


@chinese_404
def catalog(request, pk):
    o = _org(pk)
    data = selectors.catalog(reader(request), o)
    if data is None:
        raise Http404(_("该组织尚未公布党务公开目录，或您无权查看"))
    return _page(request, "portal/catalog.html", {"org": o, "crumbs": selectors.ancestors(o), **data})


@chinese_404
def guide(request, pk=None):
    o = _org(pk) if pk else None
    return _page(request, "portal/guide.html", {"org": o, "crumbs": selectors.ancestors(o) if o else [],
                                                **selectors.guide(reader(request), o)})


@chinese_404
def disclosure(request, pk):
    """The gate is asked on every request (never cached); what every reader of this version sees alike is
    rendered once and cached under the version's stamp, so a reader's page costs the gate's answer, the
    chain's gate query when there is a chain, and the page shell."""
    user = reader(request)
    stamp = selectors.disclosure_page_stamp(user, pk)
    if stamp is None:
        raise Http404(_("没有找到该公开事项，或您无权查看"))
    mirror = getattr(request, "dwgk_mirror", False)
    key = f"portal:dpage:1:{pk}:{stamp}:{translation.get_language()}:{int(mirror)}"
    content = cache.get(key)
    if content is None:
        content = _disclosure_content(user, pk, mirror)
        if content is None:  # changed between the two queries: the gate has the last word
            raise Http404(_("没有找到该公开事项，或您无权查看"))
        cache.set(key, content, PAGE_CACHE_SECONDS)
    chain = selectors.readable_chain(user, content["chain"])
    return _page(request, "portal/disclosure.html", {
        "content": {k: mark_safe(content[k]) for k in ("head", "body", "tail")} | {"title": content["title"]},
        "chain": chain, "crumbs": content["crumbs"],
    })


# Bounds how long a rename of the publishing org or of a catalog item may show on cached pages; every
# change to the disclosure itself changes the stamp.
PAGE_CACHE_SECONDS = 600


def _disclosure_content(user, pk: int, mirror: bool) -> dict | None:
    d = selectors.disclosure(user, pk)
    if d is None:
        return None
    return disclosure_content(d, selectors.disclosure_extras(user, d), selectors.ancestors(d.org), mirror)


def disclosure_print(request, pk):
    """打印: the same facts and text on a page of its own, styled for paper."""
    user = reader(request)
    d = selectors.disclosure(user, pk)
    if d is None:
        raise Http404(_("没有找到该公开事项，或您无权查看"))
    extras = selectors.disclosure_extras(user, d)
    return _page(request, "portal/disclosure_print.html", {
        "d": d, "attachments": extras["attachments"], "interpretations": extras["interpretations"],
        "category_label": CATEGORY_LABELS.get(d.category, "")})


@require_POST
def font_size(request):
    """字号 大/中/小 without JavaScript: a cookie read by the context processor."""
    size = request.POST.get("size", "medium")
    target = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    response = redirect(target)
    if size not in FONT_SIZES:
        messages.error(request, _("没有这种字号，请选择大、中或小。"))
        return response
    if size != "medium":
        response.set_cookie(FONT_SIZE_COOKIE, size, max_age=365 * 24 * 3600, samesite="Lax")
    else:
        response.delete_cookie(FONT_SIZE_COOKIE)
    return response


def attachment(request, pk, att_pk, ext):
    """An attachment of a readable disclosure: the redacted copy when there is one (脱密后公开)."""
    d, att = selectors.attachment(reader(request), pk, att_pk)
    if d is None or att is None or ext != selectors.attachment_ext(att):
        raise Http404(_("没有找到该附件，或您无权查看"))
    copy = reader_copy(att)
    return FileResponse(copy.open(), as_attachment=False, filename=copy.name, content_type=copy.content_type)


# ---- feeds ---------------------------------------------------------------------------------------------

def feed_all(request, fmt):
    return feeds.respond(request, fmt, feeds.all_feed(request))


def feed_org(request, pk, fmt):
    return feeds.respond(request, fmt, feeds.org_feed(request, _org(pk)))


def feed_category(request, category, fmt):
    return feeds.respond(request, fmt, feeds.category_feed(request, _category(category)))


def feed_search(request, fmt):
    form = SearchForm(request.GET)
    if not form.is_valid() or not (form.cleaned_data["q"] or "").strip():
        return HttpResponseBadRequest(_("订阅检索结果须提供检索词（q），年份等参数须有效。").encode(),
                                      content_type="text/plain; charset=utf-8")
    return feeds.respond(request, fmt, feeds.search_feed(request, form.cleaned_data))


def feed_personal(request, token, fmt):
    ft = FeedToken.resolve(token)
    if ft is None or not ft.user.is_active:
        raise Http404(_("订阅地址无效或已作废"))
    FeedToken.objects.filter(pk=ft.pk).update(last_used_at=timezone.now())
    return feeds.respond(request, fmt, feeds.personal_feed(request, ft.user))


@login_required
def my_feed(request):
    """个人订阅: a feed URL carrying a secret token; shown once, revocable, replaced on request."""
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "issue":
            _ft, token = FeedToken.issue(request.user)
            request.session["dwgk_new_feed_token"] = token
            messages.success(request, _("已生成新的个人订阅地址，原地址已作废。"))
        elif action == "revoke":
            n = FeedToken.objects.filter(user=request.user, revoked_at__isnull=True).update(revoked_at=timezone.now())
            messages.success(request, _("已作废个人订阅地址。") if n else _("您当前没有有效的订阅地址。"))
        else:
            messages.error(request, _("无法识别的操作。"))
        return redirect("portal:my_feed")
    token = request.session.pop("dwgk_new_feed_token", None)
    urls = None
    if token:
        urls = {fmt: request.build_absolute_uri(reverse("portal:feed_personal", args=[token, fmt]))
                for fmt in ("atom", "rss")}
    live = FeedToken.objects.filter(user=request.user, revoked_at__isnull=True).first()
    return _page(request, "portal/my_feed.html", {"urls": urls, "live": live})


# ---- kiosk and screen ----------------------------------------------------------------------------------

def _kiosk_context(o) -> dict:
    return {"org": o, "idle": int(getattr(settings, "DWGK_KIOSK_IDLE_SECONDS", 90)),
            "home_url": reverse("portal:kiosk", args=[o.pk])}


@chinese_404
def kiosk(request, org_pk):
    """电子触摸屏: big targets, no login, idle return to this page."""
    o = _org(org_pk)
    rows, _next = selectors.latest(None, limit=8, qs=selectors.subtree_disclosures(o))
    return _page(request, "portal/kiosk.html", {**_kiosk_context(o), "rows": rows,
                                                "categories": Category.choices})


@chinese_404
def kiosk_category(request, org_pk, category):
    o = _org(org_pk)
    _category(category)
    rows, _next = selectors.latest(None, limit=30, qs=selectors.subtree_disclosures(o).filter(category=category))
    return _page(request, "portal/kiosk_list.html", {**_kiosk_context(o), "rows": rows,
                                                     "title": CATEGORY_LABELS[category]})


@chinese_404
def kiosk_detail(request, org_pk, pk):
    o = _org(org_pk)
    d = selectors.disclosure(None, pk)
    if d is None or not d.org.path.startswith(o.path):
        raise Http404(_("没有找到该公开事项"))
    return _page(request, "portal/kiosk_detail.html", {**_kiosk_context(o), "d": d})


@chinese_404
def screen(request, org_pk):
    """电子显示屏: the latest public disclosures of an org subtree, one at a time, refreshed."""
    o = _org(org_pk)
    rows, _next = selectors.latest(None, limit=10, qs=selectors.subtree_disclosures(o))
    seconds = int(getattr(settings, "DWGK_SCREEN_SECONDS", 12))
    return _page(request, "portal/screen.html", {"org": o, "rows": rows, "seconds": seconds})


def not_public_error(request, message: str) -> HttpResponse:
    return _page(request, "portal/error.html", {"message": message, "back": reverse("portal:home")}, status=400)


def bench_ceiling(request):
    """Does nothing: what a request costs in the server and middleware alone (bench/bench_portal.py)."""
    return HttpResponse(b"ok", content_type="text/plain")
