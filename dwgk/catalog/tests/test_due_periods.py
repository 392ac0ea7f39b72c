"""Due periods: generated from cadences, fulfilled by publications, overdue after; bulk == incremental."""

from datetime import date

import pytest

from dwgk.catalog import duedates, services
from dwgk.catalog.models import DuePeriod
from dwgk.workdays import services as wd_services

from .factories import filed_catalog

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 22)


def _periods(catalog, year=2026):
    return sorted(DuePeriod.objects.filter(item__catalog=catalog, year=year).values_list(
        "item_id", "window_start", "window_end", "due_date", "state", "provisional"))


def test_filing_creates_the_years_periods_and_marks_past_ones_overdue(world):
    catalog = filed_catalog(world.village)
    g04 = catalog.items.get(template_code="G04")  # bimonthly on the 党务公开日
    dues = list(DuePeriod.objects.filter(item=g04).order_by("due_date").values_list("due_date", "state"))
    assert dues == [(date(2026, 2, 26), "overdue"), (date(2026, 4, 27), "overdue"), (date(2026, 6, 26), "overdue"),
                    (date(2026, 8, 26), "overdue"), (date(2026, 10, 26), "overdue"), (date(2026, 12, 28), "open")]
    assert not DuePeriod.objects.filter(item__catalog=catalog, item__cadence_kind="immediate").exists()


def test_recompute_is_idempotent_and_bulk_equals_incremental(world):
    catalog = filed_catalog(world.village)
    before = _periods(catalog)
    for item in catalog.items.all():
        assert duedates.sync_item(item, 2026, today=TODAY) == {"created": 0, "updated": 0, "deleted": 0}
    assert duedates.generate_year(2026, today=TODAY) == {"created": 0, "updated": 0}
    assert _periods(catalog) == before
    DuePeriod.objects.all().delete()
    stats = duedates.generate_year(2026, today=TODAY)
    assert stats["created"] == len(before)
    assert _periods(catalog) == before


def test_bulk_skips_drafts_withheld_and_respects_effective_dates(world):
    filed_catalog(world.village, effective_from=date(2026, 7, 1))
    services.create_from_template(world.village2)  # a draft makes no obligations
    DuePeriod.objects.all().delete()
    duedates.generate_year(2026, today=TODAY)
    assert not DuePeriod.objects.filter(org=world.village2).exists()
    assert not DuePeriod.objects.filter(org=world.village, window_end__lt=date(2026, 7, 1)).exists()
    assert DuePeriod.objects.filter(org=world.village, window_start=date(2026, 7, 1)).exists()


def test_a_publication_in_the_window_fulfils_the_period(world):
    """A disclosure linked to the item and published in the window fulfils it."""
    catalog = filed_catalog(world.village)
    g02 = catalog.items.get(template_code="G02")  # quarterly
    p = services.fulfil_due_period(g02, published_on=date(2026, 11, 20), disclosure_id=501)
    assert (p.window_start, p.state, p.disclosure_id) == (date(2026, 10, 1), "fulfilled", 501)
    again = services.fulfil_due_period(g02, published_on=date(2026, 11, 20), disclosure_id=501)
    assert again.pk == p.pk  # idempotent
    # a second publication in the same quarter goes to the earliest unfulfilled period: Q1, late
    late = services.fulfil_due_period(g02.pk, published_on=date(2026, 11, 21), disclosure_id=502)
    assert (late.window_start, late.state) == (date(2026, 1, 1), "late")


def test_publication_between_window_end_and_a_moved_due_date_is_on_time(world):
    """12-26 is a Saturday: the Nov–Dec 党务公开日 moves to Monday 12-28; publishing that day is on time."""
    catalog = filed_catalog(world.village)
    g04 = catalog.items.get(template_code="G04")
    p = services.fulfil_due_period(g04, published_on=date(2026, 12, 28), disclosure_id=7)
    assert (p.window_start, p.state) == (date(2026, 11, 1), "fulfilled")


def test_fulfil_returns_none_when_nothing_is_due(world):
    catalog = filed_catalog(world.village)
    g03 = catalog.items.get(template_code="G03")  # 即时: no generated periods
    assert services.fulfil_due_period(g03, published_on=TODAY, disclosure_id=1) is None
    event = services.open_event_period(g03, date(2026, 9, 30))
    assert event.due_date == date(2026, 10, 13)
    p = services.fulfil_due_period(g03, published_on=date(2026, 10, 12), disclosure_id=2)
    assert p.pk == event.pk and p.state == "fulfilled"


def test_refresh_overdue(world):
    catalog = filed_catalog(world.village, today=date(2026, 1, 5))
    assert not DuePeriod.objects.filter(item__catalog=catalog, state="overdue").exists()
    n = duedates.refresh_overdue(TODAY)
    assert n == DuePeriod.objects.filter(item__catalog=catalog, due_date__lt=TODAY).count() > 0


def test_provisional_periods_are_recomputed_when_the_schedule_arrives(world, django_capture_on_commit_callbacks):
    """For a year whose schedule is not loaded dates are provisional; loading it recomputes them."""
    catalog = filed_catalog(world.village)
    duedates.generate_year(2027, today=TODAY)
    g04 = catalog.items.get(template_code="G04")
    feb = DuePeriod.objects.get(item=g04, year=2027, window_start=date(2027, 1, 1))
    assert feb.provisional and feb.due_date == date(2027, 2, 26)  # a Friday: the estimate has no holiday there
    rows = wd_services.parse_schedule(
        "2027-01-01,休,元旦\n2027-02-08,休,春节\n2027-04-05,休,清明节\n2027-05-03,休,劳动节\n"
        "2027-06-09,休,端午节\n2027-09-15,休,中秋节\n2027-10-01,休,国庆节\n"
        "2027-02-26,休,测试假日\n2027-02-27,休,测试假日\n")
    with django_capture_on_commit_callbacks(execute=True):
        wd_services.load_schedule(rows)
    feb.refresh_from_db()
    assert not feb.provisional
    assert feb.due_date == date(2027, 3, 1)  # 26 Fri and 27 Sat off, 28 Sunday → Monday 03-01
    assert not DuePeriod.objects.filter(year=2027, provisional=True).exists()
