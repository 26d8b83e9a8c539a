#!/usr/bin/env bash
# The test command: installs what is missing (Debian 12, as root), builds in Release and runs every
# test project against real nats-server processes and PostgreSQL servers the tests start themselves:
# a postgres:16 container through Testcontainers when a Docker engine answers (installed and
# started here if needed), else the host's PostgreSQL binaries; ORDERS_TEST_PG overrides the choice.
# Ends with one line "N passed, N failed[, N skipped]"; exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# shellcheck source=infra/local/ensure-deps.sh
source infra/local/ensure-deps.sh
orders_ensure_deps
orders_select_test_postgres

results=artifacts/test-results
rm -rf "$results" && mkdir -p "$results"

echo "== build (Release)"
dotnet build Orders.sln -c Release -nologo -clp:ErrorsOnly

for dir in $(find tests -name package-lock.json -not -path '*/node_modules/*' -exec dirname {} \;); do
  if [ ! -d "$dir/node_modules" ]; then
    echo "== npm ci in $dir"
    (cd "$dir" && npm ci --no-audit --no-fund --silent)
  fi
done

# Test projects run one after another: several of them start servers and measure redelivery
# timing, and two cores shared by parallel suites would only make those waits longer.
status=0
for proj in $(find tests -name '*.Tests.csproj' | sort); do
  name=$(basename "$proj" .csproj)
  echo "== $name"
  if ! dotnet test "$proj" -c Release --no-build -nologo \
        --logger "trx;LogFileName=$name.trx" --results-directory "$results" \
        --blame-hang-timeout 5m -- RunConfiguration.TreatNoTestsAsError=false; then
    status=1
  fi
  if [ ! -f "$results/$name.trx" ]; then
    echo "!! $name produced no results (crashed or failed to start)"
    echo "<Counters total=\"1\" executed=\"1\" passed=\"0\" failed=\"1\" />" > "$results/$name.crashed"
    status=1
  fi
done

sum() { # sum attribute $1 of every Counters element of the results
  local files
  shopt -s nullglob
  files=("$results"/*.trx "$results"/*.crashed)
  shopt -u nullglob
  [ ${#files[@]} -gt 0 ] || { echo 0; return; }
  grep -ho "<Counters [^>]*" "${files[@]}" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*' |
    awk '{s+=$1} END {print s+0}' || true
}
total=$(sum total); executed=$(sum executed); passed=$(sum passed); failed=$(sum failed)
errors=$(sum error); timeouts=$(sum timeout); aborted=$(sum aborted)
failed=$((failed + errors + timeouts + aborted))
skipped=$((total - executed))
[ "$failed" -eq 0 ] || status=1
[ "$passed" -gt 0 ] || { echo "!! no test ran"; status=1; }

line="$passed passed, $failed failed"
[ "$skipped" -gt 0 ] && line="$line, $skipped skipped"
echo "$line"
exit $status
