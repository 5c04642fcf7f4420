#!/bin/sh
# Regenerate docs/RULES.md, the table of every rule, from the content:
#   contrib/gen-rules-doc.sh DOCKAUDIT SRCDIR [OUT]
# DOCKAUDIT is the built binary; SRCDIR the source tree whose benchmarks/
# and profiles/ it reads; OUT defaults to SRCDIR/docs/RULES.md ("-" for
# standard output). `make rules-doc` runs it, and tests/cli/rules-lint.sh
# fails while docs/RULES.md differs from what it would write.
set -eu
usage="usage: gen-rules-doc.sh DOCKAUDIT SRCDIR [OUT]"
da=${1:?$usage}
src=${2:?$usage}
out=${3:-$src/docs/RULES.md}

if [ "$out" = - ]; then
	DOCKAUDIT_DATADIR=$src exec "$da" rules --all --format markdown
fi
tmp=$out.tmp.$$
trap 'rm -f "$tmp"' EXIT
DOCKAUDIT_DATADIR=$src "$da" rules --all --format markdown >"$tmp"
mv "$tmp" "$out"
