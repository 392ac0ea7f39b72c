"""Catalog pages. Thin: who may from `dwgk.access.catalog`, reads from `selectors`, writes from `services`."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dwgk.access import catalog as access
from dwgk.access.viewer import viewer_for
from dwgk.core.fields import posted_text, submitted_id
from dwgk.orgs.models import Organization

from . import cadence, exports, selectors, services
from .forms import ChangeForm, ImportForm, ItemForm, ReasonForm
from .models import Catalog, CatalogItem, DuePeriod, Filing, ItemChange


def _errors(request, exc: ValidationError) -> None:
    for m in exc.messages:
        messages.error(request, m)


def _catalog_for_edit(request, org_pk) -> Catalog:
    catalog = get_object_or_404(Catalog.objects.select_related("org", "maker", "filed_with"), org_id=org_pk)
    if not access.can_edit(request.user, catalog):
        raise PermissionDenied("您无权编辑该组织的党务公开目录。")
    return catalog


@login_required
def index(request):
    viewer = viewer_for(request)
    rows = []
    for org in viewer.work_orgs:
        rows.append({"org": org, "catalog": selectors.catalog_of(org)})
    return render(request, "catalog/index.html", {
        "rows": rows, "filings": selectors.filing_inbox(viewer)[:20], "changes": selectors.change_inbox(viewer)[:20],
    })


@login_required
def detail(request, org_pk):
    org = get_object_or_404(Organization, pk=org_pk)
    catalog = selectors.catalog_of(org)
    if catalog is None:
        if not access.works_above(request.user, org):
            raise Http404
        return render(request, "catalog/none.html", {"org": org})
    if not access.can_view_drafts(request.user, catalog):
        if access.can_read_published(request.user, catalog):
            return redirect("catalog:public", org_pk=org.pk)
        raise PermissionDenied("您无权查看该目录。")
    items = list(selectors.items_of(catalog))
    return render(request, "catalog/detail.html", {
        "org": org, "catalog": catalog, "rows": [(i, cadence.describe(i.cadence_kind, i.cadence_params)) for i in items],
        "can_edit": access.can_edit(request.user, catalog), "editable": catalog.state in services.EDITABLE_STATES,
        "filings": catalog.filings.select_related("decided_by", "submitted_by")[:10],
        "versions": selectors.versions_of(catalog)[:20], "changes": catalog.changes.select_related("item")[:20],
        "import_form": ImportForm(), "reason_form": ReasonForm(),
    })


@login_required
@require_POST
def create(request, org_pk):
    org = get_object_or_404(Organization, pk=org_pk)
    access.require_create(request.user, org, selectors.catalog_maker_for(org))
    try:
        services.create_from_template(org, actor=request.user)
        messages.success(request, "已按本组织类型的模板生成目录草稿。")
    except ValidationError as exc:
        _errors(request, exc)
    return redirect("catalog:detail", org_pk=org.pk)


@login_required
def item_edit(request, org_pk, item_pk=None):
    catalog = _catalog_for_edit(request, org_pk)
    item = get_object_or_404(CatalogItem, pk=item_pk, catalog=catalog) if item_pk else None
    if request.method == "POST":
        form = ItemForm(request.POST)
        if form.is_valid():
            try:
                if item:
                    services.update_item(item, form.to_data(), actor=request.user)
                else:
                    services.add_item(catalog, form.to_data(), actor=request.user)
                messages.success(request, "事项已保存。")
                return redirect("catalog:detail", org_pk=catalog.org_id)
            except ValidationError as exc:
                for m in exc.messages:
                    form.add_error(None, m)
    else:
        form = ItemForm(initial=ItemForm.initial_for(item) if item else {"due": "12-31"})
    return render(request, "catalog/item_form.html", {"catalog": catalog, "item": item, "form": form})


@login_required
@require_POST
def item_delete(request, org_pk, item_pk):
    catalog = _catalog_for_edit(request, org_pk)
    try:
        services.delete_item(get_object_or_404(CatalogItem, pk=item_pk, catalog=catalog), actor=request.user)
        messages.success(request, "事项已删除。")
    except ValidationError as exc:
        _errors(request, exc)
    return redirect("catalog:detail", org_pk=org_pk)


@login_required
@require_POST
def submit(request, org_pk):
    catalog = _catalog_for_edit(request, org_pk)
    try:
        services.submit(catalog, actor=request.user, note=posted_text(request, "reason"))
        messages.success(request, f"目录已报{catalog.filed_with.name}备案。")
    except ValidationError as exc:
        _errors(request, exc)
    return redirect("catalog:detail", org_pk=org_pk)


@login_required
@require_POST
def publish(request, org_pk):
    catalog = _catalog_for_edit(request, org_pk)
    try:
        services.publish(catalog, scope=request.POST.get("scope", ""), actor=request.user)
        messages.success(request, "目录已公布。")
    except ValidationError as exc:
        _errors(request, exc)
    return redirect("catalog:detail", org_pk=org_pk)


@login_required
@require_POST
def apply_template(request, org_pk):
    catalog = _catalog_for_edit(request, org_pk)
    try:
        added = services.add_missing_from_template(catalog, actor=request.user)
        messages.success(request, f"已补充模板事项 {len(added)} 项。")
    except ValidationError as exc:
        _errors(request, exc)
    return redirect("catalog:compare", org_pk=org_pk)


@login_required
@require_POST
def push_template(request, org_pk):
    org = get_object_or_404(Organization, pk=org_pk)
    access.require_push_template(request.user, org)
    stats = services.push_template(org, kind=request.POST.get("kind", ""), actor=request.user)
    messages.success(request, f"模板已推送：新建目录 {stats['created']} 个，补充草稿 {stats['extended']} 个，"
                              f"已备案目录 {stats['filed_untouched']} 个未改动（须走调整程序）。")
    return redirect("catalog:index")


@login_required
def filings(request):
    rows = selectors.filing_inbox(viewer_for(request))
    return render(request, "catalog/filings.html", {"page_obj": Paginator(rows, 30).get_page(request.GET.get("page"))})


@login_required
def filing(request, pk):
    f = get_object_or_404(Filing.objects.select_related("catalog__org", "catalog__filed_with", "submitted_by"), pk=pk)
    user = request.user
    if not (access.can_file(user, f.catalog) or access.can_edit(user, f.catalog)):
        raise PermissionDenied("您无权查看该报备。")
    form = ReasonForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        access.require_file(user, f.catalog)
        decision = request.POST.get("decision")
        # Only the two buttons decide: anything else is refused, never taken as 予以备案.
        if decision not in ("file", "return"):
            form.add_error(None, _("请选择“予以备案”或“退回”。"))
        elif form.is_valid():
            reason = form.cleaned_data["reason"]
            try:
                if decision == "return":
                    services.return_filing(f.catalog, reason=reason, actor=request.user)
                    messages.success(request, "已退回，并告知退回理由。")
                else:
                    services.acknowledge(f.catalog, actor=request.user, opinion=reason)
                    messages.success(request, "已备案。")
                return redirect("catalog:filings")
            except ValidationError as exc:
                _errors(request, exc)
    return render(request, "catalog/filing.html", {
        "filing": f, "can_decide": access.can_file(user, f.catalog) and f.decision == Filing.Decision.PENDING,
        "withheld": [r for r in f.snapshot if r.get("withheld")], "form": form,
    })


@login_required
def change_new(request, org_pk):
    catalog = _catalog_for_edit(request, org_pk)
    item = get_object_or_404(CatalogItem, pk=submitted_id(request.GET.get("item") or request.POST.get("item")),
                             catalog=catalog) if (request.GET.get("item") or request.POST.get("item")) else None
    if request.method == "POST":
        form, item_form = ChangeForm(request.POST), ItemForm(request.POST)
        if form.is_valid():
            kind = form.cleaned_data["kind"]
            data = item_form.to_data() if kind in ("add", "change") and item_form.is_valid() else {}
            if kind in ("add", "change") and not item_form.is_valid():
                messages.error(request, "请完整填写调整后的事项内容。")
            else:
                try:
                    services.request_change(catalog, kind=kind, item=item, data=data, actor=request.user,
                                            reason=form.cleaned_data["reason"],
                                            explanation=form.cleaned_data["explanation"],
                                            effective_on=form.cleaned_data["effective_on"])
                    messages.success(request, "调整申请已提交，待制定目录的党组织批准。")
                    return redirect("catalog:detail", org_pk=org_pk)
                except ValidationError as exc:
                    for m in exc.messages:
                        form.add_error(None, m)
    else:
        form = ChangeForm(initial={"kind": "change" if item else "add", "effective_on": timezone.localdate()})
        item_form = ItemForm(initial=ItemForm.initial_for(item) if item else {"due": "12-31"})
    return render(request, "catalog/change_form.html", {"catalog": catalog, "item": item, "form": form,
                                                        "item_form": item_form})


@login_required
def changes(request):
    rows = selectors.change_inbox(viewer_for(request))
    return render(request, "catalog/changes.html", {"page_obj": Paginator(rows, 30).get_page(request.GET.get("page"))})


@login_required
def change(request, pk):
    c = get_object_or_404(ItemChange.objects.select_related("catalog__org", "item", "approver_org"), pk=pk)
    user = request.user
    if not (access.can_decide_change(user, c) or access.can_edit(user, c.catalog)):
        raise PermissionDenied("您无权查看该调整申请。")
    form = ReasonForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        access.require_decide_change(user, c)
        decision = request.POST.get("decision")
        # Only the two buttons decide: anything else is refused, never taken as 批准.
        if decision not in ("approve", "reject"):
            form.add_error(None, _("请选择“批准”或“不予批准”。"))
        elif form.is_valid():
            opinion = form.cleaned_data["reason"]
            try:
                if decision == "reject":
                    services.reject_change(c, opinion=opinion, actor=request.user)
                    messages.success(request, "已不予批准。")
                else:
                    services.approve_change(c, opinion=opinion, actor=request.user)
                    messages.success(request, "已批准，调整说明已公布。")
                return redirect("catalog:changes")
            except ValidationError as exc:
                _errors(request, exc)
    return render(request, "catalog/change.html", {
        "change": c, "can_decide": access.can_decide_change(user, c) and c.state == ItemChange.State.PENDING,
        "form": form,
        "cadence_text": cadence.describe(c.data["cadence_kind"], c.data["cadence_params"]) if c.data else "",
    })


def public(request, org_pk):
    """The published catalog on the org's page, read through the catalog's own scope."""
    catalog = get_object_or_404(Catalog.objects.select_related("org", "filed_with"), org_id=org_pk)
    if not access.can_read_published(request.user, catalog):
        if catalog.state == Catalog.State.PUBLISHED and not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise Http404
    items = selectors.public_catalog_items(catalog)
    return render(request, "catalog/public.html", {
        "catalog": catalog, "rows": [(i, cadence.describe(i.cadence_kind, i.cadence_params)) for i in items],
        "withheld_count": catalog.items.filter(withheld=True, status=CatalogItem.Status.ACTIVE).count(),
        "changes": selectors.approved_changes(catalog)[:20],
    })


@login_required
def compare(request, org_pk):
    catalog = _catalog_for_edit(request, org_pk)
    return render(request, "catalog/compare.html", {"catalog": catalog, "cmp": selectors.compare_with_template(catalog),
                                                    "editable": catalog.state in services.EDITABLE_STATES})


@login_required
def version(request, org_pk, number):
    catalog = get_object_or_404(Catalog, org_id=org_pk)
    if not access.can_view_drafts(request.user, catalog):
        raise PermissionDenied("您无权查看该目录的历史版本。")
    v = get_object_or_404(catalog.versions, number=number)
    return render(request, "catalog/version.html", {"catalog": catalog, "version": v})


@login_required
def export(request, org_pk, fmt):
    if fmt not in ("xlsx", "pdf"):
        raise Http404
    catalog = get_object_or_404(Catalog.objects.select_related("org", "filed_with"), org_id=org_pk)
    staff = access.can_view_drafts(request.user, catalog)
    if not staff and not access.can_read_published(request.user, catalog):
        raise PermissionDenied("您无权导出该目录。")
    name = f"catalog-{catalog.org.code}-v{catalog.version}"
    if fmt == "xlsx":
        body = exports.export_xlsx(catalog, include_withheld=staff)
        ctype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        body = exports.export_pdf(catalog, include_withheld=False)
        ctype = "application/pdf"
    resp = HttpResponse(body, content_type=ctype)
    resp["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return resp


@login_required
@require_POST
def import_view(request, org_pk):
    catalog = _catalog_for_edit(request, org_pk)
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "请选择 xlsx 文件。")
        return redirect("catalog:detail", org_pk=org_pk)
    f = form.cleaned_data["file"]
    if f.size > 5 * 1024 * 1024:
        messages.error(request, "文件超过 5 MB，未导入。")
        return redirect("catalog:detail", org_pk=org_pk)
    report = exports.import_xlsx(catalog, f.read(), actor=request.user)
    if report.ok:
        messages.success(request, f"已导入 {report.count} 个事项。")
        return redirect("catalog:detail", org_pk=org_pk)
    return render(request, "catalog/import_report.html", {"catalog": catalog, "report": report})


@login_required
def due(request):
    viewer = viewer_for(request)
    org = viewer.current_org
    if org is None:
        raise PermissionDenied("您没有所属组织。")
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year") or today.year)
        if not 2000 <= year <= 2100:
            raise ValueError(year)
    except ValueError:
        year = today.year
    state = request.GET.get("state", "")
    if state and state not in DuePeriod.State.values:
        state = ""
    subtree = request.GET.get("subtree") == "1"
    qs = selectors.due_periods_for(org, year=year, subtree=subtree, state=state)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "catalog/due.html", {
        "org": org, "year": year, "state": state, "subtree": subtree, "states": DuePeriod.State.choices,
        "page_obj": page, "rows": [(p, selectors.deadline(p, today)) for p in page.object_list],
        "query_string": f"year={year}&state={state}&subtree={'1' if subtree else ''}",
    })
