"""Helpers for catalog tests."""

from datetime import date

from dwgk.catalog import services


def filed_catalog(org, actor=None, effective_from=date(2026, 1, 1), today=date(2026, 11, 22)):
    catalog = services.create_from_template(org, actor=actor)
    services.submit(catalog, actor=actor)
    services.acknowledge(catalog, actor=actor, effective_from=effective_from, today=today)
    catalog.refresh_from_db()
    return catalog


def item_data(**over):
    data = {"subject": "党员发展公示", "description": "发展党员各阶段公示", "category": "organization",
            "scope": "party", "channels": ["board", "meeting"], "cadence_kind": "immediate",
            "cadence_params": {"workdays": 5}, "responsible_unit": "党支部"}
    data.update(over)
    return data
