#!/usr/bin/env bash
# Smoke test of the docker compose set-up: the whole system, built from source, under a small load
# while instances fail. Exits non-zero on the first failure (and prints the containers' state and
# log tails); always tears down with `down -v` unless --keep.
#
#   1. docker compose up --build -d (of a snapshot of the working tree, in the log folder), wait until every service replica and the monitor are healthy
#   2. push-order (one-off `run`) submits --orders orders (default 200) at --rate per second
#   3. once the status API shows a quarter of them, stop one replica of each service
#   4. push-order --wait must succeed, and the status API must show every order in a final state
#      (Paid or PaymentFailed; push-order's workload here declines ~10%)
#   with --cluster (three NATS nodes, docker-compose.cluster.yml), afterwards:
#   5. stop NATS node nats-2, push another batch and check it; start nats-2 again, push a third
#      batch and check it
#
# Usage: infra/compose-smoke.sh [--cluster] [--keep] [--orders N] [--rate R]
# Env:   ORDERS_ENV_FILE (default infra/local/dev-secrets.env), ORDERS_SMOKE_PROJECT (compose
#        project name, default orders-smoke), COMPOSE (command, default `docker compose` when the
#        plugin answers, else docker-compose).
# Host ports: 8080 (monitor) and 8081-8082 (status-service) on 127.0.0.1 must be free.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

CLUSTER=0 KEEP=0 ORDERS=200 RATE=20
while [ $# -gt 0 ]; do
  case $1 in
    --cluster) CLUSTER=1 ;;
    --keep) KEEP=1 ;;
    --orders) ORDERS=$2; shift ;;
    --rate) RATE=$2; shift ;;
    -h | --help) sed -n '2,20p' "$0"; exit 0 ;;
    *) echo "compose-smoke: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

readonly PROJECT=${ORDERS_SMOKE_PROJECT:-orders-smoke}
readonly ENV_FILE=${ORDERS_ENV_FILE:-infra/local/dev-secrets.env}
readonly SERVICES=(order-service payment-service status-service)
FILES=(-f docker-compose.yml)
[ $CLUSTER = 1 ] && FILES+=(-f docker-compose.cluster.yml)
if [ -n "${COMPOSE:-}" ]; then
  read -r -a COMPOSE_CMD <<<"$COMPOSE"
elif docker compose version >/dev/null 2>&1; then
  COMPOSE_CMD=(docker compose)
else
  COMPOSE_CMD=(docker-compose)
fi
WORK=$(mktemp -d /tmp/orders-compose-smoke.XXXXXX)
STARTED=$SECONDS

say() { printf '[smoke %4ds] %s\n' $((SECONDS - STARTED)) "$*"; }
fail() { say "FAIL: $*"; exit 1; }
compose() { "${COMPOSE_CMD[@]}" -p "$PROJECT" --env-file "$ENV_FILE" "${FILES[@]}" "$@"; }

# Waits until "$@" succeeds, polling once a second; fails with $what after $seconds.
wait_for() {
  local what=$1 seconds=$2 deadline=$((SECONDS + $2))
  shift 2
  until "$@"; do
    [ $SECONDS -lt $deadline ] || fail "$what: not reached within ${seconds}s"
    sleep 1
  done
}

# Container id of replica $2 (1, 2, ...) of service $1, running or not.
replica() {
  docker ps -aq --filter "label=com.docker.compose.project=$PROJECT" \
    --filter "label=com.docker.compose.service=$1" --filter "label=com.docker.compose.container-number=$2"
}

running_replicas() {
  docker ps -q --filter "label=com.docker.compose.project=$PROJECT" --filter "label=com.docker.compose.service=$1"
}

# True when every running replica of the web services (and the monitor) reports healthy.
all_healthy() {
  local service id health
  for service in "${SERVICES[@]}" monitor; do
    [ -n "$(running_replicas "$service")" ] || return 1
    for id in $(running_replicas "$service"); do
      health=$(docker inspect -f '{{.State.Health.Status}}' "$id")
      [ "$health" = healthy ] || return 1
    done
  done
}

on_exit() {
  local status=$?
  if [ $status -ne 0 ]; then
    say "--- state at failure"
    compose ps || true
    for service in "${SERVICES[@]}" monitor nats; do
      say "--- last log lines of $service"
      compose logs --no-color --tail 15 "$service" 2>&1 | tail -n 30 || true
    done
  fi
  if [ $KEEP = 1 ]; then
    say "kept running (--keep): ${COMPOSE_CMD[*]} -p $PROJECT --env-file $ENV_FILE ${FILES[*]} down -v"
  else
    say "tearing down (down -v)"
    compose --profile drivers down -v --remove-orphans >"$WORK/down.log" 2>&1 || say "down failed: see $WORK/down.log"
  fi
  say "$([ $status -eq 0 ] && echo PASSED || echo FAILED) in $((SECONDS - STARTED))s (logs: $WORK)"
  exit $status
}
trap on_exit EXIT
trap 'exit 130' INT TERM

# Build and run a snapshot of the working tree (what the image build reads, plus the compose and
# infra files): files edited while the six images build cannot make them differ from each other.
mkdir "$WORK/src"
tar -C "$REPO" --exclude=./.git --exclude=./.orders --exclude=./artifacts --exclude=./tests \
  --exclude=bin --exclude=obj --exclude=node_modules -cf - . | tar -C "$WORK/src" -xf -
cd "$WORK/src"

# True when replica 1 of $1 has logged "Server is ready" twice: it came back after a stop.
started_twice() {
  [ "$(docker logs "$(replica "$1" 1)" 2>&1 | grep -c 'Server is ready')" -ge 2 ]
}

# --- status API (through replica 1 of status-service, which the test never stops) -----------

status_url() {
  local id port
  id=$(replica status-service 1)
  port=$(docker port "$id" 8080/tcp | head -n 1) || return 1
  echo "http://$port"
}

# Prints "<count of orders with id prefix $1> <count of those in a final state>"; the API lists at
# most 1000 orders per call, so the checks stay below that.
count_orders() {
  curl -fsS --max-time 5 "$(status_url)/orders?limit=1000" | python3 -c '
import json, sys
prefix = sys.argv[1] + "-"
mine = [o for o in json.load(sys.stdin) if o["orderId"].startswith(prefix)]
print(len(mine), sum(o["status"] in ("Paid", "PaymentFailed") for o in mine))' "$1"
}

at_least_orders() { # prefix minimum
  local counts
  counts=$(count_orders "$1" 2>/dev/null) || return 1
  [ "${counts%% *}" -ge "$2" ]
}

all_final() { # prefix expected
  local counts
  counts=$(count_orders "$1" 2>/dev/null) || return 1
  [ "$counts" = "$2 $2" ]
}

# Pushes $2 orders with id prefix $1 as a one-off container, in the background; pid in PUSH_PID.
start_push() {
  say "push-order: $2 orders, prefix $1, rate $RATE/s, --wait"
  compose run --rm -T push-order --count "$2" --rate "$RATE" --decline-share 0.1 --seed 7 \
    --prefix "$1" --wait --wait-timeout 3m >"$WORK/push-$1.log" 2>&1 &
  PUSH_PID=$!
}

finish_push() { # prefix count
  local status=0
  wait "$PUSH_PID" || status=$?
  tail -n 12 "$WORK/push-$1.log" | sed 's/^/    | /'
  [ $status -eq 0 ] || fail "push-order for $1 exited with $status"
  wait_for "status API: all $2 orders of $1 Paid or PaymentFailed" 120 all_final "$1" "$2"
  say "status API: $(count_orders "$1" | awk '{print $2}')/$2 orders of $1 in a final state"
}

# --- run -----------------------------------------------------------------------------------

say "compose: ${COMPOSE_CMD[*]} ($("${COMPOSE_CMD[@]}" version --short 2>/dev/null || echo '?')), project $PROJECT, files ${FILES[*]}"
docker info >/dev/null 2>&1 || fail "no Docker engine answers (start one first)"

say "up --build -d"
t=$SECONDS
compose up --build -d >"$WORK/up.log" 2>&1 || { tail -n 40 "$WORK/up.log"; fail "compose up failed"; }
say "up took $((SECONDS - t))s"
t=$SECONDS
compose --profile drivers build push-order >"$WORK/build-push-order.log" 2>&1 ||
  { tail -n 40 "$WORK/build-push-order.log"; fail "building push-order failed"; }
say "push-order image ready after $((SECONDS - t))s"

wait_for "all replicas healthy" 300 all_healthy
say "healthy: $(for s in "${SERVICES[@]}" monitor; do printf '%s x%s  ' "$s" "$(running_replicas "$s" | wc -l)"; done)"
say "status API at $(status_url), dashboard at http://127.0.0.1:8080"

# Orders carry a per-run prefix, so a kept volume with older orders cannot make a check pass.
RUN=smoke$(date +%H%M%S)
start_push "$RUN-a" "$ORDERS"
wait_for "a quarter of the orders visible" 180 at_least_orders "$RUN-a" $((ORDERS / 4))
for service in "${SERVICES[@]}"; do
  docker stop -t 10 "$(replica "$service" 2)" >/dev/null
done
say "stopped replica 2 of ${SERVICES[*]} mid-run (status API: $(count_orders "$RUN-a" | awk '{print $1" orders seen, "$2" final"}'))"
finish_push "$RUN-a" "$ORDERS"

if [ $CLUSTER = 1 ]; then
  compose stop nats-2 >/dev/null 2>&1
  say "stopped NATS node nats-2"
  start_push "$RUN-b" $((ORDERS / 2))
  finish_push "$RUN-b" $((ORDERS / 2))

  compose start nats-2 >/dev/null 2>&1
  wait_for "nats-2 ready again" 60 started_twice nats-2
  say "started nats-2 again"
  start_push "$RUN-c" $((ORDERS / 2))
  finish_push "$RUN-c" $((ORDERS / 2))
  say "nats-2 after its restart: $(docker logs "$(replica nats-2 1)" 2>&1 | grep -ci 'catchup') catch-up log lines"
fi

say "remaining replicas still healthy"
wait_for "remaining replicas healthy" 60 all_healthy
