#!/bin/sh
# The whole test suite, as CI runs it: a normal build with `make check` and
# `make distcheck`, an ASan/UBSan build with `make check`, and a build whose
# tests run under valgrind. Integration tests start their own dockerd, so
# run this as root (non-root: those tests skip; with CI=true they fail).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
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
