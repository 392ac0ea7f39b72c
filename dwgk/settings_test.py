"""Test settings: the production settings with what a test run must not depend on switched off."""

from .settings import *  # noqa: F403
from .settings import STORAGES

DWGK_AUDIT_DB_GUARD = False
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# The search index is a derived copy; tests that need it build their own in a temporary directory.
DWGK_SEARCH_AUTO_INDEX = False
DWGK_SEARCH_INDEX_DELAY = 0  # tests that switch auto-indexing on expect the index current on commit
import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

DWGK_SEARCH_DIR = tempfile.mkdtemp(prefix="dwgk-search-")
# The audit chain's key (a fixed test key, never the var dir's); each test gets its own anchor file.
DWGK_AUDIT_KEY = "dwgk-test-audit-key"
DWGK_AUDIT_ANCHOR_FILE = Path(tempfile.mkdtemp(prefix="dwgk-anchor-")) / "audit-anchor.log"
