#!/usr/bin/env bash
# One backup archive into BACKUP_DIR, then keep only the newest BACKUP_KEEP archives.
# From systemd (thidua-backup.timer) or cron; reads /etc/thidua/thidua.env when run by hand.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${SECRET_KEY:-}" ] && [ -r /etc/thidua/thidua.env ]; then
  set -a; . /etc/thidua/thidua.env; set +a
fi
dest=${BACKUP_DIR:-/var/backups/thidua}
keep=${BACKUP_KEEP:-14}
.venv/bin/python manage.py backup "$dest"
# Names carry the time (thidua-YYYYMMDD-HHMMSS.tar), so a name sort is a time sort.
ls -1 "$dest"/thidua-*.tar | sort -r | tail -n +"$((keep + 1))" | xargs -r rm -f --
