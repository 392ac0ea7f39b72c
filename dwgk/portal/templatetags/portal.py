"""The portal's hot paths, drawn in Python. The disclosure list row: lists are the portal's hottest pages,
and one format_html per row costs a fraction of a template include per row (same markup as
portal/_rows.html used to produce). The header's fixed links: reversed once, not on every page. The
header and footer themselves: drawn once per audience shape ({% shell %}), not on every page."""

import threading
from functools import lru_cache
from html import escape

from django import template
from django.core.signals import setting_changed
from django.template.defaultfilters import urlencode
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone, translation
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

register = template.Library()

# Trusted markup, joined into rows by plain string formatting; only titles and org names are escaped.
SCOPE_BADGES = {
    "public": '<span class="badge badge-public">社会公开</span>',
    "party": '<span class="badge badge-party">党内公开</span>',
    "unit": '<span class="badge badge-unit">本单位公开</span>',
    "targeted": '<span class="badge badge-targeted">特定对象公开</span>',
}
CORRECTED = ' <span class="badge badge-warn">已更正</span>'
KIND = {"clarify": ' <span class="badge badge-neutral">澄清</span>',
        "correct": ' <span class="badge badge-neutral">更正</span>'}
ROW = ('<li>\n  <a href="{href}">{title}</a>\n  <span class="d-meta">{badge}{org} <time datetime="{iso}">{day}</time>'
       '{marks}</span>\n</li>')


def _href_maker():
    """Disclosure URLs by string formatting: one reverse() per list, not one per row."""
    head, _sep, tail = reverse("portal:disclosure", args=[0]).rpartition("/0/")
    return f"{head}/{{}}/{tail}".format


def _row(d, show_org: bool, href, tz) -> str:
    at = d.published_at.astimezone(tz)
    marks = (CORRECTED if d.superseded_by_id else "") + (KIND.get(d.correction_kind, KIND["correct"])
                                                         if d.corrects_id else "")
    return ROW.format(href=href(d.pk), title=escape(d.public_title), badge=SCOPE_BADGES.get(d.scope, ""),
                      org=f" <span>{escape(d.org.name)}</span>" if show_org else "", iso=at.isoformat(),
                      day=at.strftime("%Y-%m-%d"), marks=marks)


@register.simple_tag
def disclosure_rows(rows, show_org=False, empty="暂无公开事项"):
    if not rows:
        return format_html('<div class="empty-state"><p>{}</p></div>', empty)
    href, tz = _href_maker(), timezone.get_current_timezone()  # once per list, not per row
    return mark_safe('<ul class="d-list">\n' + "\n".join(_row(d, show_org, href, tz) for d in rows) + "\n</ul>")


@register.simple_tag(takes_context=False)
def page_url(view_name):
    """`{% url %}` for the header and nav links that take no arguments, reversed once per URL
    configuration and script prefix instead of on every page."""
    return _page_url(get_urlconf(), get_script_prefix(), view_name)


@lru_cache(maxsize=256)
def _page_url(urlconf, prefix, view_name):
    return reverse(view_name, urlconf=urlconf)


# ---- {% shell %} ------------------------------------------------------------------------------------------
# The portal's header and footer are the same for every reader of one kind (anonymous or logged in, with or
# without a business role, 大字/字号, language, mirror) but for four per-request values: the page's address
# (twice, one URL-encoded), the reader's name and the CSRF token. Drawing them through the template engine
# cost more than the rest of a list page; here each is drawn once per key with placeholders, and a request
# pays for four string replacements. What a fragment shows must depend only on its key and the placeholders
# (test_shell_fragments renders each both ways).

_PH = {"here": "\x00here\x00", "here_q": "\x00hereq\x00", "who": "\x00who\x00", "csrf_token": "\x00csrf\x00"}


def _truthy(value) -> bool:
    return bool(value()) if callable(value) else bool(value)


def _reader_key(context) -> tuple:
    user = context.get("user")
    authed = bool(user is not None and user.is_authenticated)
    return (authed, authed and _truthy(context.get("has_roles")), authed and bool(getattr(user, "admin_role", "")))


SHELL_KEYS = {
    "portal/_head_links.html": lambda c: (bool(c.get("mirror")),),
    "portal/_scripts.html": lambda c: (bool(c.get("mirror")),),
    "portal/_header.html": lambda c: (bool(c.get("mirror")), bool(c.get("large_type")), c.get("font_size"),
                                      *_reader_key(c)),
    "portal/_footer.html": lambda c: (bool(c.get("mirror")), bool(c.get("portal_page")), c.get("site_host"),
                                      c.get("site_address"), c.get("site_phone"), c.get("site_icp"),
                                      c.get("site_psb")),
}
_drawn: dict = {}
_drawn_lock = threading.Lock()


@setting_changed.connect
def _forget_drawn(**kwargs):
    _drawn.clear()


class ShellNode(template.Node):
    def __init__(self, name: str, extra: dict):
        self.name, self.extra = name, extra

    def render(self, context):
        extra = {k: v.resolve(context) for k, v in self.extra.items()}
        with context.push(**extra):
            key = (self.name, translation.get_language(), get_urlconf(), get_script_prefix(),
                   "csrf_token" in context, SHELL_KEYS[self.name](context))
            text = _drawn.get(key)
            if text is None:
                with context.push(**_PH):
                    text = context.template.engine.get_template(self.name).render(context)
                with _drawn_lock:
                    if len(_drawn) > 1024:
                        _drawn.clear()
                    _drawn[key] = text
        if "\x00" not in text:
            return text
        request = context.get("request")
        here = request.get_full_path() if request is not None else ""
        user = context.get("user")
        for name, value in (("here", lambda: conditional_escape(here)),
                            ("here_q", lambda: conditional_escape(urlencode(here))),
                            ("who", lambda: conditional_escape(user.display_name)),
                            ("csrf_token", lambda: conditional_escape(str(context.get("csrf_token", ""))))):
            if _PH[name] in text:
                text = text.replace(_PH[name], value())
        return mark_safe(text)


@register.tag
def shell(parser, token):
    """{% shell "portal/_header.html" [name=value …] %}: the fragment drawn once per key (SHELL_KEYS)."""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("shell takes a template name")
    name = bits[1].strip("\"'")
    if name not in SHELL_KEYS:
        raise template.TemplateSyntaxError(f"shell: no key for {name}")
    extra = {}
    for bit in bits[2:]:
        k, _sep, v = bit.partition("=")
        extra[k] = parser.compile_filter(v)
    return ShellNode(name, extra)
