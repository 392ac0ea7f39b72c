"""Every workbench form filled wrongly comes back with what was typed (and says what is wrong)."""

import pytest


def _page_after(client, url, data):
    resp = client.post(url, data, follow=True)
    assert resp.status_code == 200, resp.status_code
    return resp.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("case", ["inspection", "assessment", "survey", "accountability", "request", "feedback",
                                  "proposal"])
def test_a_refused_form_keeps_what_was_typed(world, login, case):
    office = world.district.pk
    client = login(world.users["proposer" if case == "proposal" else "office"])
    url, data, typed = {
        "inspection": ("/oversight/inspections/new/",
                       {"organizer": office, "kind": "special", "title": "春季党务公开专项督查",
                        "focus": "检查公开栏更新情况", "started_on": "不是日期", "target_codes": "T0011"},
                       ["春季党务公开专项督查", "检查公开栏更新情况", "T0011"]),
        "assessment": ("/oversight/assessments/new/", {"org": office, "title": "2026年度党务公开考核",
                                                       "year": "明年"}, ["2026年度党务公开考核"]),
        "survey": ("/oversight/surveys/new/",
                   {"org": office, "kind": "satisfaction", "audience": "members", "title": "党务公开满意度测评",
                    "opens_on": "2026-13-01", "closes_on": "2026-12-31", "questions": "满意度:您对党务公开是否满意"},
                   ["党务公开满意度测评", "满意度:您对党务公开是否满意"]),
        "accountability": ("/oversight/accountability/",
                           {"org": office, "case": "overdue", "action": "criticize", "responsible_code": "没有这个组织",
                            "facts": "未按期公开党费收缴情况", "decided_on": "2026-05-01"},
                           ["未按期公开党费收缴情况", "没有这个组织"]),
        "request": ("/participation/manage/requests/new/",
                    {"org": office, "applicant_type": "natural", "applicant_name": "王小明",
                     "description": "申请公开2025年党费使用明细", "form_wanted": "email", "channel": "in_person",
                     "received_on": "2026-05-01"},
                    ["王小明", "申请公开2025年党费使用明细"]),
        "feedback": ("/participation/manage/feedback/new/",
                     {"org": office, "channel": "hotline", "received_on": "昨天", "subject": "公开栏内容陈旧",
                      "body": "村口公开栏三个月没有更新", "name": "李大爷"},
                     ["公开栏内容陈旧", "村口公开栏三个月没有更新", "李大爷"]),
        "proposal": ("/disclosures/new/",
                     {"title": "关于党费收缴情况的公示", "body": "第一段", "category": "organization",
                      "scope": "party", "out_of_catalog_reason": "专项公示", "channels": ["portal"],
                      "planned_at": "不是时间"},
                     ["关于党费收缴情况的公示", "专项公示"]),
    }[case]
    html = _page_after(client, url, data)
    assert 'role="alert"' in html or "msg-error" in html
    for value in typed:
        assert value in html, value
