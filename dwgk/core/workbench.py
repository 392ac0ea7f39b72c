"""The workbench (我的工作) is a list of panels that each app contributes for the viewer's roles."""

from __future__ import annotations

from collections.abc import Callable

from django.template.loader import render_to_string

PANELS: list[Callable] = []


def panel(func: Callable) -> Callable:
    """Register `func(request, viewer) -> dict | None`; the dict has `title`, `template`, `context`."""
    PANELS.append(func)
    return func


def panels_for(request, viewer) -> list[dict]:
    out = []
    for func in PANELS:
        result = func(request, viewer)
        if result:
            result["html"] = render_to_string(result["template"], result.get("context", {}), request=request)
            out.append(result)
    return out


@panel
def my_roles(request, viewer):
    if not viewer.role_assignments:
        return None
    return {"title": "我的角色", "template": "core/panels/my_roles.html",
            "context": {"assignments": viewer.role_assignments}}
