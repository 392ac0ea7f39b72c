"""审计日志的事件以中文显示：代码写入的每一种事件（包括运行时拼出的流程动作、申请和意见箱事件），每一段都有中文名称。"""

import re
from pathlib import Path

import pytest

from dwgk.audit.labels import event_label, object_label
from dwgk.disclosures.models import StepRecord, TextRecord
from dwgk.orgs.imports import ORGS, PEOPLE

SOURCE = Path(__file__).resolve().parents[2]
LITERAL = re.compile(r"\brecord\(\s*\"([a-z_.]+)\"")
EVENT_OF = re.compile(r"\b_event\((fb|req), \"([a-z_]+)\"")


def written_keys() -> set[str]:
    keys: set[str] = set()
    for path in SOURCE.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        keys.update(k for k in LITERAL.findall(text) if not k.endswith("_"))  # a prefix completed at run time
        for who, action in EVENT_OF.findall(text):
            keys.add(f"participation.{'feedback' if who == 'fb' else 'request'}.{action}")
    keys.update(f"disclosure.step.{a}" for a in StepRecord.Action.values)
    keys.update(f"text.{a}" for a in TextRecord.Action.values)
    keys.update(f"{kind}.imported" for kind in (ORGS, PEOPLE))
    keys.update({"disclosure.secrecy_term_enabled", "disclosure.secrecy_term_disabled"})
    return keys


def test_代码写入的每一种审计事件都有中文名称():
    keys = written_keys()
    assert len(keys) > 150  # the scan found the code's events, not an empty set
    unlabeled = sorted(k for k in keys if event_label(k) is None)
    assert not unlabeled, f"这些审计事件没有中文名称：{unlabeled}"


def test_事件名称按段拼出():
    assert event_label("disclosure.step.pass") == "公开事项 · 流程环节 · 通过"
    assert event_label("login.failure") == "登录 · 失败"
    assert event_label("no.such.thing") is None


def test_对象类型显示为模型的中文名称():
    assert object_label("accounts.user") == "账号"
    assert object_label("disclosures.disclosure") == "党务公开事项"
    assert object_label("orgs.import.people") == "人员"
    assert object_label("unknown") == "unknown"


@pytest.mark.django_db
def test_审计日志页面以中文显示事件和对象(client):
    from dwgk.audit.services import record
    from dwgk.testing.world import make_user

    auditor = make_user(username="audit1", admin_role="audit")
    record("login.failure", actor=auditor, obj=auditor)
    client.force_login(auditor)
    html = client.get("/audit/").content.decode()
    assert "登录 · 失败" in html and "账号" in html
    assert "login.failure" not in html and "accounts.user" not in html
