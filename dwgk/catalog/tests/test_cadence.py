"""The cadence engine, in the seeds' words."""

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dwgk.catalog import cadence
from dwgk.catalog.models import CadenceKind, Period
from dwgk.workdays import calendar as wd

pytestmark = pytest.mark.django_db

# Worked out by hand from the 2026 State Council schedule (and checked against chinese-calendar):
# 04-26 is a Sunday → Monday 04-27; 12-26 is a Saturday → Monday 12-28.
PARTY_AFFAIRS_DAYS_2026 = [
    (2, date(2026, 2, 26)),   # Thursday, after the Spring Festival break (02-15 … 02-23)
    (4, date(2026, 4, 27)),   # 04-26 Sunday (not a 调休 day) → Monday
    (6, date(2026, 6, 26)),   # Friday
    (8, date(2026, 8, 26)),   # Wednesday
    (10, date(2026, 10, 26)),  # Monday
    (12, date(2026, 12, 28)),  # 12-26 Saturday → Monday
]


@pytest.mark.parametrize(("month", "expected"), PARTY_AFFAIRS_DAYS_2026)
def test_2026_party_affairs_day_is_pinned_to_the_official_calendar(month, expected):
    """每双月26日（遇节假日则顺延到下一个工作日）为党务公开日."""
    got = cadence.party_affairs_day(2026, month)
    assert got == expected
    assert not got.provisional


def test_the_party_affairs_day_only_exists_in_even_months():
    with pytest.raises(ValueError):
        cadence.party_affairs_day(2026, 3)


def test_long_term_items_are_disclosed_once_a_year():
    """长期公开 … 应每年公开一次."""
    wins = cadence.windows(CadenceKind.STANDING, {"due": "12-31"}, 2026)
    assert [(w.start, w.end, w.due) for w in wins] == [(date(2026, 1, 1), date(2026, 12, 31), date(2026, 12, 31))]


def test_phased_work_is_disclosed_each_quarter():
    """阶段公开 … 应每季度公开一次: 2026-Q3 ends Wed 09-30, a working day."""
    wins = cadence.windows(CadenceKind.PERIODIC, {"period": Period.QUARTER}, 2026)
    assert [w.due for w in wins] == [date(2026, 3, 31), date(2026, 6, 30), date(2026, 9, 30), date(2026, 12, 31)]


def test_immediate_items_are_due_within_n_working_days_of_the_event():
    """即时公开 … 随时公开: an event on 09-30 with 5 working days falls due after National Day."""
    w = cadence.event_window(CadenceKind.IMMEDIATE, {"workdays": 5}, date(2026, 9, 30))
    assert w.due == date(2026, 10, 13)  # 10-08, 10-09, 10-10 (调休 Saturday), 10-12, 10-13


def test_a_provisional_year_says_so():
    wins = cadence.windows(CadenceKind.PERIODIC, {"period": Period.BIMONTHLY}, 2027)
    assert all(w.provisional for w in wins)
    assert not any(w.provisional for w in cadence.windows(CadenceKind.PERIODIC, {"period": Period.BIMONTHLY}, 2026))


def test_bad_cadence_parameters_are_refused_in_chinese():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="周期"):
        cadence.normalize(CadenceKind.PERIODIC, {"period": "weekly"})
    with pytest.raises(ValidationError, match="晚于上一阶段"):
        cadence.normalize(CadenceKind.PHASED, {"stages": [{"end": "06-30"}, {"end": "03-31"}]})


CADENCES = st.one_of(
    st.just((CadenceKind.STANDING, {"due": "12-31"})),
    st.just((CadenceKind.STANDING, {"due": "03-31"})),
    st.sampled_from([p for p in Period.values]).flatmap(
        lambda p: st.integers(0, 10).map(lambda g: (CadenceKind.PERIODIC, {"period": p, "grace_workdays": g}))),
    st.just((CadenceKind.IMMEDIATE, {"workdays": 5, "monthly": True})),
)
COVERING = CADENCES  # every cadence above tiles the whole year


@settings(max_examples=150, deadline=None)
@given(CADENCES, st.integers(2020, 2030))
def test_periods_of_one_item_never_overlap_and_cover_the_year(cad, year):
    kind, params = cad
    wins = cadence.windows(kind, cadence.normalize(kind, params), year)
    assert wins[0].start == date(year, 1, 1)
    assert wins[-1].end == date(year, 12, 31)
    for a, b in zip(wins, wins[1:], strict=False):
        assert b.start == a.end + timedelta(days=1)  # adjacent: no overlap, no gap


@settings(max_examples=150, deadline=None)
@given(CADENCES, st.integers(2020, 2030))
def test_every_due_date_is_a_working_day(cad, year):
    kind, params = cad
    for w in cadence.windows(kind, cadence.normalize(kind, params), year):
        assert wd.is_workday(w.due)
        assert w.due >= w.end or (kind == CadenceKind.STANDING) or params.get("period") == Period.BIMONTHLY
        assert w.provisional == (wd.is_provisional(year) or wd.is_provisional(w.due.year))


@settings(max_examples=100, deadline=None)
@given(st.integers(2015, 2035))
def test_bimonthly_dates_are_the_26th_or_the_next_working_day_after_it(year):
    for w in cadence.windows(CadenceKind.PERIODIC, {"period": Period.BIMONTHLY}, year):
        the_26th = date(year, w.end.month, 26)
        assert w.end.month % 2 == 0
        assert w.due >= the_26th and wd.is_workday(w.due)
        # nothing between the 26th and the due date is a working day
        d = the_26th
        while d < w.due:
            assert not wd.is_workday(d)
            d += timedelta(days=1)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["02-28", "03-31", "06-30", "09-30", "11-15", "12-31"]), min_size=1, max_size=6,
                unique=True).map(sorted), st.integers(2024, 2028))
def test_phased_stages_are_consecutive(ends, year):
    params = cadence.normalize(CadenceKind.PHASED, {"stages": [{"name": f"阶段{i}", "end": e} for i, e in enumerate(ends)]})
    wins = cadence.windows(CadenceKind.PHASED, params, year)
    assert wins[0].start == date(year, 1, 1)
    for a, b in zip(wins, wins[1:], strict=False):
        assert b.start == a.end + timedelta(days=1)
    assert all(wd.is_workday(w.due) and w.due >= w.end for w in wins)
