#!/bin/sh
# Brings up a standby CA from the newest backup and measures the recovery time (seed 002, "Primary node failure").
#
#   scripts/standby-restore.sh BACKUP PASSWORD_FILE NEW_HOME [CA_URL]
#
# Restores BACKUP into NEW_HOME (which must not exist or be empty), starts the CA from it in the background, waits
# until https://localhost:PORT/health answers ok, and prints the seconds from the start of the restore to a healthy CA.
# The CA's pid is written to NEW_HOME/ca.pid and its log to NEW_HOME/ca.log.
# SIGNET (default: signet on PATH, else the project's shaded jar) runs the CLI.
set -eu

if [ $# -lt 3 ]; then
  echo "usage: $0 BACKUP PASSWORD_FILE NEW_HOME [CA_URL]" >&2
  exit 2
fi
backup=$1
password_file=$2
home=$3
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/scripts/signet-cli.sh"

start=$(date +%s%N)
$SIGNET ca restore --in "$backup" --home "$home" --password-file "$password_file"
address=$(sed -n 's/.*"address" *: *"\([^"]*\)".*/\1/p' "$home/config/ca.json" | head -n 1)
port=${address##*:}
url=${4:-https://localhost:$port}
$SIGNET ca start --home "$home" >"$home/ca.log" 2>&1 &
echo $! >"$home/ca.pid"

tries=0
until $SIGNET ca health --ca-url "$url" --root "$home/certs/root_ca.crt" >/dev/null 2>&1; do
  tries=$((tries + 1))
  if [ $tries -gt 600 ] || ! kill -0 "$(cat "$home/ca.pid")" 2>/dev/null; then
    echo "The restored CA did not become healthy; see $home/ca.log." >&2
    exit 1
  fi
  sleep 0.1
done
end=$(date +%s%N)
elapsed_ms=$(( (end - start) / 1000000 ))
echo "The standby CA in $home is healthy at $url; recovery took ${elapsed_ms} ms."
