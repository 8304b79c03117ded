#!/bin/bash
# Steady-state figures of one `citrine serve` under create-v2 (or another scenario's) load (docs/performance.md#warm-up and
# #allocations-per-create): the server runs on its own, `citrine bench --server` loads it for 22 s, and about seconds 13 to
# 21 of that load are read twice: the runtime's counters (dotnet-counters: bytes allocated, gen0 collections, GC pause)
# and the CPU each of the server's threads used (from /proc). Needs `dotnet tool install -g dotnet-counters`.
#
#     bash scripts/perf/steady-state.sh src/Citrine.Cli/bin/Release/net10.0/citrine [query-v2]
set -euo pipefail
citrine=${1:?usage: steady-state.sh path/to/citrine [scenario] [port]}
scenario=${2:-create-v2}
port=${3:-18220}
work=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
citrine=$(realpath "$citrine")
# From the directory it serves, as `citrine serve` is run: the data directory is ./data.
(cd "$work" && exec env Citrine__Logging__Level=Error "$citrine" serve --port "$port" > "$work/serve.log" 2>&1) &
pid=$!
until curl -sf -o /dev/null "http://127.0.0.1:$port/health/live"; do sleep 0.05; done
"$citrine" bench --server "http://127.0.0.1:$port" --admin-token "$(cat "$work/data/admin.token")" \
    --scenario "$scenario" --duration 10s --warmup 12s --json > "$work/bench.json" 2> /dev/null &
bench=$!
threads() {
    # A thread may end between the listing and the read: skip it.
    for t in /proc/$pid/task/*; do
        ticks=$(sed 's/.*) //' "$t/stat" 2>/dev/null | awk '{print $12+$13}') || continue
        name=$(cat "$t/comm" 2>/dev/null) || continue
        [ -n "$ticks" ] && echo "$name|$ticks|${t##*/}"
    done
    return 0
}
sleep 13
threads > "$work/before"; from=$(date +%s%N)
dotnet-counters collect -p "$pid" --counters System.Runtime --refresh-interval 2 --duration 00:00:00:07 \
    --format csv -o "$work/counters.csv" > /dev/null
threads > "$work/after"; to=$(date +%s%N)
wait "$bench"
python3 - "$work" "$(getconf CLK_TCK)" "$scenario" "$(( (to - from) / 1000000 ))" <<'PY'
import csv, json, sys, collections
work, hz, scenario, window = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4]) / 1000
rate = json.load(open(f'{work}/bench.json'))['scenarios'][0]['requestsPerSecond']
rows = [r for r in csv.reader(open(f'{work}/counters.csv')) if len(r) > 3]
def mean(match):
    values = [float(r[-1]) / 2 for r in rows if all(m in r[2] for m in match)]
    return sum(values) / len(values)
allocated = mean(['total_allocated'])
print(f'{scenario} {rate:,.0f} req/s; allocated {allocated / 1e6:,.0f} MB/s = {allocated / rate / 1024:.1f} KiB per request; '
      f'gen0 collections {mean(["gc.collections", "gen0"]):.1f}/s; GC pause {mean(["pause.time"]) * 100:.1f} % of the time')
before = {l.split('|')[2].strip(): int(l.split('|')[1]) for l in open(f'{work}/before')}
spent = collections.Counter()
for line in open(f'{work}/after'):
    name, ticks, tid = line.rstrip('\n').split('|')
    spent[name] += int(ticks) - before.get(tid, 0)
seconds = sum(spent.values()) / hz
print(f'server CPU {seconds:.2f} s in {window:.1f} s = {seconds * 1000 / (rate * window):.3f} ms per request; by thread: '
      + ', '.join(f'{n} {t / hz:.2f} s' for n, t in spent.most_common(5)))
PY
