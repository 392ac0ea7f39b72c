"""The two HTML pages of the API: a person's token management, and the human-readable docs."""

from __future__ import annotations

import re
import time

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache

from . import tokens as token_service
from .forms import TokenForm
from .models import ApiToken
from .schema import INTRO, SECTIONS, document

_CODE = re.compile(r"`([^`]+)`")


def _inline(text: str) -> str:
    """`code` spans of the Markdown description as <code>, everything else escaped."""
    return mark_safe(_CODE.sub(lambda m: f"<code>{m.group(1)}</code>", escape(text)))  # escaped first


# The new token's secret between the creating POST and the one GET that shows it (then dropped), and
# for at most a few minutes: a redirect never followed does not leave it in the session store.
ISSUED = "api.issued_token"
ISSUED_SECONDS = 300


@never_cache
@login_required
def token_page(request):
    """Create (the secret is shown on the page the creation redirects to, never again), list and revoke own
    tokens. A POST answered 200 is always a refusal (the form again, with its errors)."""
    user = request.user
    form = TokenForm()
    issued = None
    if request.method == "GET" and ISSUED in request.session:
        kept = request.session.pop(ISSUED)
        token = ApiToken.objects.filter(pk=kept.get("token"), user=user).first()
        fresh = time.time() - kept.get("at", 0) <= ISSUED_SECONDS
        issued = {"token": token, "secret": kept.get("secret", "")} if token is not None and fresh else None
    if request.method == "POST":
        if "revoke" in request.POST:
            pk = request.POST["revoke"].strip()
            token = ApiToken.objects.filter(pk=int(pk), user=user).first() if pk.isdigit() and len(pk) < 19 else None
            if token is None:  # not one of this person's tokens: as if it did not exist
                raise Http404
            try:
                token_service.revoke_token(token, actor=user, request=request)
                messages.success(request, f"令牌“{token.name}”已吊销，使用它的请求将被拒绝。")
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            return redirect("api:tokens")
        form = TokenForm(request.POST)
        if form.is_valid():
            try:
                created = token_service.create_token(user, name=form.cleaned_data["name"],
                                                      days=form.cleaned_data["days"], request=request)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                # POST/redirect/GET: a reload cannot create a second token; the secret rides in the session
                # to that one page only.
                request.session[ISSUED] = {"token": created.token.pk, "secret": created.secret, "at": time.time()}
                return redirect("api:tokens")
    rows = list(ApiToken.objects.filter(user=user).order_by("-created_at", "-id")[:50])
    return render(request, "api/tokens.html", {
        "form": form, "issued": issued, "rows": rows, "can_create": not user.admin_role,
        "max_active": token_service.MAX_ACTIVE_PER_USER,
    })


def docs(request):
    doc = document()
    groups = []
    for url, ops in doc["paths"].items():
        op = ops["get"]
        groups.append({"path": "/api/v1" + url, "summary": op.get("summary", ""),
                       "description": op.get("description", ""),
                       "params": [{"name": p["name"], "in": p["in"], "description": p.get("description", ""),
                                   "schema": p["schema"]} for p in op.get("parameters", [])],
                       "responses": sorted(op["responses"])})
    sections = [(h, _inline(t)) for h, t in SECTIONS]
    return render(request, "api/docs.html", {"doc": doc, "groups": groups, "intro": INTRO, "sections": sections,
                                             "base": request.build_absolute_uri("/api/v1")})
