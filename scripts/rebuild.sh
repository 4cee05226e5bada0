#!/bin/sh
# Rebuilds the CA on a new machine from a backup whose SHA-256 was recorded at backup time (docs/operations.md,
# scenario 4).
#
#   scripts/rebuild.sh BACKUP PASSWORD_FILE NEW_HOME EXPECTED_SHA256 [CA_URL]
#
# Refuses an archive whose SHA-256 is not EXPECTED_SHA256 (any case) before anything is written; then does what
# scripts/standby-restore.sh does: restores into NEW_HOME, starts the CA in the background (pid in NEW_HOME/ca.pid, log
# in NEW_HOME/ca.log), waits until it is healthy and prints the recovery time.
# SIGNET (default: signet on PATH, else the project's shaded jar) runs the CLI.
set -eu

if [ $# -lt 4 ]; then
  echo "usage: $0 BACKUP PASSWORD_FILE NEW_HOME EXPECTED_SHA256 [CA_URL]" >&2
  exit 2
fi
if [ ! -f "$1" ]; then
  echo "The backup file $1 does not exist." >&2
  exit 1
fi
actual=$(sha256sum "$1" | cut -d ' ' -f 1)
if [ "$actual" != "$(printf '%s' "$4" | tr 'A-F' 'a-f')" ]; then
  echo "The backup's SHA-256 is $actual, not the expected $4; it is not the archive that was recorded." >&2
  exit 1
fi

sh "$(dirname "$0")/standby-restore.sh" "$1" "$2" "$3" ${5+"$5"}
echo "Rebuilt the CA in $3; its pid is in $3/ca.pid. Point DNS (or the load balancer) at it."
