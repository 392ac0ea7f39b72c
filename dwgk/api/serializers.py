"""Plain dicts for the JSON bodies; their shapes are the schemas in `schema.py` (tests hold them equal).

Only what a reader of a published item may see leaves here: the redacted (脱密) title, body and files,
never the originals, the secrecy findings or the workflow records."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from dwgk.catalog import cadence
from dwgk.core.choices import SCOPE_SHORT, Category, Channel, Scope
from dwgk.disclosures.readercopy import reader_copy
from dwgk.orgs.models import OrgKind, StatCategory


class Links:
    """Absolute links for one request (integrators follow them as they are)."""

    def __init__(self, request):
        self.request = request

    def __call__(self, name: str, *args) -> str:
        return self.request.build_absolute_uri(reverse(f"api:{name}", args=args))


def _label(choices, value) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return ""


def iso_time(value):
    return timezone.localtime(value).isoformat() if value else None


def org_ref(org) -> dict | None:
    if org is None:
        return None
    return {"id": org.pk, "name": org.name}


def organization(org, link: Links) -> dict:
    return {
        "id": org.pk, "name": org.name, "short_name": org.short_name, "code": org.code,
        "kind": org.kind, "kind_label": _label(OrgKind, org.kind),
        "category": org.category or None, "category_label": _label(StatCategory, org.category) or None,
        "parent": org_ref(org.parent) if org.parent_id else None,
        "serves": org_ref(org.serves) if org.serves_id else None,
        "depth": org.depth, "subtree_orgs": org.subtree_orgs, "has_children": org.subtree_orgs > 1,
        "is_active": org.is_active, "url": link("organization", org.pk),
    }


def scope_fields(scope: str) -> dict:
    return {"scope": scope, "scope_label": _label(Scope, scope), "scope_short": str(SCOPE_SHORT.get(scope, ""))}


def disclosure_summary(d, link: Links, visible_ids: set[int]) -> dict:
    """`visible_ids`: the linked versions the reader may see; others are not named (no existence leak)."""
    item = d.catalog_item
    return {
        "id": d.pk, "title": d.public_title, "org": org_ref(d.org),
        "index_number": d.index_number or None, "document_number": d.document_number,
        "written_on": d.written_on.isoformat() if d.written_on else None,
        "validity": str(d.validity), "keywords": d.keyword_list,
        "category": d.category, "category_label": _label(Category, d.category),
        **scope_fields(d.scope),
        "channels": list(d.channels or []),
        "catalog_item": {"id": item.pk, "subject": item.subject} if item else None,
        "published_at": iso_time(d.published_at),
        "archived": d.status == "archived",
        "version_no": d.version_no,
        "corrects": d.corrects_id if d.corrects_id in visible_ids else None,
        "superseded_by": d.superseded_by_id if d.superseded_by_id in visible_ids else None,
        "url": link("disclosure", d.pk),
    }


def attachment(att, d, link: Links) -> dict:
    """Name, type and size of exactly the bytes the download serves (the reader copy)."""
    copy = reader_copy(att)
    return {"id": att.pk, "name": copy.name, "content_type": copy.content_type, "size": copy.size,
            "redacted": copy.redacted, "download_url": link("attachment", d.pk, att.pk)}


def interpretation(i) -> dict:
    return {"id": i.pk, "kind": i.kind, "kind_label": _label(type(i).Kind, i.kind), "title": i.title,
            "body": i.body, "author": i.author, "published_at": iso_time(i.published_at)}


def publication(p) -> dict:
    return {"channel": p.channel, "channel_label": _label(Channel, p.channel), "published_at": iso_time(p.published_at),
            "held_on": p.held_on.isoformat() if p.held_on else None, "place": p.place}


def disclosure_detail(d, link: Links, visible_ids: set[int], *, corrections, interpretations, attachments,
                      publications) -> dict:
    return {
        **disclosure_summary(d, link, visible_ids),
        "body": d.public_body,
        "expires_at": iso_time(d.expires_at),
        "correction": ({"kind": d.correction_kind, "reason": d.correction_reason}
                       if d.corrects_id and d.correction_kind else None),
        "corrections": [disclosure_summary(c, link, visible_ids) for c in corrections],
        "interpretations": [interpretation(i) for i in interpretations],
        "attachments": [attachment(a, d, link) for a in attachments],
        "publications": [publication(p) for p in publications],
    }


def due_period(p, visible_ids: set[int]) -> dict:
    return {"year": p.year, "window_start": p.window_start.isoformat(), "window_end": p.window_end.isoformat(),
            "due_date": p.due_date.isoformat(), "state": p.state, "state_label": _label(type(p).State, p.state),
            "provisional": p.provisional,
            "fulfilled_on": p.fulfilled_on.isoformat() if p.fulfilled_on else None,
            "disclosure": p.disclosure_id if p.disclosure_id in visible_ids else None}


def catalog_item(i, periods: list, visible_ids: set[int]) -> dict:
    return {
        "id": i.pk, "seq": i.seq, "subject": i.subject, "description": i.description,
        "category": i.category, "category_label": _label(Category, i.category),
        **scope_fields(i.scope),
        "channels": list(i.channels or []),
        "cadence_kind": i.cadence_kind, "cadence": cadence.describe(i.cadence_kind, i.cadence_params),
        "responsible_unit": i.responsible_unit, "legal_basis": i.legal_basis,
        "effective_from": i.effective_from.isoformat() if i.effective_from else None,
        "due_periods": [due_period(p, visible_ids) for p in periods],
    }


def catalog_summary(c, link: Links) -> dict:
    return {"org": org_ref(c.org), "version": c.version, **scope_fields(c.publish_scope),
            "published_at": iso_time(c.published_at), "url": link("catalog", c.org_id)}
