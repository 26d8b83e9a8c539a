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
#      batch and check it; then stop nats-3, so that the streams' quorum needs the restarted nats-2,
#      push a fourth batch and check it; start nats-3 again
#
# Usage: infra/compose-smoke.sh [--cluster] [--keep] [--orders N] [--rate R]
# Env:   ORDERS_ENV_FILE (default infra/local/dev-secrets.env), ORDERS_SMOKE_PROJECT (compose
#        project name, default orders-smoke), COMPOSE (command, default `docker compose` when the
#        plugin answers, else docker-compose).
# Host ports: 8080 (monitor) and 8081-8082 (status-service) on 127.0.0.1 must be free.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

CLUSTER=0 KEEP=0 ORDERS=200 RATE=10
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

# True when a driver can use JetStream again: one probe order (own id prefix, not counted by the
# checks) pushed and seen through to its payment outcome.
jetstream_answers() {
  compose run --rm -T push-order --count 1 --prefix "probe$SECONDS" --wait --wait-timeout 20s \
    >>"$WORK/jetstream-probe.log" 2>&1
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

finish_push() { # prefix count [attempt]
  local status=0 attempt=${3:-1}
  wait "$PUSH_PID" || status=$?
  tail -n 12 "$WORK/push-$1.log" | sed 's/^/    | /'
  # Exit 2 = no answer from JetStream before anything was published (e.g. while a NATS cluster
  # elects new leaders); running it again is what an operator would do.
  if [ $status -eq 2 ] && [ "$attempt" -lt 4 ]; then
    say "push-order for $1 got no answer from JetStream (exit 2, nothing published): run $((attempt + 1))"
    mv "$WORK/push-$1.log" "$WORK/push-$1.attempt$attempt.log"
    start_push "$1" "$2"
    finish_push "$1" "$2" $((attempt + 1))
    return
  fi
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
say "status API: $(count_orders "$RUN-a" | awk '{print $1" orders seen, "$2" final"}'); stopping replica 2 of ${SERVICES[*]}"
docker stop -t 15 $(for service in "${SERVICES[@]}"; do replica "$service" 2; done) >/dev/null
say "stopped (status API: $(count_orders "$RUN-a" | awk '{print $1" orders seen, "$2" final"}'))"
finish_push "$RUN-a" "$ORDERS"

if [ $CLUSTER = 1 ]; then
  compose stop nats-2 >/dev/null 2>&1
  say "stopped NATS node nats-2"
  # Streams and consumers led by nats-2 elect a new leader among the other two: JetStream requests
  # time out for those few seconds (services retry on their own; a driver gives up at once).
  t=$SECONDS
  wait_for "JetStream answering without nats-2" 120 jetstream_answers
  say "JetStream answers without nats-2 (after $((SECONDS - t))s)"
  start_push "$RUN-b" $((ORDERS / 2))
  finish_push "$RUN-b" $((ORDERS / 2))

  compose start nats-2 >/dev/null 2>&1
  wait_for "nats-2 ready again" 60 started_twice nats-2
  say "started nats-2 again"
  start_push "$RUN-c" $((ORDERS / 2))
  finish_push "$RUN-c" $((ORDERS / 2))

  # nats-2 is back as a full member only if the streams keep a quorum without another node.
  compose stop nats-3 >/dev/null 2>&1
  say "stopped NATS node nats-3 (quorum now needs the restarted nats-2)"
  t=$SECONDS
  wait_for "JetStream answering without nats-3" 120 jetstream_answers
  say "JetStream answers without nats-3 (after $((SECONDS - t))s)"
  start_push "$RUN-d" $((ORDERS / 2))
  finish_push "$RUN-d" $((ORDERS / 2))
  compose start nats-3 >/dev/null 2>&1
  wait_for "nats-3 ready again" 60 started_twice nats-3
  say "started nats-3 again"
fi

say "remaining replicas still healthy"
wait_for "remaining replicas healthy" 60 all_healthy
