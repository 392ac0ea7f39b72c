from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from dwgk.audit.services import record

from . import services


@receiver(user_login_failed)
def on_login_failed(sender, credentials, request=None, **kwargs):
    services.register_failure(str(credentials.get("username", "")), request)


@receiver(user_logged_in)
def on_logged_in(sender, request, user, **kwargs):
    services.register_success(user, request)


@receiver(user_logged_out)
def on_logged_out(sender, request, user, **kwargs):
    if user is not None:
        record("logout", actor=user, obj=user, ip=services.client_ip(request))
