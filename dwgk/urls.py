"""Each dwgk app that has a `urls` module is mounted at its AppConfig.url_prefix."""

import importlib

from django.apps import apps
from django.urls import include, path

urlpatterns = []
for config in apps.get_app_configs():
    if not config.name.startswith("dwgk.") or not hasattr(config, "url_prefix"):
        continue
    try:
        importlib.import_module(f"{config.name}.urls")
    except ModuleNotFoundError as exc:
        if exc.name != f"{config.name}.urls":
            raise
        continue
    urlpatterns.append(path(config.url_prefix, include(f"{config.name}.urls")))

# Error pages in Chinese in the site's layout (dwgk/core/errors.py).
handler400 = "dwgk.core.errors.bad_request"
handler403 = "dwgk.core.errors.permission_denied"
handler404 = "dwgk.core.errors.page_not_found"
handler500 = "dwgk.core.errors.server_error"
