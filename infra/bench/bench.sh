# shellcheck shell=bash
# `./run.sh bench [orders]`: the end-to-end benchmark of docs/benchmarks.md, sourced by run.sh (it
# uses run.sh's process bookkeeping). Starts the ./run.sh topology (two instances of each service
# and the monitor), warms it, then prints in one run:
#   - orders/s at max rate over [orders] (default 3000) orders, submit -> paid/payment-failed;
#   - CPU ms per order per process group (each service's instances, PostgreSQL with its backends,
#     nats-server, the monitor; push-order, the load generator, is not counted), from /proc;
#   - PostgreSQL transactions per order (pg_stat_database of the three databases), statements per
#     order with the most frequent ones (pg_stat_statements, loaded for the benchmark's server), and
#     client round trips per order (data segments the server received on its TCP connections);
#   - the ceiling: pgbench on the saga step's shape (infra/bench/ceiling-step.sql, 16 clients) in a
#     scratch database of the same server, divided by 5.5 transactions per order, and the ratio;
#   - latency percentiles at half the ceiling offered, and at each rate of BENCH_LATENCY_RATES first
#     (e.g. BENCH_LATENCY_RATES="100 150 200"), with the CPU per order of each paced run.
# Stops the system at the end. Needs a stopped system (it starts its own).

# BENCH_LATENCY_SECONDS=0 skips the latency run (the counts come from the max-rate run).
readonly BENCH_CLIENTS=16 BENCH_PGBENCH_SECONDS=20 BENCH_TX_PER_ORDER=5.5 BENCH_LATENCY_SECONDS=${BENCH_LATENCY_SECONDS:-30}

bench_cpu_ticks() { # process name -> utime+stime of it and its reaped children; postgres adds live backends
  local pid p stat total=0
  pid=$(pid_of "$1") || { echo 0; return; }
  for p in $pid $([ "$1" = postgres ] && pgrep -P "$pid" || true); do
    stat=$(cat "/proc/$p/stat" 2>/dev/null) || continue
    stat=${stat##*) }
    # shellcheck disable=SC2086 # the fields of /proc/<pid>/stat
    set -- $stat
    total=$((total + ${12} + ${13} + ${14} + ${15}))
  done
  echo "$total"
}

readonly BENCH_GROUPS=(order-service payment-service status-service postgres nats-server monitor)

bench_cpu_snapshot() { # one "group ticks" line per group
  local group name ticks
  for group in "${BENCH_GROUPS[@]}"; do
    ticks=0
    for name in "${PROCESSES[@]}"; do
      [[ $name == "$group" || $name == "$group"-* ]] || continue
      ticks=$((ticks + $(bench_cpu_ticks "$name")))
    done
    printf '%s %s\n' "$group" "$ticks"
  done
}

bench_psql() { # database, then psql arguments; as the cluster's superuser over the socket
  local database=$1
  shift
  (cd / && "${AS_PG_USER[@]}" env PGHOST="$PG_DIR/socket" PGPORT="$PG_PORT" PGOPTIONS='-c client_min_messages=warning' \
    "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -U "$(pg_os_user)" -d "$database" "$@")
}

bench_transactions() { # committed + rolled back transactions of the three service databases so far
  bench_psql postgres -At -c \
    "SELECT sum(xact_commit + xact_rollback) FROM pg_stat_database WHERE datname IN ('orders_order', 'orders_payment', 'orders_status')"
}

bench_transactions_by_database() { # "database transactions" lines, as bench_transactions
  bench_psql postgres -At -F ' ' -c \
    "SELECT datname, xact_commit + xact_rollback FROM pg_stat_database WHERE datname IN ('orders_order', 'orders_payment', 'orders_status') ORDER BY datname"
}

bench_push() { # push-order arguments -> its summary, echoed; "orders/s p50 p99" of the wait in BENCH_RESULT
  local output line
  # A loaded machine can take minutes for a burst; the driver's default wait (60 s) would end the run.
  output=$(run_driver push-order "$@" --wait-timeout "${BENCH_WAIT_TIMEOUT:-10m}" 2>&1) || { printf '%s\n' "$output"; fail "push-order failed: see above"; }
  printf '%s\n' "$output" | grep -E '^(outcomes|end-to-end)' | sed 's/^/   /'
  line=$(printf '%s\n' "$output" | grep '^end-to-end latency')
  BENCH_RESULT="$(sed -E 's/.*= ([0-9.]+) orders\/s.*/\1/' <<<"$line") $(sed -E 's/.*p50 ([0-9.]+) ms.*/\1/' <<<"$line") $(sed -E 's/.*p99 ([0-9.]+) ms.*/\1/' <<<"$line")"
}

bench_statements_reset() { # loaded by the benchmark's server start; counts from here on
  bench_psql postgres -At -c 'CREATE EXTENSION IF NOT EXISTS pg_stat_statements' -c 'SELECT pg_stat_statements_reset()' >/dev/null
}

# Statements per order since the reset: the total per database, then the most frequent ones.
# BEGIN/COMMIT/SAVEPOINT are counted too (pg_stat_statements.track_utility is on by default).
bench_statements_report() {
  local orders=$1
  bench_psql postgres -At -F ' ' -c "
    SELECT rpad(d.datname, 15), to_char(sum(s.calls)::numeric / $orders, '990.00')
    FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
    WHERE d.datname IN ('orders_order', 'orders_payment', 'orders_status')
    GROUP BY d.datname ORDER BY d.datname" | sed 's/^/   statements per order  /'
  bench_psql postgres -At -F ' ' -c "
    SELECT to_char(sum(s.calls)::numeric / $orders, '990.00')
    FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
    WHERE d.datname IN ('orders_order', 'orders_payment', 'orders_status')" | sed 's/^/   statements per order  all             /'
  say "   most frequent (calls per order, database, statement):"
  bench_psql postgres -At -F ' ' -c "
    SELECT to_char(s.calls::numeric / $orders, '990.00'), rpad(d.datname, 14),
           left(regexp_replace(s.query, '\s+', ' ', 'g'), 150)
    FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
    WHERE d.datname IN ('orders_order', 'orders_payment', 'orders_status')
    ORDER BY s.calls DESC LIMIT ${BENCH_TOP_STATEMENTS:-25}" | sed 's/^/    /'
}

# "local-port:peer-port data_segs_in" per established TCP connection to PostgreSQL: a client sends
# each round trip (a command, a batch, a COMMIT) as one write, which on loopback is one segment.
bench_pg_segments() {
  ss -Htin state established "( sport = :$PG_PORT )" 2>/dev/null | awk '
    /^[0-9]/ { peer = $4; next }
    { n = 0; if (match($0, /data_segs_in:[0-9]+/)) n = substr($0, RSTART + 13, RLENGTH - 13); print peer, n }'
}

bench_round_trips() { # before-snapshot, after-snapshot -> segments received meanwhile (new connections count whole)
  awk 'NR == FNR { before[$1] = $2; next } { total += $2 - (($1 in before) ? before[$1] : 0) } END { print total + 0 }' \
    <(printf '%s\n' "$1") <(printf '%s\n' "$2")
}

bench_cpu_report() { # before-snapshot, after-snapshot, orders -> "group ms" lines per order, then "all"
  local total=0 group before after ms
  while read -r group before; do
    after=$(awk -v g="$group" '$1 == g { print $2 }' <<<"$2")
    ms=$(awk -v d=$((after - before)) -v hz="$(getconf CLK_TCK)" -v n="$3" 'BEGIN { printf "%.2f", d * 1000 / hz / n }')
    total=$(awk -v a="$total" -v b="$ms" 'BEGIN { printf "%.2f", a + b }')
    printf '   %-16s %6s\n' "$group" "$ms"
  done <<<"$1"
  printf '   %-16s %6s\n' "all" "$total"
}

# BENCH_LATENCY_RATES="50 100 150": paced runs at these offered rates (orders/s, BENCH_LATENCY_SECONDS
# each) before the one at half the ceiling, so that the rate up to which p99 stays under 250 ms is
# measured even when half the ceiling is more than the system sustains.
bench_paced() { # offered rate, seed, prefix -> p50/p99, achieved rate and CPU per order of that run
  local offered=$1 count before after p50 p99 achieved
  count=$((offered * BENCH_LATENCY_SECONDS))
  say "== latency at $offered orders/s offered, $count orders"
  before=$(bench_cpu_snapshot)
  bench_push --count "$count" --rate "$offered" --seed "$2" --prefix "$3" --wait
  after=$(bench_cpu_snapshot)
  read -r achieved p50 p99 <<<"$BENCH_RESULT"
  BENCH_PACED_P99=$p99
  say "   submit -> outcome p50 $p50 ms, p99 $p99 ms at $offered orders/s offered, $achieved achieved (target p99 < 250 ms)"
  say "   CPU per order (ms): $(bench_cpu_report "$before" "$after" "$count" | awk '{ printf "%s%s %s", sep, $1, $2; sep = ", " }')"
}

bench_verdict() { # label, value, unit, awk condition on v, target text
  local met
  met=$(awk -v v="$2" "BEGIN { print ($4) ? \"met\" : \"not met\" }")
  printf '   %-28s %10s %-3s  target %-10s %s\n' "$1" "$2" "$3" "$5" "$met"
}

cmd_bench() {
  local orders=${1:-3000} before_cpu after_cpu before_tx after_tx before_tx_by_db after_tx_by_db before_segments after_segments rate p50 p99 tps ceiling half
  [ -z "$(running_processes)" ] || fail "stop the running system first (./run.sh down): the benchmark starts its own"
  # ORDERS_HOME keeps its data between runs: same seed and prefix would re-submit orders that already
  # exist, which are absorbed as duplicates, emit no outcome, and leave --wait waiting for nothing.
  local run_id
  run_id=$(date -u +%H%M%S)
  say "== bench on $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $(date -u '+%Y-%m-%d %H:%M') UTC"
  trap on_exit EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  PG_EXTRA_SETTINGS=(-c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.max=2000)
  start_all >/dev/null
  # BENCH_WARMUP_ORDERS: seven .NET processes on two cores take thousands of orders to finish
  # compiling their hot paths (docs/benchmarks.md, "Where a burst's CPU went"); 300 was not enough.
  local warmup=${BENCH_WARMUP_ORDERS:-3000}
  say "== warm-up: $warmup orders at max rate"
  bench_push --count "$warmup" --rate 0 --seed 3 --prefix "warm-$run_id" --wait

  say "== max rate: $orders orders"
  before_cpu=$(bench_cpu_snapshot)
  before_tx=$(bench_transactions)
  before_tx_by_db=$(bench_transactions_by_database)
  bench_statements_reset
  before_segments=$(bench_pg_segments)
  bench_push --count "$orders" --rate 0 --seed 4 --prefix "max-$run_id" --wait
  read -r rate p50 p99 <<<"$BENCH_RESULT"
  after_cpu=$(bench_cpu_snapshot)
  after_tx=$(bench_transactions)
  after_tx_by_db=$(bench_transactions_by_database)
  after_segments=$(bench_pg_segments)
  say "== CPU per order (ms), max-rate run"
  local cpu_report cpu_all
  cpu_report=$(bench_cpu_report "$before_cpu" "$after_cpu" "$orders")
  printf '%s\n' "$cpu_report"
  cpu_all=$(awk '$1 == "all" { print $2 }' <<<"$cpu_report")
  say "== PostgreSQL per order, max-rate run"
  say "   transactions per order: $(awk -v d=$((after_tx - before_tx)) -v n="$orders" 'BEGIN { printf "%.1f", d / n }')"
  awk -v n="$orders" 'NR == FNR { before[$1] = $2; next } { printf "   transactions per order  %-15s %6.2f\n", $1, ($2 - before[$1]) / n }' \
    <(printf '%s\n' "$before_tx_by_db") <(printf '%s\n' "$after_tx_by_db")
  say "   round trips per order (client writes to the server): $(awk -v d="$(bench_round_trips "$before_segments" "$after_segments")" -v n="$orders" 'BEGIN { printf "%.1f", d / n }')"
  bench_statements_report "$orders"

  say "== ceiling: pgbench, saga step shape, $BENCH_CLIENTS clients, ${BENCH_PGBENCH_SECONDS}s"
  bench_psql postgres -c 'DROP DATABASE IF EXISTS bench_ceiling' -c 'CREATE DATABASE bench_ceiling'
  bench_psql bench_ceiling <"$REPO/infra/bench/ceiling-schema.sql"
  tps=$( (cd / && "${AS_PG_USER[@]}" env PGHOST="$PG_DIR/socket" PGPORT="$PG_PORT" "$PG_BIN/pgbench" -n -M prepared \
      -c "$BENCH_CLIENTS" -j 2 -T "$BENCH_PGBENCH_SECONDS" -U "$(pg_os_user)" -f - bench_ceiling <"$REPO/infra/bench/ceiling-step.sql") 2>&1 |
      sed -nE 's/^tps = ([0-9.]+).*/\1/p' | head -n 1)
  [ -n "$tps" ] || fail "pgbench printed no tps"
  bench_psql postgres -c 'DROP DATABASE bench_ceiling'
  ceiling=$(awk -v t="$tps" -v k="$BENCH_TX_PER_ORDER" 'BEGIN { printf "%.0f", t / k }')
  say "   $tps tx/s / $BENCH_TX_PER_ORDER = ceiling $ceiling orders/s; max rate $rate orders/s = $(awk -v r="$rate" -v c="$ceiling" 'BEGIN { printf "%.2f", r / c }') of it (target >= 0.6)"

  local offered seed=10 p99_half="" within=""
  if [ "$BENCH_LATENCY_SECONDS" -le 0 ]; then
    say "== latency runs skipped (BENCH_LATENCY_SECONDS=0)"
  else
    for offered in ${BENCH_LATENCY_RATES:-}; do
      bench_paced "$offered" "$seed" "paced$offered-$run_id"
      seed=$((seed + 1))
      if awk -v p="$BENCH_PACED_P99" -v r="$offered" -v w="${within:-0}" 'BEGIN { exit !(p < 250 && r > w) }'; then within=$offered; fi
    done
    half=$((ceiling / 2))
    say "== half the ceiling:"
    bench_paced "$half" 5 "half-$run_id"
    p99_half=$BENCH_PACED_P99
  fi

  say "== targets (docs/benchmarks.md, End to end)"
  bench_verdict "ratio to the ceiling" "$(awk -v r="$rate" -v c="$ceiling" 'BEGIN { printf "%.2f", r / c }')" "" "v >= 0.6" ">= 0.6"
  bench_verdict "CPU per order at max rate" "$cpu_all" "ms" "v <= 5.5" "<= 5.5 ms"
  if [ -n "$p99_half" ]; then
    bench_verdict "p99 at half the ceiling" "$p99_half" "ms" "v < 250" "< 250 ms"
  fi
  if [ -n "${BENCH_LATENCY_RATES:-}" ] && [ "$BENCH_LATENCY_SECONDS" -gt 0 ]; then
    say "   highest paced rate with p99 < 250 ms: ${within:-none} (of $BENCH_LATENCY_RATES orders/s offered)"
  fi
  say "== load average at the end $(cut -d' ' -f1-3 /proc/loadavg)"
}
