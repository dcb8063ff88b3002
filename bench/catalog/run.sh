#!/bin/sh
# bench/catalog/run.sh - llmcost's exact cost engine against genai-prices 0.1.8 (the npm
# package @pydantic/genai-prices, built from the same data file), side by side.
#
#   bench/run catalog            (RUNS=N repeats, default 5; N=records per timed run,
#                                 default 1000000; BUILD=build folder)
#
# 1. Answers: every genai-prices model x 3 dates x 6 usage mixes (cached input, 5m and 1h
#    cache writes, long context) priced by both; totals must agree to 1e-9 relative (the
#    peer computes in binary floats, llmcost exactly). Differences are listed and counted;
#    the known, intended ones are explained in bench/catalog/README.md.
# 2. Time: pricing N records, cycling through the cases both priced alike, including
#    opening the catalog (llmcost: the generated table; peer: module load), RUNS times,
#    alternating; medians, ratio and peak RSS. Appends a dated section to bench/RESULTS.md.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=$(cd "${BUILD:-$root/build}" && pwd)
runs=${RUNS:-5}
n=${N:-1000000}
command -v node >/dev/null || { echo "bench catalog: needs node and npm" >&2; exit 2; }
[ -f "$build/libllmcost.a" ] || { echo "bench catalog: build first (make all)" >&2; exit 2; }
[ -d "$root/bench/peers/node_modules/@pydantic/genai-prices" ] ||
	(cd "$root/bench/peers" && npm install --no-audit --no-fund >&2)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$here/peer.mjs" "$root/bench/peers/catalog-peer.mjs" # ES modules resolve from their folder
trap 'rm -rf "$work" "$root/bench/peers/catalog-peer.mjs"' EXIT
peer="$root/bench/peers/catalog-peer.mjs"

libs=$(pkg-config --libs json-c sqlite3 yaml-0.1 gsl libuv libcurl libpcre2-8 2>/dev/null)
cc -std=c11 -D_GNU_SOURCE -O2 -I"$root/include" "$here/price-many.c" "$build/libllmcost.a" \
	$libs -lhttp_parser -lpthread -lm -o "$work/price-many"

GENAI_DATA="$root/data/prices/genai-prices-0.1.8.json" node "$peer" cases "$work/cases.tsv"
node "$peer" price "$work/cases.tsv" >"$work/theirs"
"$work/price-many" price "$work/cases.tsv" >"$work/ours"
paste "$work/cases.tsv" "$work/ours" "$work/theirs" | awk -F'\t' -v common="$work/common.tsv" '
function abs(x) { return x < 0 ? -x : x }
{
	ours = $9; theirs = $10; total++
	if (ours == "UNPRICED" && theirs == "UNPRICED") { both_unpriced++; next }
	if (theirs == "UNPRICED" || theirs == "ERROR") { only_ours++; if (only_ours <= 5) print "  only llmcost prices: " $1 "/" $2; next }
	if (ours == "UNPRICED") { only_theirs++; if (only_theirs <= 10) print "  only genai-prices prices: " $1 "/" $2 " at " $3; next }
	d = abs(ours - theirs); m = abs(theirs) > 1 ? abs(theirs) : 1
	if (d <= 1e-9 * m) { same++; print $1 "\t" $2 "\t" $3 "\t" $4 "\t" $5 "\t" $6 "\t" $7 "\t" $8 > common; next }
	differ++
	key = $1 "/" $2
	if (!(key in seen)) { seen[key] = 1; models++; if (models <= 25) printf "  differ: %s at %s in=%s cr=%s w5=%s w1=%s out=%s: llmcost %s, genai-prices %s\n", key, $3, $4, $5, $6, $7, $8, ours, theirs }
}
END {
	printf "cases %d: same %d, differ %d (%d models), only llmcost %d, only genai-prices %d, neither %d\n",
		total, same, differ, models, only_ours, only_theirs, both_unpriced
}' | tee "$work/check.txt"

med() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
: >"$work/t-ours"; : >"$work/t-peer"; : >"$work/m-ours"; : >"$work/m-peer"
i=0
while [ $i -lt "$runs" ]; do
	/usr/bin/time -v "$work/price-many" time "$work/common.tsv" "$n" >"$work/o" 2>"$work/tv"
	cut -d' ' -f1 "$work/o" >>"$work/t-ours"
	grep 'Maximum resident' "$work/tv" | awk '{ print $NF }' >>"$work/m-ours"
	/usr/bin/time -v node "$peer" time "$work/common.tsv" "$n" >"$work/p" 2>"$work/tv"
	cut -d' ' -f1 "$work/p" >>"$work/t-peer"
	grep 'Maximum resident' "$work/tv" | awk '{ print $NF }' >>"$work/m-peer"
	i=$((i + 1))
done
to=$(med <"$work/t-ours"); tp=$(med <"$work/t-peer")
mo=$(sort -n "$work/m-ours" | tail -n 1); mp=$(sort -n "$work/m-peer" | tail -n 1)
sums="llmcost sum $(cut -d' ' -f2 "$work/o"), genai-prices sum $(cut -d' ' -f2 "$work/p")"
ratio=$(awk -v a="$tp" -v b="$to" 'BEGIN { printf "%.1f", a / b }')
report=$(cat <<REPORT
pricing $n records ($(wc -l <"$work/common.tsv") distinct cases, both tools agree on each), median of $runs:
  llmcost      $to s   peak RSS $mo KB
  genai-prices $tp s   peak RSS $mp KB   (llmcost ${ratio}x faster)
  $sums
REPORT
)
echo "$report"
{
	echo
	echo "## catalog: llmcost cost engine vs genai-prices 0.1.8 (npm) - $(date -u +%Y-%m-%d)"
	echo
	echo "commit $(git -C "$root" rev-parse --short HEAD), \`RUNS=$runs N=$n bench/run catalog\`, $(nproc) cores shared with other jobs (noisy)."
	echo
	echo '```'
	cat "$work/check.txt"
	echo "$report"
	echo '```'
} >>"$root/bench/RESULTS.md"
