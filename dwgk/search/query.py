from django import forms

from dwgk.core.choices import Category, Channel
from dwgk.orgs.widgets import OrgPicker

SORT_CHOICES = [("relevance", "按相关度"), ("date", "按时间")]


class SearchForm(forms.Form):
    q = forms.CharField(label="关键词", max_length=100, required=False,
                        widget=forms.TextInput(attrs={"type": "search", "placeholder": "如：发展党员公示"}))
    org = forms.IntegerField(label="组织（含下级）", required=False, min_value=1, widget=OrgPicker)
    category = forms.ChoiceField(label="公开类别", required=False, choices=[("", "全部类别"), *Category.choices])
    year = forms.IntegerField(label="年份", required=False, min_value=1990, max_value=2100)
    channel = forms.ChoiceField(label="公开方式", required=False, choices=[("", "全部方式"), *Channel.choices])
    sort = forms.ChoiceField(label="排序", required=False, choices=SORT_CHOICES)
    page = forms.IntegerField(required=False, min_value=1, max_value=500, widget=forms.HiddenInput)
