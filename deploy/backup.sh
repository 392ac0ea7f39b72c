#!/usr/bin/env bash
# dwgk backup: database (pg_dump custom format), media (attachments) and keys, into DEST/dwgk-<time>/.
#   deploy/backup.sh /var/backups/dwgk
# Environment as for the app (EnvironmentFile /etc/dwgk/dwgk.env): DATABASE_URL, DWGK_VAR_DIR,
# DWGK_SECRET_KEY, DWGK_DATA_KEY[, DWGK_DATA_KEY_OLD]; DWGK (default: the dwgk command of .venv).
# The search index and the static mirror are derived copies: not backed up, rebuilt by restore.sh.
set -euo pipefail
umask 077
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DWGK=${DWGK:-$ROOT/.venv/bin/dwgk}
DEST=${1:?用法: backup.sh 备份目录}
: "${DATABASE_URL:?请设置 DATABASE_URL（PostgreSQL）}"
case "$DATABASE_URL" in postgres://*|postgresql://*) ;; *) echo "backup.sh 只支持 PostgreSQL（DATABASE_URL=postgres://…）" >&2; exit 2 ;; esac

out="$DEST/dwgk-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out"
media=$("$DWGK" shell --no-imports -c "from django.conf import settings; print(settings.MEDIA_ROOT)" | tail -n 1)

pg_dump --format=custom --no-owner --file="$out/db.dump" "$DATABASE_URL"
if [ -d "$media" ]; then
  tar -C "$media" -czf "$out/media.tar.gz" .
else
  tar -czf "$out/media.tar.gz" --files-from /dev/null
fi
# Keys: without DWGK_DATA_KEY the ID numbers and contacts in db.dump cannot be read. Keep this file
# apart from the dump when the backup leaves the machine (README “密钥”).
{
  echo "DWGK_SECRET_KEY=${DWGK_SECRET_KEY:-}"
  echo "DWGK_DATA_KEY=${DWGK_DATA_KEY:-}"
  [ -n "${DWGK_DATA_KEY_OLD:-}" ] && echo "DWGK_DATA_KEY_OLD=$DWGK_DATA_KEY_OLD"
} >"$out/keys.env"
(cd "$out" && sha256sum db.dump media.tar.gz keys.env >SHA256SUMS)
echo "$out"
