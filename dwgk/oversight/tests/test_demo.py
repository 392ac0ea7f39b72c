import random
from datetime import date

import pytest

from dwgk.core.seeding import DemoContext
from dwgk.orgs import demo as orgs_demo
from dwgk.oversight import demo, selectors
from dwgk.oversight.models import (
    AccountabilityCase,
    Assessment,
    BestPracticeRound,
    Inspection,
    Nomination,
    Rectification,
    Response,
)


@pytest.mark.django_db
def test_demo_builds_every_piece():
    ctx = DemoContext(rng=random.Random(2026), today=date(2026, 11, 22))
    orgs_demo.seed_demo(ctx)
    demo.seed_demo(ctx)
    assert set(Inspection.objects.values_list("kind", flat=True)) == {"routine", "special"}
    assert Rectification.objects.filter(state="open", deadline__lt=ctx.today).count() == 1
    a = Assessment.objects.get(year=2025)
    assert a.state == "published" and a.assessed.filter(rank=1).exists()
    assert Response.objects.count() == 18
    assert AccountabilityCase.objects.get().ref_type == "oversight.finding"
    rnd = BestPracticeRound.objects.get()
    assert rnd.state == "announced" and rnd.lines.count() == 2
    for rl in rnd.lines.all():
        assert 3 <= rl.nominations.count() <= 4 and 1 <= rl.nominations.filter(chosen=True).count() <= 2
    assert Nomination.objects.exclude(material_checksum="").count() == Nomination.objects.count()
    rows = selectors.stat_rows(ctx.city, date(2026, 1, 1), date(2026, 12, 31))
    assert rows["supervisors"] and rows["inspections"] and rows["boards"]
    assert selectors.satisfaction_counts(ctx.city, date(2026, 1, 1), date(2026, 12, 31))
