from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.hashers import make_password
from django.utils.translation import gettext_lazy as _

from .services import login_blocked, register_refused


class LoginForm(AuthenticationForm):
    username = forms.CharField(label=_("用户名或手机号"), max_length=150,
                               widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}))
    password = forms.CharField(label=_("密码"), strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))

    # One answer for a wrong password, a locked (throttled) account and an unknown one: none of them
    # tells an outsider whether an account or phone number exists, or is being held back.
    error_messages = {
        "invalid_login": _("登录未成功：用户名（手机号）或密码不正确，或尝试过于频繁。请核对后稍候再试。"),
        "inactive": _("登录未成功：用户名（手机号）或密码不正确，或尝试过于频繁。请核对后稍候再试。"),
    }

    def clean(self):
        login = self.cleaned_data.get("username")
        if login and login_blocked(login, self.request):
            # Refused without checking the password and without counting; the hash keeps the time alike.
            make_password(self.cleaned_data.get("password") or "")
            register_refused(login, self.request)
            raise self.get_invalid_login_error()
        return super().clean()


class PasswordChangeForm(forms.Form):
    old_password = forms.CharField(label=_("原密码"), strip=False, widget=forms.PasswordInput)
    new_password1 = forms.CharField(label=_("新密码"), strip=False, widget=forms.PasswordInput,
                                    help_text=_("至少10位，包含大写字母、小写字母、数字、符号中的至少三类。"))
    new_password2 = forms.CharField(label=_("确认新密码"), strip=False, widget=forms.PasswordInput)

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_old_password(self):
        value = self.cleaned_data["old_password"]
        if not self.user.check_password(value):
            raise forms.ValidationError(_("原密码不正确。"))
        return value

    def clean(self):
        data = super().clean()
        if data.get("new_password1") and data.get("new_password1") != data.get("new_password2"):
            self.add_error("new_password2", _("两次输入的新密码不一致。"))
        return data
