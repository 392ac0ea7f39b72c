"""统计表 (seed 002 attachment): every cell of the table for a known small world, against hand counts."""

from datetime import date

import pytest

from dwgk.catalog import services as catalog_services
from dwgk.orgs.models import StatCategory
from dwgk.reports import tally
from dwgk.reports.models import PublicationTally
from dwgk.reports.stats import COLUMNS, ROWS, statistics_table

from .smallworld import YEAR, build

C = StatCategory
Y0, Y1 = date(YEAR, 1, 1), date(YEAR, 12, 31)

# Hand counts for the district's subtree in 2025 (see smallworld.build): row → {column: value}.
# Every cell not listed is 0 (percentages: — where nothing was rated).
EXPECTED = {
    "orgs": {C.TOWN: 1, C.STREET: 1, C.VILLAGE: 2, C.COMMUNITY_URBAN: 1, C.COMMUNITY_RURAL: 1,
             C.INSTITUTION_SCHOOL: 1, C.INSTITUTION_HEALTH: 1, C.INSTITUTION_RESEARCH: 1, C.INSTITUTION_OTHER: 1,
             C.ORGAN: 1, C.ENTERPRISE: 1, C.SOCIAL: 1, C.OTHER: 1},
    "practicing": {C.TOWN: 1, C.VILLAGE: 2, C.COMMUNITY_URBAN: 1, C.INSTITUTION_SCHOOL: 1,
                   C.INSTITUTION_HEALTH: 1, C.ORGAN: 1, C.ENTERPRISE: 1},
    "leading_bodies": {C.STREET: 1},
    "measures": {C.STREET: 1},
    "plans": {C.INSTITUTION_SCHOOL: 1},
    "rules": {C.INSTITUTION_SCHOOL: 1},
    "catalogs": {},  # the town's catalog is filed in 2026, after the period
    "contact_points": {C.TOWN: 1},
    "boards": {C.SOCIAL: 2},
    "websites": {C.STREET: 1},
    "reading_rooms": {C.COMMUNITY_RURAL: 1},
    "screens": {C.INSTITUTION_RESEARCH: 3},
    "ledgers": {C.INSTITUTION_OTHER: 2},
    "publicity_activities": {C.ORGAN: 1},
    "articles": {C.ORGAN: 1},
    # 公开形式: one per channel record (offline ones on the day held)
    "ch:board": {C.TOWN: 1, C.VILLAGE: 1, C.ENTERPRISE: 1},
    "ch:screen": {C.TOWN: 1, C.INSTITUTION_HEALTH: 1},
    "ch:media": {C.INSTITUTION_SCHOOL: 1},
    "ch:portal": {C.TOWN: 2, C.VILLAGE: 1, C.INSTITUTION_SCHOOL: 1, C.ORGAN: 1, C.COMMUNITY_URBAN: 1},
    "ch:meeting": {C.VILLAGE: 1, C.TOWN: 1},
    "ch:sms": {C.INSTITUTION_SCHOOL: 1},
    "ch:press": {C.VILLAGE: 1},
    "ch:briefing": {C.INSTITUTION_HEALTH: 1},
    "ch:others": {C.INSTITUTION_HEALTH: 1, C.ORGAN: 3},
    # 公开内容: one per disclosure published in the period, by its category
    "cat:resolutions": {C.TOWN: 1, C.COMMUNITY_URBAN: 1},
    "cat:ideology": {C.TOWN: 1},
    "cat:organization": {C.VILLAGE: 1},
    "cat:leadership": {C.VILLAGE: 1},
    "cat:cadres": {C.INSTITUTION_SCHOOL: 1},
    "cat:service": {C.INSTITUTION_HEALTH: 1},
    "cat:integrity": {C.ORGAN: 1},
    "cat:other": {C.ENTERPRISE: 1},
    "supervisors": {C.ENTERPRISE: 1},
    "inspections": {C.TOWN: 1, C.VILLAGE: 1, C.ORGAN: 1},
    "supervisor_comments": {C.ENTERPRISE: 1},
    "hotlines": {C.OTHER: 1},
    "forums": {C.COMMUNITY_URBAN: 2},
    "forms_issued": {C.STREET: 40},
    "collected": {C.TOWN: 4, C.STREET: 3},
    "completed": {C.TOWN: 3},
    "replied": {C.TOWN: 3},
    # 群众满意度: the town's feedback rated 满意, 基本满意, 不满意 and one 满意 survey answer → 3 of 4
    "satisfaction": {C.TOWN: 75.0},
    "member_requests": {C.VILLAGE: 3},
    "member_requests_done": {C.VILLAGE: 2},
    "request_satisfaction": {C.VILLAGE: 50.0},
}
PERCENT_TOTALS = {"satisfaction": 75.0, "request_satisfaction": 50.0}


@pytest.fixture
def small(world):
    sw = build(world)
    catalog = catalog_services.create_from_template(world.town)
    catalog_services.submit(catalog)
    catalog_services.acknowledge(catalog)
    return sw


def test_every_cell_of_the_2025_table_against_hand_counts(small):
    table = statistics_table(small.orgs["district"], Y0, Y1)
    assert [tr.row.code for tr in table.rows] == [r.code for r in ROWS]
    assert set(EXPECTED) == {r.code for r in ROWS}
    for tr in table.rows:
        want = EXPECTED[tr.row.code]
        empty = None if tr.row.percent else 0
        got = dict(zip(COLUMNS, tr.values, strict=True))
        assert got == {c: want.get(c, empty) for c in COLUMNS}, tr.row.title
        if tr.row.percent:
            assert tr.total == PERCENT_TOTALS[tr.row.code], tr.row.title
        else:
            assert tr.total == sum(want.values()), tr.row.title  # 合计 adds up
    # The district itself has no statistics category: it is counted nowhere, and said so.
    assert table.uncategorised_orgs == 1


def test_other_periods_and_subtrees(small):
    town, district = small.orgs[C.TOWN], small.orgs["district"]
    # A narrower subtree: the town and its two villages.
    t = statistics_table(town, Y0, Y1)
    assert t.value("cat:resolutions") == 1 and t.value("ch:portal") == 3 and t.value("practicing") == 3
    # A period that is not whole years: March–May 2025 reads months from the tally and days from the source.
    t = statistics_table(district, date(YEAR, 3, 6), date(YEAR, 5, 9))
    assert t.value("cat:ideology") == 1 and t.value("cat:resolutions") == 0  # D1 was 3-05, outside
    assert t.value("cat:organization") == 1 and t.value("ch:meeting") == 0  # meeting held 5-10
    assert t.value("practicing") == 2
    # The 2024 item and its 2025 meeting; the catalog filed in 2026.
    assert statistics_table(district, date(YEAR - 1, 1, 1), date(YEAR - 1, 12, 31)).value("cat:resolutions") == 1
    assert statistics_table(district, date(YEAR + 1, 1, 1), date(YEAR + 1, 12, 31)).value("catalogs", C.TOWN) == 1


def test_tally_kept_by_the_services_equals_a_rebuild(small):
    before = {(r["org_id"], r["year"], r["month"]): r for r in PublicationTally.objects.values()}
    assert before, "publishing through the workflow fills the tally"
    for r in before.values():
        r.pop("id")
    tally.rebuild()
    after = {(r["org_id"], r["year"], r["month"]): r for r in PublicationTally.objects.values()}
    for r in after.values():
        r.pop("id")
    assert after == before


@pytest.mark.parametrize("start,end,years,months,days", [
    (date(2025, 1, 1), date(2025, 12, 31), [2025], [], []),
    (date(2025, 3, 6), date(2025, 5, 9), [], [(2025, 4)], [(date(2025, 3, 6), date(2025, 3, 31)),
                                                          (date(2025, 5, 1), date(2025, 5, 9))]),
    (date(2024, 12, 1), date(2026, 1, 31), [2025], [(2024, 12), (2026, 1)], []),
    (date(2025, 2, 3), date(2025, 2, 3), [], [], [(date(2025, 2, 3), date(2025, 2, 3))]),
])
def test_split_period(start, end, years, months, days):
    assert tally.split_period(start, end) == (years, months, days)
