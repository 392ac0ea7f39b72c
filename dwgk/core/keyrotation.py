"""Data-key rotation: every app that keeps data under the data key has a `keyrotation` module with
`rotate(old, new) -> dict[str, int]` (counts by kind); `dwgk keys rotate` runs them all in one
transaction. Rotation is idempotent: values already under the new key are left alone, so an interrupted
or repeated run is harmless.
"""

from __future__ import annotations

import importlib

from django.apps import apps

from . import batches
from .crypto import KeyProvider, blind_index, decrypt, encrypt, readable_with

BATCH = 2000


def rotation_modules() -> list:
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("dwgk.") or config.name == "dwgk.core":
            continue
        try:
            found.append(importlib.import_module(f"{config.name}.keyrotation"))
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.keyrotation":
                raise
    return found


def reencrypt_field(model, field: str, old: KeyProvider, new: KeyProvider, *,
                    index_field: str = "", index_purpose: str = "personal-data-index") -> int:
    """Re-encrypt `field` of every row under `new`; re-derive `index_field` (a blind index of the
    plaintext) alongside. Returns the number of rows changed."""
    changed, batch = 0, []
    fields = [field] + ([index_field] if index_field else [])
    rows = model._default_manager.exclude(**{field: ""}).only("pk", *fields).order_by("pk")
    for obj in batches.rows(rows, BATCH):
        token = getattr(obj, field)
        if readable_with(new, token):
            continue
        plain = decrypt(token, provider=old)
        setattr(obj, field, encrypt(plain, provider=new))
        if index_field:
            setattr(obj, index_field, blind_index(plain, index_purpose, provider=new))
        batch.append(obj)
        if len(batch) >= BATCH:
            model._default_manager.bulk_update(batch, fields)
            changed += len(batch)
            batch = []
    if batch:
        model._default_manager.bulk_update(batch, fields)
        changed += len(batch)
    return changed
