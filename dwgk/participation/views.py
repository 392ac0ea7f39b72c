"""Views: public forms (feedback, request, query code), participation pages, and staff handling pages.
Thin: they validate input, call services/selectors and render."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from dwgk.access import participation as access
from dwgk.access.viewer import viewer_for
from dwgk.core import kept
from dwgk.core.fields import posted_text, submitted_id, submitted_ids
from dwgk.disclosures import release
from dwgk.disclosures.models import Disclosure
from dwgk.orgs.models import Organization, Person, Role

from . import engagement, feedback, forms, guards, letters, selectors, services
from .models import (
    Consultation,
    DisclosureRequest,
    Feedback,
    Hearing,
    HearingApplication,
    Inquiry,
    Letter,
    Notice,
    Objection,
    OutcomeCategory,
    OutcomeReason,
)


def _errors(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def _remember(request, obj) -> None:
    """After a successful 查询码 lookup this browser session may read the item and its letters."""
    access.remember_code(request, obj)


# --- public ----------------------------------------------------------------------------------------------------

def index(request):
    return render(request, "participation/index.html", {
        "consultations": selectors.open_consultations(request.user)[:10],
        "notices": selectors.current_notices(request.user)[:10],
        "hearings": selectors.hearings_upcoming(request.user)[:10],
        "replies": selectors.public_replies(request.user, 10),
        "today": services.today(),
    })


def captcha_image(request, key):
    png = guards.captcha_png(key)
    if png is None:
        raise Http404
    response = HttpResponse(png, content_type="image/png")
    response["Cache-Control"] = "no-store"
    return response


def _org_from(request) -> Organization | None:
    org_id = request.GET.get("org") or request.POST.get("org")
    return Organization.objects.filter(pk=org_id).first() if org_id and str(org_id).isdigit() else None


def _disclosure_from(request):
    """The disclosure the feedback is about. One the sender may not read is absent (existence is
    private): 404, and nothing about it is shown or accepted."""
    ref = request.GET.get("disclosure") or request.POST.get("disclosure")
    if not ref:
        return None
    d = Disclosure.objects.select_related("org").filter(pk=ref).first() if str(ref).isdigit() else None
    if d is None or not access.may_send_feedback_about(request.user, d):
        raise Http404(_("没有找到该公开事项"))
    return d


@never_cache
def feedback_new(request):
    """意见箱: anyone, signed or anonymous; a captcha and a per-address limit guard the form."""
    disclosure = _disclosure_from(request)
    org = disclosure.org if disclosure is not None else _org_from(request)
    # A signed-in sender is known and rate-limited by account: no captcha for them.
    need_captcha = not request.user.is_authenticated
    finding = request.method == "POST" and _finding_org(request)
    form = forms.FeedbackForm(request.POST if request.method == "POST" and not finding else None,
                              initial=_typed(request) if finding else {"org": org}, need_captcha=need_captcha)
    if disclosure is not None:
        form.fix_org()
    if finding:
        form.fields["org"].search(request.POST.get("org_q", ""), asked=True)
        form.new_challenge()
    elif request.method == "POST":
        limited = guards.rate_limited("feedback", request)
        if limited:
            form.is_valid()
            form.errors.clear()
            form.add_error(None, limited)
        elif form.is_valid():
            cd = form.cleaned_data
            try:
                fb, code = feedback.submit_feedback(
                    subject=cd["subject"], body=cd["body"], org=org if disclosure is not None else cd["org"],
                    disclosure=disclosure,
                    is_anonymous=cd["is_anonymous"], name=cd["name"],
                    contact={"phone": cd["phone"], "email": cd["email"]},
                    user=request.user if request.user.is_authenticated else None)
            except ValidationError as exc:
                form.add_error(None, _errors(exc))
            else:
                guards.count_submission("feedback", request)
                _remember(request, fb)
                return render(request, "participation/submitted.html", {"obj": fb, "code": code, "kind": "feedback"})
        form.fields["org"].search(request.POST.get("org_q", ""))  # refused: the picker keeps its search
        form.new_challenge()
    else:
        if disclosure is None:  # about a disclosure, the org is fixed (its publisher): no picker
            form.fields["org"].search(request.GET.get("org_q", ""))
        form.new_challenge()
    return render(request, "participation/feedback_form.html", {"form": form, "org": org, "disclosure": disclosure})


def _finding_org(request) -> bool:
    """The picker's 查找 button: search orgs and show the form again, nothing submitted or lost."""
    return "find_org" in request.POST


def _typed(request) -> dict:
    """What was typed, as the initial values of a fresh form: a search is not a submission, so it shows
    no errors and keeps everything."""
    skip = {"csrfmiddlewaretoken", "captcha", "captcha_key", "find_org", "org_q"}
    return {k: v for k, v in request.POST.items() if k not in skip}


def org_search(request):
    """htmx: the picker's matches while the reader types (the same list the 查找 button shows)."""
    field = forms.RequestForm().fields["org"]
    field.search(request.GET.get("org_q", ""))
    return render(request, "participation/_org_results.html", {"results": field.widget.results, "name": "org",
                                                               "matched": bool(field.widget.results),
                                                               "query": field.widget.query})


@never_cache
@login_required
def request_new(request):
    """依申请公开 online: party members (and, where the org allows, anyone with an account)."""
    viewer = viewer_for(request)
    person = viewer.person
    came_from = _org_from(request)
    initial = {"applicant_name": person.name if person else "", "applicant_type": "natural",
               "org": came_from or (person.party_org if person and person.party_org_id else None)}
    if request.method == "POST" and _finding_org(request):
        form = forms.RequestForm(initial=_typed(request))
        form.fields["org"].search(request.POST.get("org_q", ""), asked=True)
    elif request.method == "POST":
        form = forms.RequestForm(request.POST)
        limited = guards.rate_limited("request", request)
        if limited:
            form.is_valid()
            form.errors.clear()
            form.add_error(None, limited)
        elif form.is_valid():
            cd = form.cleaned_data
            try:
                req, code = services.submit_request(
                    org=cd["org"], applicant_name=cd["applicant_name"], applicant_type=cd["applicant_type"],
                    description=cd["description"], document_number=cd["document_number"], purpose=cd["purpose"],
                    form_wanted=cd["form_wanted"], user=request.user, person=person,
                    contact={"phone": cd["phone"], "email": cd["email"], "address": cd["address"]})
            except ValidationError as exc:
                form.add_error(None, _errors(exc))
            else:
                guards.count_submission("request", request)
                _remember(request, req)
                return render(request, "participation/submitted.html", {"obj": req, "code": code, "kind": "request"})
        form.fields["org"].search(request.POST.get("org_q", ""))  # refused: the picker keeps its search
    else:
        form = forms.RequestForm(initial=initial)
        form.fields["org"].search(request.GET.get("org_q", ""))
    return render(request, "participation/request_form.html", {"form": form})


@never_cache
def query(request):
    """查询码 lookup: no login; shows the item, its replies (public and private) and its letters."""
    form = forms.QueryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        limited = guards.rate_limited("query", request)
        if limited:
            form.add_error(None, limited)
        else:
            try:
                obj = services.find_by_code(form.cleaned_data["code"])
            except ValidationError as exc:
                guards.count_submission("query", request)  # slows guessing
                form.add_error("code", _errors(exc))
            else:
                _remember(request, obj)
                name = "participation:track_request" if isinstance(obj, DisclosureRequest) else \
                    "participation:track_feedback"
                return redirect(name, pk=obj.pk)
    return render(request, "participation/query.html", {"form": form})


@never_cache
def track_request(request, pk):
    req = get_object_or_404(DisclosureRequest.objects.select_related("org", "outcome_reason"), pk=pk)
    reader = access.reader_for(request)
    if not access.can_view_request(reader, req):
        raise Http404(_("没有找到该申请，请用查询码查询。"))
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "supplement":
                sf = forms.SupplementForm(request.POST)
                if not sf.is_valid():
                    raise ValidationError(" ".join(e for errs in sf.errors.values() for e in errs))
                services.complete_correction(req, supplement=sf.cleaned_data["supplement"], actor=reader)
                messages.success(request, _("补正内容已提交，答复期限自今日起重新计算。"))
            elif action == "rate":
                services.rate_request(req, request.POST.get("rating", ""), reader=reader)
                messages.success(request, _("感谢您的评价。"))
        except ValidationError as exc:
            messages.error(request, _errors(exc))
        return redirect("participation:track_request", pk=req.pk)
    return render(request, "participation/track_request.html", {
        "req": req, "clock": services.clock_for(req), "events": req.events.all(), "letters": req.letters.all(),
        "supplement_form": forms.SupplementForm(), "rating_form": forms.RatingForm()})


@never_cache
def track_feedback(request, pk):
    fb = get_object_or_404(Feedback.objects.select_related("org"), pk=pk)
    reader = access.reader_for(request)
    if not access.can_view_feedback(reader, fb):
        raise Http404(_("没有找到该意见，请用查询码查询。"))
    if request.method == "POST":
        try:
            feedback.rate_feedback(fb, request.POST.get("rating", ""), reader=reader)
            messages.success(request, _("感谢您的评价，该意见已办结。"))
        except ValidationError as exc:
            messages.error(request, _errors(exc))
        return redirect("participation:track_feedback", pk=fb.pk)
    return render(request, "participation/track_feedback.html", {
        "fb": fb, "events": fb.events.all(), "rating_form": forms.RatingForm()})


def letter_view(request, pk, fmt="html"):
    letter = get_object_or_404(Letter.objects.select_related("request", "request__org", "org"), pk=pk)
    if not access.can_view_request(access.reader_for(request), letter.request):
        raise Http404(_("没有找到该文书，请先用查询码查询该申请。"))
    if fmt == "pdf":
        response = HttpResponse(letters.letter_pdf(letter), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="letter-{letter.pk}.pdf"'
        return response
    return HttpResponse(letters.letter_html(letter))


@login_required
def mine(request):
    user = request.user
    return render(request, "participation/mine.html", {
        "requests": DisclosureRequest.objects.filter(applicant_user=user).select_related("org")[:50],
        "feedback": Feedback.objects.filter(submitted_by=user).select_related("org")[:50]})


def consultation_detail(request, pk):
    c = get_object_or_404(Consultation.objects.select_related("org"), pk=pk)
    if not access.can_view_consultation(request.user, c):
        raise Http404(_("没有找到该征求意见"))
    person = viewer_for(request).person
    anonymous = not request.user.is_authenticated
    if request.method == "POST":
        form = forms.OpinionForm(request.POST, need_captcha=anonymous)
        limited = guards.rate_limited("opinion", request)
        if limited:
            messages.error(request, limited)
            return redirect("participation:consultation", pk=c.pk)
        if form.is_valid():
            try:
                engagement.submit_opinion(c, body=form.cleaned_data["body"], name=form.cleaned_data["name"],
                                          person=person, user=request.user)
            except ValidationError as exc:
                form.add_error(None, _errors(exc))
            else:
                guards.count_submission("opinion", request)
                messages.success(request, _("您的意见已提交，感谢参与。"))
                return redirect("participation:consultation", pk=c.pk)
        form.new_challenge()
    else:
        form = forms.OpinionForm(need_captcha=anonymous)
        form.new_challenge()
    return render(request, "participation/consultation.html", {
        "c": c, "form": form, "is_open": engagement.consultation_is_open(c),
        "may_join": access.can_join_consultation(request.user, c),
        "summary_released": access.consultation_summary_released(c),
        "adopted": access.adopted_opinions(request.user, c)})


def notice_detail(request, pk):
    n = get_object_or_404(Notice.objects.select_related("org"), pk=pk)
    if not access.can_view_notice(request.user, n):
        raise Http404(_("没有找到该公示"))
    anonymous = not request.user.is_authenticated
    if request.method == "POST":
        form = forms.ObjectionForm(request.POST, need_captcha=anonymous)
        limited = guards.rate_limited("objection", request)
        if limited:
            messages.error(request, limited)
            return redirect("participation:notice", pk=n.pk)
        if form.is_valid():
            try:
                engagement.object_to(n, body=form.cleaned_data["body"], name=form.cleaned_data["name"],
                                     contact={"phone": form.cleaned_data["phone"]}, user=request.user)
            except ValidationError as exc:
                form.add_error(None, _errors(exc))
            else:
                guards.count_submission("objection", request)
                messages.success(request, _("异议已收到，我们将核查处理。"))
                return redirect("participation:notice", pk=n.pk)
        form.new_challenge()
    else:
        form = forms.ObjectionForm(need_captcha=anonymous)
        form.new_challenge()
    today = services.today()
    return render(request, "participation/notice.html", {
        "n": n, "form": form, "in_period": n.starts_on <= today <= n.ends_on,
        "result_released": access.notice_result_released(n)})


def hearing_detail(request, pk):
    h = get_object_or_404(Hearing.objects.select_related("org"), pk=pk)
    if not access.can_view_hearing(request.user, h):
        raise Http404(_("没有找到该会议"))
    person = viewer_for(request).person
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect("accounts:login")
        form = forms.HearingApplyForm(request.POST)
        if form.is_valid():
            try:
                engagement.apply_to_hearing(h, person=person, reason=form.cleaned_data["reason"])
                messages.success(request, _("报名成功，请等待确定名单。"))
            except ValidationError as exc:
                messages.error(request, _errors(exc))
        return redirect("participation:hearing", pk=h.pk)
    approved = h.applications.filter(state=HearingApplication.State.APPROVED).select_related("person", "person__party_org")
    return render(request, "participation/hearing.html", {
        "h": h, "form": forms.HearingApplyForm(), "may_apply": access.can_apply_hearing(request.user, h),
        "open": services.today() <= h.apply_until,
        "mine": h.applications.filter(person=person).first() if person else None,
        "attendees": approved if h.list_published_on else None})


@login_required
def inquiries(request):
    person = viewer_for(request).person
    if request.method == "POST":
        # Only a member asks (the page offers no form to anyone else): a refusal answers 403 with its reason.
        org = person.party_org if person is not None and person.party_org_id else None
        access.require_ask(request.user, org)
        form = forms.InquiryForm(request.POST)
        if form.is_valid():
            try:
                engagement.ask(org=org, person=person, question=form.cleaned_data["question"])
                messages.success(request, _("咨询已提交。"))
                return redirect("participation:inquiries")
            except ValidationError as exc:
                form.add_error(None, _errors(exc))
    else:
        form = forms.InquiryForm()
    answered = selectors.answered_inquiries(request.user)[:50]
    mine = selectors.own_inquiries(request.user)[:20]
    return render(request, "participation/inquiries.html", {"form": form, "answered": answered, "mine": mine,
                                                             "is_member": bool(person and person.is_party_member)})


# --- staff -------------------------------------------------------------------------------------------------------

def _reviews(*pairs) -> list:
    """(label, review) of the object's reader-facing texts, for its handlers: pending texts with their
    review state and a link to the review (先审查后公开)."""
    return [(release.KINDS[kind].label, release.review_of(kind, obj)) for kind, obj, shown in pairs if shown]


def _staff_org(request) -> Organization:
    return access.handling_org(request.user, viewer_for(request).current_org)


def _check(request, obj, org: Organization) -> None:
    """A record of an org the user does not handle is absent (existence is private)."""
    if not access.view_handled_record(request.user, obj, org):
        raise Http404(_("没有找到该事项"))


@login_required
def manage(request):
    org = _staff_org(request)
    tab = request.GET.get("tab", "overdue")
    state = request.GET.get("state") or "open"
    context = {"org": org, "tab": tab, "state": state, "today": services.today()}
    if tab == "requests":
        context["page_obj"] = Paginator(selectors.requests_in(org.path, state), 30).get_page(request.GET.get("page"))
        context["states"] = DisclosureRequest.State.choices
    elif tab == "feedback":
        context["page_obj"] = Paginator(selectors.feedback_in(org.path, state), 30).get_page(request.GET.get("page"))
        context["states"] = Feedback.State.choices
    elif tab == "engagement":
        context.update(consultations=selectors.consultations_in(org.path)[:30],
                       notices=selectors.notices_in(org.path)[:30], hearings=selectors.hearings_in(org.path)[:30],
                       inquiries=selectors.inquiries_in(org.path).filter(answered_on__isnull=True)[:30])
    else:
        page = int(request.GET.get("page", "1")) if request.GET.get("page", "1").isdigit() else 1
        context["overdue"] = selectors.overdue(org.path, page=max(page, 1))
        context["alerts"] = selectors.office_alerts(org)[:30]
    context["query_string"] = f"tab={tab}&state={state}"
    return render(request, "participation/manage.html", context)


@login_required
def manage_request_new(request):
    org = _staff_org(request)
    if request.method == "POST" and _finding_org(request):  # 查找 is a search: nothing registered
        form = forms.StaffRequestForm(initial=_typed(request))
        form.fields["org"].search(request.POST.get("org_q", ""), asked=True)
    elif request.method == "POST":
        form = forms.StaffRequestForm(request.POST)
        if form.is_valid():
            cd = form.cleaned_data
            try:
                req, code = services.submit_request(
                    org=cd["org"], applicant_name=cd["applicant_name"], applicant_type=cd["applicant_type"],
                    description=cd["description"], document_number=cd["document_number"], purpose=cd["purpose"],
                    form_wanted=cd["form_wanted"], channel=cd["channel"], received_on=cd["received_on"],
                    registered_by=request.user,
                    contact={"phone": cd["phone"], "email": cd["email"], "address": cd["address"]})
            except ValidationError as exc:
                form.add_error(None, _errors(exc))
            else:
                messages.success(request, _("已登记申请 %(no)s，查询码 %(code)s（请告知申请人）。") % {
                    "no": req.number, "code": code})
                return redirect("participation:manage_request", pk=req.pk)
        form.fields["org"].search(request.POST.get("org_q", ""))  # refused: the picker keeps its search
    else:
        form = forms.StaffRequestForm(initial={"org": org, "received_on": services.today()})
    return render(request, "participation/manage_form.html", {"form": form, "title": _("登记当面或邮寄申请")})


def _typed_for(request, name: str) -> dict:
    """What was typed into a refused action form of the page, as {action: values}: the page fills the
    form of that action again (the others stay empty)."""
    data = kept.take(request, name)
    return {data.get("action", ""): data} if data else {}


def _yes_no(request, name: str, message: str) -> bool:
    """A two-way choice posted as "1" / "0": anything else is refused, never read as "no"."""
    raw = request.POST.get(name, "")
    if raw not in ("0", "1"):
        raise ValidationError(message)
    return raw == "1"


def _typed_objection(typed: dict) -> dict:
    """What was typed into a refused objection-handling form, as {objection id: values}."""
    data = typed.get("objection")
    return {submitted_id(data.get("objection")): data} if data else {}


def _shown(typed: dict, action: str, **stored) -> dict:
    """The values one action form of the page shows: what was typed into it when it was refused, else the
    stored ones."""
    data = typed.get(action)
    return {k: data.get(k, "") for k in stored} if data is not None else stored


def _date(request) -> date:
    """The date an action took effect (staff may record an earlier one, never a later one)."""
    raw = request.POST.get("on", "")
    if not raw:
        return services.today()
    try:
        d = date.fromisoformat(raw)
    except ValueError:
        raise ValidationError(_("日期格式不正确。"))
    if d > services.today():
        raise ValidationError(_("办理日期不能晚于今天。"))
    return d


@login_required
def manage_request(request, pk):
    req = get_object_or_404(DisclosureRequest.objects.select_related("org", "department", "outcome_reason"), pk=pk)
    _check(request, req, req.org)
    if request.method == "POST":
        action = request.POST.get("action", "")
        user = request.user
        p = request.POST
        try:
            on = _date(request)
            if action == "accept":
                services.accept(req, actor=user, on=on)
            elif action == "correction":
                services.ask_correction(req, actor=user, note=p.get("note", ""), on=on)
            elif action == "supplement":
                services.complete_correction(req, supplement=p.get("note", ""), on=on, actor=user)
            elif action == "assign":
                dept = Organization.objects.filter(pk=submitted_id(p.get("department"))).first()
                if dept is None:
                    raise ValidationError(_("请选择承办部门。"))
                services.assign(req, department=dept, actor=user, note=p.get("note", ""), on=on)
            elif action == "consult":
                services.start_consultation(req, actor=user, third_party=p.get("third_party", ""),
                                            reason=p.get("note", ""), on=on)
            elif action == "consult_end":
                services.end_consultation(req, actor=user, opinion=p.get("note", ""), on=on)
            elif action == "extend":
                approver = Person.objects.filter(pk=submitted_id(p.get("approver"))).first()
                if approver is None:
                    raise ValidationError(_("请选择批准延期的负责人。"))
                services.extend(req, actor=user, approver=approver, reason=p.get("note", ""), on=on)
            elif action == "reply":
                reason = OutcomeReason.objects.filter(pk=submitted_id(p.get("reason"))).first()
                services.reply(req, actor=user, outcome=p.get("outcome", ""), reason=reason, text=p.get("text", ""),
                               on=on)
            elif action == "convert":
                draft = services.convert_to_disclosure(req, actor=user)
                messages.success(request, _("已生成主动公开草稿（编号 %(id)s），请到公开工作流程中继续办理。") % {"id": draft.pk})
            else:
                raise ValidationError(_("未知操作。"))
        except ValidationError as exc:
            messages.error(request, _errors(exc))
            kept.keep(request, "manage_request")
        else:
            if action != "convert":
                messages.success(request, _("已办理。"))
        return redirect("participation:manage_request", pk=req.pk)
    return render(request, "participation/manage_request.html", {
        "req": req, "clock": services.clock_for(req), "events": req.events.all(), "letters": req.letters.all(),
        "pauses": req.pauses.all(), "filings": req.filings.select_related("superior"),
        "departments": Organization.objects.filter(parent=req.org).order_by("sort_order", "id")[:100],
        "heads": Person.objects.filter(roles__org=req.org, roles__role=Role.APPROVER).distinct(),
        "outcomes": OutcomeCategory.choices, "reasons": OutcomeReason.objects.filter(is_active=True),
        "typed": _typed_for(request, "manage_request"),
        "contact": services.decrypt_contact(req.contact_encrypted, actor=request.user, obj=req)
        if request.GET.get("contact") else None,
        "today": services.today()})


@login_required
def manage_feedback_new(request):
    org = _staff_org(request)
    if request.method == "POST":
        form = forms.StaffFeedbackForm(request.POST)
        if form.is_valid():
            cd = form.cleaned_data
            try:
                fb, code = feedback.submit_feedback(
                    subject=cd["subject"], body=cd["body"], org=org, is_anonymous=not cd["name"], name=cd["name"],
                    contact={"phone": cd["phone"]}, channel=cd["channel"], received_on=cd["received_on"],
                    registered_by=request.user)
            except ValidationError as exc:
                form.add_error(None, _errors(exc))
            else:
                messages.success(request, _("已登记意见 %(no)s，查询码 %(code)s（请告知反映人）。") % {
                    "no": fb.number, "code": code})
                return redirect("participation:manage_feedback", pk=fb.pk)
    else:
        form = forms.StaffFeedbackForm(initial={"received_on": services.today()})
    return render(request, "participation/manage_form.html", {"form": form, "title": _("登记热线、来信或来访意见")})


@login_required
def manage_feedback(request, pk):
    fb = get_object_or_404(Feedback.objects.select_related("org"), pk=pk)
    _check(request, fb, fb.org)
    if request.method == "POST":
        action = request.POST.get("action", "")
        user, p = request.user, request.POST
        try:
            on = _date(request)
            if action == "accept":
                feedback.accept_feedback(fb, actor=user, on=on)
            elif action == "reject":
                feedback.reject_feedback(fb, actor=user, reason=p.get("note", ""), on=on)
            elif action == "handle":
                feedback.start_handling(fb, actor=user, note=p.get("note", ""), on=on)
            elif action == "rectify":
                try:
                    due = date.fromisoformat(p.get("due", ""))
                except ValueError:
                    raise ValidationError(_("请填写整改期限。"))
                feedback.require_rectification(fb, actor=user, note=p.get("note", ""), due=due, on=on)
            elif action == "reply":
                feedback.reply_feedback(fb, actor=user, text=p.get("text", ""), public=p.get("public") == "1", on=on)
            elif action == "revise_public":
                feedback.revise_public_reply(fb, actor=user, subject=p.get("subject", ""), text=p.get("text", ""))
            elif action == "withdraw_public":
                feedback.withdraw_public_reply(fb, actor=user, reason=p.get("note", ""))
            elif action == "redisclose":
                draft = feedback.redisclose(fb, actor=user)
                messages.success(request, _("已发起再次公开（草稿编号 %(id)s）。") % {"id": draft.pk})
            else:
                raise ValidationError(_("未知操作。"))
        except ValidationError as exc:
            messages.error(request, _errors(exc))
            kept.keep(request, "manage_feedback")
        else:
            if action != "redisclose":
                messages.success(request, _("已办理。"))
        return redirect("participation:manage_feedback", pk=fb.pk)
    return render(request, "participation/manage_feedback.html", {
        "fb": fb, "events": fb.events.all(), "today": services.today(),
        "reviews": _reviews((feedback.FEEDBACK_REPLY, fb, bool(fb.public_reply))),
        "typed": _typed_for(request, "manage_feedback"),
        "contact": services.decrypt_contact(fb.contact_encrypted, actor=request.user, obj=fb)
        if request.GET.get("contact") else None})


def _create(request, form_class, title, build):
    org = _staff_org(request)
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            obj, name = build(org, form.cleaned_data, request.user)
        except ValidationError as exc:
            form.add_error(None, _errors(exc))
        else:
            messages.success(request, _("已提交审查：经保密审查和审批后向读者发布。"))
            return redirect(name, pk=obj.pk)
    return render(request, "participation/manage_form.html", {"form": form, "title": title})


@login_required
def manage_consultation_new(request):
    return _create(request, forms.ConsultationForm, _("发起征求意见"), lambda org, cd, user: (
        engagement.open_consultation(org=org, title=cd["title"], draft=cd["draft"], audience=cd["audience"],
                                     days=cd["days"], actor=user), "participation:manage_consultation"))


@login_required
def manage_notice_new(request):
    return _create(request, forms.NoticeForm, _("发布公示"), lambda org, cd, user: (
        engagement.open_notice(org=org, kind=cd["kind"], title=cd["title"], body=cd["body"],
                               starts_on=cd["starts_on"], period_workdays=cd["period_workdays"], actor=user),
        "participation:manage_notice"))


@login_required
def manage_hearing_new(request):
    return _create(request, forms.HearingForm, _("发布旁听/列席会议"), lambda org, cd, user: (
        engagement.announce_hearing(org=org, kind=cd["kind"], title=cd["title"], agenda=cd["agenda"],
                                    meeting_at=cd["meeting_at"], location=cd["location"], places=cd["places"],
                                    apply_until=cd["apply_until"], actor=user), "participation:manage_hearing"))


@login_required
def manage_consultation(request, pk):
    c = get_object_or_404(Consultation.objects.select_related("org"), pk=pk)
    _check(request, c, c.org)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "revise":
                engagement.revise_consultation(c, title=posted_text(request, "title"),
                                               draft=posted_text(request, "draft"), actor=request.user)
                messages.success(request, _("征求意见稿已重新提交审查。"))
            else:
                engagement.publish_summary(c, summary=posted_text(request, "summary"),
                                           adopted_ids=submitted_ids(request.POST.getlist("adopted")),
                                           actor=request.user)
                messages.success(request, _("意见采纳情况已提交审查：经保密审查和审批后公布。"))
        except ValidationError as exc:
            messages.error(request, _errors(exc))
            kept.keep(request, "manage_consultation")
        return redirect("participation:manage_consultation", pk=c.pk)
    typed = _typed_for(request, "manage_consultation")
    opinions = c.opinions.all()
    summary_typed = typed.get("summary")
    adopted = ({submitted_id(i) for i in summary_typed.getlist("adopted")} if summary_typed is not None
               else {o.pk for o in opinions if o.adopted})
    return render(request, "participation/manage_consultation.html", {
        "c": c, "opinions": opinions, "today": services.today(), "adopted": adopted,
        "revise": _shown(typed, "revise", title=c.title, draft=c.draft),
        "summary": _shown(typed, "summary", summary=c.summary),
        "reviews": _reviews((engagement.CONSULTATION, c, True),
                            (engagement.CONSULTATION_SUMMARY, c, bool(c.summary)))})


@login_required
def manage_notice(request, pk):
    n = get_object_or_404(Notice.objects.select_related("org"), pk=pk)
    _check(request, n, n.org)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "objection":
                obj = get_object_or_404(Objection, pk=submitted_id(request.POST.get("objection")), notice=n)
                upheld = _yes_no(request, "upheld", _("请选择异议成立或不成立。"))
                engagement.handle_objection(obj, handling=posted_text(request, "handling"), upheld=upheld,
                                            actor=request.user)
            elif request.POST.get("action") == "revise":
                engagement.revise_notice(n, title=posted_text(request, "title"), body=posted_text(request, "body"),
                                         actor=request.user)
            else:
                engagement.publish_result(n, result=posted_text(request, "result"), actor=request.user)
            messages.success(request, _("已办理。"))
        except ValidationError as exc:
            messages.error(request, _errors(exc))
            kept.keep(request, "manage_notice")
        return redirect("participation:manage_notice", pk=n.pk)
    typed = _typed_for(request, "manage_notice")
    return render(request, "participation/manage_notice.html", {
        "n": n, "objections": n.objections.all(), "today": services.today(),
        "typed": _typed_objection(typed), "revise": _shown(typed, "revise", title=n.title, body=n.body),
        "result": _shown(typed, "result", result=n.result),
        "reviews": _reviews((engagement.NOTICE, n, True), (engagement.NOTICE_RESULT, n, bool(n.result)))})


@login_required
def manage_hearing(request, pk):
    h = get_object_or_404(Hearing.objects.select_related("org"), pk=pk)
    _check(request, h, h.org)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "publish":
                engagement.publish_attendance(h, actor=request.user)
            elif request.POST.get("action") == "revise":
                engagement.revise_hearing(h, title=posted_text(request, "title"), agenda=posted_text(request, "agenda"),
                                          location=posted_text(request, "location"), actor=request.user)
            else:
                app = get_object_or_404(HearingApplication, pk=submitted_id(request.POST.get("application")), hearing=h)
                approve = _yes_no(request, "approve", _("请选择确定或不安排。"))
                engagement.decide_application(app, approve=approve, actor=request.user)
            messages.success(request, _("已办理。"))
        except ValidationError as exc:
            messages.error(request, _errors(exc))
            kept.keep(request, "manage_hearing")
        return redirect("participation:manage_hearing", pk=h.pk)
    typed = _typed_for(request, "manage_hearing")
    return render(request, "participation/manage_hearing.html", {
        "h": h, "revise": _shown(typed, "revise", title=h.title, agenda=h.agenda, location=h.location), "applications": h.applications.select_related("person", "person__party_org"),
        "reviews": _reviews((engagement.HEARING, h, True))})


@login_required
@require_POST
def manage_inquiry(request, pk):
    inq = get_object_or_404(Inquiry.objects.select_related("org"), pk=pk)
    _check(request, inq, inq.org)
    try:
        engagement.answer(inq, text=posted_text(request, "text"), public=request.POST.get("public") == "1",
                          actor=request.user)
        messages.success(request, _("已答复。"))
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    return redirect(reverse("participation:manage") + "?tab=engagement")
