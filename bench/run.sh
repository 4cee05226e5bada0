#!/usr/bin/env bash
# Prints the signet-tls benchmark figures (issue 5): cold start to the first served handshake with an ACME
# certificate from a local Signet CA, and handshakes/s with the reloading key manager against a static one.
#   bench/run.sh [SECONDS_PER_HANDSHAKE_RUN=5] [CLIENT_THREADS=2]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
java_bin="$(ls -d /usr/lib/jvm/*/bin/java 2>/dev/null | sort -V | tail -1)"; java_bin="${java_bin:-java}"
export JAVA_HOME="$(dirname "$(dirname "$(readlink -f "$java_bin")")")"
(cd "$here" && ./mvnw -q -B -DskipTests install -pl bench -am)
exec "$java_bin" -cp "$here/bench/target/signet-bench.jar" dev.signet.bench.TlsBench "$@" 2>/dev/null
