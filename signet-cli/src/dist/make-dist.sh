#!/bin/sh
# Builds the Signet distribution: the shaded jar, a jlink Java runtime holding only the modules Signet needs, and a
# launcher that execs that runtime (so that the CA is PID 1 in a container and gets SIGTERM itself).
#
#   make-dist.sh JAR OUT_DIR [JDK_HOME]
#
# Writes OUT_DIR/{bin/signet, lib/signet.jar, runtime/}. JDK_HOME (default $JAVA_HOME) provides jdeps and jlink; the
# runtime is that JDK's version. OUT_DIR is replaced only once the new distribution is complete.
# `./mvnw -Pdist package` runs this with the JDK that runs Maven (deploy/docker/Dockerfile does that).
set -eu

if [ $# -lt 2 ]; then
  echo "usage: $0 JAR OUT_DIR [JDK_HOME]" >&2
  exit 2
fi
jar=$1
out=$2
jdk=${3:-${JAVA_HOME:-}}
if [ -z "$jdk" ] || [ ! -x "$jdk/bin/jlink" ] || [ ! -x "$jdk/bin/jdeps" ]; then
  echo "make-dist: $jdk is not a JDK with jlink and jdeps; give JDK_HOME or set JAVA_HOME." >&2
  exit 1
fi
if [ ! -f "$jar" ]; then
  echo "make-dist: the jar $jar does not exist; run ./mvnw package first." >&2
  exit 1
fi

feature=$("$jdk/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
# Modules the code names, plus those reached only through service loading or reflection: DNS lookups for dns-01
# (jdk.naming.dns), the process CPU metrics (jdk.management), EC keys through PKCS#11-free providers (jdk.crypto.ec),
# and every charset a peer might send (jdk.charsets).
found=$("$jdk/bin/jdeps" --multi-release "$feature" --ignore-missing-deps --print-module-deps "$jar")
modules="$found,jdk.naming.dns,jdk.management,jdk.crypto.ec,jdk.charsets,jdk.zipfs"
if [ "$feature" -ge 21 ]; then compress=zip-6; else compress=2; fi

parent=$(dirname "$out")
mkdir -p "$parent"
staging=$(mktemp -d "$parent/.$(basename "$out").XXXXXX")
trap 'rm -rf "$staging"' EXIT
chmod 0755 "$staging"

"$jdk/bin/jlink" --add-modules "$modules" --output "$staging/runtime" \
  --strip-debug --no-header-files --no-man-pages --compress="$compress"
mkdir -p "$staging/bin" "$staging/lib"
cp "$jar" "$staging/lib/signet.jar"
# the launcher's default JVM options, as ./signet's (docs/operations.md, "Memory and JVM options")
default_opts="-XX:+UseSerialGC -Xms32m -Xmx128m"
if [ "$feature" -ge 22 ]; then default_opts="$default_opts -XX:TrimNativeHeapInterval=5000"; fi
cat >"$staging/bin/signet" <<'LAUNCHER'
#!/bin/sh
# Signet CLI and CA server on the Java runtime shipped beside it. SIGNET_JAVA_OPTS replaces the JVM options
# (default: @DEFAULT_OPTS@; set it empty for the JVM's defaults). glibc's malloc is held to two arenas
# (MALLOC_ARENA_MAX=2) unless MALLOC_ARENA_MAX is set.
here=$(dirname "$(readlink -f "$0")")/..
MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
export MALLOC_ARENA_MAX
# shellcheck disable=SC2086 # options are split on purpose
exec "$here/runtime/bin/java" ${SIGNET_JAVA_OPTS-@DEFAULT_OPTS@} --enable-native-access=ALL-UNNAMED -jar "$here/lib/signet.jar" "$@"
LAUNCHER
sed -i "s|@DEFAULT_OPTS@|$default_opts|g" "$staging/bin/signet"
chmod 0755 "$staging/bin/signet"

rm -rf "$out"
mv "$staging" "$out"
trap - EXIT
echo "make-dist: $out ($(du -sh "$out" | cut -f1), Java $feature runtime with $modules)"
