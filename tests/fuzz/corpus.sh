#!/bin/sh
# Replay every fuzz target's seed corpus through it (tests/fuzz/corpus/NAME):
# no input may crash, hang or leak (the sanitizer build and the valgrind
# build run this too).
set -u
: "${top_srcdir:?run through make check}"
: "${top_builddir:?run through make check}"
fails=0
err=$(mktemp /tmp/da-fuzz-corpus.XXXXXX)
trap 'rm -f "$err"' EXIT
for dir in "$top_srcdir"/tests/fuzz/corpus/*/; do
	name=$(basename "$dir")
	bin="$top_builddir/tests/fuzz/fuzz_$name"
	if [ ! -x "$bin" ]; then
		echo "FAIL: no fuzz target for corpus $name"
		fails=$((fails + 1))
		continue
	fi
	n=$(find "$dir" -type f | wc -l)
	# shellcheck disable=SC2086
	if ! timeout 300 ${DA_WRAPPER:-} "$bin" ${DA_FUZZ_REPLAY_ARGS:-} "$dir" >/dev/null 2>"$err"; then
		echo "FAIL: fuzz_$name crashed, hung or leaked on its corpus:"
		tail -n 30 "$err"
		fails=$((fails + 1))
	else
		echo "ok: fuzz_$name, $n inputs"
	fi
done
[ "$fails" -eq 0 ]
