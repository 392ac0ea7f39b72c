"""Media storage that follows the database: a file stored while a transaction is open is removed again
when that transaction does not commit — its own atomic block or any outer one — so no rollback leaves
an orphan file behind.

Django has no rollback hook, but it drops the on-commit callbacks of a transaction (or savepoint) that
rolls back. Each stored file is therefore watched by a token held only by its on-commit callback: a commit
runs the callback (the file is kept); a rollback discards it, the token is collected and its finalizer
removes the file. Outside any transaction the callback runs at once. The finalizer also runs at
interpreter exit, when a transaction still open will never commit. (A non-robust on-commit callback that
raises before ours would drop ours too and take a committed file: on-commit work here must not raise.)
"""

from __future__ import annotations

import contextlib
import os
import weakref

from django.core.files.storage import FileSystemStorage
from django.db import DEFAULT_DB_ALIAS, connections, transaction


class _Kept:
    """Watches one stored file; `committed()` is called by its on-commit callback."""

    __slots__ = ("__weakref__", "_finalizer")

    def __init__(self, remove):
        self._finalizer = weakref.finalize(self, remove)

    def committed(self):
        self._finalizer.detach()


def _remover(storage, name: str):
    # The absolute path is fixed now: a test's MEDIA_ROOT may be reset before its transaction rolls back.
    try:
        path = storage.path(name)
    except NotImplementedError:
        path = None

    def remove():
        with contextlib.suppress(OSError):
            if path is not None:
                os.remove(path)
            else:
                storage.delete(name)
    return remove


def watch(storage, name: str, using: str = DEFAULT_DB_ALIAS) -> None:
    """Remove `name` from `storage` unless the current transaction of `using` commits."""
    if not connections[using].in_atomic_block:
        return
    token = _Kept(_remover(storage, name))
    transaction.on_commit(token.committed, using=using, robust=True)


class TransactionMixin:
    """Mixed into a storage backend: every saved file is watched (see `watch`)."""

    def _save(self, name, content):
        stored = super()._save(name, content)
        watch(self, stored)
        return stored


class TransactionalFileSystemStorage(TransactionMixin, FileSystemStorage):
    pass
