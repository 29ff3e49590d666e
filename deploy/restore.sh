#!/usr/bin/env bash
# Restore a backup made by deploy/backup.sh into an EMPTY database and a data directory:
#   createdb -h … health_towns_restored
#   DATABASE_URL=postgres://…/health_towns_restored DATA_DIR=/srv/health-towns bash deploy/restore.sh portal-….dump evidence-….tar.gz [keys-….tar.gz]
# The keys archive (audit keys generated into DATA_DIR/keys) is needed for the audit chain to verify after a restore,
# unless the instances get AUDIT_HMAC_KEY and AUDIT_SIGNING_KEY from their configuration.
# Then start the instances on that DATABASE_URL and DATA_DIR as usual (they find the schema current and skip seeding).
set -euo pipefail
dump="${1:?用法: DATABASE_URL=… DATA_DIR=… bash deploy/restore.sh 数据库备份.dump 材料备份.tar.gz}"
evidence="${2:?用法: DATABASE_URL=… DATA_DIR=… bash deploy/restore.sh 数据库备份.dump 材料备份.tar.gz}"
: "${DATABASE_URL:?请设置 DATABASE_URL（一个空的数据库）}"
data="${DATA_DIR:-./data}"
tables="$(psql "$DATABASE_URL" -XAtc "select count(*) from information_schema.tables where table_schema in ('public','drizzle')")"
if [ "$tables" != "0" ]; then
  echo "✗ 目标数据库不是空的（已有 $tables 张表）。请恢复到新建的空数据库。" >&2
  exit 1
fi
pg_restore --no-owner --no-privileges --exit-on-error --dbname="$DATABASE_URL" "$dump"
mkdir -p "$data"
tar -C "$data" -xzf "$evidence"
if [ -n "${3:-}" ]; then
  (umask 077 && tar -C "$data" -xzf "$3")
  echo "✓ 已恢复审计密钥 $data/keys"
fi
echo "✓ 已恢复数据库、材料目录 $data/evidence 和通知附件目录 $data/attachments"
