#!/bin/sh
# What keeping a history costs for a host with 1,000 containers: the time
# of `dockaudit eval --history` against `eval --json` of the same facts
# (the difference is the run's compressed file, the comparison with the
# run before, latest.json, .html and .prom), the size of a run's file,
# and how long `history list`, `trend` and `failing` take over DA_BENCH_KEEP
# runs. Not a test: prints a small table. See tests/bench/README.md.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
: "${top_srcdir:=$(cd "$here/../.." && pwd)}"
: "${DOCKAUDIT:=./src/cli/dockaudit}"
: "${DA_BENCH_CONTAINERS:=1000}"
: "${DA_BENCH_KEEP:=10}"
: "${DA_BENCH_RUNS:=3}"
export DOCKAUDIT_DATADIR="${DOCKAUDIT_DATADIR:-$top_srcdir}"
W=$(mktemp -d /tmp/da-bench-history.XXXXXX)
trap 'rm -rf "$W"' EXIT

python3 - "$top_srcdir/tests/fixtures/facts/mixed-containers.json" "$DA_BENCH_CONTAINERS" "$W/facts.json" <<'PY'
import copy, json, sys
d = json.load(open(sys.argv[1]))
want, base = int(sys.argv[2]), d["containers"]["items"]
items = []
for k in range(want):
    c = copy.deepcopy(base[k % len(base)])
    c["name"] = "%s-%d" % (c["name"], k)
    if c.get("id"):
        c["id"] = "%06x%s" % (k, c["id"][6:])
    items.append(c)
d["containers"]["items"] = items
d["containers"]["count"] = len(items)
json.dump(d, open(sys.argv[3], "w"))
PY

# ms CMD...: the median wall time of DA_BENCH_RUNS runs, in ms.
ms() {
	for _ in $(seq "$DA_BENCH_RUNS"); do
		s=$(date +%s%N)
		"$@" >/dev/null 2>&1 || true
		e=$(date +%s%N)
		echo $(((e - s) / 1000000))
	done | sort -n | sed -n "$(((DA_BENCH_RUNS + 1) / 2))p"
}

plain=$(ms "$DOCKAUDIT" eval -q --json "$W/r.json" "$W/facts.json")
hist=$(ms "$DOCKAUDIT" eval -q --json "$W/r.json" --history "$W/h" --keep-runs "$DA_BENCH_KEEP" "$W/facts.json")
i=0
while [ "$(ls "$W/h/runs" | wc -l)" -lt "$DA_BENCH_KEEP" ]; do
	"$DOCKAUDIT" eval -q --history "$W/h" --keep-runs "$DA_BENCH_KEEP" "$W/facts.json" >/dev/null 2>&1 || true
	i=$((i + 1))
done
run=$(ls "$W/h/runs" | tail -1)
printf '%-58s %8s\n' "what ($DA_BENCH_CONTAINERS containers)" "wall ms"
printf '%-58s %8s\n' "eval --json" "$plain"
printf '%-58s %8s\n' "eval --json --history (run, latest.json/.html/.prom)" "$hist"
printf '%-58s %8s\n' "history list ($DA_BENCH_KEEP runs, each inflated whole)" "$(ms "$DOCKAUDIT" history --history "$W/h" list)"
printf '%-58s %8s\n' "history trend ($DA_BENCH_KEEP runs read and compared)" "$(ms "$DOCKAUDIT" history --history "$W/h" trend)"
printf '%-58s %8s\n' "history failing" "$(ms "$DOCKAUDIT" history --history "$W/h" failing)"
printf 'JSON results: %s bytes; a run in the history: %s bytes\n' \
	"$(stat -c %s "$W/r.json")" "$(stat -c %s "$W/h/runs/$run")"
