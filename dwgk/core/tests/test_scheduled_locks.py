"""Two `dwgk scheduled` runs at once do each job's work once (SQLite: a lock row; PostgreSQL: an advisory
lock). Threads stand in for the two processes: each has its own database connection."""

import io
import sqlite3
import subprocess
import sys
import threading
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from dwgk.core import scheduled
from dwgk.core.locks import job_lock
from dwgk.core.models import JobLock
from dwgk.disclosures import publishing
from dwgk.disclosures.models import Disclosure
from dwgk.disclosures.tests.conftest import draft as make_draft
from dwgk.disclosures.tests.conftest import to_approved
from dwgk.testing.processes import database_for_processes, dwgk_shell
from dwgk.testing.world import build_world

pytestmark = pytest.mark.django_db(transaction=True)
JOB = "定时发布与到期下线"


def _in_thread(fn, *args):
    out = {}

    def run():
        try:
            out["value"] = fn(*args)
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            out["error"] = repr(exc)
        finally:
            connection.close()

    t = threading.Thread(target=run)
    t.start()
    return t, out


def test_a_job_held_by_another_run_is_skipped_not_repeated():
    held, release = threading.Event(), threading.Event()

    def holder():
        with job_lock(f"scheduled:{JOB}") as got:
            assert got
            held.set()
            release.wait(30)

    t, out = _in_thread(holder)
    assert held.wait(30)
    try:
        assert scheduled.run_job(JOB) == scheduled.SKIPPED
        text = io.StringIO()
        call_command("scheduled", stdout=text)
        assert f"{JOB}：{scheduled.SKIPPED}" in text.getvalue()
        assert "公开目录逾期检查：逾期公开期限" in text.getvalue()  # other jobs are not held up
    finally:
        release.set()
        t.join(30)
    assert "error" not in out, out
    assert scheduled.run_job(JOB).startswith("定时发布")  # released: the next run does it
    assert not JobLock.objects.exists()


def _published_count(env, pk) -> int:
    code = ("from dwgk.audit.models import AuditEntry as A; "
            f"print(A.objects.filter(event='disclosure.published', object_id='{pk}').count())")
    out = dwgk_shell(env, code)
    assert out.returncode == 0, out.stderr
    return int(out.stdout.strip().splitlines()[-1])


@pytest.mark.slow
def test_two_concurrent_scheduled_processes_publish_a_due_item_once(tmp_path):
    world = build_world()
    now = timezone.now()
    d = make_draft(world, planned_at=now + timedelta(hours=1))
    to_approved(world, d)
    publishing.publish(d, world.users["publisher"])
    assert Disclosure.objects.get(pk=d.pk).status == "scheduled"
    env = database_for_processes(tmp_path)
    when = (now + timedelta(hours=2)).isoformat()
    procs = [subprocess.Popen([sys.executable, "-m", "dwgk", "scheduled", "--now", when], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outs = [p.communicate(timeout=180) for p in procs]
    if [p.returncode for p in procs] != [0, 0]:  # the whole output: an assertion message would be cut short
        pytest.fail("\n\n".join(f"进程 {i} 退出码 {p.returncode}\n{o}\n{e}" for i, (p, (o, e))
                                   in enumerate(zip(procs, outs, strict=True))), pytrace=False)
    said = [o for o, _err in outs]
    # Exactly one run published it: the other either found the job locked or nothing left to publish.
    assert sum("定时发布 1 项" in s for s in said) == 1, said
    assert _published_count(env, d.pk) == 1


def test_a_failing_job_does_not_stop_the_others_and_the_run_reports_it_in_chinese(monkeypatch):
    def broken(now):
        raise ValueError("job body failed")

    monkeypatch.setattr(scheduled, "JOBS", [scheduled.Job("坏任务", broken, 0), *scheduled.JOBS])
    results = dict(scheduled.run_all())
    assert results["坏任务"] == scheduled.FAILED
    assert results["审计日志校验与锚定"].startswith("审计日志完整")  # the last job still ran
    text = io.StringIO()
    with pytest.raises(CommandError, match="1 项定时任务执行失败：坏任务"):
        call_command("scheduled", stdout=text)
    assert f"坏任务：{scheduled.FAILED}" in text.getvalue()
    assert not JobLock.objects.exists()  # the failed job's lock was released


@pytest.mark.slow
def test_a_lock_still_busy_after_the_timeout_counts_as_held_by_another_run(tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL takes an advisory lock without waiting")
    env = database_for_processes(tmp_path)
    writer = sqlite3.connect(tmp_path / "dwgk.sqlite3", isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # another process in the middle of a long write
    code = ("from django.db import connection; connection.settings_dict['OPTIONS']['timeout'] = 0.2; "
            "from dwgk.core.locks import job_lock\n"
            "with job_lock('scheduled:x') as got: print('held' if got else 'skipped')")
    try:
        out = dwgk_shell(env, code)
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert (out.returncode, out.stdout.strip().splitlines()[-1:]) == (0, ["skipped"]), out.stderr
