#!/usr/bin/env bash
# Installs what running or testing Orders needs on a Debian 12 machine, and only what is missing:
# nats-server (JetStream), PostgreSQL 15, Node.js + npm (the official-client interop test) and
# Chromium (the dashboard's browser test); with ORDERS_DEPS_FOR=run (./run.sh) curl and iproute2
# instead of the last two. Sourced by ./run.sh and ./test.sh; safe to re-run.
set -euo pipefail

orders_missing_packages() {
  local missing=()
  command -v nats-server >/dev/null 2>&1 || missing+=(nats-server)
  [ -x /usr/lib/postgresql/15/bin/initdb ] || missing+=(postgresql postgresql-contrib)
  if [ "${ORDERS_DEPS_FOR:-test}" = run ]; then # run.sh probes health with curl, ports with ss
    command -v curl >/dev/null 2>&1 || missing+=(curl)
    command -v ss >/dev/null 2>&1 || missing+=(iproute2)
  fi
  if [ "${ORDERS_DEPS_FOR:-test}" = test ]; then
    command -v node >/dev/null 2>&1 || missing+=(nodejs)
    command -v npm >/dev/null 2>&1 || missing+=(npm)
    command -v chromium >/dev/null 2>&1 || missing+=(chromium)
  fi
  echo "${missing[@]:-}"
}

orders_ensure_deps() {
  local missing
  missing=$(orders_missing_packages)
  if [ -n "${missing// /}" ]; then
    if [ "$(id -u)" -ne 0 ]; then
      echo "Missing packages: $missing. Install them with: sudo apt-get install -y $missing" >&2
      return 1
    fi
    echo "Installing missing packages: $missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    # shellcheck disable=SC2086
    apt-get install -y -qq --no-install-recommends $missing >/dev/null
    # Debian's nats-server package enables a system service on 127.0.0.1:4222 (no JetStream), which
    # would take the port run.sh uses by default. We just installed it, nobody relies on it yet:
    # stop and disable it. A nats-server that was already installed is left alone.
    if [[ " $missing " == *" nats-server "* ]] && [ -d /run/systemd/system ]; then
      if systemctl disable --now nats-server.service >/dev/null 2>&1; then
        echo "Disabled the nats-server system service the package started (Orders runs its own)."
      fi
    fi
  fi
  # Debian's postgresql package starts a system cluster on 5432; Orders never uses it (tests and
  # run.sh start private clusters), so leave it alone rather than stopping someone else's server.
  if ! command -v dotnet >/dev/null 2>&1; then
    echo "The .NET 10 SDK is required (dotnet not found on PATH)." >&2
    return 1
  fi
}
