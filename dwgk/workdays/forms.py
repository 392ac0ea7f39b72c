from django import forms

from .models import SpecialDay


class UploadForm(forms.Form):
    file = forms.FileField(label="节假日安排文件", help_text="CSV（日期,类型,节日，类型为“休”或“班”）或 JSON；整年替换。")
    source = forms.CharField(label="来源", max_length=200, required=False, help_text="如国务院办公厅通知文号")
    partial = forms.BooleanField(label="部分安排", required=False,
                                 help_text="文件只含部分节日时勾选：其余按法定节日推算，该年仍标注暂定。")


class DayForm(forms.Form):
    date = forms.DateField(label="日期", widget=forms.DateInput(attrs={"type": "date"}))
    kind = forms.ChoiceField(label="类型", choices=SpecialDay.Kind.choices)
    name = forms.CharField(label="节日", max_length=40, required=False)
