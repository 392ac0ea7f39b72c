#!/usr/bin/env bash
# dwgk restore: into the EMPTY database named by DATABASE_URL, from a directory made by backup.sh.
#   DATABASE_URL=postgres://…/dwgk_new deploy/restore.sh /var/backups/dwgk/dwgk-20261206T023000Z
# Checks the checksums, refuses a non-empty database, refuses keys that differ from the backup's (the
# personal data would be unreadable), restores the database and media, then rebuilds the derived copies
# (search index, static mirror) and verifies the audit chain.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DWGK=${DWGK:-$ROOT/.venv/bin/dwgk}
SRC=${1:?用法: restore.sh 备份目录}
: "${DATABASE_URL:?请设置 DATABASE_URL（恢复到的空数据库）}"

(cd "$SRC" && sha256sum --quiet -c SHA256SUMS) || { echo "备份文件校验失败：$SRC" >&2; exit 1; }

# Keys: the data key and the audit key must be the backup's. Unset keys are taken from the backup; the
# audit key goes into the target's key file (where the app looks when DWGK_AUDIT_KEY is not set).
audit_key=
while IFS='=' read -r name value; do
  [ -n "$name" ] || continue
  current=${!name:-}
  if [ "$name" = DWGK_AUDIT_KEY ]; then
    audit_key=$value
    if [ -n "$current" ] && [ "$current" != "$value" ]; then
      echo "当前 DWGK_AUDIT_KEY 与备份时的不同：恢复后审计日志无法校验。请使用备份中的 keys.env。" >&2
      exit 1
    fi
  elif [ -z "$current" ]; then
    export "$name=$value"
  elif [ "$current" != "$value" ] && [ "$name" = DWGK_DATA_KEY ]; then
    echo "当前 DWGK_DATA_KEY 与备份时的不同：恢复后身份证号等个人信息将无法解密。请使用备份中的 keys.env。" >&2
    exit 1
  fi
done <"$SRC/keys.env"
paths=$("$DWGK" shell --no-imports -c "from django.conf import settings as s; print(s.MEDIA_ROOT); print(s.DWGK_AUDIT_KEY_FILE); print(s.DWGK_AUDIT_ANCHOR_FILE)" | tail -n 3)
media=$(sed -n 1p <<<"$paths"); audit_key_file=$(sed -n 2p <<<"$paths"); anchor_file=$(sed -n 3p <<<"$paths")
if [ -n "$audit_key" ] && [ -z "${DWGK_AUDIT_KEY:-}" ]; then
  if [ -f "$audit_key_file" ] && [ "$(tr -d '\n' <"$audit_key_file")" != "$audit_key" ]; then
    echo "审计密钥文件 $audit_key_file 已存在且与备份时的不同，拒绝覆盖。" >&2
    exit 1
  fi
fi

tables=$(psql "$DATABASE_URL" -Atc "select count(*) from information_schema.tables where table_schema='public'")
if [ "$tables" != 0 ]; then
  echo "目标数据库不是空的（public 中有 $tables 张表），拒绝覆盖。请新建一个空数据库再恢复。" >&2
  exit 1
fi

pg_restore --no-owner --exit-on-error --dbname="$DATABASE_URL" "$SRC/db.dump"
mkdir -p "$media"
tar -C "$media" -xzf "$SRC/media.tar.gz"
if [ -n "$audit_key" ] && [ -z "${DWGK_AUDIT_KEY:-}" ] && [ ! -f "$audit_key_file" ]; then
  mkdir -p "$(dirname "$audit_key_file")"
  (umask 077; echo "$audit_key" >"$audit_key_file")
fi
if [ -s "$SRC/audit-anchor.log" ] && [ ! -s "$anchor_file" ]; then
  mkdir -p "$(dirname "$anchor_file")"
  cp "$SRC/audit-anchor.log" "$anchor_file"
fi

"$DWGK" migrate --check >/dev/null || echo "提示：备份来自较旧的版本，请按 README“升级”运行 dwgk migrate。" >&2
"$DWGK" audit verify
"$DWGK" search rebuild
# The mirror's pages name the static files: collect them first.
"$DWGK" collectstatic --noinput -v0
"$DWGK" portal build
echo "已恢复到 $DATABASE_URL"
