#!/usr/bin/env bash
# Installs what running or testing Orders needs on a Debian 12 machine, and only what is missing:
# nats-server (JetStream), PostgreSQL 15, Node.js + npm (the official-client interop test) and
# Chromium (the dashboard's browser test); with ORDERS_DEPS_FOR=run (./run.sh) curl and iproute2
# instead of the last two. Sourced by ./run.sh and ./test.sh; safe to re-run.
# orders_select_test_postgres (./test.sh) picks the tests' PostgreSQL backend and, for the
# container backend, makes sure a Docker engine answers and the postgres:16 image is present.
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

# The team's offline-images tool (start-dockerd.sh, build-images.sh) beside the repo; CI copies
# shared/ next to its checkout the same way.
ORDERS_OFFLINE_IMAGES=${ORDERS_OFFLINE_IMAGES:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/../shared/tools/offline-images}
ORDERS_TEST_PG_IMAGE=postgres:16
ORDERS_TEST_CONTAINER_LABEL=orders.tests

orders_docker_answers() { command -v docker >/dev/null 2>&1 && timeout 10 docker info >/dev/null 2>&1; }

# As root on Debian with no engine answering: install Debian's docker.io if dockerd is missing and
# start the engine (through offline-images' start-dockerd.sh when present: it also sets up the
# NAT'ed bridge and storage driver this machine needs). Prints why it could not, returns non-zero.
orders_start_docker() {
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "no Docker engine answers (and only root on Debian may install or start one here)"
    return 1
  fi
  if ! command -v dockerd >/dev/null 2>&1; then
    echo "Installing Debian's docker.io (the tests' default PostgreSQL backend runs in a container)" >&2
    export DEBIAN_FRONTEND=noninteractive
    if ! { apt-get update -qq -o DPkg::Lock::Timeout=300 &&
           apt-get install -y -qq -o DPkg::Lock::Timeout=300 --no-install-recommends docker.io >/dev/null; }; then
      echo "installing docker.io failed"
      return 1
    fi
  fi
  # bash, not ./: a read-only copy of shared/ may have lost the execute bits.
  if [ -f "$ORDERS_OFFLINE_IMAGES/start-dockerd.sh" ]; then
    bash "$ORDERS_OFFLINE_IMAGES/start-dockerd.sh" >&2 || { echo "start-dockerd.sh could not start an engine"; return 1; }
  elif [ -d /run/systemd/system ]; then
    systemctl start docker >/dev/null 2>&1 || { echo "systemctl start docker failed"; return 1; }
  else
    mkdir -p /var/log
    setsid nohup dockerd >>/var/log/orders-dockerd.log 2>&1 </dev/null &
  fi
  local deadline=$((SECONDS + 90))
  until orders_docker_answers; do
    [ $SECONDS -lt $deadline ] || { echo "dockerd did not answer within 90s (log: /var/log/orders-dockerd.log)"; return 1; }
    sleep 1
  done
}

# postgres:16 present locally: pulled, or else built as a stand-in by offline-images.
orders_ensure_pg_image() {
  docker image inspect "$ORDERS_TEST_PG_IMAGE" >/dev/null 2>&1 && return 0
  if timeout 300 docker pull -q "$ORDERS_TEST_PG_IMAGE" >/dev/null 2>&1; then
    return 0
  fi
  if [ -f "$ORDERS_OFFLINE_IMAGES/build-images.sh" ] && [ "$(id -u)" -eq 0 ]; then
    echo "No registry answers for $ORDERS_TEST_PG_IMAGE; building the offline-images stand-in (PostgreSQL 15 inside, ~2-3 min once)" >&2
    local started=$SECONDS
    if bash "$ORDERS_OFFLINE_IMAGES/build-images.sh" postgres >&2; then
      echo "Built the $ORDERS_TEST_PG_IMAGE stand-in in $((SECONDS - started))s" >&2
      return 0
    fi
    echo "docker pull failed and the offline-images build failed"
    return 1
  fi
  echo "docker pull $ORDERS_TEST_PG_IMAGE failed and no offline-images tool at $ORDERS_OFFLINE_IMAGES"
  return 1
}

# Decides ORDERS_TEST_PG for this run and exports it (with what Testcontainers needs on this
# machine), then prints one line naming the backend. ORDERS_TEST_PG already set to process or a
# connection string is kept; container (set, or the default) falls back to process only when unset.
orders_select_test_postgres() {
  local requested=${ORDERS_TEST_PG:-} why
  case "$requested" in
    process)
      echo "PostgreSQL for tests: process (host's PostgreSQL 15 binaries; ORDERS_TEST_PG=process)"
      return 0 ;;
    ''|container) ;;
    *)
      echo "PostgreSQL for tests: external server (ORDERS_TEST_PG holds a connection string)"
      return 0 ;;
  esac

  if why=$(orders_docker_answers || orders_start_docker) && why=$(orders_ensure_pg_image); then
    # Debian 12's Docker 20.10 speaks API 1.41; Testcontainers 4.17 asks for 1.44 unless told.
    local api
    api=$(docker version --format '{{.Server.APIVersion}}' 2>/dev/null || true)
    [ -n "${DOCKER_API_VERSION:-}" ] || [ -z "$api" ] || export DOCKER_API_VERSION="$api"
    # Ryuk's image cannot be pulled offline; the fixture removes its own containers and here we
    # remove what a crashed run left behind.
    export TESTCONTAINERS_RYUK_DISABLED=${TESTCONTAINERS_RYUK_DISABLED:-true}
    local leftovers
    leftovers=$(docker ps -aq --filter "label=$ORDERS_TEST_CONTAINER_LABEL" 2>/dev/null || true)
    if [ -n "$leftovers" ]; then
      # shellcheck disable=SC2086
      docker rm -f -v $leftovers >/dev/null 2>&1 || true
      echo "Removed $(echo "$leftovers" | wc -w) leftover test container(s) of an earlier run" >&2
    fi
    export ORDERS_TEST_PG=container
    echo "PostgreSQL for tests: container ($ORDERS_TEST_PG_IMAGE via Testcontainers, Docker $(docker version --format '{{.Server.Version}}' 2>/dev/null), API ${DOCKER_API_VERSION:-default})"
    return 0
  fi
  if [ "$requested" = container ]; then
    echo "PostgreSQL for tests: container was requested (ORDERS_TEST_PG=container) but $why" >&2
    return 1
  fi
  export ORDERS_TEST_PG=process
  echo "PostgreSQL for tests: process (fallback: $why)"
}
