#!/usr/bin/env bash
# dwgk backup: database (pg_dump custom format), media (attachments), keys and the audit chain's
# checkpoints, into DEST/dwgk-<time>/.
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
paths=$("$DWGK" shell --no-imports -c "from django.conf import settings as s; print(s.MEDIA_ROOT); print(s.DWGK_AUDIT_KEY_FILE); print(s.DWGK_AUDIT_ANCHOR_FILE)" | tail -n 3)
media=$(sed -n 1p <<<"$paths"); audit_key_file=$(sed -n 2p <<<"$paths"); anchor_file=$(sed -n 3p <<<"$paths")

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
  # The audit chain's key (HMAC): without it `dwgk audit verify` cannot vouch for the restored log.
  if [ -n "${DWGK_AUDIT_KEY:-}" ]; then
    echo "DWGK_AUDIT_KEY=$DWGK_AUDIT_KEY"
  elif [ -f "$audit_key_file" ]; then
    echo "DWGK_AUDIT_KEY=$(tr -d '\n' <"$audit_key_file")"
  fi
} >"$out/keys.env"
# Checkpoints of the audit chain's head, kept outside the database.
if [ -f "$anchor_file" ]; then cp "$anchor_file" "$out/audit-anchor.log"; else : >"$out/audit-anchor.log"; fi
(cd "$out" && sha256sum db.dump media.tar.gz keys.env audit-anchor.log >SHA256SUMS)
echo "$out"
