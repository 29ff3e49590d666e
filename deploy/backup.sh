#!/usr/bin/env bash
# Backup of one deployment: the PostgreSQL database (pg_dump, custom format), the evidence and notice-attachment
# directories and, when the audit keys were generated into DATA_DIR/keys (no AUDIT_HMAC_KEY/AUDIT_SIGNING_KEY set),
# those keys in an archive of their own — store it apart from the dump: whoever holds both could rewrite the audit
# chain unseen.
#   DATABASE_URL=postgres://… DATA_DIR=/srv/health-towns bash deploy/backup.sh /backups
# The database is dumped first: evidence files are written (and fsynced) before the case that names them commits,
# so every file a dumped row refers to is already on disk when the directory is archived a moment later.
set -euo pipefail
out="${1:?用法: DATABASE_URL=… DATA_DIR=… bash deploy/backup.sh 备份目录}"
: "${DATABASE_URL:?请设置 DATABASE_URL（要备份的数据库）}"
data="${DATA_DIR:-./data}"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out" "$data/evidence" "$data/attachments"
pg_dump --format=custom --no-owner --no-privileges --file="$out/portal-$stamp.dump" "$DATABASE_URL"
# Case evidence and the attachments of notices: both are files the database rows name.
tar -C "$data" -czf "$out/evidence-$stamp.tar.gz" evidence attachments
echo "$out/portal-$stamp.dump"
echo "$out/evidence-$stamp.tar.gz"
if [ -d "$data/keys" ]; then
  (umask 077 && tar -C "$data" -czf "$out/keys-$stamp.tar.gz" keys)
  echo "$out/keys-$stamp.tar.gz"
fi
