"""Form widgets for choosing from the org tree, shared by the apps whose forms name an org."""

from __future__ import annotations

from django import forms
from django.template.loader import render_to_string

from .models import Organization
from .selectors import search_orgs


class OrgPicker(forms.Widget):
    """Any org in the tree, found by name: the chosen org as a checked radio, a search box and, after a
    search, the matches as radios. Works without JavaScript (the search button re-renders the form with
    everything typed kept); with htmx the matches appear while typing."""

    template = "participation/_org_picker.html"

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.query = ""
        self.results = []
        self.asked = False

    def render(self, name, value, attrs=None, renderer=None):
        selected = None
        if value not in (None, "") and str(value).isdigit():
            selected = Organization.objects.filter(pk=value, is_active=True).only("pk", "name", "path").first()
        elif isinstance(value, Organization):
            selected = value
        results = [o for o in self.results if selected is None or o.pk != selected.pk]
        return render_to_string(self.template, {"name": name, "selected": selected, "results": results,
                                                "matched": bool(self.results), "asked": self.asked,
                                                "only_selected": bool(self.results) and not results,
                                                "query": self.query, "id": (attrs or {}).get("id", f"id_{name}")})

    def value_from_datadict(self, data, files, name):
        return data.get(name)

    def id_for_label(self, id_):
        return f"{id_}_q" if id_ else id_

    def use_required_attribute(self, initial):
        return False

    def search(self, query: str, asked: bool = False) -> None:
        """Fill the picker with the orgs whose name contains `query` (any level, village included).
        `asked`: the reader pressed 查找, so an empty search or one that finds nothing is told."""
        # Control characters (a NUL: PostgreSQL refuses it in a query) are not part of any name; a name
        # is short, so a huge pasted text is cut before it is looked at.
        self.asked = asked
        self.query = "".join(ch for ch in (query or "")[:200] if ch.isprintable()).strip()[:60]
        self.results = [o for o in search_orgs(self.query) if o.is_active] if self.query else []
