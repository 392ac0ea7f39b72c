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

# Keys: the data key must be the backup's. Unset keys are taken from the backup.
while IFS='=' read -r name value; do
  [ -n "$name" ] || continue
  current=${!name:-}
  if [ -z "$current" ]; then
    export "$name=$value"
  elif [ "$current" != "$value" ] && [ "$name" = DWGK_DATA_KEY ]; then
    echo "当前 DWGK_DATA_KEY 与备份时的不同：恢复后身份证号等个人信息将无法解密。请使用备份中的 keys.env。" >&2
    exit 1
  fi
done <"$SRC/keys.env"

tables=$(psql "$DATABASE_URL" -Atc "select count(*) from information_schema.tables where table_schema='public'")
if [ "$tables" != 0 ]; then
  echo "目标数据库不是空的（public 中有 $tables 张表），拒绝覆盖。请新建一个空数据库再恢复。" >&2
  exit 1
fi

pg_restore --no-owner --exit-on-error --dbname="$DATABASE_URL" "$SRC/db.dump"
media=$("$DWGK" shell --no-imports -c "from django.conf import settings; print(settings.MEDIA_ROOT)" | tail -n 1)
mkdir -p "$media"
tar -C "$media" -xzf "$SRC/media.tar.gz"

"$DWGK" migrate --check >/dev/null || echo "提示：备份来自较旧的版本，请按 README“升级”运行 dwgk migrate。" >&2
"$DWGK" audit verify
"$DWGK" search rebuild
# The mirror's pages name the static files: collect them first.
"$DWGK" collectstatic --noinput -v0
"$DWGK" portal build
echo "已恢复到 $DATABASE_URL"
