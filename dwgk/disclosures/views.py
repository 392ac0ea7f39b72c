"""Staff pages of the workflow. Thin: each POST calls one service and reports its Chinese message."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dwgk.access import configuration, staff
from dwgk.access import disclosures as gate
from dwgk.access.viewer import viewer_for
from dwgk.core.fields import posted_text, submitted_id, submitted_ids
from dwgk.orgs.models import Organization, Role

from . import archive as archiving
from . import finding_context, flows, forms, notifications, publishing, release, secrecy, selectors, services
from .models import Attachment, Disclosure, SecrecyFinding, SecrecyTerm, Status, TextFinding, TextReview
from .readercopy import reader_copy


def _get(request, pk) -> tuple[Disclosure, object]:
    d = get_object_or_404(Disclosure.objects.select_related("org", "proposer", "catalog_item"), pk=pk)
    viewer = viewer_for(request)
    if not staff.view_record(request.user, d):
        raise Http404
    return d, viewer


KEPT = "disclosures.kept_form"


def _keep(request, pk, name: str, page: str = "detail") -> None:
    """A refused form on the detail page (or a text review's page): what was typed comes back in the form
    after the redirect."""
    data = {}
    for key in request.POST:
        if key == "csrfmiddlewaretoken":
            continue
        values = request.POST.getlist(key)
        data[key] = values if len(values) > 1 else values[0]
    request.session[KEPT] = {"page": page, "pk": int(pk), "form": name, "data": data}


def _kept(request, pk, page: str = "detail") -> dict:
    kept = request.session.pop(KEPT, None)
    if not kept or kept.get("pk") != int(pk) or kept.get("page", "detail") != page:
        return {}
    return {kept["form"]: kept["data"]}


def _refuse(request, pk, message: str, keep: str | None):
    messages.error(request, message)
    if keep:
        _keep(request, pk, keep)
    return redirect("disclosures:detail", pk=pk)


def _run(request, pk, call, success, keep: str | None = None):
    """Run one service call; a ValidationError becomes an error message, nothing changes, and the form
    named `keep` gets back what was typed. `success` is a message or a function of the result."""
    d, viewer = _get(request, pk)
    try:
        result = call(d, viewer)
    except ValidationError as exc:
        return _refuse(request, d.pk, " ".join(exc.messages), keep)
    messages.success(request, success(result) if callable(success) else success)
    if isinstance(result, Disclosure) and result.pk != d.pk:
        return redirect("disclosures:detail", pk=result.pk)
    return redirect("disclosures:detail", pk=d.pk)


@login_required
def index(request):
    viewer = viewer_for(request)
    org = viewer.current_org
    if org is None or not viewer.role_assignments:
        raise PermissionDenied(_("只有党务工作人员可以查看公开事项办理列表"))
    status = request.GET.get("status", "")
    page = Paginator(selectors.org_disclosures(org, status), 30).get_page(request.GET.get("page"))
    return render(request, "disclosures/index.html", {
        "org": org, "page_obj": page, "status": status, "statuses": Status.choices,
        "query_string": f"status={status}" if status else "", "tasks": selectors.my_tasks(viewer),
        "can_create": selectors.is_staff_of(viewer, org)})


@login_required
def create(request):
    viewer = viewer_for(request)
    org = viewer.current_org
    if org is None or not selectors.is_staff_of(viewer, org):
        raise PermissionDenied(_("只有承办人可以提出公开方案"))
    form = forms.DisclosureForm(request.POST or None, org=org)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            d = services.create_draft(org=org, proposer=request.user, actor=request.user, **data)
        except ValidationError as exc:
            form.add_error(None, " ".join(exc.messages))
        else:
            messages.success(request, _("已保存草稿。请完成风险评估后提交。"))
            return redirect("disclosures:detail", pk=d.pk)
    return render(request, "disclosures/form.html", {"form": form, "org": org, "d": None})


@login_required
def people(request):
    """Suggestions for the target picker (htmx): 姓名（所在组织） of the people matching the typed name."""
    viewer = viewer_for(request)
    org = viewer.current_org
    if org is None or not selectors.is_staff_of(viewer, org):
        raise PermissionDenied(_("只有承办人可以查找公开对象"))
    q = (request.GET.get("target_people_q") or request.GET.get("q") or "").strip()[:20]
    labels = [forms.person_label(p) for p in selectors.people_named(org, q)] if q else []
    return render(request, "disclosures/_people_results.html", {"labels": labels, "q": q})


@login_required
def edit(request, pk):
    d, viewer = _get(request, pk)
    staff.require_drafting(request.user, d)
    initial = {"title": d.title, "body_html": d.body, "category": d.category, "catalog_item": d.catalog_item,
               "out_of_catalog_reason": d.out_of_catalog_reason, "scope": d.scope, "channels": d.channels,
               "target_orgs": d.target_orgs.all(), "planned_at": d.planned_at, "expires_at": d.expires_at,
               "document_number": d.document_number, "written_on": d.written_on, "keywords": d.keywords,
               "target_people": "，".join(forms.person_label(p) for p in d.target_people.select_related("party_org"))}
    form = forms.DisclosureForm(request.POST or None, org=d.org, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.update_draft(d, request.user, target_orgs=data.pop("target_orgs"),
                                  target_people=data.pop("target_people"), **data)
        except ValidationError as exc:
            form.add_error(None, " ".join(exc.messages))
        else:
            messages.success(request, _("已保存修改。"))
            return redirect("disclosures:detail", pk=d.pk)
    return render(request, "disclosures/form.html", {"form": form, "org": d.org, "d": d})


@login_required
def detail(request, pk):
    d, viewer = _get(request, pk)
    kept = _kept(request, d.pk)
    wf = selectors.active_workflow(d)
    original = selectors.can_see_original(viewer, d)
    can_act = selectors.can_act_on_current(viewer, wf)
    person = viewer.person
    is_proposer = person is not None and (person.pk == d.proposer_id or selectors.is_staff_of(viewer, d.org))
    context = {
        "d": d, "wf": wf, "original": original, "can_act": can_act, "is_proposer": is_proposer,
        "findings": finding_context.locate(d, d.findings.select_related("decided_by")) if original else [],
        "steps": selectors.workflow_steps(d).order_by("workflow__started_at", "order"),
        "records": selectors.records(d), "attachments": [(a, reader_copy(a)) for a in d.attachments.all()],
        "publications": d.publications.all(), "interpretations": release.with_reviews(publishing.INTERPRETATION, d.interpretations.all()),
        "corrections": d.corrections.all(), "archive": getattr(d, "archive", None) if d.status == Status.ARCHIVED else None,
        "is_publisher": selectors.is_staff_of(viewer, d.org, ("publisher",)),
        "is_approver": selectors.is_staff_of(viewer, d.org, ("approver", "publisher")),
        "is_archiver": selectors.is_staff_of(viewer, d.org, ("publisher", "office_admin")),
        # Each form on this page has its own id prefix; a refused one comes back with what was typed.
        "risk_form": forms.RiskForm(auto_id="risk_%s", initial=kept.get("risk") or {
            "level": d.risk_level, "effect": d.risk_effect, "plan": d.risk_plan}),
        "act_form": forms.ActForm(auto_id="act_%s", initial={**kept.get("act", {}),
                                                             "version": wf.version if wf else 0}),
        "offline_form": forms.OfflineForm(auto_id="offline_%s", initial=kept.get("offline") or kept.get("publish")),
        "reason_form": forms.ReasonForm(auto_id="withdraw_%s", initial=kept.get("withdraw")),
        "correction_form": forms.CorrectionForm(auto_id="correct_%s", initial=kept.get("correct")),
        "widen_form": forms.WidenForm(auto_id="widen_%s", current=d.scope, initial=kept.get("widen")),
        "interpretation_form": forms.InterpretationForm(auto_id="interp_%s", initial=kept.get("interpret")),
        "archive_form": forms.ArchiveForm(auto_id="archive_%s", initial=kept.get("archive")),
        "kept_name": next(iter(kept), ""),
        # The finding a refused decision was about: its row shows the decision and reason as typed.
        "finding_typed": kept.get("finding") or {},
        "attachment_form": forms.AttachmentForm(auto_id="attach_%s"), "decisions": SecrecyFinding.Decision,
    }
    return render(request, "disclosures/detail.html", context)


@login_required
@require_POST
def risk(request, pk):
    form = forms.RiskForm(request.POST)
    if not form.is_valid():
        return _refuse(request, pk, _("请完整填写风险评估。"), "risk")
    return _run(request, pk, lambda d, v: services.set_risk_assessment(d, request.user, **form.cleaned_data),
                _("已保存风险评估。"), keep="risk")


@login_required
@require_POST
def attach(request, pk):
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("请选择要上传的附件。"))
        return redirect("disclosures:detail", pk=pk)
    limit = publishing_limit()
    if upload.size > limit:
        messages.error(request, _("附件超过大小上限。"))
        return redirect("disclosures:detail", pk=pk)
    data = upload.read()
    return _run(request, pk, lambda d, v: services.add_attachment(d, request.user, name=upload.name, data=data),
                _("已上传附件。"))


@login_required
@require_POST
def detach(request, pk, att_pk):
    def call(d, viewer):  # the drafting duty is asked by the service (dwgk.access.staff.require_drafting)
        services.remove_attachment(d, request.user, get_object_or_404(Attachment, pk=att_pk, disclosure=d))

    return _run(request, pk, call, _("已删除附件。"))


def publishing_limit() -> int:
    from .content import max_attachment_bytes

    return max_attachment_bytes()


@login_required
@require_POST
def submit(request, pk):
    return _run(request, pk, lambda d, v: services.submit(d, request.user), _("已提交审核。"))


@login_required
@require_POST
def act(request, pk):
    form = forms.ActForm(request.POST)
    if not form.is_valid():
        return _refuse(request, pk, _("操作信息不完整。"), "act")
    data = form.cleaned_data
    return _run(request, pk, lambda d, v: services.act(
        d, request.user, data["action"], opinion=data["opinion"], expected_version=data["version"],
        meeting_date=data["meeting_date"]), _("已办理：%(a)s。") % {"a": forms.ActForm.A(data["action"]).label},
        keep="act")


@login_required
@require_POST
def finding(request, pk):
    form = forms.FindingForm(request.POST)
    if not form.is_valid():
        return _refuse(request, pk, _("请选择处理方式。"), "finding")
    data = form.cleaned_data

    def call(d, viewer):
        f = get_object_or_404(SecrecyFinding, pk=data["finding"], disclosure=d)
        return services.decide_finding(f, request.user, data["decision"], data["reason"])

    return _run(request, pk, call, _("已记录处理决定。"), keep="finding")


def _offline_rows(request) -> list[dict]:
    form = forms.OfflineForm(request.POST)
    if form.is_valid() and form.cleaned_data.get("channel"):
        return [form.cleaned_data]
    if not form.is_valid() and request.POST.get("channel"):
        raise ValidationError(_("线下公开记录填写有误：请检查日期和受众人数。"))
    return []


@login_required
@require_POST
def publish(request, pk):
    def call(d, viewer):
        return publishing.publish(d, request.user, offline=_offline_rows(request))

    return _run(request, pk, call, _published_message, keep="publish")


def _published_message(d: Disclosure):
    """Says which happened — published now, or scheduled and when — and where readers find it."""
    d.refresh_from_db()
    link = reverse("portal:disclosure", args=[d.pk])
    if d.status == Status.SCHEDULED and d.planned_at:
        when = timezone.localtime(d.planned_at).strftime("%Y-%m-%d %H:%M")
        return format_html(_("已定时发布：将于 {} 自动发布到党务公开专栏，届时可在 <a href=\"{}\">专栏页面</a> 查看。"),
                           when, link)
    return format_html(_("已发布，读者现在可以在 <a href=\"{}\">党务公开专栏的页面</a> 查看。"), link)


@login_required
@require_POST
def offline(request, pk):
    def call(d, viewer):
        rows = _offline_rows(request)
        if not rows:
            raise ValidationError(_("请选择线下公开方式。"))
        return publishing.record_offline_publication(d, request.user, **rows[0])

    return _run(request, pk, call, _("已登记线下公开记录。"), keep="offline")


@login_required
def board(request, pk):
    d, _viewer = _get(request, pk)
    size = request.GET.get("size", "A4")
    try:
        pdf = publishing.board_sheet_pdf(d, size)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("disclosures:detail", pk=d.pk)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="board-{d.pk}-{size}.pdf"'
    return response


@login_required
@require_POST
def withdraw(request, pk):
    return _run(request, pk, lambda d, v: publishing.withdraw(d, request.user, posted_text(request, "reason")),
                _("已撤回。"), keep="withdraw")


@login_required
@require_POST
def correct(request, pk):
    form = forms.CorrectionForm(request.POST)
    if not form.is_valid():
        return _refuse(request, pk, _("请选择类型并说明澄清/更正内容。"), "correct")
    return _run(request, pk, lambda d, v: publishing.start_correction(d, request.user, **form.cleaned_data),
                _("已创建新版本草稿，原附件已一并带入（可删除）。请修改后提交审核。"), keep="correct")


@login_required
@require_POST
def widen(request, pk):
    d, _viewer = _get(request, pk)
    form = forms.WidenForm(request.POST, current=d.scope)
    if not form.is_valid():
        return _refuse(request, pk, _("请选择更大的公开范围并填写理由。"), "widen")
    return _run(request, pk, lambda d, v: publishing.request_scope_change(d, request.user, **form.cleaned_data),
                _("已提交扩大公开范围的审核。"), keep="widen")


@login_required
@require_POST
def interpret(request, pk):
    form = forms.InterpretationForm(request.POST)
    if not form.is_valid():
        return _refuse(request, pk, _("请完整填写解读。"), "interpret")
    return _run(request, pk, lambda d, v: publishing.add_interpretation(d, request.user, **form.cleaned_data),
                _("政策解读已提交审查：经保密审查和审批后向读者发布。"), keep="interpret")


@login_required
@require_POST
def archive(request, pk):
    return _run(request, pk, lambda d, v: archiving.archive(d, request.user,
                                                           retention=request.POST.get("retention", "")),
                _("已归档。"), keep="archive")


@login_required
def package(request, pk):
    d, _viewer = _get(request, pk)
    rec = getattr(d, "archive", None) if d.status == Status.ARCHIVED else None
    if rec is None:
        raise Http404
    return FileResponse(rec.package.open("rb"), as_attachment=True, filename=f"{rec.archive_no}.zip")


@login_required
def attachment(request, pk, att_pk):
    d, viewer = _get(request, pk)
    att = get_object_or_404(Attachment, pk=att_pk, disclosure=d)
    want_original = request.GET.get("original") == "1"
    if not staff.can_get_attachment(request.user, att, original=want_original,
                                    reader_allowed=gate.can_view(request.user, d)):
        raise PermissionDenied(_("原件仅限流程审核人员查看") if want_original else
                               _("该附件尚未完成保密审查，仅限流程审核人员查看"))
    if want_original:
        return FileResponse(att.file.open("rb"), as_attachment=True, filename=att.name, content_type=att.content_type)
    copy = reader_copy(att)
    return FileResponse(copy.open(), as_attachment=True, filename=copy.name, content_type=copy.content_type)


@login_required
def inbox(request):
    viewer = viewer_for(request)
    if viewer.person is None:
        raise PermissionDenied(_("该账号没有消息"))
    if request.method == "POST":
        ids = submitted_ids(request.POST.getlist("id")) if "id" in request.POST else None
        notifications.mark_read(viewer.person, ids)
        return redirect("disclosures:inbox")
    page = Paginator(selectors.inbox(viewer.person), 30).get_page(request.GET.get("page"))
    return render(request, "disclosures/inbox.html", {"page_obj": page})


def screen(request, org_pk):
    """电子显示屏 feed: rotating list of an org subtree's latest public items (no login: it is a screen)."""
    org = get_object_or_404(Organization, pk=org_pk)
    return render(request, "disclosures/screen.html", {"org": org, "items": selectors.screen_feed(org)})


# ---------------------------------------------------------------------------------------------- configuration

@login_required
def workflow_settings(request):
    """The current org's workflow: see the one in force, pick a preset, or edit the steps."""
    viewer = viewer_for(request)
    org = viewer.current_org
    if not configuration.may_configure_workflow(request.user, org):
        raise PermissionDenied(_("只有本组织党务公开办公室可以设置公开流程"))
    own = flows.own_template(org)
    current = flows.definition_for(org)
    if request.method == "POST" and request.POST.get("action") == "reset":
        flows.clear_template(org, actor=request.user)
        messages.success(request, _("已恢复为上级流程或默认流程。"))
        return redirect("disclosures:workflow_settings")
    if request.method == "POST" and request.POST.get("action") == "preset":
        preset = flows.BUILTIN.get(request.POST.get("preset", ""))
        if preset is None:
            messages.error(request, _("请选择预置流程。"))
        else:
            flows.set_template(org, name=preset["name"], steps=preset["steps"], source=preset["source"],
                               applies_to_subtree=bool(request.POST.get("applies_to_subtree")), actor=request.user)
            messages.success(request, _("已采用预置流程“%(n)s”。") % {"n": preset["name"]})
            return redirect("disclosures:workflow_settings")
    posted = request.method == "POST" and request.POST.get("action") == "save"
    if request.method == "POST" and request.POST.get("action") not in ("reset", "preset", "save"):
        messages.error(request, _("请选择要执行的操作。"))
    form = forms.WorkflowTemplateForm(request.POST if posted else None, initial={
        "name": current["name"], "source": current.get("source", ""),
        "applies_to_subtree": own.applies_to_subtree if own else False,
        "text_flow": own.text_flow if own else "short"})
    steps = forms.StepFormSet(request.POST if posted else None, prefix="step",
                              initial=[{**s, "ORDER": i} for i, s in enumerate(current["steps"], start=1)])
    if posted and form.is_valid() and steps.is_valid():
        rows = [f.cleaned_data for f in steps.ordered_forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        try:
            flows.set_template(org, steps=rows, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, " ".join(exc.messages))
        else:
            messages.success(request, _("已保存本组织的公开流程。"))
            return redirect("disclosures:workflow_settings")
    shown = {**current, "steps": [{**s, "roles_display": "、".join(str(Role(r).label) for r in s["roles"])}
                                  for s in current["steps"]]}
    return render(request, "disclosures/workflow_settings.html", {
        "org": org, "own": own, "current": shown, "form": form, "steps": steps, "presets": flows.BUILTIN,
        # A refused preset choice is shown again as it was ticked.
        "preset_typed": request.POST if request.method == "POST" and request.POST.get("action") == "preset" else {}})


@login_required
def secrecy_terms(request):
    if not configuration.may_manage_secrecy_terms(request.user):
        raise PermissionDenied(_("只有市级党委保密审查人员或党务公开办公室可以维护保密审查词库"))
    action = request.POST.get("action") if request.method == "POST" else None
    form = forms.SecrecyTermForm(request.POST if action == "add" else None)
    if request.method == "POST":
        if action == "add" and form.is_valid():
            try:
                secrecy.add_term(form.cleaned_data["word"], form.cleaned_data["note"], actor=request.user)
            except ValidationError as exc:
                form.add_error("word", " ".join(exc.messages))
            else:
                messages.success(request, _("已加入词库。"))
                return redirect("disclosures:secrecy_terms")
        elif action in ("enable", "disable"):
            term = get_object_or_404(SecrecyTerm, pk=submitted_id(request.POST.get("term")))
            secrecy.set_term_active(term, action == "enable", actor=request.user)
            messages.success(request, _("已更新“%(w)s”。") % {"w": term.word})
            return redirect("disclosures:secrecy_terms")
        elif action != "add":
            # Neither 加入 nor 启用/停用 was pressed: say so, and show what was typed in the new word's form.
            messages.error(request, _("请选择要执行的操作。"))
            form = forms.SecrecyTermForm(initial={k: request.POST.get(k, "") for k in ("word", "note")})
    terms = SecrecyTerm.objects.order_by("-active", "word")
    return render(request, "disclosures/secrecy_terms.html", {
        "form": form, "terms": terms, "settings_words": secrecy.settings_words()})


# ---------------------------------------------------------------------------------------------- other texts

def _text_review(request, pk) -> TextReview:
    review = get_object_or_404(TextReview.objects.select_related("org", "submitted_by"), pk=pk)
    if not staff.view_text_review(request.user, review):
        raise Http404
    return review


@login_required
def text_reviews(request):
    """待审文本: texts at a step the user holds a duty for, and the user's texts sent back."""
    return render(request, "disclosures/text_reviews.html", {
        "pending": release.pending_for(request.user), "returned": release.returned_to(request.user)})


@login_required
def text_review(request, pk):
    review = _text_review(request, pk)
    kept = _kept(request, review.pk, page="text")
    kind = release.kind_of(review)
    labels = {f: str(kind.model._meta.get_field(f).verbose_name) for f in kind.fields}
    findings = list(review.findings.select_related("decided_by"))
    step = review.current_step
    person = staff.person_of(request.user)
    may_act = step is not None and bool(person) and any(
        staff.holds(person, review.org, [r]) for r in release.acting_roles(step))
    may_decide = step is not None and bool(step.get("secrecy")) and staff.holds(person, review.org, [Role.SECRECY])
    obj = release.object_of(review)
    return render(request, "disclosures/text_review.html", {
        "review": review, "kind_label": kind.label, "step": step,
        "texts": [(labels[f], review.texts.get(f, ""), f in kind.html) for f in kind.fields],
        "redacted": [(labels[f], release.redacted_texts(review).get(f, ""), f in kind.html) for f in kind.fields],
        "located": finding_context.locate_in_texts(review.texts, kind.html, labels, findings),
        "records": review.records.select_related("actor_person"), "may_act": may_act,
        "may_decide": may_decide, "owner_url": kind.url(obj) if (kind.url and obj is not None) else "",
        # A refused form comes back with what was typed (the finding's row: its decision and reason).
        "act_form": forms.TextActForm(initial=kept.get("act")), "finding_typed": kept.get("finding") or {},
        "decisions": SecrecyFinding.Decision.choices[1:3]})


def _refuse_text(request, pk, message: str, keep: str):
    messages.error(request, message)
    _keep(request, pk, keep, page="text")
    return redirect("disclosures:text_review", pk=pk)


def _run_text(request, pk, call, success: str, keep: str):
    review = _text_review(request, pk)
    try:
        call(review)
    except ValidationError as exc:
        return _refuse_text(request, review.pk, " ".join(exc.messages), keep)
    messages.success(request, success)
    return redirect("disclosures:text_review", pk=review.pk)


@login_required
@require_POST
def text_finding(request, pk):
    review = _text_review(request, pk)
    form = forms.FindingForm(request.POST)
    if not form.is_valid():
        return _refuse_text(request, review.pk, _("请选择处理方式。"), "finding")
    data = form.cleaned_data

    def call(review):
        f = get_object_or_404(TextFinding, pk=data["finding"], review=review)
        release.decide_finding(f, request.user, data["decision"], data["reason"])

    return _run_text(request, pk, call, _("已记录处理决定。"), "finding")


@login_required
@require_POST
def text_act(request, pk):
    review = _text_review(request, pk)
    form = forms.TextActForm(request.POST)
    if not form.is_valid():
        message = _("请选择办理结果。") if "action" in form.errors else " ".join(
            str(e) for errors in form.errors.values() for e in errors)
        return _refuse_text(request, review.pk, message, "act")
    data = form.cleaned_data
    return _run_text(request, pk, lambda review: release.act(review, request.user, data["action"],
                                                              opinion=data["opinion"]),
                     _("已办理：%(a)s。") % {"a": forms.TextActForm.A(data["action"]).label}, "act")
