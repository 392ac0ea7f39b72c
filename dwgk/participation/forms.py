"""Forms: validation messages in Chinese; length limits come from `conf` so the form and the service agree."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from dwgk.core.fields import IdField
from dwgk.orgs.models import Organization
from dwgk.orgs.widgets import OrgPicker

from . import guards
from .conf import conf
from .models import ApplicantType, Consultation, DisclosureRequest, Feedback, Hearing, Notice, Satisfaction


def _max_len_message(limit):
    return _("不能超过 %(limit)s 字（现有 %%(show_value)s 字），请精简后再提交。") % {"limit": limit}


class LimitedText(forms.CharField):
    def __init__(self, *, limit: int, **kwargs):
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 6}))
        super().__init__(max_length=limit, **kwargs)
        self.error_messages["max_length"] = _max_len_message(limit)
        self.widget.attrs.pop("maxlength", None)  # let the server say why, rather than truncate silently


class OrgChoiceField(IdField):
    widget = OrgPicker

    def label_from_instance(self, obj):
        return obj.name

    def prepare_value(self, value):
        return value.pk if isinstance(value, Organization) else value

    def search(self, query: str, asked: bool = False) -> None:
        if isinstance(self.widget, OrgPicker):  # not when the org is fixed (feedback on a disclosure)
            self.widget.search(query, asked=asked)


class CaptchaMixin(forms.Form):
    """Image characters or the text question: either answer passes (the non-visual alternative)."""

    captcha_key = forms.CharField(widget=forms.HiddenInput, required=False)
    captcha = forms.CharField(label=_("验证码"), required=False, max_length=10,
                              help_text=_("输入图片中的 4 个字符，或回答下面的文字问题（二选一）。"))

    def __init__(self, *args, need_captcha: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.need_captcha = need_captcha
        if not need_captcha:
            del self.fields["captcha"]
            del self.fields["captcha_key"]
        self.challenge = None

    def new_challenge(self):
        if not self.need_captcha:
            return None
        self.challenge = guards.new_challenge()
        data = self.data.copy() if self.is_bound else {}
        if self.is_bound:
            data["captcha_key"] = self.challenge.key
            data["captcha"] = ""
            self.data = data
        else:
            self.initial["captcha_key"] = self.challenge.key
        return self.challenge

    def clean(self):
        cleaned = super().clean()
        if self.need_captcha:
            problem = guards.check_captcha(self.data.get("captcha_key", ""), self.data.get("captcha", ""),
                                           self.data.get(guards.HONEYPOT, ""))
            if problem:
                self.add_error("captcha", problem)
        return cleaned


class FeedbackForm(CaptchaMixin):
    org = OrgChoiceField(label=_("意见涉及的党组织"), queryset=Organization.objects.filter(is_active=True),
                         error_messages={"required": _("请选择意见涉及的党组织（可按名称查找）。")})
    subject = forms.CharField(label=_("主题"), max_length=100)
    body = LimitedText(label=_("意见内容"), limit=conf("feedback_max_chars"))
    is_anonymous = forms.BooleanField(label=_("匿名提交（不留姓名）"), required=False, initial=False)
    name = forms.CharField(label=_("姓名"), max_length=40, required=False)
    phone = forms.CharField(label=_("联系电话（选填）"), max_length=20, required=False)
    email = forms.EmailField(label=_("电子邮箱（选填）"), required=False)

    field_order = ["org", "subject", "body", "is_anonymous", "name", "phone", "email", "captcha"]

    def fix_org(self) -> None:
        """Feedback on a disclosure goes to its publisher: no choice to offer."""
        self.fields["org"].widget = forms.HiddenInput()
        self.fields["org"].required = False


class RequestForm(forms.Form):
    org = OrgChoiceField(label=_("受理党组织"), queryset=Organization.objects.filter(is_active=True),
                         error_messages={"required": _("请选择受理党组织（可按名称查找）。")})
    applicant_type = forms.ChoiceField(label=_("申请人类型"), choices=ApplicantType.choices)
    applicant_name = forms.CharField(label=_("申请人姓名或单位名称"), max_length=100)
    description = LimitedText(label=_("所需信息的内容描述"), limit=conf("request_max_chars"))
    document_number = forms.CharField(label=_("文件名称或文号（如知道）"), max_length=120, required=False)
    purpose = forms.CharField(label=_("用途"), max_length=300, required=False)
    form_wanted = forms.ChoiceField(label=_("获取信息的方式"), choices=DisclosureRequest.Form.choices)
    phone = forms.CharField(label=_("联系电话"), max_length=20, required=False)
    email = forms.EmailField(label=_("电子邮箱"), required=False)
    address = forms.CharField(label=_("通信地址"), max_length=200, required=False)

    def clean(self):
        data = super().clean()
        wanted = data.get("form_wanted")
        if wanted == DisclosureRequest.Form.EMAIL and not data.get("email") and "email" not in self.errors:
            self.add_error("email", _("选择以电子邮件获取信息时，请填写电子邮箱。"))
        if wanted == DisclosureRequest.Form.POST and not (data.get("address") or "").strip():
            self.add_error("address", _("选择邮寄时，请填写通信地址。"))
        return data


class StaffRequestForm(RequestForm):
    channel = forms.ChoiceField(label=_("申请方式"), choices=[
        (DisclosureRequest.Channel.IN_PERSON, DisclosureRequest.Channel.IN_PERSON.label),
        (DisclosureRequest.Channel.POST, DisclosureRequest.Channel.POST.label)])
    received_on = forms.DateField(label=_("收到申请日期"), help_text=_("当面提交为当日；邮寄为签收之日"),
                                  widget=forms.DateInput(attrs={"type": "date"}))


class StaffFeedbackForm(forms.Form):
    channel = forms.ChoiceField(label=_("来源"), choices=[c for c in Feedback.Channel.choices if c[0] != "online"])
    received_on = forms.DateField(label=_("收到日期"), widget=forms.DateInput(attrs={"type": "date"}))
    subject = forms.CharField(label=_("主题"), max_length=100)
    body = LimitedText(label=_("意见内容"), limit=conf("feedback_max_chars"))
    name = forms.CharField(label=_("姓名（匿名则不填）"), max_length=40, required=False)
    phone = forms.CharField(label=_("联系电话"), max_length=20, required=False)


class QueryForm(forms.Form):
    code = forms.CharField(label=_("查询码"), max_length=30,
                           help_text=_("提交时获得的 16 位查询码，如 ABCD-EFGH-JKLM-NPQR"))


class RatingForm(forms.Form):
    rating = forms.ChoiceField(label=_("您对办理结果是否满意"), choices=Satisfaction.choices,
                               widget=forms.RadioSelect)


class SupplementForm(forms.Form):
    supplement = LimitedText(label=_("补正内容"), limit=conf("request_max_chars"))


class OpinionForm(CaptchaMixin):
    body = LimitedText(label=_("您的意见"), limit=conf("feedback_max_chars"))
    name = forms.CharField(label=_("署名（选填）"), max_length=40, required=False)


class ObjectionForm(CaptchaMixin):
    body = LimitedText(label=_("异议内容"), limit=conf("feedback_max_chars"))
    name = forms.CharField(label=_("姓名（选填）"), max_length=40, required=False)
    phone = forms.CharField(label=_("联系电话（选填）"), max_length=20, required=False)


class HearingApplyForm(forms.Form):
    reason = forms.CharField(label=_("申请理由"), max_length=300, required=False,
                             widget=forms.Textarea(attrs={"rows": 3}))


class InquiryForm(forms.Form):
    question = LimitedText(label=_("咨询问题"), limit=conf("feedback_max_chars"))


class ConsultationForm(forms.Form):
    title = forms.CharField(label=_("标题"), max_length=200)
    draft = forms.CharField(label=_("征求意见稿"), widget=forms.Textarea(attrs={"rows": 10}))
    audience = forms.ChoiceField(label=_("范围"), choices=Consultation.Audience.choices)
    days = forms.IntegerField(label=_("征求意见天数（不填按默认：社会 15 天，党内 7 天）"), required=False, min_value=1,
                              max_value=90)


class NoticeForm(forms.Form):
    kind = forms.ChoiceField(label=_("公示类型"), choices=Notice.Kind.choices)
    title = forms.CharField(label=_("标题"), max_length=200)
    body = forms.CharField(label=_("公示内容"), widget=forms.Textarea(attrs={"rows": 8}))
    starts_on = forms.DateField(label=_("公示开始日期"), widget=forms.DateInput(attrs={"type": "date"}))
    period_workdays = forms.IntegerField(label=_("公示期（工作日）"), initial=5, min_value=1, max_value=30)


class HearingForm(forms.Form):
    kind = forms.ChoiceField(label=_("类型"), choices=Hearing.Kind.choices)
    title = forms.CharField(label=_("会议名称"), max_length=200)
    agenda = forms.CharField(label=_("议题"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    meeting_at = forms.DateTimeField(label=_("会议时间"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    location = forms.CharField(label=_("地点"), max_length=120, required=False)
    places = forms.IntegerField(label=_("名额"), min_value=1, max_value=500)
    apply_until = forms.DateField(label=_("报名截止日期"), widget=forms.DateInput(attrs={"type": "date"}))
