from django import forms

from . import tokens


class TokenForm(forms.Form):
    name = forms.CharField(label="令牌名称", max_length=tokens.NAME_MAX,
                           help_text="用于区分不同用途，如“村务公开平台对接”。")
    days = forms.TypedChoiceField(label="有效期", coerce=int, initial=tokens.DEFAULT_LIFETIME_DAYS,
                                  choices=[(d, f"{d} 天") for d in tokens.LIFETIMES_DAYS])
