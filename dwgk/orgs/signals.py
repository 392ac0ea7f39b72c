"""Signals other apps listen to. `subtree_moved` lets an app that keeps a copy of org paths on its
rows (for fast subtree filters) rewrite them in the same transaction as the move."""

from django.db.models import Value
from django.db.models.functions import Concat, Length, Substr
from django.dispatch import Signal

from .paths import subtree_q

# Sent by services.move_org inside its transaction: old_path, new_path.
subtree_moved = Signal()


def rewrite_path_copies(model, field: str, old_path: str, new_path: str) -> int:
    """Rewrite `model.field` for every row under `old_path` so it sits under `new_path`."""
    return model.objects.filter(subtree_q(old_path, field=field)).update(
        **{field: Concat(Value(new_path), Substr(field, len(old_path) + 1, Length(field)))})
