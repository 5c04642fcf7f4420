#!/bin/sh
# The whole test suite, as CI runs it: a normal build with `make check` and
# `make distcheck`, an ASan/UBSan build with `make check`, and a build whose
# tests run under valgrind. Integration tests start their own dockerd, so
# run this as root (non-root: those tests skip; with CI=true they fail).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

# A tree configured in place (the README's quick start builds that way)
# cannot also be configured out of tree: configure refuses. Then run the
# stages in a copy of the source files (tracked and new, not ignored ones),
# leaving the user's own build as it is.
if [ -f "$top/config.status" ]; then
	if ! git -C "$top" rev-parse --show-toplevel >/dev/null 2>&1; then
		echo "run-all: $top is configured in place and is not a git checkout;" \
			"run 'make distclean' there first" >&2
		exit 1
	fi
	copy=$top/build/source
	echo "=== $top is configured in place: testing a copy of its source files in $copy"
	rm -rf "$copy"
	mkdir -p "$copy"
	git -C "$top" ls-files -z -c -o --exclude-standard |
		(cd "$top" && tar --null --ignore-failed-read -T - -cf - 2>/dev/null) |
		tar -C "$copy" -xf -
	[ -f "$copy/tests/run-all.sh" ] || { echo "run-all: cannot copy the source to $copy" >&2; exit 1; }
	exec sh "$copy/tests/run-all.sh"
fi
jobs=$(nproc 2>/dev/null || echo 2)
start=$(date +%s)

./autogen.sh >/dev/null 2>&1 || ./autogen.sh

stage() {
	name=$1
	shift
	t0=$(date +%s)
	echo "=== $name: configure $*"
	rm -rf "build/$name"
	mkdir -p "build/$name"
	(cd "build/$name" && "$top/configure" -q "$@")
	make -C "build/$name" -j"$jobs" >/dev/null
	if ! make -C "build/$name" -j"$jobs" check; then
		for log in $(find "build/$name/tests" -name '*.log' ! -name test-suite.log); do
			if grep -q '^:test-result: \(FAIL\|ERROR\)' "${log%.log}.trs" 2>/dev/null; then
				echo "--- $log"
				tail -n 60 "$log"
			fi
		done
		echo "=== $name: FAILED"
		exit 1
	fi
	echo "=== $name: passed in $(( $(date +%s) - t0 )) s"
}

stage default
stage asan --enable-asan
stage valgrind --enable-valgrind
echo "=== distcheck"
t0=$(date +%s)
make -C build/default -j"$jobs" distcheck >/dev/null
echo "=== distcheck: passed in $(( $(date +%s) - t0 )) s"
echo "=== all test stages passed in $(( $(date +%s) - start )) s"
