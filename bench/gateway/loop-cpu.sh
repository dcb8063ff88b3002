#!/bin/sh
# bench/gateway/loop-cpu.sh [wall|callgrind] [BUILD_DIR] - CPU of the gateway's event-loop
# thread per proxied request: the figure the gateway's hot-path work is judged by (the
# whole-gateway comparison with nginx is bench/gateway/run.sh).
#   wall       wrk -t1 -c32 for DUR (5) s; user and system microseconds per request of the
#              loop thread (/proc ticks) and req/s. Noisy on a shared machine: run several.
#   callgrind  the same load at -c8 for 4 s under valgrind; instructions per request of the
#              loop thread and of all threads. Deterministic to ~1%: the figure to compare.
# BUILD_DIR (default: this checkout) holds build/llmcost and build/mock-upstream, so two
# builds can be compared in alternation. Loopback only; free ports picked at start.
set -eu
mode=${1:-wall}
dir=${2:-$(cd "$(dirname "$0")/../.." && pwd)}
root=$(cd "$(dirname "$0")/../.." && pwd)
DUR=${DUR:-5}
. "$root/bench/gateway/common.sh"
MOCK=$(port)
LC=$(port)
"$dir/build/mock-upstream" --listen 127.0.0.1:$MOCK >/dev/null &
pids="$pids $!"
KEY=$(gw_setup "$dir/build/llmcost" $LC $MOCK)
export WRK_AUTH=$KEY
load() { # load CONNS SECONDS
	wrk -t1 -c"$1" -d"$2"s -s "$root/bench/gateway/post.lua" http://127.0.0.1:$LC
}
if [ "$mode" = callgrind ]; then
	valgrind --tool=callgrind --instr-atstart=no --separate-threads=yes \
		--callgrind-out-file="$tmp/cg.%p" "$dir/build/llmcost" serve --config "$tmp/gw.yaml" \
		2>"$tmp/lc.err" &
	lp=$!
	pids="$pids $lp"
	wait_port $LC llmcost
	load 8 1 >/dev/null
	callgrind_control -i on $lp >/dev/null 2>&1
	load 8 4 >"$tmp/wrk.out"
	callgrind_control -d $lp >/dev/null 2>&1
	sleep 1
	req=$(awk '/requests in/{print $1}' "$tmp/wrk.out")
	loop=$(awk '/^totals:/{print $2}' "$tmp"/cg.*.1-01)
	all=$(cat "$tmp"/cg.*.1-0* | awk '/^totals:/{s += $2} END {print s}')
	echo "requests $req  loop-thread instructions/request $((loop / req))  all threads $((all / req))"
else
	"$dir/build/llmcost" serve --config "$tmp/gw.yaml" 2>"$tmp/lc.err" &
	lp=$!
	pids="$pids $lp"
	wait_port $LC llmcost
	load 32 1 >/dev/null
	t0=$(awk '{print $14, $15}' /proc/$lp/task/$lp/stat)
	load 32 "$DUR" >"$tmp/wrk.out"
	t1=$(awk '{print $14, $15}' /proc/$lp/task/$lp/stat)
	req=$(awk '/requests in/{print $1}' "$tmp/wrk.out")
	rps=$(awk '/Requests\/sec/{print $2}' "$tmp/wrk.out")
	echo "$t0 $t1 $req $rps $(getconf CLK_TCK)" | awk '{
		printf "req/s %s  loop thread: user %.2f us/request, system %.2f us/request (%d requests)\n",
			$6, ($3 - $1) / $7 * 1e6 / $5, ($4 - $2) / $7 * 1e6 / $5, $5 }'
	grep -E "Non-2xx|Socket errors" "$tmp/wrk.out" || true
fi
