from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dwgk.access import orgs as access
from dwgk.access.viewer import viewer_for
from dwgk.core.fields import submitted_id

from . import selectors, services
from .forms import GuideContactForm, RoleGrantForm
from .models import Organization, Person, Role


def staff_home(request):
    """The staff home page: the org tree with counts, and the counts of the org one is working as."""
    viewer = viewer_for(request)
    context = {"roots": selectors.children_with_counts(None)}
    if viewer.current_org is not None:
        context["current_counts"] = selectors.subtree_counts(viewer.current_org)
    return render(request, "core/home.html", context)


@login_required
def tree(request):
    """The organization tree browser: roots first; children load on demand (htmx) or by link."""
    parent_id = request.GET.get("parent")
    parent = get_object_or_404(Organization, pk=parent_id) if parent_id else None
    rows = selectors.children_with_counts(parent)
    if request.headers.get("HX-Request") and parent is not None:
        return render(request, "orgs/_tree_children.html", {"rows": rows})
    q = request.GET.get("q", "").strip()
    found = selectors.search_orgs(q) if q else None
    return render(request, "orgs/tree.html", {"rows": rows, "parent": parent, "q": q, "found": found,
                                              "ancestors": selectors.ancestors(parent) if parent else []})


@login_required
def detail(request, pk):
    org = get_object_or_404(Organization.objects.select_related("parent", "line", "serves"), pk=pk)
    context = {
        "org": org,
        "ancestors": selectors.ancestors(org),
        "counts": selectors.subtree_counts(org),
        "children": selectors.children_with_counts(org),
        "can_see_people": access.can_see_people(request.user, org),
        "can_grant": access.can_grant_roles(request.user, org),
        "can_edit_guide": access.can_edit_guide_contact(request.user, org),
    }
    if context["can_see_people"]:
        context["page_obj"] = Paginator(selectors.members_of(org), 30).get_page(request.GET.get("page"))
        context["roles"] = selectors.roles_in(org)
        context["role_form"] = RoleGrantForm()
    return render(request, "orgs/detail.html", context)


@login_required
@require_POST
def grant_role(request, pk):
    org = get_object_or_404(Organization, pk=pk)
    if not access.can_grant_roles(request.user, org):
        raise PermissionDenied(_("您无权为该组织授予角色"))
    form = RoleGrantForm(request.POST)
    if form.is_valid():
        person = Person.objects.filter(pk=form.cleaned_data["person"]).first()
        if person is None:
            messages.error(request, _("没有编号为 %(id)s 的人员。") % {"id": form.cleaned_data["person"]})
        else:
            try:
                access.require_grant_role(request.user, person, org, form.cleaned_data["role"])
                services.assign_role(person, org, form.cleaned_data["role"], actor=request.user, request=request)
                messages.success(request, _("已授予 %(name)s “%(role)s” 角色。") % {
                    "name": person.name, "role": Role(form.cleaned_data["role"]).label})
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, _("授权信息不完整：请填写人员编号并选择角色。"))
    return redirect("orgs:detail", pk=org.pk)


@login_required
@require_POST
def revoke_role(request, pk):
    org = get_object_or_404(Organization, pk=pk)
    if not access.can_grant_roles(request.user, org):
        raise PermissionDenied(_("您无权撤销该组织的角色"))
    person = get_object_or_404(Person, pk=submitted_id(request.POST.get("person")))
    access.require_revoke_role(request.user, person, org, request.POST.get("role", ""))
    if services.revoke_role(person, org, request.POST.get("role", ""), actor=request.user, request=request):
        messages.success(request, _("角色已撤销。"))
    return redirect("orgs:detail", pk=org.pk)


@login_required
def roles(request):
    """Role overview for the viewer's current org (office admin) — where roles are granted."""
    viewer = viewer_for(request)
    org = viewer.current_org
    if org is None or not access.can_grant_roles(request.user, org):
        raise PermissionDenied(_("您无权管理角色"))
    return redirect("orgs:detail", pk=org.pk)


@login_required
def guide_contact(request, pk):
    """The office keeps the contact its 公开指南 shows (受理地址, 电话, 办公时间, 邮箱)."""
    org = get_object_or_404(Organization, pk=pk)
    access.require_edit_guide_contact(request.user, org)
    fields = services.GUIDE_CONTACT_FIELDS
    form = GuideContactForm(request.POST or None, initial={k: getattr(org, k) for k in fields})
    if request.method == "POST" and form.is_valid():
        try:
            services.set_guide_contact(org, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for e in errors:
                    form.add_error(field, e)
        else:
            messages.success(request, _("已保存，公开指南已更新。"))
            return redirect("orgs:guide_contact", pk=org.pk)
    return render(request, "orgs/guide_contact.html", {"org": org, "form": form})
