"""Oversight pages: thin views over services and selectors."""

from __future__ import annotations

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from dwgk.access import oversight as access
from dwgk.access.viewer import viewer_for
from dwgk.core import kept
from dwgk.core.fields import posted_text, submitted_id, submitted_ids
from dwgk.disclosures import release
from dwgk.orgs.models import Organization, Person

from . import forms, selectors, services
from .indicators import registry as indicator_registry
from .models import (
    AccountabilityCase,
    AssessedOrg,
    Assessment,
    BestPracticeRound,
    CheckItem,
    Circular,
    Indicator,
    Inspection,
    InspectionTarget,
    Nomination,
    Rectification,
    RoundLine,
    Survey,
)


def _errors(request, exc: ValidationError) -> None:
    for m in exc.messages:
        messages.error(request, m)


def _require(ok: bool, message: str = "您没有权限进行此操作。") -> None:
    if not ok:
        raise PermissionDenied(message)


def _org_by_code(code: str) -> Organization:
    org = Organization.objects.filter(code=code.strip()).first()
    if org is None:
        raise ValidationError(f"找不到组织代码为“{code.strip()}”的党组织。")
    return org


def _page(request, qs, per_page=20):
    return Paginator(qs, per_page).get_page(request.GET.get("page"))


@login_required
def index(request):
    viewer = viewer_for(request)
    org = viewer.current_org
    circulars = list(selectors.circulars_visible_to(request.user)[:10])
    for c in circulars:
        c.can_submit = c.disclosure_id is None and access.can_manage(request.user, c.org)
    offices = access.office_orgs(request.user)
    # The office's own circulars, released or not, with their review state (先审查后公开).
    managed = release.with_reviews(services.CIRCULAR, selectors.circulars_managed_by(offices)[:20])
    for c, review in managed:
        if review is not None and review.state in (review.State.RETURNED, review.State.REJECTED):
            c.revise_form = forms.CircularReviseForm(initial={"title": c.title, "body": c.body},
                                                     auto_id=f"c{c.pk}_%s")
    return render(request, "oversight/index.html", {"org": org, "offices": offices, "circulars": circulars,
                                                    "managed": managed})


# --- 工作台账 -----------------------------------------------------------------------------------

REGISTRY_FORMS = {"body": forms.BodyForm, "measure": forms.MeasureForm, "carrier": forms.CarrierForm,
                  "contact_point": forms.ContactPointForm, "publicity": forms.PublicityForm,
                  "supervisor": forms.AppointForm}
REGISTRY_TITLES = {"body": "领导机构", "measure": "办法/方案/制度", "carrier": "公开载体", "contact_point": "联系点",
                   "publicity": "宣传教育与群众座谈会", "supervisor": "聘请监督员"}


@login_required
def registry(request, org_id: int):
    org = get_object_or_404(Organization, pk=org_id)
    manage = access.can_manage(request.user, org)
    _require(access.view_registry(request.user, org))
    return render(request, "oversight/registry.html", {
        "org": org, "manage": manage, "data": selectors.registry_of(org),
        "forms": [(k, REGISTRY_TITLES[k], f(kept.take(request, f"registry:{k}"), auto_id=f"{k}_%s"))
                  for k, f in REGISTRY_FORMS.items()] if manage else [],
    })


@login_required
@require_POST
def registry_add(request, org_id: int, kind: str):
    org = get_object_or_404(Organization, pk=org_id)
    _require(access.can_manage(request.user, org))
    if kind not in REGISTRY_FORMS:
        raise PermissionDenied("未知的台账类型。")
    form = REGISTRY_FORMS[kind](request.POST, request.FILES)
    if not form.is_valid():
        for field, errs in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label}：{'；'.join(errs)}")
        kept.keep(request, f"registry:{kind}")
        return redirect("oversight:registry", org_id=org.pk)
    d, user = form.cleaned_data, request.user
    try:
        if kind == "body":
            services.add_leading_body(org, kind=d["kind"], name=d["name"], established_on=d["established_on"],
                                      members=form.member_list(), actor=user)
        elif kind == "measure":
            services.add_measure(org, kind=d["kind"], title=d["title"], adopted_on=d["adopted_on"],
                                 doc_number=d["doc_number"], document=d.get("document"), actor=user)
        elif kind == "carrier":
            services.add_carrier(org, kind=d["kind"], name=d["name"], quantity=d["quantity"],
                                 established_on=d["established_on"], url=d["url"], column_name=d["column_name"],
                                 actor=user)
        elif kind == "contact_point":
            services.add_contact_point(org, point=_org_by_code(d["point_code"]), established_on=d["established_on"],
                                       contact_person=d["contact_person"], actor=user)
        elif kind == "publicity":
            services.add_publicity(org, kind=d["kind"], title=d["title"], held_on=d["held_on"], outlet=d["outlet"],
                                   actor=user)
        elif kind == "supervisor":
            person = Person.objects.filter(pk=d["person_id"]).first()
            if person is None:
                raise ValidationError("找不到该党员。")
            services.appoint_supervisor(org, person, on=d["appointed_on"], actor=user)
        messages.success(request, "已登记。")
    except ValidationError as exc:
        _errors(request, exc)
        kept.keep(request, f"registry:{kind}")
    return redirect("oversight:registry", org_id=org.pk)


@login_required
def supervisor_comment(request):
    """监督员提意见建议: the supervisor picks one of the orgs they supervise."""
    viewer = viewer_for(request)
    appts = list(viewer.person.supervisor_appointments.filter(ended_on__isnull=True).select_related("org")
                 if viewer.person else [])
    _require(bool(appts), "只有监督员可以提意见建议。")
    form = forms.CommentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        appt = next((a for a in appts if str(a.org_id) == request.POST.get("org")), None)
        if appt is None:
            messages.error(request, "请选择所监督的党组织。")
        else:
            try:
                services.add_supervisor_comment(appt.org, viewer.person, body=form.cleaned_data["body"],
                                                on=timezone.localdate(), actor=request.user)
                messages.success(request, "意见建议已提交。")
                return redirect("oversight:supervisor_comment")
            except ValidationError as exc:
                _errors(request, exc)
    comments = [c for a in appts for c in a.comments.all()[:20]]
    return render(request, "oversight/supervisor_comment.html", {"form": form, "appts": appts,
                                                                 "comments": comments})


# --- 督查与整改 ---------------------------------------------------------------------------------

@login_required
def inspections(request):
    viewer = viewer_for(request)
    orgs = [viewer.current_org] if viewer.current_org else []
    return render(request, "oversight/inspections.html", {
        "page_obj": _page(request, selectors.inspections_visible_to(orgs)),
        "offices": access.office_orgs(request.user), "form": forms.InspectionForm(kept.take(request, "inspection")),
    })


@login_required
@require_POST
def inspection_create(request):
    viewer = viewer_for(request)
    organizer = get_object_or_404(Organization, pk=submitted_id(request.POST.get("organizer")))
    _require(access.can_manage(request.user, organizer) and viewer.person is not None)
    form = forms.InspectionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请完整填写督查信息。")
        kept.keep(request, "inspection")
        return redirect("oversight:inspections")
    d = form.cleaned_data
    try:
        targets = [_org_by_code(c) for c in re.split(r"[\s,，、]+", d["target_codes"]) if c]
        insp = services.create_inspection(organizer, kind=d["kind"], title=d["title"], focus=d["focus"],
                                          leader=viewer.person, started_on=d["started_on"], targets=targets,
                                          actor=request.user)
    except ValidationError as exc:
        _errors(request, exc)
        kept.keep(request, "inspection")
        return redirect("oversight:inspections")
    messages.success(request, "督查已创建。")
    return redirect("oversight:inspection", pk=insp.pk)


@login_required
def inspection(request, pk: int):
    insp = get_object_or_404(Inspection.objects.select_related("organizer", "leader"), pk=pk)
    inspector = access.is_inspector(request.user, insp)
    targets = list(insp.targets.select_related("org").prefetch_related("findings__rectifications"))
    _require(inspector or any(access.can_answer_for(request.user, t.org) for t in targets))
    labels = dict(CheckItem.choices)
    for t in targets:
        t.check_rows = [f"{labels[k]}：{'符合' if ok else '不符合'}" for k, ok in t.checks.items()]
        # One pair of forms per target: each field gets its own id on the page.
        t.checks_form = forms.ChecksForm(kept.take(request, f"inspection:checks:{t.pk}"),
                                         auto_id=f"t{t.pk}_checks_%s")
        t.finding_form = forms.FindingForm(kept.take(request, f"inspection:finding:{t.pk}"),
                                           auto_id=f"t{t.pk}_finding_%s")
    circular_form = forms.CircularForm(kept.take(request, "inspection:circular"), initial={
        "title": f"关于{insp.title}情况的通报", "body": services.inspection_circular_text(insp)})
    return render(request, "oversight/inspection.html", {
        "insp": insp, "targets": targets, "inspector": inspector, "circular_form": circular_form,
        "circulars": _circulars(request.user, insp.circulars.all(), inspector), "today": timezone.localdate(),
    })


def _circulars(user, qs, handler: bool):
    """(circular, review) pairs: its handlers see every circular with its review state; anyone else reads
    released circulars in their scope only (the access layer)."""
    if handler:
        return release.with_reviews(services.CIRCULAR, qs)
    return [(c, None) for c in access.visible_circulars(user, qs)]


@login_required
@require_POST
def circular_revise(request, pk: int):
    """A circular sent back by its review is edited and submitted again."""
    circular = get_object_or_404(Circular, pk=pk)
    _require(access.can_manage(request.user, circular.org))
    form = forms.CircularReviseForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError("请填写通报标题和正文。")
        services.revise_circular(circular, actor=request.user, **form.cleaned_data)
        messages.success(request, "通报已修改并重新提交审查。")
    except ValidationError as exc:
        _errors(request, exc)
    return redirect(services.circular_url(circular))


@login_required
@require_POST
def inspection_action(request, pk: int, action: str):
    insp = get_object_or_404(Inspection, pk=pk)
    _require(access.is_inspector(request.user, insp))
    today = timezone.localdate()
    try:
        if action == "checks":
            target = get_object_or_404(InspectionTarget, pk=submitted_id(request.POST.get("target")), inspection=insp)
            form = forms.ChecksForm(request.POST)
            if not form.is_valid():
                raise ValidationError("请逐项填写检查结果。")
            services.record_checks(target, checks=form.checks(), summary=form.cleaned_data["summary"],
                                   inspected_on=today, actor=request.user)
        elif action == "finding":
            target = get_object_or_404(InspectionTarget, pk=submitted_id(request.POST.get("target")), inspection=insp)
            form = forms.FindingForm(request.POST)
            if not form.is_valid():
                raise ValidationError("请完整填写问题和整改要求（期限1至365天）。")
            d = form.cleaned_data
            finding = services.add_finding(target, check_item=d["check_item"], description=d["description"],
                                           actor=request.user)
            services.order_rectification(finding, requirement=d["requirement"], days=d["days"],
                                         working_days=d["working_days"], today=today, actor=request.user)
        elif action == "conclude":
            services.conclude_inspection(insp, on=today, actor=request.user)
        elif action == "circular":
            form = forms.CircularForm(request.POST)
            if not form.is_valid():
                raise ValidationError("请填写通报标题、正文和范围。")
            services.issue_circular(kind=Circular.Kind.INSPECTION, org=insp.organizer, inspection=insp,
                                    actor=request.user, **form.cleaned_data)
        else:
            raise PermissionDenied("未知操作。")
        messages.success(request, "已保存。")
    except ValidationError as exc:
        _errors(request, exc)
        target_pk = submitted_id(request.POST.get("target"))
        kept.keep(request, f"inspection:{action}:{target_pk}" if action in ("checks", "finding") else
                  f"inspection:{action}")
    return redirect("oversight:inspection", pk=insp.pk)


@login_required
def rectification(request, pk: int):
    rect = get_object_or_404(Rectification.objects.select_related("org", "finding__target__inspection"), pk=pk)
    insp = rect.finding.target.inspection
    inspector, answerer = access.is_inspector(request.user, insp), access.can_answer_for(request.user, rect.org)
    _require(inspector or answerer)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "answer" and answerer:
                form = forms.AnswerForm(request.POST)
                if not form.is_valid():
                    raise ValidationError("请填写整改情况。")
                services.answer_rectification(rect, answer=form.cleaned_data["answer"], actor=request.user)
            elif request.POST.get("action") == "verify" and inspector:
                form = forms.VerifyForm(request.POST)
                if not form.is_valid():
                    raise ValidationError("请选择验收结论。")
                services.verify_rectification(rect, accept=form.cleaned_data["accept"] == "1",
                                              note=form.cleaned_data["note"], actor=request.user)
            else:
                raise PermissionDenied("您不能进行此操作。")
            messages.success(request, "已保存。")
        except ValidationError as exc:
            _errors(request, exc)
            kept.keep(request, f"rectification:{request.POST.get('action')}")
        return redirect("oversight:rectification", pk=rect.pk)
    return render(request, "oversight/rectification.html", {
        "rect": rect, "insp": insp, "inspector": inspector, "answerer": answerer,
        "answer_form": forms.AnswerForm(kept.take(request, "rectification:answer")),
        "verify_form": forms.VerifyForm(kept.take(request, "rectification:verify")), "today": timezone.localdate(),
    })


@login_required
@require_POST
def circular_disclosure(request, pk: int):
    """通报 → 公开事项 in one step (draft, risk assessment, submitted for review)."""
    circular = get_object_or_404(Circular, pk=pk)
    _require(access.can_manage(request.user, circular.org))
    try:
        d = services.circular_to_disclosure(circular, actor=request.user)
        messages.success(request, f"已转为公开事项“{d.title}”（{d.get_status_display()}）。")
    except ValidationError as exc:
        _errors(request, exc)
    nxt = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()}):
        nxt = reverse("oversight:index")
    return redirect(nxt)


# --- 考核 ---------------------------------------------------------------------------------------

@login_required
def assessments(request):
    offices = access.office_orgs(request.user)
    qs = Assessment.objects.filter(org__in=offices).select_related("org")
    # Published results reach the scope they were published to (the access layer decides).
    published = access.visible_assessment_results(request.user, Assessment.objects.all()).select_related("org")
    return render(request, "oversight/assessments.html", {"mine": qs, "published": published[:20],
                                                          "offices": offices,
                                                          "form": forms.AssessmentForm(kept.take(request, "assessment"))})


@login_required
@require_POST
def assessment_create(request):
    org = get_object_or_404(Organization, pk=submitted_id(request.POST.get("org")))
    _require(access.can_manage(request.user, org))
    form = forms.AssessmentForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写考核名称和年度。")
        kept.keep(request, "assessment")
        return redirect("oversight:assessments")
    try:
        a = services.create_assessment(org, year=form.cleaned_data["year"], title=form.cleaned_data["title"],
                                       assessed=list(org.children.all()), indicators_spec=[], actor=request.user)
    except ValidationError as exc:
        _errors(request, exc)
        kept.keep(request, "assessment")
        return redirect("oversight:assessments")
    return redirect("oversight:assessment", pk=a.pk)


@login_required
def assessment(request, pk: int):
    a = get_object_or_404(Assessment.objects.select_related("org"), pk=pk)
    manage = access.can_manage(request.user, a.org)
    _require(manage or access.can_view_assessment_result(request.user, a))
    ind_form = forms.IndicatorForm()
    ind_form.fields["computed"].choices = [("", "评分人打分")] + [
        (k, f"{c.label}（{c.rule}）") for k, c in indicator_registry().items()]
    if not manage:  # a reader gets the results as released by their review, not the live records
        return render(request, "oversight/assessment.html", {"a": a, "manage": False})
    return render(request, "oversight/assessment.html", {
        "a": a, "manage": manage, "table": selectors.assessment_table(a), "ind_form": ind_form,
        "scope_form": forms.ScopeForm(), "review": release.review_of(services.ASSESSMENT_RESULTS, a),
        "circulars": release.with_reviews(services.CIRCULAR, a.circulars.all()),
    })


@login_required
@require_POST
def assessment_action(request, pk: int, action: str):
    a = get_object_or_404(Assessment, pk=pk)
    _require(access.can_manage(request.user, a.org))
    try:
        if action == "indicator":
            d = request.POST
            services.add_indicator(a, aspect=d.get("aspect", ""), name=d.get("name", ""), weight=d.get("weight"),
                                   computed=d.get("computed", ""), sort_order=a.indicators.count(), actor=request.user)
        elif action == "start":
            services.start_scoring(a, actor=request.user)
        elif action == "score":
            for key, value in request.POST.items():
                m = re.fullmatch(r"s_(\d+)_(\d+)", key)
                if m and value.strip():
                    ind = get_object_or_404(Indicator, pk=m[1], assessment=a, computed="")
                    ao = get_object_or_404(AssessedOrg, pk=m[2], assessment=a)
                    services.score(ind, ao, value=value.strip(), actor=request.user)
        elif action == "finalize":
            services.finalize_assessment(a, actor=request.user)
        elif action == "publish":
            services.publish_assessment(a, scope=request.POST.get("scope", ""), actor=request.user)
        else:
            raise PermissionDenied("未知操作。")
        messages.success(request, "已保存。")
    except ValidationError as exc:
        _errors(request, exc)
    return redirect("oversight:assessment", pk=a.pk)


# --- 评议与满意度测评 ---------------------------------------------------------------------------

@login_required
def surveys(request):
    viewer = viewer_for(request)
    today = timezone.localdate()
    open_to_me = [{"survey": sv, "taken": services.has_taken(sv, viewer.person)}
                  for sv in selectors.surveys_open_to(viewer.person, today)]
    offices = access.office_orgs(request.user)
    return render(request, "oversight/surveys.html", {
        "open_to_me": open_to_me, "offices": offices, "form": forms.SurveyForm(kept.take(request, "survey")),
        "managed": Survey.objects.filter(org__in=offices).select_related("subject"),
    })


@login_required
@require_POST
def survey_create(request):
    org = get_object_or_404(Organization, pk=submitted_id(request.POST.get("org")))
    _require(access.can_manage(request.user, org))
    form = forms.SurveyForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError([e for errs in form.errors.values() for e in errs])
        d = form.cleaned_data
        questions = form.question_list()
        sv = services.create_survey(org, subject=org, kind=d["kind"], audience=d["audience"], title=d["title"],
                                    opens_on=d["opens_on"], closes_on=d["closes_on"], questions=questions,
                                    actor=request.user)
    except ValidationError as exc:
        _errors(request, exc)
        kept.keep(request, "survey")
        return redirect("oversight:surveys")
    return redirect("oversight:survey_results", pk=sv.pk)


@login_required
def survey_take(request, pk: int):
    sv = get_object_or_404(Survey.objects.select_related("subject"), pk=pk)
    viewer = viewer_for(request)
    _require(services.is_eligible(sv, viewer.person), "您不在本次测评的参评范围内。")
    questions = list(sv.questions.all())
    chosen = {q.pk: request.POST.get(f"q{q.pk}", "") for q in questions} if request.method == "POST" else {}
    if request.method == "POST":
        answers = {pk: int(raw) for pk, raw in chosen.items() if raw.isdigit()}
        try:
            services.submit_response(sv, viewer.person, answers=answers)
            messages.success(request, "感谢参与！您的答卷已匿名提交。")
            return redirect("oversight:surveys")
        except ValidationError as exc:
            _errors(request, exc)
    # A refused answer sheet comes back with every answer chosen still chosen.
    rows = [(q, [(str(i), label, chosen.get(q.pk) == str(i)) for i, label in enumerate(q.choices)])
            for q in questions]
    return render(request, "oversight/survey_take.html", {
        "sv": sv, "rows": rows, "taken": services.has_taken(sv, viewer.person)})


@login_required
def survey_results(request, pk: int):
    sv = get_object_or_404(Survey.objects.select_related("subject", "org"), pk=pk)
    manage = access.can_manage(request.user, sv.org)
    _require(manage or access.can_view_survey_results(request.user, sv))
    if request.method == "POST" and manage:
        try:
            action = request.POST.get("action")
            if action in (Survey.State.OPEN, Survey.State.CLOSED):
                services.set_survey_state(sv, action, actor=request.user)
            elif action == "publish":
                services.publish_survey_results(sv, scope=request.POST.get("scope", ""), actor=request.user)
            messages.success(request, "已保存。")
        except ValidationError as exc:
            _errors(request, exc)
        return redirect("oversight:survey_results", pk=sv.pk)
    if not manage:  # a reader gets the results as released by their review, not the live counts
        return render(request, "oversight/survey_results.html", {"sv": sv, "manage": False})
    return render(request, "oversight/survey_results.html", {
        "sv": sv, "manage": manage, "results": selectors.survey_results(sv), "responses": sv.responses.count(),
        "scope_form": forms.ScopeForm(), "review": release.review_of(services.SURVEY_RESULTS, sv)})


# --- 责任追究 -----------------------------------------------------------------------------------

@login_required
def accountability(request):
    offices = access.office_orgs(request.user)
    _require(bool(offices), "只有党务公开办公室可以查看责任追究记录。")
    form = forms.AccountabilityForm(request.POST or None)
    if request.method == "POST":
        org = get_object_or_404(Organization, pk=submitted_id(request.POST.get("org")))
        _require(access.can_manage(request.user, org))
        if form.is_valid():
            d = form.cleaned_data
            try:
                person = Person.objects.filter(pk=d["responsible_person_id"]).first() \
                    if d["responsible_person_id"] else None
                services.record_accountability(
                    org, case=d["case"], action=d["action"], responsible_org=_org_by_code(d["responsible_code"]),
                    responsible_person=person, facts=d["facts"], decided_on=d["decided_on"],
                    ref_type=d["ref_type"].strip(), ref_id=d["ref_id"].strip(), actor=request.user)
                messages.success(request, "责任追究记录已登记。")
                return redirect("oversight:accountability")
            except ValidationError as exc:
                _errors(request, exc)
    qs = AccountabilityCase.objects.filter(org__in=offices).select_related("responsible_org", "responsible_person")
    return render(request, "oversight/accountability.html", {"form": form, "offices": offices,
                                                             "page_obj": _page(request, qs)})


# --- 最佳实践单位选树 ---------------------------------------------------------------------------

@login_required
def best_practice(request):
    offices = access.office_orgs(request.user)
    form = forms.RoundForm(request.POST or None)
    if request.method == "POST":
        org = get_object_or_404(Organization, pk=submitted_id(request.POST.get("org")))
        _require(access.can_manage(request.user, org))
        if form.is_valid():
            try:
                rnd = services.open_round(org, year=form.cleaned_data["year"], title=form.cleaned_data["title"],
                                          lines=form.cleaned_data["lines"], actor=request.user)
                return redirect("oversight:round", pk=rnd.pk)
            except ValidationError as exc:
                _errors(request, exc)
    mine = Q(pk__in=[])
    for o in offices:
        mine |= Q(organizer__path__startswith=o.path)
    leads = access.duty_org_ids(request.user)
    announced = access.visible_announcements(request.user, BestPracticeRound.objects.all()).values("pk")
    rounds = (BestPracticeRound.objects.filter(mine | Q(lines__lead_org_id__in=leads) | Q(pk__in=announced))
              .distinct().select_related("organizer"))
    return render(request, "oversight/best_practice.html", {"rounds": rounds, "offices": offices, "form": form})


def _round_roles(user, rnd):
    return access.can_manage(user, rnd.organizer), access.duty_org_ids(user)


@login_required
def round_detail(request, pk: int):
    rnd = get_object_or_404(BestPracticeRound.objects.select_related("organizer"), pk=pk)
    organizer, leads = _round_roles(request.user, rnd)
    lines = list(rnd.lines.select_related("line", "lead_org").prefetch_related("nominations__org"))
    handler = organizer or any(rl.lead_org_id in leads for rl in lines)
    _require(handler or access.can_view_announcement(request.user, rnd))
    circulars = _circulars(request.user, rnd.circulars.all(), organizer)
    if not handler:  # a reader gets the announcement as released by its review
        return render(request, "oversight/round.html", {"rnd": rnd, "reader": True, "circulars": circulars})
    return render(request, "oversight/round.html", {
        "rnd": rnd, "lines": lines, "organizer": organizer, "leads": leads,
        "nominate_form": forms.NominateForm(), "score_form": forms.NomineeScoreForm(),
        "scope_form": forms.ScopeForm(), "circulars": circulars,
        "review": release.review_of(services.BEST_PRACTICE, rnd) if organizer else None})


@login_required
@require_POST
def round_action(request, pk: int, action: str):
    rnd = get_object_or_404(BestPracticeRound, pk=pk)
    organizer, leads = _round_roles(request.user, rnd)
    try:
        if action == "nominate":
            rl = get_object_or_404(RoundLine, pk=submitted_id(request.POST.get("round_line")), round=rnd)
            _require(rl.lead_org_id in leads)
            entries = []
            for line in posted_text(request, "entries").splitlines():
                if line.strip():
                    code, _sep, highlights = line.partition("|")
                    entries.append({"org": _org_by_code(code), "highlights": highlights.strip()})
            services.nominate(rl, by_org=rl.lead_org, entries=entries, actor=request.user)
        elif action == "evaluate":
            _require(organizer)
            services.start_joint_evaluation(rnd, actor=request.user)
        elif action == "score":
            nom = get_object_or_404(Nomination, pk=submitted_id(request.POST.get("nomination")), round_line__round=rnd)
            evaluator = get_object_or_404(Organization, pk=submitted_id(request.POST.get("evaluator")))
            _require(access.can_score_for(request.user, evaluator))
            services.score_nominee(nom, evaluator=evaluator, aspect=posted_text(request, "aspect"),
                                   value=request.POST.get("value"), actor=request.user)
        elif action == "choose":
            _require(organizer)
            rl = get_object_or_404(RoundLine, pk=submitted_id(request.POST.get("round_line")), round=rnd)
            services.choose(rl, list(rl.nominations.filter(pk__in=submitted_ids(request.POST.getlist("nominations")))),
                            actor=request.user)
        elif action == "announce":
            _require(organizer)
            excellent = [rl.line for rl in rnd.lines.select_related("line")
                         if str(rl.pk) in request.POST.getlist("excellent")]
            services.announce(rnd, scope=request.POST.get("scope", ""), excellent_lines=excellent,
                              actor=request.user)
        else:
            raise PermissionDenied("未知操作。")
        messages.success(request, "已保存。")
    except ValidationError as exc:
        _errors(request, exc)
    return redirect("oversight:round", pk=rnd.pk)
