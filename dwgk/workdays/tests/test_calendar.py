"""The working-day calendar: official 2026 schedule, DB overrides, provisional years."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from dwgk.workdays import calendar, services
from dwgk.workdays.models import HolidaySchedule
from dwgk.workdays.signals import schedule_changed

pytestmark = pytest.mark.django_db


def test_2026_national_day_holiday_and_makeup_saturday():
    """国庆节 2026: 10月1日–7日 放假，10月10日（周六）调休上班."""
    assert not calendar.is_workday(date(2026, 10, 1))
    assert not calendar.is_workday(date(2026, 10, 7))
    assert calendar.is_workday(date(2026, 10, 10))  # a Saturday, 调休上班
    assert date(2026, 10, 10).weekday() == 5
    assert calendar.day_info(date(2026, 10, 1)).name == "国庆节"


def test_matches_the_package_for_every_day_of_2026():
    d = date(2026, 1, 1)
    while d.year == 2026:
        assert calendar.is_workday(d) == calendar.package_is_workday(d), d
        d += timedelta(days=1)


def test_next_and_previous_workday():
    assert calendar.next_workday(date(2026, 10, 1)) == date(2026, 10, 8)
    assert calendar.next_workday(date(2026, 10, 8)) == date(2026, 10, 8)
    assert calendar.previous_workday(date(2026, 10, 7)) == date(2026, 9, 30)
    assert not calendar.next_workday(date(2026, 10, 1)).provisional


def test_add_workdays_crosses_national_day():
    # 9月30日（周三）后第 1 个工作日是 10月8日；第 3 个是 10月10日（调休周六）.
    assert calendar.add_workdays(date(2026, 9, 30), 1) == date(2026, 10, 8)
    assert calendar.add_workdays(date(2026, 9, 30), 3) == date(2026, 10, 10)
    assert calendar.add_workdays(date(2026, 10, 8), -1) == date(2026, 9, 30)
    assert calendar.add_workdays(date(2026, 10, 3), 0) == date(2026, 10, 8)


def test_twenty_workdays_across_spring_festival_2026():
    """春节 2026: 2月15日–23日 放假，2月14日（周六）、2月28日（周六）调休上班."""
    assert calendar.is_workday(date(2026, 2, 14)) and calendar.is_workday(date(2026, 2, 28))
    end = calendar.add_workdays(date(2026, 2, 10), 20)
    assert calendar.workdays_between(date(2026, 2, 10), end) == 20
    # by hand: 11,12,13,14(六),24,25,26,27,28(六) =9; Mar 2-6 =14; Mar 9-13 =19; Mar 16 =20
    assert end == date(2026, 3, 16)


def test_a_year_without_schedule_is_provisional_and_says_so():
    assert calendar.is_provisional(2027)
    assert not calendar.is_provisional(2026)
    d = calendar.add_workdays(date(2026, 12, 30), 5)
    assert d.provisional  # crossed into 2027
    assert not calendar.add_workdays(date(2026, 12, 1), 5).provisional
    assert calendar.workdays_between(date(2026, 12, 1), date(2027, 1, 10)).provisional
    assert not calendar.is_workday(date(2027, 1, 2))  # a Saturday


FULL_2027 = """date,kind,name
2027-01-01,休,元旦
2027-02-05,休,春节
2027-02-08,休,春节
2027-02-06,班,春节
2027-04-05,休,清明节
2027-05-03,休,劳动节
2027-06-09,休,端午节
2027-09-15,休,中秋节
2027-10-01,休,国庆节
"""


def test_a_year_not_loaded_still_knows_its_fixed_holidays_as_provisional():
    """元旦 1/1、劳动节 5/1–2、国庆 10/1–3 are statutory: no schedule is needed to know them."""
    for d in (date(2027, 1, 1), date(2027, 5, 1), date(2027, 10, 1), date(2027, 10, 2), date(2027, 10, 3)):
        assert not calendar.is_workday(d), d
    info = calendar.day_info(date(2027, 1, 1))
    assert info.name == "元旦（暂定）" and info.provisional and info.source == "estimate"
    assert calendar.day_info(date(2028, 10, 3)).provisional


def test_lunar_holidays_are_estimated_from_the_lunar_calendar():
    # 2027: 春节 正月初一 = 2月6日（除夕 2月5日），清明 4月5日，端午 6月9日，中秋 9月15日 (by a printed almanac)
    for d in (date(2027, 2, 5), date(2027, 2, 8), date(2027, 4, 5), date(2027, 6, 9), date(2027, 9, 15)):
        assert not calendar.is_workday(d), d
    assert calendar.day_info(date(2027, 2, 8)).name == "春节（暂定）"
    assert calendar.day_info(date(2027, 6, 9)).name == "端午节（暂定）"
    assert calendar.is_workday(date(2027, 2, 9))  # 初四: not statutory; the real 调休 is not guessed
    # 2030: 正月初一 2月3日, 端午 6月5日, 中秋 9月12日
    assert calendar.day_info(date(2030, 2, 3)).name == "春节（暂定）"
    assert not calendar.is_workday(date(2030, 6, 5)) and not calendar.is_workday(date(2030, 9, 12))


def test_a_deadline_counted_from_new_years_eve_never_lands_on_new_years_day():
    for n in range(1, 6):
        d = calendar.add_workdays(date(2026, 12, 31), n)
        assert d != date(2027, 1, 1) and d.provisional
    assert calendar.add_workdays(date(2026, 12, 31), 1) == date(2027, 1, 4)
    # the case: 20 working days from 2026-12-06
    d = calendar.add_workdays(date(2026, 12, 6), 20)
    assert d == date(2027, 1, 4) and d.provisional


def test_a_partial_year_is_refused_unless_it_says_it_is_partial():
    rows = services.parse_schedule("2027-01-01,休,元旦\n2027-02-06,班,春节\n")
    with pytest.raises(ValidationError) as exc:
        services.load_schedule(rows, source="测试")
    text = " ".join(exc.value.messages)
    assert "2027 年的安排缺少" in text and "中秋节" in text and "部分安排" in text
    assert not HolidaySchedule.objects.exists()
    services.load_schedule(rows, source="测试", partial=True)
    assert calendar.is_provisional(2027)
    assert calendar.day_info(date(2027, 1, 1)).source == "partial"
    assert calendar.is_workday(date(2027, 2, 6))  # the loaded 调休 counts
    assert not calendar.is_workday(date(2027, 9, 15))  # the rest is still estimated
    assert calendar.add_workdays(date(2026, 12, 30), 5).provisional


def test_loading_a_schedule_makes_the_year_official_and_announces_it(django_capture_on_commit_callbacks):
    received = []

    def receiver(sender, years, **kw):
        received.append(years)

    schedule_changed.connect(receiver)
    try:
        rows = services.parse_schedule(FULL_2027)
        with django_capture_on_commit_callbacks(execute=True):
            services.load_schedule(rows, source="测试")
    finally:
        schedule_changed.disconnect(receiver)
    assert received == [{2027}]
    assert not calendar.is_provisional(2027)
    assert not calendar.is_workday(date(2027, 1, 1))
    assert calendar.is_workday(date(2027, 2, 6))  # Saturday 调休上班
    assert not calendar.add_workdays(date(2026, 12, 30), 5).provisional


def test_database_overrides_the_package():
    """A correction loaded as data wins over chinese-calendar for that year."""
    services.load_schedule(services.parse_schedule("2026-11-23,休,测试假日\n"))  # packaged year: a correction
    assert HolidaySchedule.objects.get(year=2026).partial
    assert not calendar.is_workday(date(2026, 11, 23))
    assert not calendar.is_workday(date(2026, 10, 1))  # a partial load lies over the package
    assert not calendar.is_provisional(2026)
    whole = ("2026-01-01,休,元旦\n2026-02-16,休,春节\n2026-04-06,休,清明节\n2026-05-01,休,劳动节\n"
             "2026-06-19,休,端午节\n2026-09-25,休,中秋节\n2026-10-01,休,国庆节\n2026-11-23,休,测试假日\n")
    services.load_schedule(services.parse_schedule(whole))
    assert not calendar.is_workday(date(2026, 11, 23))
    assert calendar.is_workday(date(2026, 10, 2))  # a whole-year load replaces the year
    services.remove_schedule(2026)
    assert calendar.is_workday(date(2026, 11, 23))
    assert not calendar.is_workday(date(2026, 10, 1))


def test_bad_file_changes_nothing_and_reports_each_line_in_chinese():
    with pytest.raises(ValidationError) as exc:
        services.parse_schedule("2027-01-01,休,元旦\n2027-13-01,休,x\n2027-01-04,班,周一\n2027-01-01,休,重复\n")
    msgs = exc.value.messages
    assert any("第 2 行" in m and "YYYY-MM-DD" in m for m in msgs)
    assert any("第 3 行" in m and "无需标为调休上班" in m for m in msgs)
    assert any("第 4 行" in m and "重复" in m for m in msgs)
    assert not HolidaySchedule.objects.exists()


def test_json_schedule():
    rows = services.parse_schedule('{"year": 2027, "holidays": [{"date": "2027-10-01", "name": "国庆节"}],'
                                   ' "workdays": ["2027-09-26"]}', "x.json")
    assert {(r.date, r.kind) for r in rows} == {(date(2027, 10, 1), "holiday"), (date(2027, 9, 26), "workday")}


def test_set_day_needs_a_loaded_year():
    with pytest.raises(ValidationError):
        services.set_day(date(2028, 1, 3), "holiday", "x")
    services.load_schedule(services.parse_schedule("2028-01-01,休,元旦\n"), partial=True)
    services.set_day(date(2028, 1, 3), "holiday", "补假")
    assert not calendar.is_workday(date(2028, 1, 3))
    services.remove_day(date(2028, 1, 3))
    assert calendar.is_workday(date(2028, 1, 3))


@settings(max_examples=200, deadline=None)
@given(st.dates(date(2025, 1, 1), date(2027, 12, 31)), st.integers(-40, 40))
def test_add_and_count_are_inverse(d, n):
    target = calendar.add_workdays(d, n)
    assert calendar.is_workday(target)
    if n > 0:
        assert target > d and calendar.workdays_between(d, target) == n
    elif n < 0:
        # (target, d] holds the -n-1 working days strictly between, plus d when d is a working day
        assert target < d
        assert calendar.workdays_between(target, d) == -n - 1 + calendar.is_workday(d)
    assert calendar.next_workday(d) >= d and calendar.is_workday(calendar.next_workday(d))
