#!/bin/sh
# bench/tokenizer/run.sh - llmcost tokens vs npm tiktoken@1.0.22 (WASM build of OpenAI's
# code) and gpt-tokenizer@4.0.0 (pure JS): whole process, what a user waits for.
#
#   bench/run tokenizer            (RUNS=N repeats, default 5; BUILD=build folder)
#
# 1. a deterministic 10 MB mixed corpus (bench/tokenizer/gen-corpus.js), both encodings:
#    counts are checked against tiktoken first (the run stops on a difference), then each
#    tool is timed RUNS times; medians, ratio to the fastest peer and peak memory.
# 2. pathological inputs of 100,000 characters ('x', spaces, random lowercase letters):
#    llmcost RUNS times, the peers once (tiktoken takes seconds on these).
# 3. a short text: the start-up cost of one call.
# Appends a dated section to bench/RESULTS.md.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=$(cd "${BUILD:-$root/build}" && pwd)
runs=${RUNS:-5}
data=$root/bench/data/tokenizer
llmcost=$build/llmcost
[ -x "$llmcost" ] || { echo "bench tokenizer: build first (make all)" >&2; exit 2; }
command -v node >/dev/null || { echo "bench tokenizer: needs node and npm" >&2; exit 2; }
if [ ! -d "$root/bench/peers/node_modules/tiktoken" ] || [ ! -d "$root/bench/peers/node_modules/gpt-tokenizer" ]; then
	(cd "$root/bench/peers" && npm install --no-audit --no-fund >&2)
fi
mkdir -p "$data"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

[ -f "$data/mixed-10mb.txt" ] || node "$here/gen-corpus.js" "$data/mixed-10mb.txt" 10485760
node -e "
const fs = require('fs'); const d = process.argv[1]; const n = 100000;
fs.writeFileSync(d + '/x-100k.txt', 'x'.repeat(n));
fs.writeFileSync(d + '/spaces-100k.txt', ' '.repeat(n));
let s = 42, o = ''; for (let i = 0; i < n; i++) { s = (Math.imul(s, 1103515245) + 12345) >>> 0; o += String.fromCharCode(97 + (s >>> 8) % 26); }
fs.writeFileSync(d + '/lower-100k.txt', o);" "$data"

# run_tool N CMD...: run CMD N times; prints "median_seconds max_kb count"
run_tool() {
	n=$1
	shift
	: >"$tmp/times"
	i=0
	while [ $i -lt "$n" ]; do
		/usr/bin/time -f "%e %M" -o "$tmp/t" "$@" >"$tmp/out" 2>"$tmp/err" || {
			echo "bench tokenizer: failed: $*" >&2; cat "$tmp/err" >&2; exit 1; }
		cat "$tmp/t" >>"$tmp/times"
		i=$((i + 1))
	done
	med=$(cut -d' ' -f1 "$tmp/times" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
	kb=$(cut -d' ' -f2 "$tmp/times" | sort -n | tail -n 1)
	echo "$med $kb $(head -n 1 "$tmp/out")"
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a <= 0) a = 0.005; printf "%.1f", b / a }'; }

report=$tmp/report
{
	echo
	echo "## tokenizer: llmcost tokens vs tiktoken 1.0.22 and gpt-tokenizer 4.0.0 ($(date -u +%Y-%m-%d))"
	echo
	echo "commit $(cd "$root" && git rev-parse --short HEAD 2>/dev/null || echo unknown), $(nproc) cores" \
	     "($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), node $(node --version)," \
	     "command \`RUNS=$runs bench/run tokenizer\`. Whole process, median of $runs runs;" \
	     "shared machine, expect noise."
	echo
	echo "| input | encoding | tokens | llmcost s | tiktoken s | gpt-tokenizer s | x fastest peer | peak KB llmcost / tiktoken / gpt-tok |"
	echo "|---|---|---|---|---|---|---|---|"
} >"$report"

notes=""
for enc in o200k_base cl100k_base; do
	f=$data/mixed-10mb.txt
	set -- $(run_tool 1 node "$here/peer.js" tiktoken "$enc" "$f")
	want=$3
	set -- $(run_tool "$runs" "$llmcost" tokens --encoding "$enc" "$f")
	l_s=$1 l_kb=$2 got=$3
	if [ "$got" != "$want" ]; then
		echo "bench tokenizer: $enc: llmcost counts $got, tiktoken $want" >&2
		exit 1
	fi
	set -- $(run_tool "$runs" node "$here/peer.js" tiktoken "$enc" "$f")
	t_s=$1 t_kb=$2
	set -- $(run_tool "$runs" node "$here/peer.js" gpt-tokenizer "$enc" "$f")
	g_s=$1 g_kb=$2 g_n=$3
	[ "$g_n" = "$want" ] || notes="$notes
- gpt-tokenizer counts $g_n on the 10 MB corpus with $enc, tiktoken and llmcost $want: gpt-tokenizer's JavaScript regex counts U+FEFF (zero-width no-break space) as \\s, Rust's regex (tiktoken) does not."
	best=$(awk -v a="$t_s" -v b="$g_s" 'BEGIN { print (a < b ? a : b) }')
	echo "| 10 MB mixed | $enc | $want | $l_s | $t_s | $g_s | $(ratio "$l_s" "$best") | $l_kb / $t_kb / $g_kb |" >>"$report"
	echo "$enc: llmcost $l_s s, tiktoken $t_s s, gpt-tokenizer $g_s s" >&2
done

for name in x spaces lower; do
	f=$data/$name-100k.txt
	set -- $(run_tool "$runs" "$llmcost" tokens "$f")
	l_s=$1 l_kb=$2 got=$3
	set -- $(run_tool 1 node "$here/peer.js" tiktoken o200k_base "$f")
	t_s=$1 t_kb=$2 want=$3
	[ "$got" = "$want" ] || { echo "bench tokenizer: $name: llmcost $got, tiktoken $want" >&2; exit 1; }
	set -- $(run_tool 1 node "$here/peer.js" gpt-tokenizer o200k_base "$f")
	g_s=$1 g_kb=$2
	best=$(awk -v a="$t_s" -v b="$g_s" 'BEGIN { print (a < b ? a : b) }')
	echo "| 100k $name | o200k_base | $want | $l_s | $t_s (1 run) | $g_s (1 run) | $(ratio "$l_s" "$best") | $l_kb / $t_kb / $g_kb |" >>"$report"
	echo "$name-100k: llmcost $l_s s, tiktoken $t_s s, gpt-tokenizer $g_s s" >&2
done

printf 'Hello, world!' >"$tmp/short.txt"
set -- $(run_tool "$runs" "$llmcost" tokens "$tmp/short.txt")
l_s=$1 l_kb=$2
set -- $(run_tool "$runs" node "$here/peer.js" tiktoken o200k_base "$tmp/short.txt")
t_s=$1 t_kb=$2
set -- $(run_tool "$runs" node "$here/peer.js" gpt-tokenizer o200k_base "$tmp/short.txt")
g_s=$1 g_kb=$2
best=$(awk -v a="$t_s" -v b="$g_s" 'BEGIN { print (a < b ? a : b) }')
echo "| 13 bytes | o200k_base | 4 | $l_s | $t_s | $g_s | $(ratio "$l_s" "$best") | $l_kb / $t_kb / $g_kb |" >>"$report"
[ -z "$notes" ] || printf '%s\n' "$notes" >>"$report"
echo "(/usr/bin/time has 10 ms resolution: 0.00 means under 5 ms; ratios then use 5 ms.)" >>"$report"

cat "$report"
cat "$report" >>"$root/bench/RESULTS.md"
