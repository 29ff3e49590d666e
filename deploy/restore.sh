#!/usr/bin/env bash
# Restore a backup made by deploy/backup.sh into an EMPTY database and a data directory:
#   createdb -h … health_towns_restored
#   DATABASE_URL=postgres://…/health_towns_restored DATA_DIR=/srv/health-towns bash deploy/restore.sh portal-….dump evidence-….tar.gz
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
echo "✓ 已恢复数据库和材料目录 $data/evidence"
