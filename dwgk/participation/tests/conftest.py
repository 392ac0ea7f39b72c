import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rate-limit counters and captchas live in the cache; each test starts without them."""
    cache.clear()
    yield
    cache.clear()
