#!/bin/sh
# bench/ledger-put/run.sh [N [DEEP [RUNS]]] - the gateway writer's ledger cost per row: N
# gateway-shaped records (put.c) in transactions of 512 into a fresh ledger opened with
# LC_LEDGER_SMALL_CACHE, then N/5 more once it holds DEEP rows. No peer: the figure is CPU
# microseconds per row, which the gateway pays on its writer thread (bench/gateway). Checks
# the answers first (put.c exits non-zero when rows, repeats or rollup sums are wrong).
# Prints each run and the medians; appends them to bench/RESULTS.md.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
n=${1:-500000}
deep=${2:-1000000}
runs=${3:-3}
make --no-print-directory -s lib-only
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
libs="$(pkg-config --libs json-c sqlite3 yaml-0.1 gsl libuv libcurl libpcre2-8) -lhttp_parser -lpthread -lm"
# shellcheck disable=SC2086
cc -std=c11 -D_GNU_SOURCE -O2 -Iinclude bench/ledger-put/put.c build/libllmcost.a $libs \
	-o "$tmp/put"
out=""
k=0
while [ "$k" -lt "$runs" ]; do
	r=$(/usr/bin/time -f 'peak %M KB' "$tmp/put" "$tmp/l.db" "$n" "$deep" 2>&1)
	echo "$r"
	out="$out$r
"
	k=$((k + 1))
done
med() { printf '%s' "$out" | awk -v w="$1" '$1 == w { for (i = 2; i <= NF; i++) if ($i == "us/row") print $(i - 1) }' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
fresh=$(med fresh)
at=$(med at)
load=$(cut -d' ' -f1-3 /proc/loadavg)
echo "median CPU per row: fresh ledger $fresh us, at $deep rows $at us (load $load)"
{
	echo
	echo "## ledger-put: gateway rows, transactions of 512 ($(date -u +%Y-%m-%dT%H:%MZ), commit $(git rev-parse --short HEAD))"
	echo
	echo "\`bench/ledger-put/run.sh $n $deep $runs\` (LC_LEDGER_SMALL_CACHE, WAL, synchronous=NORMAL;"
	echo "CPU between begin and commit, records built outside; 2 shared cores, noisy; load $load):"
	echo "median of $runs: **$fresh us/row** for $n rows into a fresh ledger, **$at us/row** for"
	echo "$((n / 5)) rows once it holds $deep."
} >>bench/RESULTS.md
