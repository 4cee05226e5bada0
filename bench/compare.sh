#!/usr/bin/env bash
# Compares ACME issuance throughput of a Signet CA (SQLite, durable) with Pebble's (issue 7): the same load generator
# (`signet-bench.jar acme`) runs against each server at every concurrency level, Signet first, then Pebble, each on a
# freshly started server; prints one table with both servers and their ratios.
#   bench/compare.sh
# Environment (all optional):
#   DURATION=20          measured seconds per run          WARMUP=5        warm-up seconds per run
#   LEVELS="1 8 32"      concurrency levels                SERVERS="signet pebble"   which servers to run
#   SKIP_BUILD=1         use the jars already in */target instead of building them
#   START_TIMEOUT=90     seconds a server may take to become ready
#   SIGNET_JAVA=...      the java binary (default: the newest JDK 17+ under /usr/lib/jvm, $JAVA_HOME or the PATH)
#   SIGNET_JAVA_OPTS     JVM options for the CA (default, as ./signet: -XX:+UseSerialGC -Xms32m -Xmx128m, and
#                        -XX:TrimNativeHeapInterval=5000 on Java 22+; MALLOC_ARENA_MAX=2 unless set, as ./signet)
#   GEN_JAVA_OPTS        extra JVM options for the load generator
#   KEEP=1               keep the work directory (CA homes, Pebble config, logs) even when every run succeeded
# Needs: a JDK, python3, openssl, coreutils' timeout and the Debian package `pebble` (pebble, pebble-challtestsrv).
# Pebble runs with PEBBLE_VA_NOSLEEP=1 PEBBLE_WFE_NONCEREJECT=0 PEBBLE_AUTHZREUSE=0; both servers resolve every name
# through one pebble-challtestsrv DNS server on loopback (A = 127.0.0.1) and validate http-01 on the generator's port.
# A run that does not finish within DURATION+WARMUP+60 s is killed and reported as stalled. Exits non-zero when any run
# failed, stalled or could not start; the logs are then kept and their directory printed.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
invocation="$(printf '%q ' "$0" "$@")"

if [ $# -gt 0 ]; then
  sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d' | sed 's/^# \{0,1\}//' >&2
  case "$1" in -h|--help) exit 0 ;; *) exit 2 ;; esac
fi

DURATION="${DURATION:-20}"
WARMUP="${WARMUP:-5}"
LEVELS="${LEVELS:-1 8 32}"
SERVERS="${SERVERS:-signet pebble}"
START_TIMEOUT="${START_TIMEOUT:-90}"
for v in "$DURATION" "$WARMUP" "$START_TIMEOUT" $LEVELS; do
  [[ "$v" =~ ^[0-9]+$ ]] || { echo "compare.sh: \"$v\" is not a whole number (DURATION, WARMUP, START_TIMEOUT, LEVELS)." >&2; exit 2; }
done
[ -n "${LEVELS// /}" ] || { echo "compare.sh: LEVELS is empty." >&2; exit 2; }
for s in $SERVERS; do
  case "$s" in signet|pebble) ;; *) echo "compare.sh: unknown server \"$s\" in SERVERS; use signet and/or pebble." >&2; exit 2 ;; esac
done
[ -n "${SERVERS// /}" ] || { echo "compare.sh: SERVERS is empty." >&2; exit 2; }
run_limit=$((DURATION + WARMUP + 60))

log() { echo "compare.sh: $*" >&2; }
die() { log "$*"; exit 1; }

for tool in python3 openssl timeout pebble pebble-challtestsrv; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool is not installed (pebble and pebble-challtestsrv: apt-get install pebble)."
done

# --- Java: the newest JDK 17 or later, as ./signet picks it -------------------------------------------------------
major() { "$1" -version 2>&1 | awk -F'"' '/version/ {split($2, v, "."); print (v[1] == "1" ? v[2] : v[1]); exit}'; }
pick_java() {
  if [ -n "${SIGNET_JAVA:-}" ]; then echo "$SIGNET_JAVA"; return; fi
  local best="" best_v=0 j v
  for j in /usr/lib/jvm/*/bin/java ${JAVA_HOME:+"$JAVA_HOME/bin/java"} "$(command -v java 2>/dev/null || true)"; do
    [ -n "$j" ] && [ -x "$j" ] || continue
    v="$(major "$j" || echo 0)"
    if [ "${v:-0}" -gt "$best_v" ] 2>/dev/null; then best="$j"; best_v="$v"; fi
  done
  [ -n "$best" ] && [ "$best_v" -ge 17 ] || die "no Java 17 or later was found; install a JDK or set SIGNET_JAVA."
  echo "$best"
}
java_bin="$(pick_java)"
export JAVA_HOME="$(dirname "$(dirname "$(readlink -f "$java_bin")")")"
# as ./signet runs the CA
default_opts="-XX:+UseSerialGC -Xms32m -Xmx128m"
if [ "$(major "$java_bin" || echo 0)" -ge 22 ] 2>/dev/null; then default_opts="$default_opts -XX:TrimNativeHeapInterval=5000"; fi
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
read -r -a signet_java_opts <<<"${SIGNET_JAVA_OPTS-$default_opts}"
read -r -a gen_java_opts <<<"${GEN_JAVA_OPTS:-}"

signet_jar="$here/signet-cli/target/signet.jar"
bench_jar="$here/bench/target/signet-bench.jar"
if [ "${SKIP_BUILD:-}" != 1 ]; then
  log "building signet-cli and bench ..."
  (cd "$here" && ./mvnw -q -B -DskipTests install -pl bench -am)
fi
[ -f "$signet_jar" ] || die "$signet_jar is missing; build without SKIP_BUILD=1."
[ -f "$bench_jar" ] || die "$bench_jar is missing; build without SKIP_BUILD=1."

# --- Work directory, process bookkeeping, clean-up -----------------------------------------------------------------
work="$(mktemp -d "${TMPDIR:-/tmp}/signet-compare.XXXXXX")"
logs="$work/logs"
mkdir -p "$logs"
pids=()        # every process we started and have not stopped yet
any_failed=0

# Alive and not a zombie (our children stay zombies until reaped, and kill -0 succeeds on them).
alive() { [ -r "/proc/$1/stat" ] && [ "$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -c1)" != Z ]; }

# Drops PID from the processes we still have to stop.
forget() {
  local keep=() p
  for p in ${pids[@]+"${pids[@]}"}; do [ "$p" = "$1" ] || keep+=("$p"); done
  pids=(${keep[@]+"${keep[@]}"})
}

# SIGTERM, up to 10 s for a graceful stop, then SIGKILL; reaps the process and forgets it. Only for processes this
# script started and has not stopped yet (never a PID that may since have been reused).
stop_pid() {
  local pid="$1" i
  case " ${pids[*]-} " in *" $pid "*) ;; *) return 0 ;; esac
  if alive "$pid"; then
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 100; i++)); do alive "$pid" || break; sleep 0.1; done
    if alive "$pid"; then kill -KILL "$pid" 2>/dev/null || true; fi
  fi
  wait "$pid" 2>/dev/null || true
  forget "$pid"
}

cleanup() {
  local rc=$? p
  trap - EXIT INT TERM
  for p in ${pids[@]+"${pids[@]}"}; do stop_pid "$p"; done
  if [ "${KEEP:-}" = 1 ]; then
    log "work directory kept: $work"
  elif [ "$rc" -ne 0 ] || [ "$any_failed" = 1 ]; then
    rm -rf "$work/signet" "$work/pebble"
    log "logs kept in $logs"
  else
    rm -rf "$work"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# N distinct loopback ports, each free for both TCP and UDP at the time of asking.
free_ports() {
  python3 - "$1" <<'EOF'
import socket, sys
n, held, ports = int(sys.argv[1]), [], []
while len(ports) < n:
    t = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    t.bind(("127.0.0.1", 0))
    p = t.getsockname()[1]
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        u.bind(("127.0.0.1", p))
    except OSError:
        t.close(); u.close(); continue
    held += [t, u]; ports.append(p)
print(" ".join(map(str, ports)))
EOF
}

# Exit 0 when an HTTPS GET of URL (trusting only CAFILE) answers 200.
https_ok() {
  python3 - "$1" "$2" <<'EOF' 2>/dev/null
import ssl, sys, urllib.request
ctx = ssl.create_default_context(cafile=sys.argv[2])
with urllib.request.urlopen(sys.argv[1], context=ctx, timeout=2) as r:
    sys.exit(0 if r.status == 200 else 1)
EOF
}

# Exit 0 when an HTTP POST of BODY to URL answers 200.
http_post_ok() {
  python3 - "$1" "$2" <<'EOF' 2>/dev/null
import sys, urllib.request
req = urllib.request.Request(sys.argv[1], data=sys.argv[2].encode(), method="POST")
with urllib.request.urlopen(req, timeout=2) as r:
    sys.exit(0 if r.status == 200 else 1)
EOF
}

# Polls CHECK... every 0.2 s until it succeeds; fails when PID exits or START_TIMEOUT passes.
await_ready() {
  local pid="$1" what="$2"; shift 2
  local deadline=$((SECONDS + START_TIMEOUT))
  while ! "$@" >/dev/null 2>&1; do
    alive "$pid" || { log "$what exited while starting"; return 1; }
    [ "$SECONDS" -lt "$deadline" ] || { log "$what was not ready within ${START_TIMEOUT}s"; return 1; }
    sleep 0.2
  done
}

# --- DNS for both servers: one pebble-challtestsrv, every A query answered with 127.0.0.1, AAAA with nothing -------
start_challtestsrv() {
  local attempt dns mgmt
  for attempt in 1 2 3; do
    read -r dns mgmt <<<"$(free_ports 2)"
    pebble-challtestsrv -management "127.0.0.1:$mgmt" -dns01 "127.0.0.1:$dns" \
      -http01 "" -https01 "" -tlsalpn01 "" -defaultIPv4 127.0.0.1 -defaultIPv6 "" \
      >>"$logs/challtestsrv.log" 2>&1 </dev/null &
    challtestsrv_pid=$!
    pids+=("$challtestsrv_pid")
    if await_ready "$challtestsrv_pid" pebble-challtestsrv \
        http_post_ok "http://127.0.0.1:$mgmt/set-default-ipv4" '{"ip":"127.0.0.1"}'; then
      dns_port="$dns"
      return 0
    fi
    stop_pid "$challtestsrv_pid"
  done
  die "pebble-challtestsrv did not start; see $logs/challtestsrv.log"
}

# --- Signet: one CA initialised once, copied fresh for every run ---------------------------------------------------
signet() { "$java_bin" --enable-native-access=ALL-UNNAMED -jar "$signet_jar" "$@"; }

init_signet_template() {
  mkdir -p "$work/signet"
  signet_template="$work/signet/template"
  signet ca init --home "$signet_template" --name "Signet Bench" --address 127.0.0.1:9000 \
    --dns localhost,127.0.0.1 --provisioner acme >"$logs/signet-init.log" 2>&1 \
    || die "signet ca init failed; see $logs/signet-init.log"
}

# start_signet RUN HTTP01_PORT: sets server_pid, directory_url, ca_root.
start_signet() {
  local run="$1" http01="$2" home="$work/signet/$1" port
  read -r port <<<"$(free_ports 1)"
  cp -a "$signet_template" "$home"
  python3 - "$home/config/ca.json" "$port" "$http01" "$dns_port" <<'EOF'
import json, sys
path, port, http01, dns = sys.argv[1:]
with open(path) as f:
    config = json.load(f)
config["address"] = "127.0.0.1:" + port
validation = config.setdefault("acme", {}).setdefault("validation", {})
validation["http01Port"] = int(http01)
validation["dnsResolvers"] = ["127.0.0.1:" + dns]
# one worker at ~40 issuances/s passes the default 1000 orders per account per hour within a run
for p in config.get("authority", {}).get("provisioners", []):
    if p.get("type") == "ACME":
        p.setdefault("limits", {})["ordersPerWindow"] = 10000000
with open(path, "w") as f:
    json.dump(config, f, indent=2)
    f.write("\n")
EOF
  "$java_bin" ${signet_java_opts[@]+"${signet_java_opts[@]}"} --enable-native-access=ALL-UNNAMED \
    -jar "$signet_jar" ca start --home "$home" >"$logs/$run.server.log" 2>&1 </dev/null &
  server_pid=$!
  pids+=("$server_pid")
  ca_root="$home/certs/root_ca.crt"
  directory_url="https://localhost:$port/acme/acme/directory"
  await_ready "$server_pid" "Signet ($run)" \
    signet ca health --ca-url "https://localhost:$port" --root "$ca_root"
}

# --- Pebble: HTTPS certificates made once with openssl, a fresh Pebble for every run -------------------------------
make_pebble_tls() {
  local d="$work/pebble"
  mkdir -p "$d"
  cat >"$d/openssl.cnf" <<'EOF'
[req]
distinguished_name = dn
prompt = no
[dn]
CN = placeholder
[root]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[server]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:localhost, IP:127.0.0.1
authorityKeyIdentifier = keyid
EOF
  {
    openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$d/tls-root-key.pem" &&
    openssl req -config "$d/openssl.cnf" -x509 -new -key "$d/tls-root-key.pem" -subj "/CN=Pebble bench TLS root" \
      -days 2 -sha256 -extensions root -set_serial "0x$(openssl rand -hex 8)" -out "$d/tls-root.pem" &&
    openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$d/tls-key.pem" &&
    openssl req -config "$d/openssl.cnf" -new -key "$d/tls-key.pem" -subj "/CN=localhost" -out "$d/tls.csr" &&
    openssl x509 -req -in "$d/tls.csr" -CA "$d/tls-root.pem" -CAkey "$d/tls-root-key.pem" \
      -set_serial "0x$(openssl rand -hex 8)" -days 2 -sha256 -extfile "$d/openssl.cnf" -extensions server \
      -out "$d/tls-leaf.pem"
  } >"$logs/pebble-tls.log" 2>&1 || die "openssl could not make Pebble's HTTPS certificate; see $logs/pebble-tls.log"
  cat "$d/tls-leaf.pem" "$d/tls-root.pem" >"$d/tls-cert.pem"
}

# start_pebble RUN HTTP01_PORT: sets server_pid, directory_url, ca_root.
start_pebble() {
  local run="$1" http01="$2" d="$work/pebble" listen mgmt tls
  read -r listen mgmt tls <<<"$(free_ports 3)"
  cat >"$d/$run.json" <<EOF
{
  "pebble": {
    "listenAddress": "127.0.0.1:$listen",
    "managementListenAddress": "127.0.0.1:$mgmt",
    "certificate": "$d/tls-cert.pem",
    "privateKey": "$d/tls-key.pem",
    "httpPort": $http01,
    "tlsPort": $tls,
    "ocspResponderURL": "",
    "externalAccountBindingRequired": false
  }
}
EOF
  PEBBLE_VA_NOSLEEP=1 PEBBLE_WFE_NONCEREJECT=0 PEBBLE_AUTHZREUSE=0 \
    pebble -config "$d/$run.json" -dnsserver "127.0.0.1:$dns_port" >"$logs/$run.server.log" 2>&1 </dev/null &
  server_pid=$!
  pids+=("$server_pid")
  ca_root="$d/tls-root.pem"
  directory_url="https://127.0.0.1:$listen/dir"
  await_ready "$server_pid" "Pebble ($run)" https_ok "$directory_url" "$ca_root"
}

# --- One run: fresh server, the generator under timeout, its RESULT line ------------------------------------------
declare -A status result detail
commands=()

# run_one SERVER LEVEL: status[S:C] is ok, failed, stalled, error or no-start; result[S:C] the RESULT line.
run_one() {
  local server="$1" level="$2" key="$1:$2" run="$1-c$2" http01 rc=0 gen_pid
  server_pid=""
  read -r http01 <<<"$(free_ports 1)"
  log "$server, concurrency $level: starting the server ..."
  if ! "start_$server" "$run" "$http01"; then
    status[$key]=no-start; detail[$key]="did not start"
    [ -z "$server_pid" ] || stop_pid "$server_pid"
    return
  fi
  local cmd=("$java_bin" ${gen_java_opts[@]+"${gen_java_opts[@]}"} -jar "$bench_jar" acme
    --directory "$directory_url" --ca-root "$ca_root" --concurrency "$level" --duration "$DURATION"
    --warmup "$WARMUP" --http01-port "$http01" --server-pid "$server_pid" --label "$server")
  commands+=("$(printf '%q ' "${cmd[@]}")")
  log "$server, concurrency $level: running ${WARMUP}s warm-up + ${DURATION}s (limit ${run_limit}s) ..."
  timeout --kill-after=10 "$run_limit" "${cmd[@]}" >"$logs/$run.gen.out" 2>"$logs/$run.gen.err" </dev/null &
  gen_pid=$!
  pids+=("$gen_pid")
  wait "$gen_pid" || rc=$?
  forget "$gen_pid"
  local server_alive=1
  alive "$server_pid" || server_alive=0
  stop_pid "$server_pid"

  result[$key]="$(grep '^RESULT ' "$logs/$run.gen.out" | tail -1 || true)"
  local failures
  failures="$(field "${result[$key]}" failures)"
  if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
    status[$key]=stalled; detail[$key]="stalled"
  elif [ -z "${result[$key]}" ]; then
    status[$key]=error; detail[$key]="no result (exit $rc)"
  elif [ "$rc" -ne 0 ]; then
    status[$key]=failed; detail[$key]="$failures failed"
    [ "$failures" != 0 ] || detail[$key]="0 failed, exit $rc"
  else
    status[$key]=ok; detail[$key]="$failures"
  fi
  [ "$server_alive" = 1 ] || detail[$key]="${detail[$key]}, server exited"
  if [ "${status[$key]}" != ok ] || [ "$server_alive" = 0 ]; then
    [ "${status[$key]}" != ok ] || status[$key]=failed
    log "$server, concurrency $level: ${detail[$key]}; logs $logs/$run.*"
  fi
}

# field RESULT_LINE NAME: the value of NAME=... in the line, or "-".
field() {
  local kv
  for kv in $1; do
    if [ "${kv%%=*}" = "$2" ]; then echo "${kv#*=}"; return; fi
  done
  echo "-"
}

# cell SERVER LEVEL NAME: a RESULT field for the table; for the rate, the run's state when it has no number.
cell() {
  local key="$1:$2" value
  [ -n "${status[$key]:-}" ] || { echo "-"; return; }
  case "${status[$key]}" in
    stalled|error|no-start) [ "$3" = rate ] && echo "${status[$key]}" || echo "-"; return ;;
  esac
  value="$(field "${result[$key]}" "$3")"
  if [ "$3" = rate ] && [ "${status[$key]}" = failed ]; then value="$value!"; fi
  echo "$value"
}

# ratio A B: A/B with two decimals, "-" unless both are positive numbers.
ratio() {
  awk -v a="${1%!}" -v b="${2%!}" 'BEGIN {
    if (a ~ /^[0-9]*\.?[0-9]+$/ && b ~ /^[0-9]*\.?[0-9]+$/ && b + 0 > 0 && a + 0 > 0) printf "%.2f", a / b; else printf "-" }'
}

# --- Main -------------------------------------------------------------------------------------------------------
start_challtestsrv
case " $SERVERS " in *" signet "*) init_signet_template ;; esac
case " $SERVERS " in *" pebble "*) make_pebble_tls ;; esac

for level in $LEVELS; do
  for server in signet pebble; do
    case " $SERVERS " in *" $server "*) run_one "$server" "$level" ;; esac
    [ "${status[$server:$level]:-ok}" = ok ] || any_failed=1
  done
done

stop_pid "$challtestsrv_pid"

pebble_version="$(dpkg-query -W -f='${Version}' pebble 2>/dev/null || true)"
cpu_model="$(awk -F': *' '/^model name/ {print $2; exit}' /proc/cpuinfo 2>/dev/null || true)"
echo
echo "Signet vs Pebble: ACME issuances (new account per worker, new order + http-01 + finalize + download per issuance)"
echo "Machine:  $(nproc) CPUs, ${cpu_model:-unknown model}, $(uname -sr)"
echo "JDK:      $("$java_bin" -version 2>&1 | head -2 | tr '\n' ' ')"
echo "Pebble:   ${pebble_version:-unknown version} (PEBBLE_VA_NOSLEEP=1 PEBBLE_WFE_NONCEREJECT=0 PEBBLE_AUTHZREUSE=0)"
echo "Signet:   SQLite (WAL, synchronous=FULL), default config, a fresh CA per run"
echo "Command:  DURATION=$DURATION WARMUP=$WARMUP LEVELS=\"$LEVELS\" SERVERS=\"$SERVERS\" $invocation"
echo
fmt="%-11s  %12s  %12s  %10s  %13s  %13s  %12s  %12s  %14s  %s\n"
printf "$fmt" concurrency "Signet iss/s" "Pebble iss/s" "rate S/P" "Signet p99 ms" "Pebble p99 ms" \
  "Signet CPU" "Pebble CPU" "CPU eff. P/S" failures
printf "$fmt" "" "" "" "" "" "" "ms/issuance" "ms/issuance" "" ""
for level in $LEVELS; do
  s_rate="$(cell signet "$level" rate)"; p_rate="$(cell pebble "$level" rate)"
  s_cpu="$(cell signet "$level" server_cpu_ms)"; p_cpu="$(cell pebble "$level" server_cpu_ms)"
  failures=""
  for server in signet pebble; do
    [ -n "${status[$server:$level]:-}" ] && failures+="$server ${detail[$server:$level]}; "
  done
  printf "$fmt" "$level" "$s_rate" "$p_rate" "$(ratio "$s_rate" "$p_rate")" \
    "$(cell signet "$level" p99_ms)" "$(cell pebble "$level" p99_ms)" "$s_cpu" "$p_cpu" \
    "$(ratio "$p_cpu" "$s_cpu")" "${failures%; }"
done
echo
echo "rate S/P: Signet issuances/s divided by Pebble's (above 1: Signet issues faster)."
echo "CPU eff. P/S: Pebble's server CPU ms per issuance divided by Signet's (above 1: Signet needs less CPU per issuance)."
echo "A rate marked ! comes from a run with failures; stalled: no result within ${run_limit}s, the run was killed."
echo
echo "Results (the generator's last line per run):"
for level in $LEVELS; do
  for server in signet pebble; do
    [ -n "${result[$server:$level]:-}" ] && echo "  ${result[$server:$level]}"
  done
done
echo "Generator commands:"
for c in ${commands[@]+"${commands[@]}"}; do echo "  $c"; done

if [ "$any_failed" = 1 ]; then
  log "at least one run failed, stalled or did not start."
  exit 1
fi
