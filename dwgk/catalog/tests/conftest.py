import pytest

from dwgk.workdays import calendar


@pytest.fixture(autouse=True)
def fresh_calendar():
    """The calendar caches years in memory; a test's rolled-back schedule must not leak."""
    calendar.clear_cache()
    yield
    calendar.clear_cache()
