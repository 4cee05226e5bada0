#!/usr/bin/env bash
# One command for the signet-tls example: a fresh local Signet CA, the TLS stream server and the stream client.
# Both get their certificates over ACME (http-01) from the CA, the server requires a client certificate (mTLS) and
# lets in only the name 127.0.0.1, and the client prints the lines it receives. Everything stops on exit.
#
#   examples/run.sh            # COUNT=5 lines; CA_PORT, HTTP01_PORT, STREAM_PORT override the ports
#
# Needs: a JDK 17+ (the newest under /usr/lib/jvm is used, as by ./signet), curl and jq.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d /tmp/signet-example.XXXXXX)"
ca_port="${CA_PORT:-19000}"
http01_port="${HTTP01_PORT:-18080}"
stream_port="${STREAM_PORT:-19443}"
count="${COUNT:-5}"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

for tool in curl jq; do
  command -v "$tool" >/dev/null || { echo "run.sh: $tool is needed; install it (apt-get install $tool)." >&2; exit 1; }
done

echo "== Initialising a Signet CA in $work/ca (builds Signet on first run)"
"$here/signet" ca init --home "$work/ca" --name "Example CA" --address "127.0.0.1:$ca_port" --dns localhost,127.0.0.1 >/dev/null
# The CA validates http-01 on a high port so that nothing here needs root.
jq --argjson p "$http01_port" '.acme = ((.acme // {}) | .validation = ((.validation // {}) + {http01Port: $p}))' \
  "$work/ca/config/ca.json" > "$work/ca.json" && mv "$work/ca.json" "$work/ca/config/ca.json"
root="$work/ca/certs/root_ca.crt"
jar="$here/examples/target/signet-examples.jar"
[ -f "$jar" ] || (cd "$here" && ./mvnw -q -B -DskipTests package -pl examples -am)
java_bin="$(ls -d /usr/lib/jvm/*/bin/java 2>/dev/null | sort -V | tail -1)"; java_bin="${java_bin:-java}"

echo "== Starting the CA on https://127.0.0.1:$ca_port"
"$here/signet" ca start --home "$work/ca" > "$work/ca.log" 2>&1 & pids+=($!)
for _ in $(seq 100); do curl -sf --cacert "$root" "https://127.0.0.1:$ca_port/health" >/dev/null && break; sleep 0.2; done
curl -sf --cacert "$root" "https://127.0.0.1:$ca_port/health" >/dev/null || { echo "The CA did not start; see $work/ca.log." >&2; exit 1; }

directory="https://127.0.0.1:$ca_port/acme/acme/directory"
cat > "$work/server.json" <<JSON
{"security": {"tls": {"server": {
  "enabled": true, "mode": "acme", "min_version": "1.3",
  "acme": {"enabled": true, "directory_url": "$directory", "email": "ops@example.com", "domains": ["localhost"],
           "renew_before": "8h", "storage_path": "$work/server-acme", "ca_bundle": "$root",
           "http01_address": "127.0.0.1:$http01_port"},
  "mtls": {"enabled": true, "client_ca_files": ["$root"], "require_client_cert": true, "allowed_client_cns": ["127.0.0.1"]}
}}}}
JSON
cat > "$work/client.json" <<JSON
{"security": {"tls": {"client": {
  "mode": "acme", "ca_files": ["$root"],
  "acme": {"enabled": true, "directory_url": "$directory", "domains": ["127.0.0.1"], "storage_path": "$work/client-acme",
           "ca_bundle": "$root", "http01_address": "127.0.0.1:$http01_port"}
}}}}
JSON

echo "== Starting the stream server on localhost:$stream_port"
"$java_bin" -cp "$jar" dev.signet.examples.StreamServer "$work/server.json" "$stream_port" > "$work/server.log" 2>&1 & pids+=($!)
for _ in $(seq 150); do grep -q "TLS server started" "$work/server.log" && break; sleep 0.2; done
cat "$work/server.log"
grep -q "TLS server started" "$work/server.log" || { echo "The stream server did not start; see $work/server.log." >&2; exit 1; }

echo "== Running the stream client for $count lines"
"$java_bin" -cp "$jar" dev.signet.examples.StreamClient "$work/client.json" localhost "$stream_port" "$count"
echo "== Done. Files (certificates, account, logs) are in $work"
