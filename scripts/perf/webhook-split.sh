#!/bin/bash
# Webhook dispatch second by second (docs/performance.md#webhook-dispatch): one `citrine serve` of its own on SQLite,
# `citrine bench --server … --scenario webhook-dispatch` against it, and every second the CPU the server and the bench
# used (from /proc) beside the orders created and closed and the events delivered so far (read from the server's
# database, read-only). The seconds in which nothing was created or closed are dispatch alone: their server CPU per
# delivery is what one delivery costs the server, signature included.
#
#     bash scripts/perf/webhook-split.sh src/Citrine.Cli/bin/Release/net10.0/citrine [events] [port]
set -euo pipefail
citrine=$(realpath "${1:?usage: webhook-split.sh path/to/citrine [events] [port]}")
events=${2:-30000}
port=${3:-18330}
work=$(mktemp -d)
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
Citrine__Logging__Level=Error "$citrine" serve --port "$port" --data-dir "$work/data" > "$work/serve.log" 2>&1 &
server=$!
until curl -sf -o /dev/null "http://127.0.0.1:$port/health/live"; do sleep 0.05; done
"$citrine" bench --server "http://127.0.0.1:$port" --admin-token "$(cat "$work/data/admin.token")" \
    --scenario webhook-dispatch --events "$events" --json > "$work/bench.json" 2> /dev/null &
bench=$!
python3 - "$server" "$bench" "$work" "$(getconf CLK_TCK)" <<'PY'
import json, sqlite3, sys, time
server, bench, work, hz = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], int(sys.argv[4])

def cpu(pid):
    try:
        with open(f'/proc/{pid}/stat') as f:
            fields = f.read().rsplit(')', 1)[1].split()
        return int(fields[11]) + int(fields[12])
    except (FileNotFoundError, ProcessLookupError):
        return None

db = sqlite3.connect(f'file:{work}/data/citrine.db?mode=ro', uri=True, timeout=5)
counts = ("SELECT (SELECT COUNT(*) FROM orders), (SELECT COUNT(*) FROM orders WHERE status = 'CANCELED'), "
          "(SELECT COUNT(*) FROM webhook_outbox WHERE state = 'DELIVERED')")
rows = []
while True:
    b = cpu(bench)
    if b is None:
        break
    rows.append((cpu(server), b) + db.execute(counts).fetchone())
    time.sleep(1)

print(f"{'server CPU s':>12} {'bench CPU s':>11} {'created':>8} {'closed':>7} {'delivered':>9}")
alone_cpu = alone_bench = alone_n = alone_s = 0
for before, after in zip(rows, rows[1:]):
    s, b, created, closed, delivered = (a - p for a, p in zip(after, before))
    print(f"{s / hz:12.2f} {b / hz:11.2f} {created:8d} {closed:7d} {delivered:9d}")
    if created == 0 and closed == 0 and delivered > 0:
        alone_cpu, alone_bench, alone_n, alone_s = alone_cpu + s, alone_bench + b, alone_n + delivered, alone_s + 1
result = json.load(open(f'{work}/bench.json'))['scenarios'][0]
print(f"bench: {result['requestsPerSecond']:.0f} deliveries/s from the first close to the last receipt, "
      f"{result['webhooks']}")
if alone_n:
    print(f"dispatch alone ({alone_s} s): {alone_n / alone_s:.0f} deliveries/s, server CPU per delivery "
          f"{alone_cpu / hz / alone_n * 1000:.3f} ms, bench (receiver) CPU per delivery "
          f"{alone_bench / hz / alone_n * 1000:.3f} ms")
PY
