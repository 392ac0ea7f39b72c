import re

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dwgk.catalog.selectors import published_items_for
from dwgk.core.choices import Category, Channel, Scope
from dwgk.core.fields import IdField, IdsField
from dwgk.orgs.models import Person, Role
from dwgk.orgs.selectors import subtree

from .content import html_to_text, text_to_html
from .models import SCOPE_RANK, Interpretation, Retention, RiskLevel, SecrecyFinding, StepRecord, TextRecord


class ItemSelect(forms.Select):
    """Each catalog item's option carries its category and scope, so choosing it fills them (workbench.js)."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        item = getattr(value, "instance", None)
        if item is not None:
            option["attrs"]["data-category"] = item.category
            option["attrs"]["data-scope"] = item.scope
        return option


_NAME_SEP = re.compile(r"[,，、;；\n]+")
_NAME_HINT = re.compile(r"^(?P<name>[^（(]+)[（(](?P<org>[^）)]+)[）)]$")


def person_label(p: Person) -> str:
    """How a target person is written back into the form: 姓名（所在组织）."""
    return f"{p.name}（{p.party_org.name}）" if p.party_org_id else p.name


def people_by_name(raw: str, org) -> list[Person]:
    """People named in a list of 姓名 or 姓名（所在组织）; those in the org's subtree come first. A name that
    matches no one, or several people, is refused with the candidates to choose from."""
    out, errors = [], []
    for token in (t.strip() for t in _NAME_SEP.split(raw or "")):
        if not token:
            continue
        m = _NAME_HINT.match(token)
        name, hint = (m["name"].strip(), m["org"].strip()) if m else (token, "")
        qs = Person.objects.filter(name=name).select_related("party_org")
        if hint:
            qs = qs.filter(party_org__name__contains=hint)
        found = list(qs[:20])
        if org is not None and len(found) > 1:
            inside = [p for p in found if p.party_org_id and p.party_org.path.startswith(org.path)]
            found = inside or found
        if not found:
            errors.append(_("找不到“%(t)s”。") % {"t": token})
        elif len(found) > 1:
            errors.append(_("“%(t)s”有 %(n)s 位同名人员：%(c)s。请写成“姓名（所在组织）”。") % {
                "t": token, "n": len(found), "c": "、".join(person_label(p) for p in found[:5])})
        elif found[0] not in out:
            out.append(found[0])
    if errors:
        raise forms.ValidationError(" ".join(str(e) for e in errors))
    return out


class PeoplePicker(forms.Textarea):
    """Names typed as text (works without JavaScript), plus a search box (htmx) that adds a found person."""

    template_name = "disclosures/widgets/people_picker.html"
    query = ""

    def value_from_datadict(self, data, files, name):
        # The search box is typed too: a refused form shows it again (each form has its own widget copy).
        self.query = (data.get(f"{name}_q") or "")[:20]
        return super().value_from_datadict(data, files, name)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["search_url"] = reverse("disclosures:people")
        context["widget"]["query"] = self.query
        return context


class DisclosureForm(forms.Form):
    title = forms.CharField(label=_("标题"), max_length=200)
    # 正文 is edited in the rich-text editor (static/js/editor.js), which posts `body_html` (not a form
    # field, so no stale HTML rides along without JavaScript); without it the textarea holds the text
    # itself, one paragraph a line — never raw HTML.
    body = forms.CharField(label=_("正文"), widget=forms.Textarea(attrs={"rows": 12}),
                           help_text=_("可从 Word、WPS 直接粘贴，格式会被整理；不用编辑器时按段落换行输入文字。"))
    category = forms.ChoiceField(label=_("公开类别"), choices=Category.choices)
    catalog_item = IdField(label=_("目录事项"), queryset=None, required=False,
                                          empty_label=_("（目录外事项）"),
                                          widget=ItemSelect(attrs={"data-fill-from-item": ""}),
                                          help_text=_("选择目录事项后，公开类别随之确定，公开范围默认取该事项的范围。"))
    out_of_catalog_reason = forms.CharField(label=_("目录外公开理由"), required=False,
                                            widget=forms.Textarea(attrs={"rows": 2}))
    scope = forms.ChoiceField(label=_("公开范围"), choices=Scope.choices)
    target_orgs = IdsField(label=_("特定公开对象（组织）"), queryset=None, required=False)
    target_people = forms.CharField(label=_("特定公开对象（人员）"), required=False,
                                    widget=PeoplePicker(attrs={"rows": 2}),
                                    help_text=_("填写姓名，多人用逗号分隔；同名时写成“姓名（所在组织）”。"))
    channels = forms.MultipleChoiceField(label=_("公开方式"), choices=Channel.choices,
                                         widget=forms.CheckboxSelectMultiple)
    planned_at = forms.DateTimeField(label=_("计划公开时间"), required=False,
                                     widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    expires_at = forms.DateTimeField(label=_("公开截止时间"), required=False,
                                     widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    document_number = forms.CharField(label=_("发文字号"), max_length=60, required=False,
                                      help_text=_("如：东青委发〔2026〕3号；没有可不填"))
    written_on = forms.DateField(label=_("成文日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    keywords = forms.CharField(label=_("关键词"), max_length=120, required=False, help_text=_("以空格或逗号分隔"))

    def __init__(self, *args, org=None, **kwargs):
        super().__init__(*args, **kwargs)

        self.org = org
        # The editor starts from the HTML (what was typed, else the stored text); the textarea shows text.
        html = (self.data.get("body_html") if self.is_bound else None) or self.initial.get("body_html") or ""
        if not self.is_bound and html and not self.initial.get("body"):
            self.initial["body"] = html_to_text(html)
        self.fields["body"].widget.attrs["data-rich-html"] = html
        self.fields["body"].required = True
        self.fields["catalog_item"].queryset = published_items_for(org)
        self.fields["target_orgs"].queryset = subtree(org).order_by("path")
        if not self.is_bound and not self.initial.get("scope"):
            item = self.initial.get("catalog_item")
            # A new proposal: the item's own scope, else 党内 (never 特定对象 by accident).
            self.initial["scope"] = getattr(item, "scope", None) or Scope.PARTY

    def clean_target_people(self):
        return people_by_name(self.cleaned_data.get("target_people", ""), self.org)

    def clean_body(self):
        # The editor's HTML when it ran (cleaned by the sanitizer on save); else the typed text, literally.
        html = (self.data.get("body_html") or "").strip()
        return html if html else text_to_html(self.cleaned_data.get("body", ""))

    def clean(self):
        data = super().clean()
        item = data.get("catalog_item")
        if item is not None:
            data["category"] = item.category  # the catalog item decides its category
        return data


class RiskForm(forms.Form):
    level = forms.ChoiceField(label=_("风险等级"), choices=RiskLevel.choices)
    effect = forms.CharField(label=_("公开效果预判"), widget=forms.Textarea(attrs={"rows": 3}))
    plan = forms.CharField(label=_("防范应对预案"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("附件"))


class ActForm(forms.Form):
    A = StepRecord.Action
    action = forms.ChoiceField(choices=[(a, a.label) for a in (A.PASS, A.RETURN, A.REJECT, A.ESCALATE, A.UNCLEAR)])
    opinion = forms.CharField(label=_("意见"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(widget=forms.HiddenInput)
    meeting_date = forms.DateField(label=_("审定会议日期"), required=False,
                                   widget=forms.DateInput(attrs={"type": "date"}))


class TextActForm(forms.Form):
    A = TextRecord.Action
    action = forms.ChoiceField(choices=[(a, a.label) for a in (A.PASS, A.RETURN, A.REJECT)])
    opinion = forms.CharField(label=_("意见"), required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 3}))


class FindingForm(forms.Form):
    finding = forms.IntegerField()
    decision = forms.ChoiceField(choices=[c for c in SecrecyFinding.Decision.choices if c[0] != "pending"])
    reason = forms.CharField(required=False)


class OfflineForm(forms.Form):
    channel = forms.ChoiceField(label=_("线下公开方式"), choices=[("", "—")] + [
        c for c in Channel.choices if c[0] not in ("portal", "board", "screen")], required=False)
    held_on = forms.DateField(label=_("日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    place = forms.CharField(label=_("地点"), required=False)
    audience_count = forms.IntegerField(label=_("受众人数"), required=False, min_value=0)
    note = forms.CharField(label=_("说明"), required=False)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("理由"), widget=forms.Textarea(attrs={"rows": 2}))


class CorrectionForm(forms.Form):
    kind = forms.ChoiceField(label=_("类型"), choices=[("clarify", _("澄清")), ("correct", _("更正"))])
    reason = forms.CharField(label=_("澄清/更正说明"), widget=forms.Textarea(attrs={"rows": 2}))


class WidenForm(forms.Form):
    scope = forms.ChoiceField(label=_("扩大到"), choices=Scope.choices)
    reason = forms.CharField(label=_("理由"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, current: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if current in SCOPE_RANK:
            # Published scope only ever widens: only wider ones are offered.
            self.fields["scope"].choices = [(v, lbl) for v, lbl in Scope.choices
                                            if SCOPE_RANK[v] > SCOPE_RANK[current]]


class InterpretationForm(forms.Form):
    kind = forms.ChoiceField(label=_("解读形式"), choices=Interpretation.Kind.choices)
    title = forms.CharField(label=_("标题"), max_length=200)
    body = forms.CharField(label=_("内容"), widget=forms.Textarea(attrs={"rows": 4}))
    author = forms.CharField(label=_("解读人"), required=False)


class ArchiveForm(forms.Form):
    retention = forms.ChoiceField(label=_("保管期限"), choices=Retention.choices)


# ---------------------------------------------------------------------------------------------- configuration

def _step_kind_choices():
    from .models import StepKind

    return [(k, StepKind(k).label) for k in (StepKind.PROPOSE, StepKind.REVIEW, StepKind.APPROVE, StepKind.PUBLISH)]


def _role_choices():
    return [(r, Role(r).label) for r in (Role.PROPOSER, Role.REVIEWER, Role.SECRECY, Role.APPROVER, Role.PUBLISHER)]


class StepForm(forms.Form):
    kind = forms.ChoiceField(label=_("环节类型"), choices=_step_kind_choices)
    label = forms.CharField(label=_("环节名称"), max_length=60)
    roles = forms.MultipleChoiceField(label=_("办理角色"), choices=_role_choices, widget=forms.CheckboxSelectMultiple)
    secrecy = forms.BooleanField(label=_("含保密审查"), required=False)
    collective = forms.BooleanField(label=_("集体审定（须填会议日期）"), required=False)


StepFormSet = forms.formset_factory(StepForm, extra=1, can_order=True, can_delete=True, max_num=12)


class WorkflowTemplateForm(forms.Form):
    name = forms.CharField(label=_("流程名称"), max_length=80)
    source = forms.CharField(label=_("制度依据"), max_length=120, required=False)
    applies_to_subtree = forms.BooleanField(label=_("下级组织未自定流程时沿用本流程"), required=False)
    text_flow = forms.ChoiceField(label=_("解读、征求意见稿、公示、答复、通报等其他公开文本的审查流程"),
                                  choices=[("short", _("简短流程：审核（含保密审查）→审批")),
                                           ("full", _("与公开事项相同的审核、审批环节"))], initial="short",
                                  required=False)  # unchanged when not posted


class SecrecyTermForm(forms.Form):
    word = forms.CharField(label=_("敏感词"), max_length=60)
    note = forms.CharField(label=_("说明"), max_length=200, required=False)
