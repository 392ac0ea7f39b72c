"""`./dev demo` loads every app's demo data in one run: each app's seed must work with the others'."""

import pytest
from django.core.management import call_command

from dwgk.disclosures.models import Disclosure, Status


@pytest.mark.slow
@pytest.mark.django_db
def test_the_whole_demo_seeds_and_shows_every_state(settings, tmp_path):
    settings.DWGK_MIRROR_DIR = tmp_path / "mirror"
    settings.DWGK_SEARCH_DIR = tmp_path / "search"
    call_command("seed", "--demo")
    statuses = set(Disclosure.objects.values_list("status", flat=True))
    assert {Status.DRAFT, Status.REVIEW, Status.RETURNED, Status.APPROVAL, Status.PUBLISHED, Status.ARCHIVED,
            Status.WITHDRAWN} <= statuses
    assert (tmp_path / "mirror" / "index.html").exists()
