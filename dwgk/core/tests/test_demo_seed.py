"""`./dev demo` loads every app's demo data in one run: each app's seed must work with the others'."""

import pytest
from django.core.management import call_command

from dwgk.disclosures.models import Disclosure, Status


@pytest.mark.one_db
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
    # issue 14: the 2025 annual briefing tells one story (catalogs filed, periods due, items published)
    from dwgk.reports.models import AnnualBriefing

    b = AnnualBriefing.objects.get(year=2025) if AnnualBriefing.objects.filter(year=2025).exists() else \
        AnnualBriefing.objects.order_by("-year").first()
    c, ds = b.data["catalog"], b.data["disclosures"]
    assert ds["total"] > 0 and c["catalogs_filed"] > 0 and c["periods_due"] > 0, (c, ds["total"])
    assert c["periods_on_time"] + c["periods_late"] + c["periods_missed"] == c["periods_due"]
    # every published item has its 索引号; the demo village and its town have a 公开指南 contact
    published = Disclosure.objects.filter(status=Status.PUBLISHED)
    assert published.exists() and not published.filter(index_number="").exists()
    from dwgk.orgs.models import Organization

    village = Organization.objects.get(name__contains="石桥村")
    assert village.office_phone and village.parent.office_phone
