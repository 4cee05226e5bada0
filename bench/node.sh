#!/usr/bin/env bash
# Measures a Signet CA's node API (issue 7): token-authorised POST /1.0/sign and mTLS POST /1.0/renew, each at the
# given concurrency levels, on one freshly initialised CA (SQLite, durable) with a JWK provisioner "bench".
#   bench/node.sh
# Environment (all optional):
#   DURATION=20  measured seconds per run     WARMUP=10  warm-up seconds per run     LEVELS="8 32"  concurrency levels
#   MODES="sign renew"                        which generators to run (renew-handshake: a new TLS connection per renewal)
#   SKIP_BUILD=1  use the jars already built  SIGNET_JAVA_OPTS  JVM options for the CA (default, and MALLOC_ARENA_MAX, as ./signet)  GEN_JAVA_OPTS  extra ones for the generator
#   KEEP=1        keep the work directory
# Prints each run's RESULT line (rate, p50/p90/p99 ms, server and generator CPU ms per request, peak RSS) and exits
# non-zero when any run had a failure.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ $# -gt 0 ]; then
  sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d' | sed 's/^# \{0,1\}//' >&2
  case "$1" in -h|--help) exit 0 ;; *) exit 2 ;; esac
fi
DURATION="${DURATION:-20}"; WARMUP="${WARMUP:-10}"; LEVELS="${LEVELS:-8 32}"; MODES="${MODES:-sign renew}"
for v in "$DURATION" "$WARMUP" $LEVELS; do
  [[ "$v" =~ ^[0-9]+$ ]] || { echo "node.sh: \"$v\" is not a whole number (DURATION, WARMUP, LEVELS)." >&2; exit 2; }
done
for m in $MODES; do
  case "$m" in sign|renew|renew-handshake) ;; *) echo "node.sh: unknown mode \"$m\"; use sign, renew or renew-handshake." >&2; exit 2 ;; esac
done
java_bin="$(ls -d /usr/lib/jvm/*/bin/java 2>/dev/null | sort -V | tail -1)"; java_bin="${java_bin:-java}"
export JAVA_HOME="$(dirname "$(dirname "$(readlink -f "$java_bin")")")"
# as ./signet runs the CA
java_major="$("$java_bin" -version 2>&1 | awk -F'"' '/version/ {split($2, v, "."); print (v[1] == "1" ? v[2] : v[1]); exit}')"
default_opts="-XX:+UseSerialGC -Xms32m -Xmx128m"
if [ "${java_major:-0}" -ge 22 ] 2>/dev/null; then default_opts="$default_opts -XX:TrimNativeHeapInterval=5000"; fi
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
read -r -a signet_java_opts <<<"${SIGNET_JAVA_OPTS-$default_opts}"
read -r -a gen_java_opts <<<"${GEN_JAVA_OPTS:-}"
if [ "${SKIP_BUILD:-}" != 1 ]; then (cd "$here" && ./mvnw -q -B -DskipTests -DskipITs install -pl bench -am); fi
signet_jar="$here/signet-cli/target/signet.jar"; bench_jar="$here/bench/target/signet-bench.jar"
[ -f "$signet_jar" ] && [ -f "$bench_jar" ] || { echo "node.sh: build first (without SKIP_BUILD=1)." >&2; exit 1; }

work="$(mktemp -d "${TMPDIR:-/tmp}/signet-node.XXXXXX")"
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  if [ "${KEEP:-}" = 1 ] || [ "${failed:-0}" != 0 ]; then echo "node.sh: work directory kept: $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
signet() { "$java_bin" --enable-native-access=ALL-UNNAMED -jar "$signet_jar" "$@"; }
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
home="$work/ca"
signet ca init --home "$home" --name "Signet Bench" --address "127.0.0.1:$port" --dns localhost,127.0.0.1 >"$work/init.log" 2>&1 \
  || { echo "node.sh: signet ca init failed; see $work/init.log" >&2; failed=1; exit 1; }
printf 'bench-password\n' >"$work/password"
signet ca provisioner add bench --type JWK --home "$home" --password-file "$work/password" >>"$work/init.log" 2>&1 \
  || { echo "node.sh: adding the JWK provisioner failed; see $work/init.log" >&2; failed=1; exit 1; }
"$java_bin" ${signet_java_opts[@]+"${signet_java_opts[@]}"} --enable-native-access=ALL-UNNAMED -jar "$signet_jar" ca start \
  --home "$home" >"$work/server.log" 2>&1 </dev/null &
server_pid=$!
for _ in $(seq 1 120); do
  signet ca health --ca-url "https://localhost:$port" --root "$home/certs/root_ca.crt" >/dev/null 2>&1 && break
  kill -0 "$server_pid" 2>/dev/null || { echo "node.sh: the CA exited; see $work/server.log" >&2; failed=1; exit 1; }
  sleep 0.5
done
echo "JDK: $("$java_bin" -version 2>&1 | head -1); $(nproc) CPUs; DURATION=$DURATION WARMUP=$WARMUP LEVELS=\"$LEVELS\" MODES=\"$MODES\""
failed=0
for mode in $MODES; do
  for c in $LEVELS; do
    extra=(); command="$mode"
    if [ "$mode" = renew-handshake ]; then command=renew; extra=(--handshake-per-request); fi
    if "$java_bin" ${gen_java_opts[@]+"${gen_java_opts[@]}"} -jar "$bench_jar" "$command" ${extra[@]+"${extra[@]}"} \
        --ca-url "https://localhost:$port" --ca-root "$home/certs/root_ca.crt" --provisioner bench --password-file "$work/password" \
        --concurrency "$c" --duration "$DURATION" --warmup "$WARMUP" --server-pid "$server_pid" --label "$mode" >"$work/$mode-$c.log" 2>&1; then
      grep '^RESULT' "$work/$mode-$c.log"
    else
      failed=1; echo "node.sh: $mode at concurrency $c failed:" >&2; tail -8 "$work/$mode-$c.log" >&2
    fi
  done
done
exit "$failed"
