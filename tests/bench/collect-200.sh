#!/bin/sh
# Benchmark (not a test): `dockaudit collect` against a private dockerd
# running N (default 200) busybox containers, next to the same Engine API
# reads made with curl, in one run on one daemon, the collection over
# TCP+TLS, and the evaluation of those facts into every report format
# (time and size of each). See tests/bench/README.md.
#   sudo tests/bench/collect-200.sh            (from a build directory)
#   DA_BENCH_N=1000 DA_BENCH_RUNS=3 ...         (other sizes)
set -u
here=$(cd "$(dirname "$0")" && pwd -P)
: "${top_srcdir:=$(cd "$here/../.." && pwd -P)}"
: "${DOCKAUDIT:=$(pwd -P)/src/cli/dockaudit}"
: "${DOCKAUDIT_DATADIR:=$top_srcdir}"
: "${DA_BENCH_N:=200}"
: "${DA_BENCH_RUNS:=5}"
: "${DA_BENCH_JOBS:=8}"
export top_srcdir DOCKAUDIT DOCKAUDIT_DATADIR DA_BENCH_N DA_BENCH_RUNS DA_BENCH_JOBS
# shellcheck source=tests/integration/lib.sh
. "$top_srcdir/tests/integration/lib.sh"
da_require_root_and_docker

N=$DA_BENCH_N
IMG=da-busybox:bench
# The daemon also listens on 127.0.0.1:2376 with TLS (the harness's own
# network namespace: the port is free), to time the same collection there.
da_loopback_up
T=$DA_TMP/tls
da_tls_certs "$T"
TCP=tcp://127.0.0.1:2376
da_dockerd_start --log-level=warn -H "$TCP" --tlsverify --tlscacert "$T/ca.pem" \
	--tlscert "$T/server.pem" --tlskey "$T/server-key.pem"
SOCK=$DA_DOCKERD_DIR/docker.sock
da_image_busybox "$IMG"

now_ms() {
	echo $(($(date +%s%N) / 1000000))
}

# median: the middle of the numbers on stdin.
median() {
	sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

# ---- N running containers, started DA_BENCH_JOBS at a time ----------------
t0=$(now_ms)
seq 1 "$N" | xargs -P "$DA_BENCH_JOBS" -I{} "$DA_DOCKER" run -d --name b-{} --network none \
	"$IMG" sleep 3600 >/dev/null 2>"$DA_TMP/run.err" || {
	head -n 5 "$DA_TMP/run.err" >&2
	da_fatal "starting $N containers failed"
}
running=$("$DA_DOCKER" ps -q | wc -l)
[ "$running" -eq "$N" ] || da_fatal "$running containers run, expected $N"
echo "started $N containers in $(($(now_ms) - t0)) ms"

# ---- dockaudit collect ------------------------------------------------
F=$DA_TMP/facts.json
: >"$DA_TMP/collect.ms"
i=0
while [ "$i" -lt "$DA_BENCH_RUNS" ]; do
	t0=$(now_ms)
	"$DOCKAUDIT" collect --docker-host "unix://$SOCK" -o "$F" 2>"$DA_TMP/err" ||
		da_fatal "dockaudit collect failed: $(head -c 300 "$DA_TMP/err")"
	echo $(($(now_ms) - t0)) >>"$DA_TMP/collect.ms"
	i=$((i + 1))
done
# The timing counts only if the facts are complete.
python3 - "$F" "$N" <<'PY' || da_fatal "the collected facts are incomplete"
import json, sys
f = json.load(open(sys.argv[1]))
c = f["containers"]
n = int(sys.argv[2])
bad = [i.get("name") for i in c.get("items", []) if "error" in i or "error" in i.get("proc", {})]
if c.get("count") != n or bad:
    sys.exit("containers: count %s, expected %d; with errors: %s" % (c.get("count"), n, bad[:5]))
PY
collect_ms=$(median <"$DA_TMP/collect.ms")
: >"$DA_TMP/tls.ms"
i=0
while [ "$i" -lt "$DA_BENCH_RUNS" ]; do
	t0=$(now_ms)
	DOCKER_TLS_VERIFY=1 DOCKER_CERT_PATH=$T/client "$DOCKAUDIT" collect --docker-host "$TCP" \
		-o "$F" 2>"$DA_TMP/err" || da_fatal "dockaudit collect over TLS failed: $(head -c 300 "$DA_TMP/err")"
	echo $(($(now_ms) - t0)) >>"$DA_TMP/tls.ms"
	i=$((i + 1))
done
python3 -c 'import json, sys; sys.exit(json.load(open(sys.argv[1]))["containers"].get("count") != int(sys.argv[2]))' \
	"$F" "$N" || da_fatal "the facts collected over TLS are incomplete"
/usr/bin/time -v "$DOCKAUDIT" collect --docker-host "unix://$SOCK" -o "$F" 2>"$DA_TMP/time.txt" ||
	da_fatal "dockaudit collect under /usr/bin/time failed"
rss_kb=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$DA_TMP/time.txt")

# ---- the same API reads with curl ---------------------------------------
API="curl -sf --unix-socket $SOCK -o /dev/null"
ids=$(curl -sf --unix-socket "$SOCK" 'http://docker/containers/json?all=1' |
	python3 -c 'import json, sys; print("\n".join(c["Id"] for c in json.load(sys.stdin)))')
[ "$(echo "$ids" | wc -l)" -eq "$N" ] || da_fatal "GET /containers/json listed other than $N containers"

# curl_first: the four reads before the inspections, one curl each.
curl_first() {
	for p in /_ping /version /info '/containers/json?all=1'; do
		$API "http://docker$p" || da_fatal "curl GET $p failed"
	done
}

: >"$DA_TMP/serial.ms"
: >"$DA_TMP/parallel.ms"
: >"$DA_TMP/cli.ms"
for id in $ids; do
	printf 'url = "http://docker/containers/%s/json"\noutput = "/dev/null"\n' "$id"
done >"$DA_TMP/inspect.curl"
i=0
while [ "$i" -lt "$DA_BENCH_RUNS" ]; do
	t0=$(now_ms)
	curl_first
	for id in $ids; do
		$API "http://docker/containers/$id/json" || da_fatal "curl GET /containers/$id/json failed"
	done
	echo $(($(now_ms) - t0)) >>"$DA_TMP/serial.ms"

	t0=$(now_ms)
	curl_first
	curl -sf --no-progress-meter --unix-socket "$SOCK" --parallel --parallel-max 16 \
		-K "$DA_TMP/inspect.curl" 2>"$DA_TMP/curl.err" ||
		da_fatal "curl --parallel failed"
	echo $(($(now_ms) - t0)) >>"$DA_TMP/parallel.ms"

	t0=$(now_ms)
	# shellcheck disable=SC2046 # one id a word
	"$DA_DOCKER" inspect $("$DA_DOCKER" ps -aq --no-trunc) >/dev/null || da_fatal "docker inspect failed"
	echo $(($(now_ms) - t0)) >>"$DA_TMP/cli.ms"
	i=$((i + 1))
done

echo
echo "$N running containers, median of $DA_BENCH_RUNS runs; $(nproc) CPUs; dockerd $("$DA_DOCKER" version -f '{{.Server.Version}}')"
printf '%-58s %9s %9s\n' "what" "requests" "wall ms"
printf '%-58s %9s %9s\n' "dockaudit collect (all collectors, 16 inspects at once)" "-" "$collect_ms"
printf '%-58s %9s %9s\n' "dockaudit collect over TCP+TLS (verified, client cert)" "-" "$(median <"$DA_TMP/tls.ms")"
printf '%-58s %9s %9s\n' "curl, one process per request" $((N + 4)) "$(median <"$DA_TMP/serial.ms")"
printf '%-58s %9s %9s\n' "curl, 4 requests + one curl --parallel-max 16 for inspects" $((N + 4)) "$(median <"$DA_TMP/parallel.ms")"
printf '%-58s %9s %9s\n' "docker ps -aq; docker inspect (all ids at once)" "-" "$(median <"$DA_TMP/cli.ms")"
echo "dockaudit collect peak RSS: $rss_kb kB; facts: $(wc -c <"$F") bytes"

# ---- the reports of those facts -------------------------------------------
# Every output format this binary offers, all written by one eval.
O=$DA_TMP/out
mkdir -p "$O"
set --
for fmt in json arf results html junit prom; do
	"$DOCKAUDIT" eval --help | grep -q -- "--$fmt " && set -- "$@" "--$fmt" "$O/report.$fmt"
done
: >"$DA_TMP/eval.ms"
i=0
while [ "$i" -lt "$DA_BENCH_RUNS" ]; do
	t0=$(now_ms)
	"$DOCKAUDIT" eval --quiet "$@" "$F" >/dev/null 2>"$DA_TMP/err"
	rc=$?
	[ "$rc" -eq 0 ] || [ "$rc" -eq 2 ] || da_fatal "dockaudit eval exited $rc: $(head -c 300 "$DA_TMP/err")"
	echo $(($(now_ms) - t0)) >>"$DA_TMP/eval.ms"
	i=$((i + 1))
done
/usr/bin/time -v "$DOCKAUDIT" eval --quiet "$@" "$F" >/dev/null 2>"$DA_TMP/time.txt"
eval_rss_kb=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$DA_TMP/time.txt")
echo
echo "dockaudit eval of those facts into every format: $(median <"$DA_TMP/eval.ms") ms (median), peak RSS $eval_rss_kb kB"
printf '%-10s %12s %12s\n' "output" "bytes" "gzip bytes"
for f in "$O"/report.*; do
	printf '%-10s %12s %12s\n' "${f##*.}" "$(wc -c <"$f")" "$(gzip -c "$f" | wc -c)"
done
exit 0
