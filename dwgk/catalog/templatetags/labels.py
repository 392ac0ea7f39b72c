"""Stored choices shown by their Chinese labels, for values a template gets as plain codes (snapshots kept
as JSON, lists of channels, a step record's role)."""

from django import template

from dwgk.catalog.models import CatalogItem
from dwgk.core.choices import Channel, Scope
from dwgk.orgs.models import Role

register = template.Library()


def _label(choices, value) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value) if value else ""


@register.filter
def channels_text(values) -> str:
    """["portal", "board"] → 网站（党务公开专栏）、党务公开栏"""
    return "、".join(_label(Channel, v) for v in (values or []))


@register.filter
def scope_label(value) -> str:
    return _label(Scope, value)


@register.filter
def role_label(value) -> str:
    return _label(Role, value)


@register.filter
def item_status_label(value) -> str:
    return _label(CatalogItem.Status, value)
