#!/bin/sh
# bench/ledger/run.sh [N] - ledger throughput: put N records in one transaction, put them
# again (all duplicates), walk them in time order. No peer: the figure to beat is the
# Claude Code importer's need (~35k rows in well under 0.2 s). Appends to bench/RESULTS.md.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
n=${1:-35000}
make --no-print-directory -s lib-only
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cc -std=c11 -D_GNU_SOURCE -O2 -Iinclude bench/ledger/insert.c build/libllmcost.a \
	$(pkg-config --libs sqlite3 json-c) -lm -o "$tmp/insert"
out=""
for k in 1 2 3 4 5; do
	out="$out$("$tmp/insert" "$tmp/l.db" "$n" | grep insert)
"
done
printf '%s' "$out"
med=$(printf '%s' "$out" | awk '{print $4}' | sort -n | sed -n 3p)
cpu=$(printf '%s' "$out" | awk '{print $9}' | sort -n | sed -n 3p)
load=$(cut -d' ' -f1 /proc/loadavg)
echo "median insert rate: $med records/s wall, $cpu records per CPU-second (load $load)"
{
	echo
	echo "## ledger insert, $(date -u +%Y-%m-%d), commit $(git rev-parse --short HEAD)"
	echo
	echo "\`bench/ledger/run.sh $n\` (one transaction, WAL, synchronous=NORMAL; 2 shared cores, noisy):"
	echo "median of 5: $med records/s by wall time, $cpu records per CPU-second (record"
	echo "construction included; load average $load during the run)"
} >>bench/RESULTS.md
