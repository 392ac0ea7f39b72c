from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Role


class RoleGrantForm(forms.Form):
    person = forms.IntegerField(label=_("人员编号"), min_value=1)
    role = forms.ChoiceField(label=_("角色"), choices=Role.choices)


class ImportForm(forms.Form):
    KIND_CHOICES = [("orgs", _("党组织")), ("people", _("人员"))]
    kind = forms.ChoiceField(label=_("导入内容"), choices=KIND_CHOICES)
    file = forms.FileField(label=_("文件（xlsx 或 csv）"),
                           help_text=_("整表校验：任何一行有误则全部不导入，并逐行列出错误。"),
                           widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv,.txt"}))

    MAX_BYTES = 50 * 1024 * 1024

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = (upload.name or "").lower()
        if not name.endswith((".xlsx", ".csv", ".txt", ".xls")):
            raise forms.ValidationError(_("只能导入 xlsx 或 csv 文件。"))
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError(_("文件过大（超过 50 MB），请分批导入。"))
        return upload


class GuideContactForm(forms.Form):
    office_address = forms.CharField(label=_("受理地址"), max_length=200, required=False)
    office_phone = forms.CharField(label=_("联系电话"), max_length=40, required=False)
    office_hours = forms.CharField(label=_("办公时间"), max_length=100, required=False,
                                   help_text=_("如：工作日 上午9:00—12:00，下午14:00—17:30"))
    office_email = forms.CharField(label=_("电子邮箱"), max_length=120, required=False)
