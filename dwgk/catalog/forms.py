from django import forms

from dwgk.core.choices import Category, Channel, Scope
from dwgk.orgs.models import Organization

from .models import CadenceKind, ItemChange, Period


class ItemForm(forms.Form):
    subject = forms.CharField(label="公开事项", max_length=200)
    description = forms.CharField(label="公开内容", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    category = forms.ChoiceField(label="公开类别", choices=Category.choices)
    scope = forms.ChoiceField(label="公开范围", choices=Scope.choices)
    target_orgs = forms.CharField(label="特定公开对象（组织代码，用顿号分隔）", required=False)
    channels = forms.MultipleChoiceField(label="公开方式", choices=Channel.choices,
                                         widget=forms.CheckboxSelectMultiple)
    cadence_kind = forms.ChoiceField(label="公开时限", choices=CadenceKind.choices)
    period = forms.ChoiceField(label="定期公开周期", choices=[("", "—")] + Period.choices, required=False)
    workdays = forms.IntegerField(label="即时公开：事项发生后几个工作日内", min_value=1, max_value=60, required=False)
    monthly = forms.BooleanField(label="即时公开：另每月公开一次", required=False)
    due = forms.CharField(label="长期公开：年度公开日期（月-日）", required=False, initial="12-31")
    stages = forms.CharField(label="分期公开：每行一个阶段“名称 月-日”", widget=forms.Textarea(attrs={"rows": 3}),
                             required=False)
    responsible_unit = forms.CharField(label="责任单位", max_length=100, required=False)
    responsible_person = forms.IntegerField(label="责任人（人员编号）", required=False)
    legal_basis = forms.CharField(label="依据", max_length=300, required=False)
    withheld = forms.BooleanField(label="暂不公开（报上一级党组织备案）", required=False)
    withheld_reason = forms.CharField(label="暂不公开理由", widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def to_data(self) -> dict:
        cd = self.cleaned_data
        kind = cd["cadence_kind"]
        if kind == CadenceKind.STANDING:
            params = {"due": cd.get("due") or "12-31"}
        elif kind == CadenceKind.PERIODIC:
            params = {"period": cd.get("period")}
        elif kind == CadenceKind.PHASED:
            params = {"stages": [{"name": line.strip().rpartition(" ")[0], "end": line.strip().rpartition(" ")[2]}
                                 for line in (cd.get("stages") or "").splitlines() if line.strip()]}
        else:
            params = {"workdays": cd.get("workdays") or 5, "monthly": cd.get("monthly")}
        codes = [c.strip() for c in (cd.get("target_orgs") or "").replace("，", "、").split("、") if c.strip()]
        targets = list(Organization.objects.filter(code__in=codes).values_list("pk", flat=True))
        if len(targets) != len(set(codes)):
            targets.append(-1)  # an unknown code: the service reports it
        return {**{k: cd.get(k) for k in ("subject", "description", "category", "scope", "channels",
                                          "responsible_unit", "legal_basis", "withheld", "withheld_reason",
                                          "responsible_person")},
                "cadence_kind": kind, "cadence_params": params, "target_orgs": targets}

    @classmethod
    def initial_for(cls, item) -> dict:
        p = item.cadence_params
        return {"subject": item.subject, "description": item.description, "category": item.category,
                "scope": item.scope, "channels": item.channels, "cadence_kind": item.cadence_kind,
                "target_orgs": "、".join(o.code for o in item.target_orgs.all()),
                "period": p.get("period", ""), "workdays": p.get("workdays"), "monthly": p.get("monthly", False),
                "due": p.get("due", "12-31"),
                "stages": "\n".join(f"{s['name']} {s['end']}" for s in p.get("stages", [])),
                "responsible_unit": item.responsible_unit, "responsible_person": item.responsible_person_id,
                "legal_basis": item.legal_basis, "withheld": item.withheld, "withheld_reason": item.withheld_reason}


class ChangeForm(forms.Form):
    kind = forms.ChoiceField(label="调整类型", choices=ItemChange.Kind.choices)
    reason = forms.CharField(label="调整理由", widget=forms.Textarea(attrs={"rows": 2}))
    explanation = forms.CharField(label="公开说明（批准后向党员群众公布）", widget=forms.Textarea(attrs={"rows": 2}))
    effective_on = forms.DateField(label="生效日期", widget=forms.DateInput(attrs={"type": "date"}))


class ReasonForm(forms.Form):
    reason = forms.CharField(label="意见/理由", widget=forms.Textarea(attrs={"rows": 3}), required=False)


class ImportForm(forms.Form):
    file = forms.FileField(label="目录文件（xlsx）")
