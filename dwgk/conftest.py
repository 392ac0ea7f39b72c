import pytest

from dwgk.testing.world import PASSWORD, build_world
from dwgk.workdays import calendar

pytest_plugins = ["dwgk.testing.browser"]


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Login throttles, rate limits and captchas live in the cache: each test starts without them."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture(autouse=True)
def _audit_anchor(settings, tmp_path):
    """The anchor file outlives a test's database transaction: one per test."""
    settings.DWGK_AUDIT_ANCHOR_FILE = tmp_path / "audit-anchor.log"


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def login(client):
    """Log the Django test client in as a user (session login; the login form has its own tests)."""

    def _login(user):
        client.force_login(user)
        return client

    return _login


@pytest.fixture(autouse=True)
def calendar_of_the_committed_database():
    """The working-day calendar is cached in memory; a schedule a test loaded and rolled back must not
    follow the next test on the same worker."""
    calendar.clear_cache()
    yield
    calendar.clear_cache()
