"""deploy/backup.sh and deploy/restore.sh on real PostgreSQL: a backup restored into another database
holds the same rows, the same attachments, readable personal data and an intact audit chain."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

ROOT = Path(__file__).resolve().parents[3]
PG = os.environ.get("DWGK_TEST_PG", "postgres://postgres@127.0.0.1:5432")
SRC, DST = "dwgk_ops_backup_src", "dwgk_ops_backup_dst"
DATA_KEY = "backup-test-data-key-0123456789-abcdefghij"

POPULATE = """
import django, os
os.environ['DJANGO_SETTINGS_MODULE'] = 'dwgk.settings'
django.setup()
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from dwgk.orgs import services
from dwgk.testing.world import build_world
w = build_world()
services.create_person(name='有身份证号的人', id_number='511723196904060403', party_org=w.village)
print(default_storage.save('attachments/2026/名单.txt', ContentFile('参会名单：张三、李四'.encode())))
"""

READ_BACK = """
import django, os
os.environ['DJANGO_SETTINGS_MODULE'] = 'dwgk.settings'
django.setup()
from django.conf import settings
from dwgk.orgs.models import Person
from dwgk.orgs.services import reveal_id_number
p = Person.objects.get(name='有身份证号的人')
print(reveal_id_number(p, actor=None, purpose='恢复核对'))
print(settings.MEDIA_ROOT)
"""


def admin():
    return psycopg.connect(f"{PG}/postgres", autocommit=True, connect_timeout=3)


def pg_available() -> bool:
    try:
        admin().close()
    except psycopg.Error:
        return False
    return True


def recreate(name: str) -> None:
    with admin() as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def counts(name: str) -> dict[str, int]:
    with psycopg.connect(f"{PG}/{name}") as conn:
        tables = [r[0] for r in conn.execute(
            "select table_name from information_schema.tables where table_schema='public' and table_type='BASE TABLE'")]
        return {t: conn.execute(f'select count(*) from "{t}"').fetchone()[0] for t in tables}


def run(cmd, env, **kw) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=900, **kw)


@pytest.mark.slow
@pytest.mark.skipif(not pg_available(), reason="PostgreSQL 不可达")
def test_a_backup_restores_into_another_database_with_nothing_lost(tmp_path):
    venv_bin = str(Path(sys.executable).parent)
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DWGK_", "DJANGO_"))}
    base.update(PATH=f"{venv_bin}:{base.get('PATH', '')}", DWGK=f"{venv_bin}/dwgk", DWGK_VAR_DIR=str(tmp_path / "var"),
                DWGK_DATA_KEY=DATA_KEY, REDIS_URL="")
    src_env = {**base, "DATABASE_URL": f"{PG}/{SRC}"}
    dst_env = {**base, "DATABASE_URL": f"{PG}/{DST}"}
    recreate(SRC)
    recreate(DST)
    try:
        out = run([f"{venv_bin}/dwgk", "migrate", "--noinput", "-v0"], src_env)
        assert out.returncode == 0, out.stderr
        out = run([sys.executable, "-c", POPULATE], src_env)
        assert out.returncode == 0, out.stderr
        media_name = out.stdout.strip().splitlines()[-1]

        out = run(["deploy/backup.sh", str(tmp_path / "backups")], src_env)
        assert out.returncode == 0, out.stderr
        backup = Path(out.stdout.strip().splitlines()[-1])
        assert sorted(p.name for p in backup.iterdir()) == ["SHA256SUMS", "audit-anchor.log", "db.dump", "keys.env",
                                                         "media.tar.gz"]
        keys = (backup / "keys.env").read_text()
        assert f"DWGK_DATA_KEY={DATA_KEY}" in keys and "DWGK_AUDIT_KEY=" in keys
        assert oct((backup / "keys.env").stat().st_mode & 0o777) == "0o600"

        # The wrong data key is refused before anything is written.
        out = run(["deploy/restore.sh", str(backup)], {**dst_env, "DWGK_DATA_KEY": "some-other-key-000000000000"})
        assert out.returncode == 1 and "DWGK_DATA_KEY 与备份时的不同" in out.stderr
        assert counts(DST) == {}

        out = run(["deploy/restore.sh", str(backup)], dst_env)
        assert out.returncode == 0, out.stdout + out.stderr
        assert "已恢复到" in out.stdout

        before, after = counts(SRC), counts(DST)
        assert after == before and before["orgs_person"] > 10 and before["audit_auditentry"] > 0

        out = run([sys.executable, "-c", READ_BACK], dst_env)
        assert out.returncode == 0, out.stderr
        id_number, media_root = out.stdout.strip().splitlines()[-2:]
        assert id_number == "511723196904060403"
        # Each database has its own media directory; the attachment is in the restored one.
        assert Path(media_root) != tmp_path / "var" / "media"
        assert (Path(media_root) / media_name).read_text(encoding="utf-8") == "参会名单：张三、李四"

        # A second restore into the now non-empty database is refused.
        out = run(["deploy/restore.sh", str(backup)], dst_env)
        assert out.returncode == 1 and "目标数据库不是空的" in out.stderr
        # A damaged backup is refused.
        with open(backup / "media.tar.gz", "ab") as f:
            f.write(b"x")
        recreate(DST)
        out = run(["deploy/restore.sh", str(backup)], dst_env)
        assert out.returncode == 1 and "备份文件校验失败" in out.stderr
    finally:
        with admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{SRC}" WITH (FORCE)')
            conn.execute(f'DROP DATABASE IF EXISTS "{DST}" WITH (FORCE)')
