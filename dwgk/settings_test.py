"""Test settings: the production settings with what a test run must not depend on switched off."""

from .settings import *  # noqa: F403
from .settings import STORAGES

DWGK_AUDIT_DB_GUARD = False
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
