"""The default outcome reason codes (REFERENCES.md, Table 三). Migration 0002 installs a frozen copy;
`install_defaults` restores any that are missing (e.g. after a test flush) without touching edits."""

from __future__ import annotations

import importlib


def install_defaults() -> int:
    from .models import OutcomeReason

    reasons = importlib.import_module("dwgk.participation.migrations.0002_outcome_reasons").REASONS
    created = 0
    for i, (category, code, label) in enumerate(reasons):
        _obj, made = OutcomeReason.objects.get_or_create(code=code, defaults={"category": category, "label": label,
                                                                               "sort_order": i})
        created += made
    return created
