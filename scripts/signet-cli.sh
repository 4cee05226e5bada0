# Sourced by the runbook scripts: sets SIGNET, the command that runs the CLI, unless it is set already
# (default: signet on PATH, else the project's shaded jar). Needs $here, the repository root.
if [ -z "${SIGNET:-}" ]; then
  if command -v signet >/dev/null 2>&1; then SIGNET=signet
  else SIGNET="java --enable-native-access=ALL-UNNAMED -jar $here/signet-cli/target/signet.jar"; fi
fi
