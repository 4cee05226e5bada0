#!/usr/bin/env bash
# Issuance latency of one CA home (issue 7, "Growth"): starts the CA of HOME, answers http-01 on loopback through
# pebble-challtestsrv, runs `signet-bench acme` at concurrency 8 and prints its RESULT line. Run it on a freshly
# initialised home and on one seeded with `signet-bench seed`, alternately, and compare their p99.
#   bench/growth.sh HOME LABEL
#     HOME   a CA home made by `signet ca init` and started once (`signet-bench crl --home HOME` does that)
#     LABEL  the RESULT line's label
# Environment (all optional):
#   DURATION=20  measured seconds     WARMUP=20  warm-up seconds     CONCURRENCY=8
#   PORT=19611   the CA's HTTPS port; PORT+1 to PORT+3 are http-01, DNS and the challenge server's management port
#   SIGNET_JAVA_OPTS  JVM options for the CA (default: the launcher's, as ./signet)
# Edits HOME's config/ca.json: the CA's address and its http-01 port and DNS resolver for the run. Needs the jars built
# (./mvnw -DskipTests install) and pebble-challtestsrv (Debian package pebble) on the PATH.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ $# -ne 2 ]; then
  sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d' | sed 's/^# \{0,1\}//' >&2
  case "${1:-}" in -h|--help) exit 0 ;; *) exit 2 ;; esac
fi
home="$1"; label="$2"
[ -f "$home/config/ca.json" ] || { echo "growth.sh: $home/config/ca.json does not exist; run signet ca init --home $home first." >&2; exit 2; }
[ -f "$home/db/signet.db" ] || { echo "growth.sh: $home/db/signet.db does not exist; start the CA once (signet-bench crl --home $home)." >&2; exit 2; }
command -v pebble-challtestsrv >/dev/null || { echo "growth.sh: pebble-challtestsrv is not installed (apt-get install pebble)." >&2; exit 1; }
DURATION="${DURATION:-20}"; WARMUP="${WARMUP:-20}"; CONCURRENCY="${CONCURRENCY:-8}"; PORT="${PORT:-19611}"
http01=$((PORT + 1)); dns=$((PORT + 2)); mgmt=$((PORT + 3))
java_bin="$(ls -d /usr/lib/jvm/*/bin/java 2>/dev/null | sort -V | tail -1)"; java_bin="${java_bin:-java}"
java_major="$("$java_bin" -version 2>&1 | awk -F'"' '/version/ {split($2, v, "."); print (v[1] == "1" ? v[2] : v[1]); exit}')"
default_opts="-XX:+UseSerialGC -Xms32m -Xmx128m"
if [ "${java_major:-0}" -ge 22 ] 2>/dev/null; then default_opts="$default_opts -XX:TrimNativeHeapInterval=5000"; fi
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
read -r -a signet_java_opts <<<"${SIGNET_JAVA_OPTS-$default_opts}"
signet_jar="$here/signet-cli/target/signet.jar"; bench_jar="$here/bench/target/signet-bench.jar"
[ -f "$signet_jar" ] && [ -f "$bench_jar" ] || { echo "growth.sh: build first (./mvnw -DskipTests install)." >&2; exit 1; }

log="$(mktemp "${TMPDIR:-/tmp}/signet-growth-$label.XXXXXX")"
ct=""; ca=""
cleanup() { # a killed process's wait returns non-zero: never let errexit skip the next kill
  if [ -n "$ca" ]; then kill "$ca" 2>/dev/null || true; wait "$ca" 2>/dev/null || true; fi
  if [ -n "$ct" ]; then kill "$ct" 2>/dev/null || true; wait "$ct" 2>/dev/null || true; fi
}
trap cleanup EXIT
pebble-challtestsrv -management "127.0.0.1:$mgmt" -dns01 "127.0.0.1:$dns" -http01 "" -https01 "" -tlsalpn01 "" \
  -defaultIPv4 127.0.0.1 -defaultIPv6 "" >"$log.challtestsrv" 2>&1 &
ct=$!
for _ in $(seq 1 50); do curl -s -o /dev/null "http://127.0.0.1:$mgmt/" 2>/dev/null && break; sleep 0.1; done
python3 - "$home/config/ca.json" "$PORT" "$http01" "$dns" <<'PY'
import json, sys
path, port, http01, dns = sys.argv[1:]
c = json.load(open(path)); c["address"] = "127.0.0.1:" + port
v = c.setdefault("acme", {}).setdefault("validation", {}); v["http01Port"] = int(http01); v["dnsResolvers"] = ["127.0.0.1:" + dns]
json.dump(c, open(path, "w"), indent=2)
PY
"$java_bin" "${signet_java_opts[@]}" --enable-native-access=ALL-UNNAMED -jar "$signet_jar" ca start --home "$home" >"$log" 2>&1 &
ca=$!
for _ in $(seq 1 240); do
  "$java_bin" -jar "$signet_jar" ca health --ca-url "https://localhost:$PORT" --root "$home/certs/root_ca.crt" >/dev/null 2>&1 && break
  kill -0 "$ca" 2>/dev/null || { echo "growth.sh: the CA stopped; its log: $log" >&2; exit 1; }
  sleep 0.5
done
"$java_bin" -jar "$bench_jar" acme --directory "https://localhost:$PORT/acme/acme/directory" --ca-root "$home/certs/root_ca.crt" \
  --concurrency "$CONCURRENCY" --duration "$DURATION" --warmup "$WARMUP" --http01-port "$http01" --server-pid "$ca" \
  --label "$label" | grep RESULT
