"""The role-aware navigation. Each app adds its entries here; a template only renders the list."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NavEntry:
    label: str
    url_name: str
    # Who sees it: "all", "auth" (any logged-in user), "staff" (any business role),
    # a business role value, or an admin role prefixed with "admin:".
    audience: tuple[str, ...] = ("all",)


NAV: list[NavEntry] = [
    NavEntry(_("首页"), "core:home"),
    NavEntry(_("我的工作"), "core:workbench", ("staff",)),
]
# The home page: the reader's (the portal) for visitors, members and residents, the staff home for
# anyone holding a business or administrator role. Registered by the apps that draw them.
HOME_VIEWS: dict[str, object] = {}


def register_home(kind: str, view) -> None:
    """`kind` is "reader" or "staff"."""
    HOME_VIEWS[kind] = view


def register(entry: NavEntry, position: int | None = None) -> None:
    if entry in NAV:
        return
    NAV.insert(position if position is not None else len(NAV), entry)


def visible(entry: NavEntry, viewer) -> bool:
    user = viewer.user
    for aud in entry.audience:
        if aud == "all":
            return True
        if not user.is_authenticated:
            continue
        if aud == "auth":
            return True
        if aud.startswith("admin:") and viewer.admin_role == aud[6:]:
            return True
        if aud == "staff" and viewer.role_assignments:
            return True
        if aud in viewer.current_roles:
            return True
    return False


# The top of the staff nav: at most seven entries, grouped by duty. An entry not named here stands alone
# at the end (so a new page is never hidden). A group with one visible entry shows as that entry.
GROUPS: list[tuple[str, tuple[str, ...]]] = [
    (_("首页"), ("core:home",)),
    (_("党务公开专栏"), ("portal:home",)),
    (_("我的工作"), ("core:workbench", "disclosures:inbox")),
    (_("公开办理"), ("disclosures:index", "disclosures:text_reviews", "catalog:index", "catalog:due")),
    (_("参与互动"), ("participation:index", "participation:manage", "oversight:surveys")),
    (_("监督统计"), ("oversight:index", "oversight:supervisor_comment", "reports:index")),
    (_("设置"), ("orgs:tree", "orgs:roles", "orgs:import", "workdays:index", "disclosures:workflow_settings",
                 "disclosures:secrecy_terms", "api:tokens", "audit:log")),
]


def grouped(items: list[dict]) -> list[dict]:
    """Flat nav entries → top entries; a group holds `children` and is active when one of them is."""
    by_name = {i["name"]: i for i in items}
    out, used = [], set()
    for label, names in GROUPS:
        children = [by_name[n] for n in names if n in by_name]
        used.update(c["name"] for c in children)
        if len(children) == 1:
            out.append(children[0])
        elif children:
            out.append({"label": label, "children": children, "active": any(c["active"] for c in children),
                        "key": names[0].replace(":", "-")})
    out.extend(i for i in items if i["name"] not in used)
    return out


def nav_for(viewer, current_path: str) -> list[dict]:
    items = []
    for entry in NAV:
        if not visible(entry, viewer):
            continue
        try:
            url = reverse(entry.url_name)
        except NoReverseMatch:
            continue
        items.append({"label": entry.label, "url": url, "active": False, "name": entry.url_name})
    # The entry whose URL is the longest prefix of the current path is the active one.
    matches = [i for i in items if current_path == i["url"] or (i["url"] != "/" and current_path.startswith(i["url"]))]
    if matches:
        max(matches, key=lambda i: len(i["url"]))["active"] = True
    return grouped(items)
