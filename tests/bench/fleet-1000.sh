#!/bin/sh
# How long `dockaudit fleet` takes on 1,000 hosts' JSON results, and
# whether its memory stays bounded by hosts x rules: the same fleet with
# ten times the containers in every result must not need much more than
# reading one such result does. Not a test: prints a small table. See
# tests/bench/README.md.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
: "${top_srcdir:=$(cd "$here/../.." && pwd)}"
: "${DOCKAUDIT:=./src/cli/dockaudit}"
: "${DA_BENCH_HOSTS:=1000}"
: "${DA_BENCH_BIG_HOSTS:=200}"
: "${DA_BENCH_ARF_HOSTS:=100}"
: "${DA_BENCH_RUNS:=3}"
export DOCKAUDIT_DATADIR="${DOCKAUDIT_DATADIR:-$top_srcdir}"
[ -x /usr/bin/time ] || { echo "needs GNU time (/usr/bin/time)"; exit 1; }
W=$(mktemp -d /tmp/da-bench-fleet.XXXXXX)
trap 'rm -rf "$W"' EXIT

# facts SCALE OUT: the mixed containers' facts with SCALE copies of every
# container (new names and ids).
facts() {
	python3 - "$top_srcdir/tests/fixtures/facts/mixed-containers.json" "$1" "$2" <<'PY'
import copy, json, sys
d = json.load(open(sys.argv[1]))
scale = int(sys.argv[2])
items = []
for k in range(scale):
    for c in d["containers"]["items"]:
        c = copy.deepcopy(c)
        if k:
            c["name"] = "%s-%d" % (c["name"], k)
            c["id"] = "%02x%s" % (k, c["id"][2:]) if c.get("id") else c.get("id")
        items.append(c)
d["containers"]["items"] = items
d["containers"]["count"] = len(items)
json.dump(d, open(sys.argv[3], "w"))
PY
}

# hosts RESULT N DIR: N copies of the JSON result, each a host of its own
# (host-0001...), a run time of its own and a few rules flipped at random
# (fail to pass, pass to fail; seeded, so every run makes the same fleet).
hosts() {
	python3 - "$1" "$2" "$3" <<'PY'
import json, os, random, sys
src, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
base = json.load(open(src))
rnd = random.Random(1)
for i in range(n):
    d = base
    d["host"]["hostname"] = "host-%04d" % i
    d["start_time"] = d["end_time"] = "2026-11-%02dT%02d:%02d:00Z" % (1 + i % 28, i % 24, i % 60)
    flipped = []
    for r in rnd.sample([r for r in d["rules"] if r["result"] in ("pass", "fail")], 4):
        flipped.append((r, r["result"], [x["result"] for x in r["instances"]]))
        new = "pass" if r["result"] == "fail" else "fail"
        r["result"] = r["original_result"] = new
        for x in r["instances"]:
            x["result"] = new
    with open(os.path.join(out, "host-%04d.json" % i), "w") as f:
        json.dump(d, f)
    for r, res, inst in flipped:
        r["result"] = r["original_result"] = res
        for x, v in zip(r["instances"], inst):
            x["result"] = v
PY
}

# measure CMD...: the median wall time (ms), the median CPU time (user and
# system, ms: less sensitive than wall time to other work on the machine)
# and the largest peak RSS (kB) of DA_BENCH_RUNS runs, as "MS MS KB".
measure() {
	i=0
	: >"$W/times"
	while [ "$i" -lt "$DA_BENCH_RUNS" ]; do
		if ! /usr/bin/time -v -o "$W/tv" "$@" >/dev/null 2>"$W/stderr"; then
			echo "failed: $*" >&2
			cat "$W/stderr" >&2
			exit 1
		fi
		awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0;
			for (k = 1; k <= n; k++) s = s * 60 + t[k]; wall = s * 1000 }
			/User time|System time/ { cpu += $2 * 1000 }
			/Maximum resident set size/ { rss = $2 }
			END { printf "%d %d %d\n", wall, cpu, rss }' "$W/tv" >>"$W/times"
		i=$((i + 1))
	done
	sort -n -k2 "$W/times" | awk '{ c[NR] = $2 } END { print c[int((NR + 1) / 2)] }' >"$W/cpu"
	sort -n "$W/times" | awk -v cpu="$(cat "$W/cpu")" '{ w[NR] = $1; if ($3 > r) r = $3 }
		END { printf "%d %d %d\n", w[int((NR + 1) / 2)], cpu, r }'
}

# row "MS MS KB" LABEL
row() {
	label=$2
	# shellcheck disable=SC2086
	set -- $1
	printf '%-50s %7s %7s %8s\n' "$label" "$1" "$2" "$3"
}

for scale in 1 10; do
	facts "$scale" "$W/facts-$scale.json"
	"$DOCKAUDIT" eval --json "$W/result-$scale.json" "$W/facts-$scale.json" >/dev/null || [ $? -eq 2 ]
done
mkdir "$W/small" "$W/big" "$W/arf"
hosts "$W/result-1.json" "$DA_BENCH_HOSTS" "$W/small"
hosts "$W/result-10.json" "$DA_BENCH_BIG_HOSTS" "$W/big"
# ARF: each file embeds the whole benchmark, which is parsed and checked
# again for every result.
"$DOCKAUDIT" eval --arf "$W/result-1.arf.xml" "$W/facts-1.json" >/dev/null || [ $? -eq 2 ]
i=0
while [ "$i" -lt "$DA_BENCH_ARF_HOSTS" ]; do
	sed "s/fixture-host/arf-host-$i/g" "$W/result-1.arf.xml" >"$W/arf/host-$i.arf.xml"
	i=$((i + 1))
done

printf '%-50s %7s %7s %8s\n' "what" "wall ms" "cpu ms" "peak kB"
row "$(measure "$DOCKAUDIT" report "$W/result-1.json")" \
	"report: one result (6 containers, $(wc -c <"$W/result-1.json") B)"
row "$(measure "$DOCKAUDIT" fleet "$W/small")" \
	"fleet: $DA_BENCH_HOSTS results of 6 containers (table)"
row "$(measure "$DOCKAUDIT" fleet --json "$W/f.json" --html "$W/f.html" "$W/small")" \
	"fleet: the same, with --json and --html"
row "$(measure "$DOCKAUDIT" report "$W/result-10.json")" \
	"report: one result (60 containers, $(wc -c <"$W/result-10.json") B)"
row "$(measure "$DOCKAUDIT" fleet "$W/big")" \
	"fleet: $DA_BENCH_BIG_HOSTS results of 60 containers (table)"
row "$(measure "$DOCKAUDIT" fleet "$W/arf")" \
	"fleet: $DA_BENCH_ARF_HOSTS ARF results of 6 containers (table)"
python3 - "$W/f.json" "$DA_BENCH_HOSTS" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["summary"]["hosts"] == int(sys.argv[2]) and d["summary"]["left_out"] == 0, d["summary"]
print("checked: %d hosts in the fleet JSON, none left out, %d rules failing somewhere"
      % (d["summary"]["hosts"], d["summary"]["rules_failing"]))
PY
ls -l "$W/f.json" "$W/f.html" | awk '{ printf "%s: %d bytes\n", $NF, $5 }' | sed "s|$W/||"
