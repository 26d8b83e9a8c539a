#!/usr/bin/env bash
# Runs all of Orders on this machine, no Docker needed (Debian 12; as root it installs what is
# missing with apt and runs PostgreSQL as the `postgres` user).
#
#   ./run.sh                 build, start everything, push a demo batch, ship and deliver it with
#                            update-status --follow, print where to look; Ctrl-C stops everything
#   ./run.sh up              build and start in the background; returns once every process is healthy
#   ./run.sh down            stop what `up` started (only the processes in the pid files)
#   ./run.sh status          one line per process: name, pid, port, health (with the reason when not healthy)
#   ./run.sh logs [name]     tail -f every log, or one process's (`order-service` = both instances)
#   ./run.sh push-order ...  run a driver against the running system (its --help lists the options)
#   ./run.sh update-status ...
#   ./run.sh bench [orders]  start, measure orders/s, CPU per order, the PostgreSQL ceiling and latency, stop (docs/benchmarks.md)
#
# Ports (all on 127.0.0.1)     default   set with
#   nats-server clients          4222    ORDERS_NATS_PORT
#   nats-server monitoring       8222    ORDERS_NATS_HTTP_PORT
#   PostgreSQL                   5433    ORDERS_PG_PORT   (not 5432: a system PostgreSQL may be there)
#   monitor (dashboard)          8080    ORDERS_MONITOR_PORT
#   status-service-1 (query API) 8081    ORDERS_STATUS_PORT = S
#   status-service-2             8082    S+1
#   order-service-1, -2          8083-4  S+2, S+3
#   payment-service-1, -2        8085-6  S+4, S+5
# Every service serves GET /healthz on its port.
#
# Files: ORDERS_HOME (default ./.orders): nats/ JetStream store and pg/ PostgreSQL cluster (both kept
# between runs; delete the folder to start afresh), logs/ (one per process, emptied at each start),
# run/ (pid files), app/ (a copy of the build output, so a rebuild cannot pull files from under a
# running service). Passwords: infra/local/dev-secrets.env, development-only defaults that the
# environment overrides; each process is started with a clean environment holding only its own.
# ORDERS_NO_BUILD=1 skips the build; ORDERS_UP_TIMEOUT (seconds, default 120) bounds `up`.
# Tracing: spans go to the monitor (Zipkin JSON, http://127.0.0.1:<monitor port>/api/v2/spans; set
# ORDERS_TRACING_ZIPKIN to another endpoint, or empty for none) and over OTLP too when
# OTEL_EXPORTER_OTLP_ENDPOINT is set.
set -euo pipefail

readonly REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ORDERS_HOME=$(realpath -m "${ORDERS_HOME:-$REPO/.orders}")
readonly ORDERS_HOME LOG_DIR=$ORDERS_HOME/logs RUN_DIR=$ORDERS_HOME/run APP_DIR=$ORDERS_HOME/app
readonly PG_DIR=$ORDERS_HOME/pg NATS_DIR=$ORDERS_HOME/nats

# The ports of a running system (written by `up`) win over the environment for every other command,
# so `status`, `down` and the drivers reach what is running whatever this shell has set.
if [[ ${1:-} != "" && ${1:-} != up && -f $RUN_DIR/ports ]]; then
  # shellcheck source=/dev/null
  source "$RUN_DIR/ports"
fi
readonly NATS_PORT=${ORDERS_NATS_PORT:-4222} NATS_HTTP_PORT=${ORDERS_NATS_HTTP_PORT:-8222}
readonly PG_PORT=${ORDERS_PG_PORT:-5433} MONITOR_PORT=${ORDERS_MONITOR_PORT:-8080}
readonly STATUS_PORT=${ORDERS_STATUS_PORT:-8081}
readonly NATS_URL=nats://127.0.0.1:$NATS_PORT
readonly PG_BIN=/usr/lib/postgresql/15/bin
# Six service instances share PostgreSQL: each pool is bounded so that together they stay well under
# max_connections (300). A full pool makes a handler wait for a connection (back-pressure) instead of
# the server refusing new ones, which would turn load into transient failures and redeliveries.
readonly PG_POOL_SIZE=${ORDERS_PG_POOL_SIZE:-30}

# Service instances: name, port, project, NATS user, database, PostgreSQL role.
readonly SERVICES=(
  "order-service-1   $((STATUS_PORT + 2)) Orders.OrderService   order-service   orders_order   order_service"
  "order-service-2   $((STATUS_PORT + 3)) Orders.OrderService   order-service   orders_order   order_service"
  "payment-service-1 $((STATUS_PORT + 4)) Orders.PaymentService payment-service orders_payment payment_service"
  "payment-service-2 $((STATUS_PORT + 5)) Orders.PaymentService payment-service orders_payment payment_service"
  "status-service-1  $STATUS_PORT         Orders.StatusService  status-service  orders_status  status_service"
  "status-service-2  $((STATUS_PORT + 1)) Orders.StatusService  status-service  orders_status  status_service"
)
# Everything `up` starts, in start order; `down` stops them in reverse tiers (see stop_all).
readonly PROCESSES=(nats-server postgres order-service-1 order-service-2 payment-service-1
  payment-service-2 status-service-1 status-service-2 monitor)
readonly DEMO_ARGS=(--count 50 --decline-share 0.1 --duplicates 0.1 --bad 3 --wait)

say() { printf '%s\n' "$*"; }
fail() { printf 'run.sh: %s\n' "$*" >&2; exit 1; }

# --- configuration -------------------------------------------------------------------------

load_dev_secrets() { # every KEY=VALUE line is a default: a variable already set wins
  local line key
  while IFS= read -r line || [ -n "$line" ]; do
    [[ "$line" =~ ^[A-Z0-9_]+= ]] || continue
    key=${line%%=*}
    [ -n "${!key:-}" ] || export "$key=${line#*=}"
  done <"$REPO/infra/local/dev-secrets.env"
}

secret_var() { # NATS user or PostgreSQL role -> its password variable's name
  local kind=$1 user=${2//-/_}
  printf 'ORDERS_%s_PASSWORD_%s' "$kind" "${user^^}"
}

# The environment a process starts with: nothing inherited but what running needs, so that each
# process sees only its own password.
base_env() {
  printf '%s\n' "PATH=$PATH" "HOME=${HOME:-/}" "LANG=${LANG:-C.UTF-8}"
  local name
  for name in DOTNET_ROOT TZ NO_COLOR; do
    [ -z "${!name:-}" ] || printf '%s\n' "$name=${!name}"
  done
  # The .NET runtime's own knobs (DOTNET_gcServer, DOTNET_ThreadPool_*, ...) pass through, so their
  # effect on the services can be measured with `./run.sh bench` without editing anything.
  for name in $(compgen -e | grep -E '^DOTNET_' | grep -vE '^DOTNET_(ROOT|CLI_TELEMETRY_OPTOUT|NOLOGO)$' || true); do
    printf '%s\n' "$name=${!name}"
  done
  printf '%s\n' DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
  # So do the services' pipeline and tracing settings (e.g. ORDERS_Pipeline__MaxInFlight=16,
  # ORDERS_Tracing__Database=false).
  for name in $(compgen -e | grep -E '^ORDERS_(Pipeline|Tracing)__' || true); do
    printf '%s\n' "$name=${!name}"
  done
}

# Where services and drivers send spans: OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set here, and by
# default Zipkin JSON to the monitor, which shows an order's trace (ORDERS_TRACING_ZIPKIN= empty: off).
tracing_env() {
  local name zipkin=${ORDERS_TRACING_ZIPKIN-http://127.0.0.1:$MONITOR_PORT/api/v2/spans}
  for name in OTEL_EXPORTER_OTLP_ENDPOINT OTEL_EXPORTER_OTLP_PROTOCOL OTEL_EXPORTER_OTLP_HEADERS; do
    [ -z "${!name:-}" ] || printf '%s\n' "$name=${!name}"
  done
  # An ORDERS_Tracing__ZipkinEndpoint of the caller's was passed on by base_env and wins.
  [ -z "$zipkin" ] || [ -n "${ORDERS_Tracing__ZipkinEndpoint+set}" ] || printf '%s\n' "ORDERS_Tracing__ZipkinEndpoint=$zipkin"
}

# --- process bookkeeping: run/<name> holds "pid start-time port" --------------------------

start_time() { # field 22 of /proc/<pid>/stat, counted after the parenthesised command name
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  stat=${stat##*) }
  set -- $stat
  printf '%s' "${20}"
}

pid_of() { local pid _rest; read -r pid _rest 2>/dev/null <"$RUN_DIR/$1" && printf '%s' "$pid"; }
port_of() { local _pid _start port; read -r _pid _start port 2>/dev/null <"$RUN_DIR/$1" && printf '%s' "$port"; }

# True while the recorded process runs: same pid AND same start time (a reused pid is not ours),
# and not a zombie waiting to be reaped.
is_running() {
  local pid started state stat
  [ -f "$RUN_DIR/$1" ] && read -r pid started _ <"$RUN_DIR/$1" || return 1
  stat=$(cat "/proc/$pid/stat" 2>/dev/null) || return 1
  stat=${stat##*) }
  set -- $stat
  [ "$1" != Z ] && [ "${20}" = "$started" ]
}

# Starts "$@" in its own session (a Ctrl-C in the terminal reaches only this script, which then
# stops everything in order), output appended to logs/<name>.log, and records it.
start_process() {
  local name=$1 port=$2
  shift 2
  : >"$LOG_DIR/$name.log"
  setsid "$@" </dev/null >>"$LOG_DIR/$name.log" 2>&1 &
  local pid=$!
  printf '%s %s %s\n' "$pid" "$(start_time "$pid")" "$port" >"$RUN_DIR/$name"
}

running_processes() { # recorded and still running, in start order
  local name
  for name in "${PROCESSES[@]}" update-status; do
    if is_running "$name"; then printf '%s\n' "$name"; fi
  done
}

# SIGTERM to every running process of a tier, wait for all (services drain their work and NATS
# connection), SIGKILL what is left after the timeout. PostgreSQL gets SIGINT: its "fast"
# shutdown (SIGTERM would wait for clients to disconnect).
stop_tier() {
  local timeout=$1 name pid waited=0 signal
  shift
  local names=()
  for name in "$@"; do
    is_running "$name" || { rm -f "$RUN_DIR/$name"; continue; }
    names+=("$name")
    pid=$(pid_of "$name")
    signal=TERM
    [ "$name" != postgres ] || signal=INT
    say "  stopping $name (pid $pid, SIG$signal)"
    kill -s "$signal" "$pid" 2>/dev/null || true
  done
  [ ${#names[@]} -gt 0 ] || return 0
  while :; do
    local left=()
    for name in "${names[@]}"; do
      if is_running "$name"; then left+=("$name"); fi
    done
    [ ${#left[@]} -gt 0 ] || break
    if [ "$waited" -ge $((timeout * 5)) ]; then
      for name in "${left[@]}"; do
        say "  $name did not stop within ${timeout}s: SIGKILL"
        kill -s KILL "$(pid_of "$name")" 2>/dev/null || true
      done
      sleep 0.2
      break
    fi
    sleep 0.2
    waited=$((waited + 1))
  done
  for name in "${names[@]}"; do rm -f "$RUN_DIR/$name"; done
}

stop_all() {
  [ -d "$RUN_DIR" ] || return 0
  stop_tier 10 update-status
  stop_tier 30 monitor order-service-1 order-service-2 payment-service-1 payment-service-2 \
    status-service-1 status-service-2
  stop_tier 30 postgres nats-server
}

# --- checks --------------------------------------------------------------------------------

port_user() { # "nats-server (pid 123)" for a listening TCP port, empty when free
  { ss -Hltnp "sport = :$1" 2>/dev/null || true; } | head -n 1 |
    sed -n 's/.*users:(("\([^"]*\)",pid=\([0-9]*\).*/\1 (pid \2)/p;t;s/.*/another process/p'
}

check_ports() {
  local checks=("$NATS_PORT ORDERS_NATS_PORT" "$NATS_HTTP_PORT ORDERS_NATS_HTTP_PORT"
    "$PG_PORT ORDERS_PG_PORT" "$MONITOR_PORT ORDERS_MONITOR_PORT") entry name port rest variable user
  for entry in "${SERVICES[@]}"; do
    read -r name port rest <<<"$entry"
    checks+=("$port ORDERS_STATUS_PORT")
  done
  local seen=" "
  for entry in "${checks[@]}"; do
    read -r port variable <<<"$entry"
    [[ "$port" =~ ^[0-9]+$ ]] && [ "$port" -ge 1 ] && [ "$port" -le 65535 ] ||
      fail "$variable=$port is not a port number"
    [[ "$seen" != *" $port "* ]] || fail "port $port is used twice (status-service takes ORDERS_STATUS_PORT to +5) — set $variable"
    seen+="$port "
    user=$(port_user "$port")
    [ -z "$user" ] || fail "port $port is in use by $user — set $variable"
  done
}

check_not_running() {
  local running
  running=$(running_processes | tr '\n' ' ')
  [ -z "$running" ] || fail "already running: ${running% } (./run.sh status; ./run.sh down first)"
}

# --- build -----------------------------------------------------------------------------------

assembly_of() { # a project's <AssemblyName> (the drivers are push-order and update-status), else its name
  local name
  name=$(sed -n 's:.*<AssemblyName>\(.*\)</AssemblyName>.*:\1:p' "$REPO/services/$1/$1.csproj")
  printf '%s' "${name:-$1}"
}
app_dll() { printf '%s/%s/%s.dll' "$APP_DIR" "$1" "$(assembly_of "$1")"; }

build() {
  if [ "${ORDERS_NO_BUILD:-}" != 1 ]; then
    say "== build (Release)"
    dotnet msbuild "$REPO/infra/local/services.proj" -restore -p:Configuration=Release \
      -nologo -verbosity:quiet -nodeReuse:false
  fi
  local project output
  mkdir -p "$APP_DIR"
  for project in Orders.OrderService Orders.PaymentService Orders.StatusService Orders.Monitor \
    Orders.PushOrder Orders.UpdateStatus; do
    output=$REPO/services/$project/bin/Release/net10.0
    rm -rf "${APP_DIR:?}/$project"
    if [ -f "$output/$(assembly_of "$project").dll" ]; then
      cp -a "$output" "$APP_DIR/$project"
    elif [[ $project != Orders.PushOrder && $project != Orders.UpdateStatus ]]; then
      fail "$output/$(assembly_of "$project").dll is missing: build first (without ORDERS_NO_BUILD)"
    fi
  done
}

# --- infrastructure --------------------------------------------------------------------------

# PostgreSQL refuses to run as root: as root, its files belong to `postgres` and it runs as that
# user; otherwise it runs as the caller. Its superuser is that OS user, reached through the cluster's
# own socket directory with peer authentication; TCP (what the services use) needs a password.
AS_PG_USER=() # command prefix
[ "$(id -u)" -ne 0 ] || AS_PG_USER=(setpriv --reuid=postgres --regid=postgres --init-groups --)
readonly AS_PG_USER
pg_os_user() { if [ "$(id -u)" -eq 0 ]; then printf postgres; else id -un; fi; }

start_nats() {
  mkdir -p "$NATS_DIR"
  local env=() user
  mapfile -t env < <(base_env)
  for user in order-service payment-service status-service monitor driver; do
    local variable
    variable=$(secret_var NATS "$user")
    env+=("$variable=${!variable}")
  done
  start_process nats-server "$NATS_PORT" env -i "${env[@]}" nats-server \
    -c "$REPO/infra/nats/nats-server.conf" -a 127.0.0.1 -p "$NATS_PORT" -m "$NATS_HTTP_PORT" \
    -js -sd "$NATS_DIR"
}

# Extra `-c name=value` arguments for the server (the benchmark loads pg_stat_statements this way:
# shared_preload_libraries is read only at server start).
PG_EXTRA_SETTINGS=()

start_postgres() {
  local data=$PG_DIR/data socket=$PG_DIR/socket owner
  owner=$(pg_os_user)
  mkdir -p "$data" "$socket"
  [ "$(id -u)" -ne 0 ] || chown "$owner:" "$PG_DIR" "$data" "$socket"
  "${AS_PG_USER[@]}" test -w "$socket" ||
    fail "user $owner cannot write $socket: choose an ORDERS_HOME whose parent folders it can enter"
  [ ${#socket} -le 90 ] || fail "ORDERS_HOME is too long for a PostgreSQL socket path ($socket)"
  if [ ! -f "$data/PG_VERSION" ]; then
    say "== creating the PostgreSQL cluster in $data (first run)"
    (cd / && "${AS_PG_USER[@]}" "$PG_BIN/initdb" -D "$data" -U "$owner" --auth-local=peer \
      --auth-host=scram-sha-256 --encoding=UTF8 --no-locale) >"$LOG_DIR/postgres-initdb.log" 2>&1 ||
      fail "initdb failed: see $LOG_DIR/postgres-initdb.log"
  fi
  local env=()
  mapfile -t env < <(base_env)
  start_process postgres "$PG_PORT" "${AS_PG_USER[@]}" env -i "${env[@]}" "$PG_BIN/postgres" -D "$data" \
    -c port="$PG_PORT" -c listen_addresses=127.0.0.1 -c unix_socket_directories="$socket" \
    -c max_connections=300 "${PG_EXTRA_SETTINGS[@]+"${PG_EXTRA_SETTINGS[@]}"}"
}

# One database and role per service; idempotent, so it runs at every start (a changed password
# in the environment takes effect). Fed on stdin: the postgres user need not read the repository.
init_databases() {
  local env=() variable role
  mapfile -t env < <(base_env)
  for role in order_service payment_service status_service; do
    variable=$(secret_var PG "$role")
    env+=("$variable=${!variable}")
  done
  (cd / && "${AS_PG_USER[@]}" env -i "${env[@]}" HOME="$PG_DIR" PGHOST="$PG_DIR/socket" PGPORT="$PG_PORT" \
    POSTGRES_USER="$(pg_os_user)" bash -s <"$REPO/infra/postgres/init-databases.sh") \
    >>"$LOG_DIR/postgres.log" 2>&1 || fail "creating the databases failed: see $LOG_DIR/postgres.log"
}

# --- services ------------------------------------------------------------------------------

# Settings on the command line (they win over appsettings.json, and `ps` shows what each instance
# is), secrets only in the environment: the NATS password as ORDERS_Nats__Password, the PostgreSQL
# one as libpq's PGPASSWORD, which Npgsql reads, so the connection string holds no secret.
start_service() {
  local name=$1 port=$2 project=$3 user=$4 database=$5 role=$6 env=() nats_password pg_password
  nats_password=$(secret_var NATS "$user")
  pg_password=$(secret_var PG "$role")
  mapfile -t env < <(base_env; tracing_env)
  env+=("ORDERS_Nats__Password=${!nats_password}" "PGPASSWORD=${!pg_password}")
  start_process "$name" "$port" env -i -C "$APP_DIR/$project" "${env[@]}" dotnet "$project.dll" \
    --urls "http://127.0.0.1:$port" --InstanceId="$name" --Nats:Url="$NATS_URL" --Nats:User="$user" \
    --Postgres:ConnectionString="Host=127.0.0.1;Port=$PG_PORT;Database=$database;Username=$role;Maximum Pool Size=$PG_POOL_SIZE"
}

start_monitor() {
  local env=()
  mapfile -t env < <(base_env)
  env+=("ORDERS_Nats__Password=$ORDERS_NATS_PASSWORD_MONITOR" NO_COLOR=1)
  start_process monitor "$MONITOR_PORT" env -i -C "$APP_DIR/Orders.Monitor" "${env[@]}" \
    dotnet Orders.Monitor.dll --urls "http://127.0.0.1:$MONITOR_PORT" --Nats:Url="$NATS_URL" \
    --Nats:User=monitor
}

driver_env() { # section Nats, as every process reads it: server, the `driver` user and its password; where spans go
  base_env
  tracing_env
  printf '%s\n' "ORDERS_Nats__Url=$NATS_URL" "ORDERS_Nats__User=driver" "ORDERS_Nats__Password=$ORDERS_NATS_PASSWORD_DRIVER"
}

run_driver() { # foreground: push-order | update-status, then its arguments
  local project env=()
  case $1 in push-order) project=Orders.PushOrder ;; update-status) project=Orders.UpdateStatus ;; esac
  shift
  [ -f "$(app_dll "$project")" ] || fail "$project is not built: ./run.sh up builds it"
  mapfile -t env < <(driver_env)
  env -i "${env[@]}" dotnet "$(app_dll "$project")" "$@"
}

# --- health ----------------------------------------------------------------------------------

health_of() { # healthy | degraded: why | unhealthy: why — from /healthz where the process has one
  local name=$1 port body status why
  case $name in
    nats-server|postgres|update-status)
      if is_healthy "$name"; then echo healthy; else echo unhealthy; fi
      return ;;
  esac
  port=$(port_of "$name")
  body=$(curl -sS -m 2 "http://127.0.0.1:$port/healthz" 2>/dev/null) || { echo "unhealthy: no answer on :$port/healthz"; return; }
  status=$(printf '%s' "$body" | grep -o '"status":"[A-Za-z]*"' | head -n 1 | cut -d'"' -f4 | tr '[:upper:]' '[:lower:]')
  # Services list what is down or degraded by check; the monitor lists reasons.
  why=$(printf '%s' "$body" | grep -o '"down":{[^}]*}\|"degraded":{[^}]*}\|"reasons":\[[^]]*\]' | grep -v ':{}$\|:\[\]$' | tr '\n' ' ')
  case $status in
    healthy|ok) echo healthy ;;
    *) echo "${status:-unknown}: ${why% }" ;;
  esac
}

is_healthy() {
  local name=$1 port
  is_running "$name" || return 1
  port=$(port_of "$name")
  case $name in
    nats-server) curl -fsS -m 2 -o /dev/null "http://127.0.0.1:$NATS_HTTP_PORT/healthz" 2>/dev/null ;;
    postgres) "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$port" ;;
    update-status) true ;;
    *) curl -fsS -m 2 -o /dev/null "http://127.0.0.1:$port/healthz" 2>/dev/null ;;
  esac
}

show_log_tail() {
  say "---- last lines of $LOG_DIR/$1.log"
  tail -n 25 "$LOG_DIR/$1.log" 2>/dev/null | sed 's/^/  /' || true
}

# Waits until every named process answers its health check; a process that exits fails at once.
wait_healthy() {
  local timeout=$1 deadline name
  shift
  deadline=$((SECONDS + timeout))
  local pending=("$@")
  while [ ${#pending[@]} -gt 0 ]; do
    local still=()
    for name in "${pending[@]}"; do
      if ! is_running "$name"; then
        show_log_tail "$name"
        fail "$name exited while starting"
      fi
      if ! is_healthy "$name"; then still+=("$name"); fi
    done
    pending=("${still[@]+"${still[@]}"}")
    [ ${#pending[@]} -gt 0 ] || break
    if [ $SECONDS -ge $deadline ]; then
      for name in "${pending[@]}"; do show_log_tail "$name"; done
      fail "not healthy after ${timeout}s: ${pending[*]}"
    fi
    sleep 0.5
  done
}

# --- commands --------------------------------------------------------------------------------

# Stops whatever this invocation started if it ends early (an error, Ctrl-C): set while starting,
# cleared by `up` once everything is healthy; the interactive run keeps it until the end.
STOP_ON_EXIT=0
on_exit() {
  local status=$?
  set +e
  if [ "$STOP_ON_EXIT" = 1 ] && [ -n "$(running_processes)" ]; then
    say ""
    say "== stopping everything run.sh started"
    stop_all
    say "== stopped: no Orders process left running (logs in $LOG_DIR)"
  fi
  exit "$status"
}

start_all() {
  local timeout=${ORDERS_UP_TIMEOUT:-120} started=$SECONDS entry
  load_dev_secrets
  mkdir -p "$ORDERS_HOME" "$LOG_DIR" "$RUN_DIR"
  check_not_running
  # shellcheck source=infra/local/ensure-deps.sh
  ORDERS_DEPS_FOR=run source "$REPO/infra/local/ensure-deps.sh"
  ORDERS_DEPS_FOR=run orders_ensure_deps
  check_ports
  printf 'ORDERS_%s=%s\n' NATS_PORT "$NATS_PORT" NATS_HTTP_PORT "$NATS_HTTP_PORT" PG_PORT "$PG_PORT" \
    MONITOR_PORT "$MONITOR_PORT" STATUS_PORT "$STATUS_PORT" >"$RUN_DIR/ports"
  build
  started=$SECONDS # the timeout bounds starting, not building

  STOP_ON_EXIT=1
  say "== starting nats-server ($NATS_URL) and PostgreSQL (127.0.0.1:$PG_PORT)"
  start_nats
  start_postgres
  wait_healthy 30 nats-server postgres
  init_databases

  say "== starting 2 x order-service, 2 x payment-service, 2 x status-service, monitor"
  for entry in "${SERVICES[@]}"; do
    # shellcheck disable=SC2086 # the fields of one line
    start_service $entry
  done
  start_monitor
  wait_healthy $((timeout - (SECONDS - started) > 30 ? timeout - (SECONDS - started) : 30)) \
    "${PROCESSES[@]:2}"
  say "== all healthy after $((SECONDS - started))s"
}

cmd_up() {
  trap on_exit EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  start_all
  STOP_ON_EXIT=0
  cmd_status
  print_where_to_look
  say "Stop with ./run.sh down."
}

cmd_down() {
  local running
  running=$(running_processes)
  if [ -z "$running" ]; then
    say "nothing is running (no live process in $RUN_DIR)"
    rm -f "$RUN_DIR"/* 2>/dev/null || true
    return 0
  fi
  say "== stopping"
  stop_all
  say "== stopped"
}

cmd_status() {
  local name pid port health any=0
  printf '%-18s %-8s %-6s %s\n' NAME PID PORT HEALTH
  for name in "${PROCESSES[@]}" update-status; do
    [ -f "$RUN_DIR/$name" ] || continue
    any=1
    pid=$(pid_of "$name")
    port=$(port_of "$name")
    if ! is_running "$name"; then health="not running"
    else health=$(health_of "$name"); fi
    printf '%-18s %-8s %-6s %s\n' "$name" "$pid" "$port" "$health"
  done
  [ "$any" = 1 ] || say "(nothing started: ./run.sh up)"
}

cmd_logs() {
  local pattern=${1:-}
  local logs=("$LOG_DIR/$pattern"*.log)
  [ -e "${logs[0]}" ] || fail "no log matches '$pattern' in $LOG_DIR"
  exec tail -n 20 -F "${logs[@]}"
}

print_where_to_look() {
  say ""
  say "Where to look:"
  say "  dashboard        http://127.0.0.1:$MONITOR_PORT"
  say "  status API       http://127.0.0.1:$STATUS_PORT/orders?limit=10   (and /stats, /orders/<id>)"
  say "  NATS monitoring  http://127.0.0.1:$NATS_HTTP_PORT"
  say "  logs             ./run.sh logs [name]   ($LOG_DIR)"
  say "  more orders      ./run.sh push-order --count 1000 --rate 200 --wait"
}

stats_json() { curl -fsS -m 3 "http://127.0.0.1:$STATUS_PORT/stats"; }
stat_count() { sed -n "s/.*\"$1\":\([0-9]*\).*/\1/p" <<<"$2"; }

# Orders not yet in a final status (Created, Paid, Shipped); empty when status-service does not answer.
in_flight() {
  local stats
  stats=$(stats_json) || return 0
  echo $(($(stat_count Created "$stats") + $(stat_count Paid "$stats") + $(stat_count Shipped "$stats")))
}

print_stats() {
  local stats
  stats=$(stats_json) || { say "(GET /stats failed)"; return; }
  say "Orders by status, this run and earlier ones (GET http://127.0.0.1:$STATUS_PORT/stats):"
  sed -e 's/.*"byStatus":{//' -e 's/}.*"total":\([0-9]*\).*/,total:\1/' -e 's/"//g' <<<"$stats" |
    tr ',' '\n' | awk -F: '{ printf "  %-14s %6d\n", $1, $2 }'
}

cmd_interactive() {
  trap on_exit EXIT
  trap 'say ""; say "Ctrl-C"; exit 130' INT
  trap 'exit 143' TERM
  start_all
  [ -f "$(app_dll Orders.PushOrder)" ] && [ -f "$(app_dll Orders.UpdateStatus)" ] ||
    fail "the drivers (push-order, update-status) are not built"

  local env=()
  mapfile -t env < <(driver_env)
  start_process update-status - env -i "${env[@]}" dotnet "$(app_dll Orders.UpdateStatus)" --follow
  say "== update-status --follow ships and delivers paid orders (./run.sh logs update-status)"

  # The data is kept between runs: the batch is through once no more orders are in flight than
  # before it (earlier runs may have left paid orders that this follower did not see appear).
  local before now deadline
  before=$(in_flight)
  say "== demo batch: push-order ${DEMO_ARGS[*]}"
  run_driver push-order "${DEMO_ARGS[@]}" || say "(push-order exited with $?: see its summary above)"
  deadline=$((SECONDS + 30))
  while now=$(in_flight) && [ "${now:-0}" -gt "${before:-0}" ] && [ $SECONDS -lt $deadline ]; do
    sleep 0.5
  done
  print_where_to_look
  say ""
  print_stats
  say "Running. Ctrl-C stops everything."
  # Wake up only for Ctrl-C, or when a process ends by itself (reported; the rest keep running).
  while [ -n "$(running_processes)" ]; do
    local status=0
    wait -n 2>/dev/null || status=$?
    [ "$status" -ne 127 ] || sleep 1 # no child left to wait for (should not happen): do not spin
    local name
    for name in "${PROCESSES[@]}" update-status; do
      if [ -f "$RUN_DIR/$name" ] && ! is_running "$name"; then
        say "!! $name exited: ./run.sh logs $name"
        rm -f "$RUN_DIR/$name"
      fi
    done
  done
}

# shellcheck source=infra/bench/bench.sh
source "$REPO/infra/bench/bench.sh"

case ${1:-} in
  "") cmd_interactive ;;
  bench) shift; load_dev_secrets; cmd_bench "$@" ;;
  up) cmd_up ;;
  down) cmd_down ;;
  status) cmd_status ;;
  logs) shift; cmd_logs "$@" ;;
  push-order | update-status) load_dev_secrets; run_driver "$@" ;;
  -h | --help | help) sed -n '2,/^set -euo/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//' ;;
  *) fail "unknown command '$1' (./run.sh help)" ;;
esac
