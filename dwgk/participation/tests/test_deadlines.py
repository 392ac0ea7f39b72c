"""The reply clock against hand-computed dates across the 2026 Spring Festival and National Day.

Pinned calendar facts (checked against chinese-calendar 1.11.0 before writing these tests):
Spring Festival: Sun 15 Feb – Mon 23 Feb 2026 off, Sat 14 Feb and Sat 28 Feb working days.
Mid-Autumn: Fri 25 – Sun 27 Sep 2026 off. National Day: Thu 1 – Wed 7 Oct 2026 off,
Sun 20 Sep and Sat 10 Oct working days.
"""

from datetime import date, timedelta

import chinese_calendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dwgk.participation import deadlines
from dwgk.participation.deadlines import Pause, reply_clock
from dwgk.workdays.calendar import add_workdays, is_workday, workdays_between

# The calendar reads loaded holiday schedules from the database (none here: the package's 2026 applies).
pytestmark = pytest.mark.django_db


def test_calendar_facts_are_the_official_2026_schedule():
    for d in ("2026-02-14", "2026-02-28", "2026-09-20", "2026-10-10"):
        assert chinese_calendar.is_workday(date.fromisoformat(d)) and date.fromisoformat(d).weekday() >= 5
        assert is_workday(date.fromisoformat(d))
    for d in ("2026-02-16", "2026-02-20", "2026-02-23", "2026-09-25", "2026-10-01", "2026-10-07"):
        assert not chinese_calendar.is_workday(date.fromisoformat(d))
        assert not is_workday(date.fromisoformat(d))


def test_spring_festival_reply_due():
    # Received Fri 6 Feb. Working days after it: 9–13 Feb (5), Sat 14 (6), [15–23 off], 24–27 (10),
    # Sat 28 (11), 2–6 Mar (16), 9–12 Mar (20) → Thu 12 Mar.
    clock = reply_clock(received_on=date(2026, 2, 6))
    assert clock.due == date(2026, 3, 12)
    assert not clock.provisional


def test_national_day_reply_due():
    # Received Fri 18 Sep. Sun 20 (1), 21–24 (5), [25–27 Mid-Autumn], 28–30 (8), [1–7 Oct], 8, 9 (10),
    # Sat 10 (11), 12–16 (16), 19–22 (20) → Thu 22 Oct.
    assert reply_clock(received_on=date(2026, 9, 18)).due == date(2026, 10, 22)


def test_correction_windows_cross_spring_festival():
    # Received Thu 12 Feb: 7 working days to ask for 补正 → 13, Sat 14, 24, 25, 26, 27, Sat 28 → 28 Feb.
    assert deadlines.correction_request_deadline(date(2026, 2, 12)) == date(2026, 2, 28)
    # Asked Fri 13 Feb: the applicant's 10 working days → Sat 14, 24–27, Sat 28, 2–5 Mar → Thu 5 Mar.
    assert deadlines.correction_reply_deadline(date(2026, 2, 13)) == date(2026, 3, 5)


def test_consultation_pause_across_national_day():
    # Received Mon 14 Sep; consultation Wed 23 Sep → third party answers Mon 12 Oct.
    # Third party's deadline: 15 working days after 23 Sep: 24, 28, 29, 30, 8, 9, Sat 10, 12–16, 19, 20, 21 → 21 Oct.
    assert deadlines.consultation_deadline(date(2026, 9, 23)) == date(2026, 10, 21)
    # Paused (23 Sep, 12 Oct]: 24, 28, 29, 30, 8, 9, Sat 10, 12 = 8 working days.
    pause = Pause(date(2026, 9, 23), date(2026, 10, 21), date(2026, 10, 12))
    assert pause.workdays() == 8
    # Without the pause: after 14 Sep: 15–18 (4), Sun 20 (5), 21–24 (9), 28–30 (12), 8, 9, Sat 10 (15),
    # 12–16 (20) → Fri 16 Oct. With 8 more: 19–23 (5), 26, 27, 28 → Wed 28 Oct.
    assert reply_clock(received_on=date(2026, 9, 14)).due == date(2026, 10, 16)
    clock = reply_clock(received_on=date(2026, 9, 14), pauses=[pause])
    assert clock.due == date(2026, 10, 28)
    assert clock.paused_workdays == 8
    # Extension by 20: 29, 30 Oct, 2–6 Nov (7), 9–13 (12), 16–20 (17), 23–25 (20) → Wed 25 Nov.
    assert reply_clock(received_on=date(2026, 9, 14), pauses=[pause], extended_workdays=20).due == date(2026, 11, 25)


def test_derivation_names_every_input():
    pause = Pause(date(2026, 9, 23), date(2026, 10, 21), date(2026, 10, 12))
    clock = reply_clock(received_on=date(2026, 9, 11), counted_from=date(2026, 9, 14), pauses=[pause],
                        extended_workdays=20)
    text = "\n".join(f"{a}：{b}" for a, b in clock.steps)
    assert "收到申请：2026年9月11日" in text
    assert "起算日：2026年9月14日（收到补正后的申请之日）" in text
    assert "2026年9月23日 至 2026年10月12日，暂停 8 个工作日" in text
    assert "延长答复期限：20 个工作日" in text
    assert "答复期限：2026年11月25日" in text


def test_notice_period_of_five_working_days_crosses_national_day():
    # Starts Tue 29 Sep (counted): 29, 30, 8 Oct, 9 Oct, Sat 10 Oct → ends Sat 10 Oct.
    assert deadlines.notice_end(date(2026, 9, 29), 5) == date(2026, 10, 10)
    # Starting on a holiday, the first counted day is the next working day: 8, 9, 10, 12, 13 Oct.
    assert deadlines.notice_end(date(2026, 10, 3), 5) == date(2026, 10, 13)


def test_a_year_without_an_official_schedule_is_provisional():
    clock = reply_clock(received_on=date(2027, 12, 10))
    assert clock.provisional
    assert "暂定" in clock.steps[-1][1]


days_2026 = st.dates(min_value=date(2026, 1, 2), max_value=date(2026, 10, 30))


@settings(max_examples=150, deadline=None)
@given(received=days_2026, start_offset=st.integers(0, 40), length=st.integers(0, 30), ext=st.sampled_from([0, 20]))
def test_clock_does_not_run_during_a_pause(received, start_offset, length, ext):
    """The working days of (counted_from, due] outside the pause are exactly 20 (+ extension)."""
    base_due = reply_clock(received_on=received).due
    start = received + timedelta(days=start_offset)
    if start >= base_due:
        start = received
    end = start + timedelta(days=length)
    pause = Pause(start, deadlines.consultation_deadline(start), min(end, deadlines.consultation_deadline(start)))
    clock = reply_clock(received_on=received, pauses=[pause], extended_workdays=ext)
    running = workdays_between(received, clock.due) - workdays_between(pause.started_on, pause.ended_on)
    assert running == 20 + ext
    assert is_workday(clock.due)
    assert clock.due >= base_due


@settings(max_examples=100, deadline=None)
@given(received=days_2026, wait=st.integers(0, 25))
def test_time_before_the_correction_arrives_does_not_count(received, wait):
    completed = received + timedelta(days=wait)
    clock = reply_clock(received_on=received, counted_from=completed)
    assert clock.due == add_workdays(completed, 20)
    assert workdays_between(completed, clock.due) == 20


@pytest.mark.parametrize("received,due", [
    (date(2026, 1, 30), date(2026, 3, 5)),   # 2–6, 9–13 Feb (10), Sat 14 (11), 24–27 (15), Sat 28 (16), 2–5 Mar
    (date(2026, 2, 13), date(2026, 3, 19)),  # Sat 14 (1), 24–27 (5), Sat 28 (6), 2–6 (11), 9–13 (16), 16–19 (20)
])
def test_more_spring_festival_cases(received, due):
    assert reply_clock(received_on=received).due == due
