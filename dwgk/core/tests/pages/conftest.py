import pytest

from dwgk.testing.reach import seeded_demo


@pytest.fixture(scope="package")
def demo_world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo, seeded once for every page-walking test of this package (crawl, keep-typed, fuzz)."""
    with seeded_demo(django_db_blocker, tmp_path_factory.mktemp("demo")) as tmp:
        yield tmp
