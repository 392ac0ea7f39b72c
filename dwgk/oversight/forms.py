from django import forms

from dwgk.core.choices import Scope
from dwgk.core.fields import IdsField
from dwgk.orgs.models import Line

from .models import (
    AccountabilityCase,
    Aspect,
    Carrier,
    CheckItem,
    Inspection,
    LeadingBody,
    Measure,
    Publicity,
    Survey,
)

DATE = forms.DateInput(attrs={"type": "date"})


class BodyForm(forms.Form):
    kind = forms.ChoiceField(label="类型", choices=LeadingBody.Kind.choices)
    name = forms.CharField(label="名称", max_length=120)
    established_on = forms.DateField(label="成立日期", widget=DATE)
    members = forms.CharField(label="成员", required=False, widget=forms.Textarea(attrs={"rows": 4}),
                              help_text="每行一人：姓名,职务,单位及职务")

    def member_list(self):
        out = []
        for line in self.cleaned_data["members"].splitlines():
            parts = [p.strip() for p in line.replace("，", ",").split(",")]
            if parts and parts[0]:
                out.append({"name": parts[0], "position": parts[1] if len(parts) > 1 else "",
                            "unit": parts[2] if len(parts) > 2 else ""})
        return out


class MeasureForm(forms.Form):
    kind = forms.ChoiceField(label="类型", choices=Measure.Kind.choices)
    title = forms.CharField(label="标题", max_length=200)
    doc_number = forms.CharField(label="文号", max_length=60, required=False)
    adopted_on = forms.DateField(label="出台日期", widget=DATE)
    document = forms.FileField(label="文件", required=False)


class CarrierForm(forms.Form):
    kind = forms.ChoiceField(label="类型", choices=Carrier.Kind.choices)
    name = forms.CharField(label="名称/位置", max_length=120)
    quantity = forms.IntegerField(label="数量", min_value=1, initial=1)
    established_on = forms.DateField(label="建立日期", widget=DATE)
    url = forms.URLField(label="网址", required=False, assume_scheme="https")
    column_name = forms.CharField(label="党务公开专栏名称", max_length=60, required=False)


class ContactPointForm(forms.Form):
    point_code = forms.CharField(label="联系点单位组织代码", max_length=32)
    established_on = forms.DateField(label="建立日期", widget=DATE)
    contact_person = forms.CharField(label="联系指导人", max_length=40, required=False)


class PublicityForm(forms.Form):
    kind = forms.ChoiceField(label="类型", choices=Publicity.Kind.choices)
    title = forms.CharField(label="名称/标题", max_length=200)
    held_on = forms.DateField(label="日期", widget=DATE)
    outlet = forms.CharField(label="刊发媒体/活动形式", max_length=100, required=False)


class AppointForm(forms.Form):
    person_id = forms.IntegerField(label="党员编号")
    appointed_on = forms.DateField(label="聘请日期", widget=DATE)


class CommentForm(forms.Form):
    body = forms.CharField(label="意见建议", widget=forms.Textarea(attrs={"rows": 5}), max_length=2000)


class InspectionForm(forms.Form):
    kind = forms.ChoiceField(label="类型", choices=Inspection.Kind.choices)
    title = forms.CharField(label="名称", max_length=200)
    focus = forms.CharField(label="检查重点", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    started_on = forms.DateField(label="开始日期", widget=DATE)
    target_codes = forms.CharField(label="被检查党组织（组织代码，以空格或逗号分隔）", max_length=2000)


class ChecksForm(forms.Form):
    summary = forms.CharField(label="检查意见", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for value, label in CheckItem.choices:
            self.fields[f"check_{value}"] = forms.ChoiceField(label=label, choices=[("1", "符合"), ("0", "不符合")])

    def checks(self):
        return {v: self.cleaned_data[f"check_{v}"] == "1" for v in CheckItem.values}


class FindingForm(forms.Form):
    check_item = forms.ChoiceField(label="检查项目", choices=CheckItem.choices)
    description = forms.CharField(label="发现问题", widget=forms.Textarea(attrs={"rows": 2}))
    requirement = forms.CharField(label="整改要求", widget=forms.Textarea(attrs={"rows": 2}))
    days = forms.IntegerField(label="整改期限（天）", min_value=1, max_value=365, initial=15)
    working_days = forms.BooleanField(label="按工作日计算", required=False)


class AnswerForm(forms.Form):
    answer = forms.CharField(label="整改情况", widget=forms.Textarea(attrs={"rows": 4}))


class VerifyForm(forms.Form):
    accept = forms.ChoiceField(label="验收结论", choices=[("1", "验收通过"), ("0", "退回重新整改")])
    note = forms.CharField(label="验收意见", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class CircularForm(forms.Form):
    title = forms.CharField(label="标题", max_length=200)
    body = forms.CharField(label="正文", widget=forms.Textarea(attrs={"rows": 8}))
    scope = forms.ChoiceField(label="通报范围", choices=Scope.choices)


class CircularReviseForm(forms.Form):
    title = forms.CharField(label="标题", max_length=200)
    body = forms.CharField(label="正文", widget=forms.Textarea(attrs={"rows": 8}))


class ScopeForm(forms.Form):
    scope = forms.ChoiceField(label="公布范围", choices=Scope.choices)


class AssessmentForm(forms.Form):
    title = forms.CharField(label="名称", max_length=200)
    year = forms.IntegerField(label="考核年度", min_value=2000, max_value=2100)


class IndicatorForm(forms.Form):
    aspect = forms.ChoiceField(label="评价方面", choices=Aspect.choices)
    name = forms.CharField(label="指标", max_length=200)
    weight = forms.DecimalField(label="权重", max_digits=5, decimal_places=2, min_value=0.01)
    computed = forms.ChoiceField(label="自动计算", required=False)


class SurveyForm(forms.Form):
    kind = forms.ChoiceField(label="类型", choices=Survey.Kind.choices)
    audience = forms.ChoiceField(label="参评对象", choices=Survey.Audience.choices)
    title = forms.CharField(label="名称", max_length=200)
    opens_on = forms.DateField(label="开始日期", widget=DATE)
    closes_on = forms.DateField(label="截止日期", widget=DATE)
    questions = forms.CharField(label="题目", widget=forms.Textarea(attrs={"rows": 6}),
                                help_text="每行一题。“满意度:题目”“评分:题目”“选择:题目|选项一|选项二”")

    def question_list(self):
        kinds = {"满意度": "satisfaction", "评分": "rating", "选择": "choice"}
        out = []
        for line in self.cleaned_data["questions"].splitlines():
            line = line.strip().replace("：", ":")
            if not line:
                continue
            prefix, _sep, rest = line.partition(":")
            if prefix not in kinds or not rest:
                raise forms.ValidationError(f"无法识别的题目：{line}")
            parts = [p.strip() for p in rest.split("|")]
            out.append({"kind": kinds[prefix], "text": parts[0], "options": parts[1:]})
        return out


class AccountabilityForm(forms.Form):
    case = forms.ChoiceField(label="情形", choices=AccountabilityCase.Case.choices)
    action = forms.ChoiceField(label="处理方式", choices=AccountabilityCase.Action.choices)
    responsible_code = forms.CharField(label="责任党组织（组织代码）", max_length=32)
    responsible_person_id = forms.IntegerField(label="责任人编号", required=False)
    facts = forms.CharField(label="事实", widget=forms.Textarea(attrs={"rows": 4}))
    # Stored as "app_label.model"; offered by name (the kinds of fact a case is founded on).
    ref_type = forms.ChoiceField(label="依据类型", required=False, choices=[
        ("", "（不引用）"), ("oversight.finding", "督查发现问题"), ("oversight.rectification", "整改事项"),
        ("catalog.dueperiod", "应公开期次（逾期未公开）"), ("disclosures.disclosure", "公开事项"),
        ("oversight.supervisorcomment", "监督员意见建议")])
    ref_id = forms.CharField(label="依据编号", max_length=40, required=False)
    decided_on = forms.DateField(label="处理日期", widget=DATE)


class RoundForm(forms.Form):
    title = forms.CharField(label="名称", max_length=200)
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    lines = IdsField(label="条线", queryset=Line.objects.filter(lead_org__isnull=False),
                                           widget=forms.CheckboxSelectMultiple)


class NominateForm(forms.Form):
    entries = forms.CharField(label="推选单位", widget=forms.Textarea(attrs={"rows": 5}),
                              help_text="每行一家：组织代码|特色亮点（3－4家）")


class NomineeScoreForm(forms.Form):
    aspect = forms.ChoiceField(label="评价方面", choices=Aspect.choices)
    value = forms.DecimalField(label="得分", min_value=0, max_value=100, decimal_places=2)
