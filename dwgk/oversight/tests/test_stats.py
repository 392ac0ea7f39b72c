"""Statistics-table counts (公开工作, 监督检查, 群众满意度) by subtree and category, against hand counts."""

from datetime import date
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from dwgk.oversight import selectors
from dwgk.oversight import services as s
from dwgk.oversight.models import CheckItem, Survey

Y0, Y1 = date(2026, 1, 1), date(2026, 12, 31)


def _build(world):
    town, v1, v2 = world.town, world.village, world.village2
    s.add_leading_body(town, kind="group", name="一镇党务公开工作领导小组", established_on=date(2026, 3, 1),
                       members=[{"name": "张三", "position": "组长"}])
    s.add_leading_body(town, kind="office", name="领导小组办公室", established_on=date(2026, 3, 1))  # not counted
    s.add_leading_body(v1, kind="group", name="东村领导小组", established_on=date(2025, 3, 1))  # stock: counted
    s.add_measure(town, kind="measure", title="实施办法", adopted_on=date(2026, 4, 1))
    s.add_measure(v1, kind="plan", title="工作方案", adopted_on=date(2026, 4, 1))
    s.add_measure(v2, kind="plan", title="工作方案", adopted_on=date(2027, 1, 5))  # after the period
    s.add_measure(v2, kind="rule", title="工作制度", adopted_on=date(2026, 4, 1))
    s.add_contact_point(town, point=v1, established_on=date(2026, 5, 1))
    s.add_carrier(town, kind="board", name="镇公开栏", quantity=3, established_on=date(2026, 2, 1))
    s.add_carrier(v1, kind="board", name="村公开栏", quantity=2, established_on=date(2026, 2, 1))
    s.add_carrier(v2, kind="board", name="村公开栏", quantity=1, established_on=date(2026, 2, 1))
    s.add_carrier(v2, kind="screen", name="电子屏", quantity=2, established_on=date(2026, 2, 1))
    s.add_carrier(town, kind="website", name="一镇党建网", url="http://a.cn", established_on=date(2026, 2, 1))
    s.add_carrier(town, kind="reading_room", name="查阅室", established_on=date(2026, 2, 1))
    s.add_carrier(v1, kind="ledger", name="台账", quantity=4, established_on=date(2026, 2, 1))
    s.add_publicity(v1, kind="activity", title="党务公开大家谈", held_on=date(2026, 6, 1))
    s.add_publicity(v2, kind="activity", title="主题宣讲", held_on=date(2026, 7, 1))
    s.add_publicity(v2, kind="article", title="稿件", held_on=date(2026, 7, 2))
    s.add_publicity(v2, kind="article", title="旧稿件", held_on=date(2025, 7, 2))  # before the period
    s.add_publicity(town, kind="forum", title="群众座谈会", held_on=date(2026, 8, 2))
    s.add_carrier(v2, kind="hotline", name="党务公开热线", established_on=date(2026, 2, 1))
    a1 = s.appoint_supervisor(v1, world.people["member_village"], on=date(2026, 3, 1))
    s.appoint_supervisor(town, world.people["member_town"], on=date(2026, 3, 1))
    s.add_supervisor_comment(v1, a1.person, body="意见一", on=date(2026, 4, 1))
    s.add_supervisor_comment(v1, a1.person, body="意见二", on=date(2026, 5, 1))
    insp = s.create_inspection(world.district, kind="special", title="专项督查", leader=world.people["office"],
                               started_on=date(2026, 9, 1), targets=[town, v1, v2])
    s.record_checks(insp.targets.get(org=v1), checks={c: True for c in CheckItem.values})
    # Outside the subtree (sibling district): never counted under the district.
    s.add_carrier(world.sibling, kind="board", name="乙区公开栏", quantity=9, established_on=date(2026, 2, 1))
    # A satisfaction survey of the town and one of the village.
    for subject, keys, choices in ((town, ("member_village", "member_town", "resident"), [0, 1, 2]),
                                   (v1, ("member_village", "resident"), [0, 2])):
        sv = s.create_survey(subject, subject=subject, kind=Survey.Kind.SATISFACTION, audience="affiliated",
                             title="满意度测评", opens_on=date(2026, 10, 1), closes_on=date(2026, 10, 31),
                             questions=[{"text": "是否满意", "kind": "satisfaction"}])
        s.set_survey_state(sv, Survey.State.OPEN)
        q = sv.questions.get()
        people = [world.people[k] for k in keys]
        for person, choice in zip(people, choices, strict=True):
            s.submit_response(sv, person, answers={q.pk: choice}, on=date(2026, 10, 2))


def test_rows_by_category_against_hand_counts(world):
    _build(world)
    got = selectors.stat_rows(world.district, Y0, Y1)
    assert got == {
        "leading_bodies": {"town": 1, "village": 1},
        "measures": {"town": 1},
        "plans": {"village": 1},
        "rules": {"village": 1},
        "contact_points": {"town": 1},
        "boards": {"town": 3, "village": 3},
        "websites": {"town": 1},
        "reading_rooms": {"town": 1},
        "screens": {"village": 2},
        "ledgers": {"village": 4},
        "publicity_activities": {"village": 2},
        "articles": {"village": 1},
        "supervisors": {"town": 1, "village": 1},
        "inspections": {"town": 1, "village": 2},
        "supervisor_comments": {"village": 2},
        "hotlines": {"village": 1},
        "forums": {"town": 1},
    }
    # A narrower subtree and another period.
    assert selectors.stat_row("boards", world.village, Y0, Y1) == {"village": 2}
    assert selectors.stat_row("articles", world.district, date(2025, 1, 1), date(2025, 12, 31)) == {"village": 1}
    assert selectors.stat_row("plans", world.district, date(2027, 1, 1), date(2027, 12, 31)) == {"village": 2}
    assert selectors.satisfaction_counts(world.district, Y0, Y1) == {"town": (2, 3), "village": (1, 2)}


def test_one_query_per_table(world):
    _build(world)
    with CaptureQueriesContext(connection) as ctx:
        selectors.stat_rows(world.city, Y0, Y1)
    # Carriers, measures and publicity: one query each for all their rows; the other rows one each.
    assert len(ctx.captured_queries) == len(selectors.STAT_ROWS) - (6 - 1) - (3 - 1) - (3 - 1)
    assert all("GROUP BY" in q["sql"] for q in ctx.captured_queries)


def test_computed_indicators_from_the_workflow_and_channels(world):
    """考核 (seed 004 二.5): 审批程序执行, 公开方式 and 新媒体 are answered by the data."""
    from dwgk.disclosures.models import Disclosure
    from dwgk.oversight import indicators
    from dwgk.reports.tests.smallworld import Small, publish

    sw, town = Small(world), world.town
    publish(sw, town, category="organization", channels=["portal", "board"], on=date(2025, 3, 1))
    publish(sw, town, category="other", channels=["board", "meeting"], on=date(2025, 4, 1),
            offline=[("meeting", date(2025, 4, 2))])
    # An item marked published without its workflow (what a rogue import would do) is not "approved".
    rogue = Disclosure.objects.create(org=town, title="未经审批", body="<p>x</p>", category="other",
                                      out_of_catalog_reason="x", scope="party", proposer=world.people["proposer"],
                                      status="published", published_at=sw.disclosures[0].published_at)
    assert rogue.pk
    today = date(2026, 1, 10)
    assert indicators.compute("approval_procedure", town, 2025, today) == Decimal("66.67")  # 2 of 3
    assert indicators.compute("channels_used", town, 2025, today) == Decimal(60)  # portal, board, meeting
    assert indicators.compute("new_media_used", town, 2025, today) == Decimal("33.33")  # only the first via portal
    assert indicators.compute("approval_procedure", town, 2024, today) is None  # nothing to judge
    assert indicators.compute("channels_used", world.village, 2025, today) is None
