"""What was typed into a refused form that posts to its own action and redirects back to the page that
shows it: kept in the session for one redirect, then the page binds its form to it (values and errors)."""

from __future__ import annotations

from django.http import QueryDict

KEY = "dwgk.kept_form"


def keep(request, name: str) -> None:
    data = {k: request.POST.getlist(k) for k in request.POST if k != "csrfmiddlewaretoken"}
    request.session[KEY] = {"name": name, "data": data}


def take(request, name: str) -> QueryDict | None:
    """The typed values for the form `name`, once; None when nothing was kept for it."""
    kept = request.session.get(KEY)
    if not kept or kept.get("name") != name:
        return None
    del request.session[KEY]
    qd = QueryDict(mutable=True)
    for key, values in kept["data"].items():
        qd.setlist(key, values)
    return qd
