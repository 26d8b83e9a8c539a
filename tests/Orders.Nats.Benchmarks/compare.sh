#!/usr/bin/env bash
# Orders.Nats vs the official Go client (nats.go, the baselines kit's peersbench), interleaved.
# usage: tests/Orders.Nats.Benchmarks/compare.sh [RUNS=5]
#   Starts ONE nats-server of its own (free loopback port, temp store, stopped by PID at exit),
#   builds peersbench from ../shared/baselines (copied to a temp dir) and a published Release
#   build of our benchmark, then runs every scenario RUNS times, ours then Go's, run after run,
#   and prints a markdown table of medians and ratios. Raw RESULT lines: $OUT/raw.tsv.
#   Env: BASELINES (kit dir, default <repo>/../shared/baselines), OUT (result dir, default temp),
#        ONLY (regex on scenario labels, e.g. ONLY='^(a|b|c)_' for the core scenarios only).
set -euo pipefail
RUNS=${1:-5}
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
BASELINES=${BASELINES:-$(cd "$REPO/../shared/baselines" && pwd)}
WORK=$(mktemp -d /tmp/nats-compare.XXXXXX)
OUT=${OUT:-$WORK/results}
mkdir -p "$OUT"

# --- Go client: Debian packages, then peersbench built offline from a writable copy of the kit ---
GO_PKGS=(golang-go golang-github-nats-io-go-nats-dev golang-github-nats-io-nkeys-dev
         golang-github-nats-io-nuid-dev golang-github-nats-io-jwt-dev)
missing=()
for p in "${GO_PKGS[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if ((${#missing[@]})); then
  echo "installing ${missing[*]}" >&2
  apt-get install -y "${missing[@]}" >&2
fi
cp -r "$BASELINES" "$WORK/kit"
GOCACHE="$WORK/gocache" "$WORK/kit/go/build.sh" >&2
GO_BENCH="$WORK/kit/go/bin/peersbench"

# --- ours: a published Release build, run directly so build time is never measured ---
dotnet publish "$HERE/Orders.Nats.Benchmarks.csproj" -c Release -o "$WORK/ours" --nologo -v quiet >&2
OUR_BENCH=(dotnet "$WORK/ours/Orders.Nats.Benchmarks.dll")

# --- one nats-server for everything (the kit's start_nats/stop_nats: own port, temp store, PID) ---
source "$WORK/kit/lib.sh"
cleanup() { stop_nats; rm -rf "$WORK/kit" "$WORK/ours" "$WORK/gocache"; }
trap cleanup EXIT
start_nats   # exports NATS_URL and NATS_PID (both benchmarks read NATS_PID for server CPU)

# label | flags (identical for both clients)
C="-stream PEERSC -subj peers.consume -n 200000"   # consumer tests: one pre-filled stream of 200k
SCENARIOS=(
  "a_core_pub_128B|-n 1000000 pub"
  "b_core_pubsub_1proc|-n 1000000 pubsub"
  "c_request_reply|-n 10000 req"
  "d_js_pub_sync_file|-storage file -n 20000 jspub"
  "e_js_pub_async256_file|-storage file -n 200000 -window 256 jsasync"
  "f_js_push_qgroup_file|$C -storage file jspush"
  "f_js_pull_b100_file|$C -storage file -batch 100 jspull"
)

# Machine-wide CPU busy % over the last second: other work on the (shared) box.
busy() { busy_1s; }

run_one() { # client label run flags...
  local client=$1 label=$2 run=$3; shift 3
  local line
  if [[ $client == ours ]]; then
    line=$(timeout 300 "${OUR_BENCH[@]}" -s "$NATS_URL" "$@" | grep '^RESULT' || true)
  else
    line=$(timeout 300 "$GO_BENCH" -s "$NATS_URL" "$@" | grep '^RESULT' || true)
  fi
  [[ -n $line ]] || { echo "FAILED: $client $label run $run" >&2; line="RESULT failed=1"; }
  printf '%s\t%s\t%s\t%s\t%s\n' "$client" "$label" "$run" "$NOISE" "${line#RESULT }" >> "$OUT/raw.tsv"
  echo "$client $label #$run ($NOISE): ${line#RESULT }" >&2
}

: > "$OUT/raw.tsv"
started=$(date +%s)
for run in $(seq 1 "$RUNS"); do
  for s in "${SCENARIOS[@]}"; do
    label=${s%%|*}; read -r -a flags <<<"${s#*|}"
    [[ $label =~ ${ONLY:-.} ]] || continue
    NOISE="busy=$(busy)% load=$(cut -d' ' -f1 /proc/loadavg)"
    run_one ours "$label" "$run" "${flags[@]}"
    run_one go "$label" "$run" "${flags[@]}"
  done
done
echo "$RUNS runs in $(( $(date +%s) - started )) s; raw results in $OUT/raw.tsv" >&2

# --- markdown table: medians, min–max, ratio of medians ours/Go ---
python3 - "$OUT/raw.tsv" <<'PY'
import statistics, sys
rows = {}
noise = []
for line in open(sys.argv[1]):
    client, label, run, nz, kv = line.rstrip("\n").split("\t")
    noise.append(nz)
    fields = dict(p.split("=", 1) for p in kv.split())
    if "failed" in fields:
        rows.setdefault((label, client), []).append(None)
        continue
    rows.setdefault((label, client), []).append(fields)

NAMES = {
    "a_core_pub_128B": "core publish 128 B, 1 M msgs (msgs/s)",
    "b_core_pubsub_1proc": "core pub+sub one process, 1 M msgs (msgs/s)",
    "c_request_reply": "request/reply 10 k (req/s)",
    "d_js_pub_sync_file": "JetStream publish awaiting each ack, file, 20 k (msgs/s)",
    "e_js_pub_async256_file": "JetStream publish 256 outstanding, file, 200 k (msgs/s)",
    "f_js_push_qgroup_file": "push consumer, queue group, explicit ack, file, 200 k (msgs/s)",
    "f_js_pull_b100_file": "pull consumer fetch(100), explicit ack, file, 200 k (msgs/s)",
}
def fmt(v):
    return f"{v:,.0f}" if v >= 100 else f"{v:,.1f}"
def cell(vals):
    return f"{fmt(statistics.median(vals))} ({fmt(min(vals))}–{fmt(max(vals))})" if vals else "failed"

print("| scenario | ours median (min–max) | Go median (min–max) | ours/Go | alloc/msg ours (B) | runs ours/Go ok |")
print("| --- | ---: | ---: | ---: | ---: | --- |")
labels = list(dict.fromkeys(l for l, _ in rows))
for label in labels:
    ours = [r for r in rows.get((label, "ours"), []) if r]
    go = [r for r in rows.get((label, "go"), []) if r]
    ok = f"{len(ours)}/{len(rows.get((label, 'ours'), []))} · {len(go)}/{len(rows.get((label, 'go'), []))}"
    metrics = [("rate", NAMES.get(label, label))]
    if label == "c_request_reply":
        metrics += [("p50_us", "request/reply p50 latency (µs, lower is better)"),
                    ("p99_us", "request/reply p99 latency (µs, lower is better)")]
    for key, name in metrics:
        a = [float(r[key]) for r in ours if key in r]
        b = [float(r[key]) for r in go if key in r]
        ratio = f"{statistics.median(a) / statistics.median(b):.2f}" if a and b else "–"
        alloc = [float(r["alloc_per_msg"]) for r in ours if "alloc_per_msg" in r]
        al = fmt(statistics.median(alloc)) if alloc and key == "rate" else ""
        print(f"| {name} | {cell(a)} | {cell(b)} | {ratio} | {al} | {ok} |")
busy = [int(n.split()[0][5:-1]) for n in noise]
load = [float(n.split()[1][5:]) for n in noise]
print(f"\nMachine while measuring: CPU busy before each pair median {statistics.median(busy)}% "
      f"(max {max(busy)}%), 1-min load median {statistics.median(load):.1f} (max {max(load):.1f}) on {__import__('os').cpu_count()} cores.")
PY
