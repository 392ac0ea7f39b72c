"""Login accounts. A User may stand for a Person; administrators (三员) stand for no business role."""

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class AdminRole(models.TextChoices):
    """三员分立: one at most, and never together with a business role."""

    NONE = "", _("无")
    SYSTEM = "system", _("系统管理员")
    SECURITY = "security", _("安全管理员")
    AUDIT = "audit", _("审计管理员")


class User(AbstractUser):
    phone = models.CharField(_("手机号"), max_length=20, null=True, blank=True, unique=True)
    person = models.OneToOneField(
        "orgs.Person", verbose_name=_("人员"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="user",
    )
    admin_role = models.CharField(_("管理员角色"), max_length=10, choices=AdminRole.choices, blank=True, default="")
    failed_logins = models.PositiveSmallIntegerField(default=0, editable=False)
    locked_until = models.DateTimeField(null=True, blank=True, editable=False)
    password_changed_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Personal feed/API token and UI preferences belong here as the portal grows.
    large_type = models.BooleanField(_("大字模式"), default=False)

    objects = UserManager()

    class Meta:
        verbose_name = _("账号")
        verbose_name_plural = _("账号")
        constraints = [
            # An administrator account is nobody's personal account: it cannot carry business roles.
            models.CheckConstraint(
                condition=Q(admin_role="") | Q(person__isnull=True), name="admin_has_no_person"
            ),
        ]

    @property
    def display_name(self) -> str:
        if self.person_id:
            return self.person.name
        return self.get_full_name() or self.username


class PasswordHistory(models.Model):
    """Hashes of an account's earlier passwords: a new password must differ from the last several."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="password_history")
    password = models.CharField(max_length=128)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("历史密码")
        verbose_name_plural = _("历史密码")
