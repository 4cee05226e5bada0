#!/bin/sh
# Puts lost or damaged CA keys back from a backup without rolling the database back (docs/operations.md, scenario 3).
#
#   scripts/recover-keys.sh BACKUP PASSWORD_FILE HOME
#
# HOME's database and config stay as they are: they are newer than the backup (certificates were issued since). The
# backup is restored without its database into a staging directory under $TMPDIR (removed on exit); when HOME still has
# certs/root_ca.crt, the backup's root must be the same file, else nothing is changed. Then the files of the backup's
# secrets/ (encrypted CA keys, key password, admin certificate and key; mode 0600) and the CA certificates that are
# missing or differ in HOME/certs are copied in. A secrets/db-password that HOME still has is kept: it belongs to the
# database. Stop the CA before, start it after.
# SIGNET (default: signet on PATH, else the project's shaded jar) runs the CLI.
set -eu

if [ $# -lt 3 ]; then
  echo "usage: $0 BACKUP PASSWORD_FILE HOME" >&2
  exit 2
fi
backup=$1
password_file=$2
home=$3
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/scripts/signet-cli.sh"

if [ ! -f "$home/config/ca.json" ]; then
  echo "$home is not a CA home: it has no config/ca.json." >&2
  exit 1
fi

staging=$(mktemp -d)
trap 'rm -rf "$staging"' EXIT
trap 'exit 1' HUP INT TERM
$SIGNET ca restore --in "$backup" --home "$staging/home" --password-file "$password_file" --files-only >/dev/null
restored=$staging/home

had_root=no
if [ -f "$home/certs/root_ca.crt" ]; then
  had_root=yes
  if ! cmp -s "$restored/certs/root_ca.crt" "$home/certs/root_ca.crt"; then
    echo "The root certificate in $backup is not the one in $home/certs/root_ca.crt: it is another CA's backup; nothing was changed." >&2
    exit 1
  fi
fi

# FILE DIR: copies FILE into DIR keeping its mode, through a temporary name, so that a read-only file is replaced whole
put() {
  cp -p "$1" "$2/.recovering-$(basename "$1")"
  mv -f "$2/.recovering-$(basename "$1")" "$2/$(basename "$1")"
}

[ -d "$home/secrets" ] || mkdir -m 700 "$home/secrets"
[ -d "$home/certs" ] || mkdir -m 755 "$home/certs"
for f in "$restored"/secrets/*; do
  [ -f "$f" ] || continue
  if [ "$(basename "$f")" = db-password ] && [ -f "$home/secrets/db-password" ]; then continue; fi
  put "$f" "$home/secrets"
done
for f in "$restored"/certs/*.crt; do
  [ -f "$f" ] || continue
  cmp -s "$f" "$home/certs/$(basename "$f")" || put "$f" "$home/certs"
done

if [ $had_root = yes ]; then
  echo "Restored the CA keys of $home from $backup; the root fingerprint is unchanged."
else
  echo "Restored the CA keys of $home from $backup; $home had no root certificate, so check the restored one against the fingerprint your clients pin: signet certificate fingerprint $home/certs/root_ca.crt"
fi
