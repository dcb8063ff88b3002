#!/bin/sh
# bench/gateway/run.sh [--json] - the gateway benchmark (BENCHMARKS.md): wrk with the same
# payload and connection count against `llmcost serve` (metering and the SQLite ledger on),
# nginx proxy_pass and Portkey's gateway, all in front of the same mock upstream
# (build/mock-upstream). Checks first that each proxy answers like the mock, then runs
# alternating rounds after a warm-up and reports medians of req/s and p99, errors, the
# ledger rows against the requests llmcost served, and RSS at 1,000 open connections.
# Installs wrk and nginx-light (apt) and @portkey-ai/gateway (npm, bench/peers/portkey).
# Appends a dated section to bench/RESULTS.md; --json prints one JSON line last.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
json=0
[ "${1:-}" = "--json" ] && json=1
DUR=${DUR:-10}
ROUNDS=${ROUNDS:-3}
CONNS=${CONNS:-32}
WORKERS=${WORKERS:-1}

say() { [ $json = 1 ] && echo "$@" >&2 || echo "$@"; }

# --- peers and build ------------------------------------------------------------------
need=""
command -v wrk >/dev/null || need="$need wrk"
[ -x /usr/sbin/nginx ] || need="$need nginx-light"
if [ -n "$need" ]; then
	say "installing:$need"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q $need >/dev/null
fi
if [ ! -d bench/peers/portkey/node_modules/@portkey-ai/gateway ]; then
	say "installing @portkey-ai/gateway (npm)"
	(cd bench/peers/portkey && npm ci --no-audit --no-fund >/dev/null 2>&1 ||
		npm install --no-audit --no-fund >/dev/null)
fi
make --no-print-directory -s all >/dev/null

. bench/gateway/common.sh

# --- the mock and the three proxies ---------------------------------------------------
MOCK=$(port)
build/mock-upstream --listen 127.0.0.1:$MOCK >/dev/null &
mockpid=$!
pids="$pids $mockpid"
wait_port $MOCK mock

LC=$(port)
KEY=$(gw_setup build/llmcost $LC $MOCK)
/usr/bin/time -v -o "$tmp/lc.time" build/llmcost serve --config "$tmp/gw.yaml" 2>"$tmp/lc.err" &
lcwrap=$!
pids="$pids $lcwrap"
wait_port $LC llmcost
lcpid=$(pgrep -P $lcwrap llmcost || echo $lcwrap)

NG=$(port)
sed -e "s|@PORT@|$NG|; s|@MOCK@|$MOCK|; s|@DIR@|$tmp|g; s|@WORKERS@|$WORKERS|" \
	bench/gateway/nginx.conf.in >"$tmp/nginx.conf"
/usr/sbin/nginx -c "$tmp/nginx.conf" -p "$tmp" 2>"$tmp/nginx.err" &
pids="$pids $!"
wait_port $NG nginx
ngpid=$(cat "$tmp/nginx.pid")
ngworkers=$(pgrep -P "$ngpid" | tr '\n' ' ')

PK=$(port)
(cd bench/peers/portkey && PORT=$PK exec node node_modules/@portkey-ai/gateway/build/start-server.js \
	--port=$PK --headless >"$tmp/portkey.log" 2>&1) &
pids="$pids $!"
wait_port $PK portkey
pkpid=$(pgrep -f "start-server.js --port=$PK" | head -1)

# --- same answers first ---------------------------------------------------------------
body='{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Say hello to the benchmark."}],"max_tokens":16}'
direct=$(curl -s -X POST -H 'Content-Type: application/json' -d "$body" http://127.0.0.1:$MOCK/v1/chat/completions)
via_lc=$(curl -s -X POST -H 'Content-Type: application/json' -H "Authorization: Bearer $KEY" -d "$body" http://127.0.0.1:$LC/v1/chat/completions)
via_ng=$(curl -s -X POST -H 'Content-Type: application/json' -d "$body" http://127.0.0.1:$NG/v1/chat/completions)
via_pk=$(curl -s -X POST -H 'Content-Type: application/json' -H 'Authorization: Bearer sk-bench' \
	-H 'x-portkey-provider: openai' -H "x-portkey-custom-host: http://127.0.0.1:$MOCK/v1" \
	-d "$body" http://127.0.0.1:$PK/v1/chat/completions)
[ "$via_lc" = "$direct" ] || { echo "bench/gateway: llmcost answer differs: $via_lc" >&2; exit 1; }
[ "$via_ng" = "$direct" ] || { echo "bench/gateway: nginx answer differs: $via_ng" >&2; exit 1; }
echo "$via_pk" | grep -q '"prompt_tokens":' || { echo "bench/gateway: portkey answer: $via_pk" >&2; exit 1; }

# --- load ------------------------------------------------------------------------------
# CPU ticks (user + system, all threads) of the processes serving a proxy: llmcost's
# event loop and ledger writer; nginx's worker(s) (not the idle master); node for Portkey.
ticks() {
	for q in $*; do awk '{print $14 + $15}' /proc/"$q"/stat 2>/dev/null || echo 0; done |
		awk '{s += $1} END {print s + 0}'
}
hz=$(getconf CLK_TCK)
# run NAME PORT DURATION -> appends "NAME rps p99_ms errors requests cores" to $tmp/results
# (cores: CPU seconds the proxy used per second of the run - like with like)
run() {
	name=$1 p=$2 d=$3
	case $name in
	llmcost) auth=$KEY pk="" who=$lcpid ;;
	portkey) auth=sk-bench pk="http://127.0.0.1:$MOCK/v1" who=$pkpid ;;
	direct) auth="" pk="" who=$mockpid ;;
	*) auth="" pk="" who=$ngworkers ;;
	esac
	t0=$(ticks $who)
	WRK_AUTH=$auth WRK_PK_HOST=$pk wrk -t1 -c"$CONNS" -d"${d}s" --latency \
		-s bench/gateway/post.lua http://127.0.0.1:$p >"$tmp/wrk.out" 2>&1 || true
	cores=$(awk -v a="$t0" -v b="$(ticks $who)" -v hz="$hz" -v d="$d" 'BEGIN {printf "%.2f", (b - a) / hz / d}')
	rps=$(awk '/^Requests\/sec:/ {print $2}' "$tmp/wrk.out")
	p99=$(awk '$1 == "99%" {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v=v*1000}; print v}' "$tmp/wrk.out")
	req=$(awk '/requests in/ {print $1}' "$tmp/wrk.out")
	non2xx=$(awk '/Non-2xx/ {print $NF}' "$tmp/wrk.out")
	sock=$(awk '/Socket errors/ {gsub(",",""); print $4+$6+$8+$10}' "$tmp/wrk.out")
	errs=$(( ${non2xx:-0} + ${sock:-0} ))
	echo "$name ${rps:-0} ${p99:-0} $errs ${req:-0} $cores" >>"$tmp/results"
	say "  $name: ${rps:-0} req/s, p99 ${p99:-?} ms, errors $errs, CPU $cores cores"
}

say "warm-up (2 s each)"
run llmcost $LC 2 && run nginx $NG 2 && run portkey $PK 2
: >"$tmp/results"
lc_warm=$(awk '/requests in/ {print $1}' "$tmp/wrk.out")
say "measuring: $ROUNDS alternating rounds of ${DUR} s, $CONNS connections, 1 wrk thread"
r=1
while [ $r -le "$ROUNDS" ]; do
	run llmcost $LC "$DUR"
	run nginx $NG "$DUR"
	r=$((r + 1))
done
run portkey $PK "$DUR"
# the ceiling: wrk straight to the mock, no proxy (BENCHMARKS.md's baseline)
run direct $MOCK "$DUR"

med() { # med NAME FIELD
	awk -v n="$1" -v f="$2" '$1 == n {print $f}' "$tmp/results" | sort -g |
		awk '{a[NR]=$1} END {if (NR) print a[int((NR+1)/2)]; else print 0}'
}
sum() { awk -v n="$1" -v f="$2" '$1 == n {s+=$f} END {print s+0}' "$tmp/results"; }
lc_rps=$(med llmcost 2); ng_rps=$(med nginx 2); pk_rps=$(med portkey 2)
lc_p99=$(med llmcost 3); ng_p99=$(med nginx 3); pk_p99=$(med portkey 3)
lc_cpu=$(med llmcost 6); ng_cpu=$(med nginx 6); pk_cpu=$(med portkey 6)
di_rps=$(med direct 2); di_p99=$(med direct 3)
# CPU per request (us), all threads of the proxy: the figure that decides who wins when
# the machine, not the proxy, is the limit
cpu_us() { awk -v c="$1" -v r="$2" 'BEGIN {if (r > 0) printf "%.1f", c / r * 1e6; else print 0}'; }
lc_us=$(cpu_us "$lc_cpu" "$lc_rps"); ng_us=$(cpu_us "$ng_cpu" "$ng_rps")
errors=$(( $(sum llmcost 4) + $(sum nginx 4) + $(sum portkey 4) + $(sum direct 4) ))
ok=$(sum llmcost 5)

# --- memory at 1,000 open connections ----------------------------------------------------
rss() { awk '/VmRSS/ {print $2}' /proc/"$1"/status; }
hold() { # hold PORT: open 1000 keep-alive connections, each with one request answered
	python3 - "$1" <<'EOF' &
import socket, sys, time
port = int(sys.argv[1]); socks = []
for i in range(1000):
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(b"GET /healthz HTTP/1.1\r\nHost: a\r\n\r\n")
    socks.append(s)
for s in socks:
    s.recv(4096)
time.sleep(3)
EOF
	sleep 2
}
lc_rss0=$(rss $lcpid); hold $LC; lc_rss1=$(rss $lcpid); wait $! 2>/dev/null || true
ng_rss0=$(rss $ngpid); hold $NG; ng_rss1=$(rss $ngpid); wait $! 2>/dev/null || true

# --- the ledger: one row per request llmcost served --------------------------------------
# LLM calls only: the series with model "-" counts refusals such as the 404s of wait_port
served=$(curl -s http://127.0.0.1:$LC/metrics |
	awk '/^llmcost_requests_total/ && !/model="-"/ {s+=$2} END {print s+0}')
kill -TERM $lcpid
wait $lcwrap 2>/dev/null || true
rows=$(sqlite3 "$tmp/ledger.db" "select count(*) from records where source='gateway'")
lc_peak=$(awk -F': ' '/Maximum resident/ {print $2}' "$tmp/lc.time")

ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (b > 0) printf "%.2f", a / b; else print "inf"}'; }
r_ng=$(ratio "$lc_rps" "$ng_rps"); r_pk=$(ratio "$lc_rps" "$pk_rps"); r_p99=$(ratio "$lc_p99" "$ng_p99")
say ""
say "llmcost $lc_rps req/s (p99 $lc_p99 ms) | nginx $ng_rps req/s (p99 $ng_p99 ms) | portkey $pk_rps req/s (p99 $pk_p99 ms)"
say "llmcost/nginx throughput ${r_ng}x, p99 ${r_p99}x; llmcost/portkey ${r_pk}x; errors $errors"
say "CPU used while measured: llmcost $lc_cpu cores (event loop + ledger writer), nginx $ng_cpu ($WORKERS worker), portkey $pk_cpu"
say "CPU per request: llmcost $lc_us us, nginx $ng_us us; no proxy (wrk straight to the mock): $di_rps req/s, p99 $di_p99 ms"
say "ledger rows $rows for $served requests served by llmcost (wrk counted $ok completed in the measured runs)"
say "RSS at 1,000 open connections: llmcost ${lc_rss0} -> ${lc_rss1} KB, nginx (master+worker: worker) ${ng_rss0} -> ${ng_rss1} KB; llmcost peak ${lc_peak} KB"

commit=$(git rev-parse --short HEAD)
{
	echo
	echo "## gateway: llmcost serve vs nginx proxy_pass vs Portkey 1.15.2 - $(date -u +%Y-%m-%d) - commit $commit"
	echo
	echo "Command: \`bench/run gateway\` (wrk 1 thread, $CONNS connections, ${DUR} s x $ROUNDS alternating rounds"
	echo "after a 2 s warm-up; POST /v1/chat/completions, same body, same mock; nginx with"
	echo "$WORKERS worker(s) and keep-alive upstream; llmcost with metering into its SQLite ledger)."
	echo "2 cores shared with other jobs: noisy. Medians:"
	echo
	echo "| proxy | req/s | p99 ms | CPU used (cores) |"
	echo "|---|---|---|---|"
	echo "| llmcost | $lc_rps | $lc_p99 | $lc_cpu |"
	echo "| nginx ($WORKERS worker) | $ng_rps | $ng_p99 | $ng_cpu |"
	echo "| portkey | $pk_rps | $pk_p99 | $pk_cpu |"
	echo "| no proxy (wrk to the mock) | $di_rps | $di_p99 | - |"
	echo
	echo "CPU per request: llmcost $lc_us us (event loop + ledger writer), nginx $ng_us us."
	echo
	echo "llmcost/nginx ${r_ng}x throughput, ${r_p99}x p99; llmcost/Portkey ${r_pk}x. Errors: $errors."
	echo "Ledger rows $rows = requests served $served. RSS with 1,000 open connections: llmcost"
	echo "$lc_rss0 -> $lc_rss1 KB; nginx worker $ng_rss0 -> $ng_rss1 KB. llmcost peak RSS $lc_peak KB."
} >>bench/RESULTS.md

if [ $json = 1 ]; then
	printf '{"llmcost_rps":%s,"nginx_rps":%s,"portkey_rps":%s,"llmcost_p99_ms":%s,"nginx_p99_ms":%s,' \
		"$lc_rps" "$ng_rps" "$pk_rps" "$lc_p99" "$ng_p99"
	printf '"portkey_p99_ms":%s,"errors":%s,"requests_ok":%s,"requests_served":%s,"ledger_rows":%s,' \
		"$pk_p99" "$errors" "$ok" "$served" "$rows"
	printf '"llmcost_rss_kb_1000_conns":%s,"nginx_rss_kb_1000_conns":%s,"llmcost_peak_rss_kb":%s,' \
		"$lc_rss1" "$ng_rss1" "${lc_peak:-0}"
	printf '"llmcost_cpu_cores":%s,"nginx_cpu_cores":%s,"llmcost_cpu_us_per_req":%s,"nginx_cpu_us_per_req":%s,' \
		"$lc_cpu" "$ng_cpu" "$lc_us" "$ng_us"
	printf '"direct_rps":%s,"direct_p99_ms":%s,"nginx_workers":%s,"commit":"%s"}\n' \
		"$di_rps" "$di_p99" "$WORKERS" "$commit"
fi
