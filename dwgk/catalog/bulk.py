"""Set-based creation of template catalogs for many orgs at once (a province rollout, the bench).

Two INSERT … SELECT statements: one catalog per org without one, then every template item of
each org's (kind, category) joined from a temporary table. No row-at-a-time Python.
"""

from __future__ import annotations

import json

from django.db import connection, transaction
from django.utils import timezone

from dwgk.orgs.models import Organization, OrgKind

from . import cadence, seed_templates
from .models import Catalog, CatalogItem


def create_template_catalogs(*, state: str = Catalog.State.DRAFT, publish_scope: str = "",
                             effective_from=None) -> dict:
    """Give every org without a catalog one from its template, in `state` (draft by default;
    the bench creates them published). Returns counts."""
    now = timezone.now()
    pairs = Organization.objects.order_by().values_list("kind", "category").distinct()
    rows = []
    for kind, category in pairs:
        for n, t in enumerate(seed_templates.template_for(kind, category)):
            params = cadence.normalize(t.cadence_kind, t.cadence_params)
            rows.append((kind, category, (n + 1) * 10, t.code, t.subject, t.description, t.category, t.scope,
                         json.dumps(list(t.channels)), t.cadence_kind, json.dumps(params),
                         cadence.signature(t.cadence_kind, params), t.responsible_unit, t.legal_basis))
    t_org, t_cat, t_item = Organization._meta.db_table, Catalog._meta.db_table, CatalogItem._meta.db_table
    jsonb = "CAST({} AS jsonb)" if connection.vendor == "postgresql" else "{}"
    filed = state in (Catalog.State.FILED, Catalog.State.PUBLISHED)
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute(
            f"INSERT INTO {t_cat} (org_id, maker_id, filed_with_id, state, template_kind, version, publish_scope, "
            f"published_at, submitted_at, filed_at, created_at, updated_at) "
            f"SELECT o.id, CASE WHEN o.kind = %s AND o.parent_id IS NOT NULL THEN o.parent_id ELSE o.id END, "
            f"COALESCE(o.parent_id, o.id), %s, o.kind, %s, %s, %s, %s, %s, %s, %s FROM {t_org} o "
            f"WHERE NOT EXISTS (SELECT 1 FROM {t_cat} c WHERE c.org_id = o.id)",
            [OrgKind.GRASSROOTS, state, 1 if filed else 0, publish_scope,
             now if state == Catalog.State.PUBLISHED else None, now if filed else None, now if filed else None,
             now, now])
        catalogs = cur.rowcount
        cur.execute("DROP TABLE IF EXISTS dwgk_template_rows")
        cur.execute("CREATE TEMPORARY TABLE dwgk_template_rows (kind varchar(32), category varchar(32), seq integer, "
                    "code varchar(40), subject varchar(200), description text, category8 varchar(16), "
                    "scope varchar(12), channels text, cadence_kind varchar(12), cadence_params text, "
                    "cadence_sig varchar(200), responsible_unit varchar(100), legal_basis varchar(300))")
        cur.executemany("INSERT INTO dwgk_template_rows VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                        rows)
        cur.execute(
            f"INSERT INTO {t_item} (catalog_id, seq, template_code, subject, description, category, scope, channels, "
            f"cadence_kind, cadence_params, cadence_sig, responsible_unit, legal_basis, withheld, withheld_reason, "
            f"status, effective_from) "
            f"SELECT c.id, t.seq, t.code, t.subject, t.description, t.category8, t.scope, "
            f"{jsonb.format('t.channels')}, t.cadence_kind, {jsonb.format('t.cadence_params')}, t.cadence_sig, "
            f"t.responsible_unit, t.legal_basis, %s, '', 'active', %s "
            f"FROM {t_cat} c JOIN {t_org} o ON o.id = c.org_id "
            f"JOIN dwgk_template_rows t ON t.kind = o.kind AND t.category = o.category "
            f"WHERE NOT EXISTS (SELECT 1 FROM {t_item} i WHERE i.catalog_id = c.id)",
            [False, effective_from])
        items = cur.rowcount
        cur.execute("DROP TABLE dwgk_template_rows")
    return {"catalogs": catalogs, "items": items}
