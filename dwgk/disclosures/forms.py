from django import forms
from django.utils.translation import gettext_lazy as _

from dwgk.catalog.selectors import published_items_for
from dwgk.core.choices import Category, Channel, Scope
from dwgk.core.fields import IdField, IdsField, id_in_range
from dwgk.orgs.models import Person, Role
from dwgk.orgs.selectors import subtree

from .models import Interpretation, Retention, RiskLevel, SecrecyFinding, StepRecord


class DisclosureForm(forms.Form):
    title = forms.CharField(label=_("标题"), max_length=200)
    body = forms.CharField(label=_("正文"), widget=forms.Textarea(attrs={"rows": 12}),
                           help_text=_("可直接输入文字（按段落换行），也可粘贴带格式的内容；不安全的标签会被过滤。"))
    category = forms.ChoiceField(label=_("公开类别"), choices=Category.choices)
    catalog_item = IdField(label=_("目录事项"), queryset=None, required=False,
                                          empty_label=_("（目录外事项）"))
    out_of_catalog_reason = forms.CharField(label=_("目录外公开理由"), required=False,
                                            widget=forms.Textarea(attrs={"rows": 2}))
    scope = forms.ChoiceField(label=_("公开范围"), choices=Scope.choices)
    target_orgs = IdsField(label=_("特定公开对象（组织）"), queryset=None, required=False)
    target_people = forms.CharField(label=_("特定公开对象（人员编号，逗号分隔）"), required=False)
    channels = forms.MultipleChoiceField(label=_("公开方式"), choices=Channel.choices,
                                         widget=forms.CheckboxSelectMultiple)
    planned_at = forms.DateTimeField(label=_("计划公开时间"), required=False,
                                     widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    expires_at = forms.DateTimeField(label=_("公开截止时间"), required=False,
                                     widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))

    def __init__(self, *args, org=None, **kwargs):
        super().__init__(*args, **kwargs)

        self.fields["catalog_item"].queryset = published_items_for(org)
        self.fields["target_orgs"].queryset = subtree(org).order_by("path")

    def clean_target_people(self):
        raw = self.cleaned_data.get("target_people", "")
        ids = [x.strip() for x in raw.replace("，", ",").split(",") if x.strip()]
        if any(not x.isdigit() for x in ids):
            raise forms.ValidationError(_("人员编号须为数字，用逗号分隔。"))
        if not all(id_in_range(x) for x in ids):
            raise forms.ValidationError(_("有人员编号不存在。"))
        people = list(Person.objects.filter(pk__in=[int(x) for x in ids]))
        if len(people) != len(set(ids)):
            raise forms.ValidationError(_("有人员编号不存在。"))
        return people


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


class SecrecyTermForm(forms.Form):
    word = forms.CharField(label=_("敏感词"), max_length=60)
    note = forms.CharField(label=_("说明"), max_length=200, required=False)
