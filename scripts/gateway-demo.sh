#!/bin/sh
# scripts/gateway-demo.sh BUILD_DIR [PORT] - the gateway as the main job: start the mock
# upstream and `llmcost serve` on the embedded SQLite ledger under var/gateway-demo/, create a
# demo key with a budget, send sample requests through it (JSON, a stream, Anthropic, a
# cache-free repeat), print how to send more and where the metrics are. On a terminal it
# then waits for Ctrl-C; otherwise (CI, `make run < /dev/null`) it stops at once. Either way
# both servers stop cleanly (every metered row is then in the ledger), the spend report is
# printed and the exit status is 0. PORT (default 8080) is used when free, else any free
# port; the mock always takes a free port.
set -eu
b=${1:-build}
port=${2:-8080}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
case $b in /*) ;; *) b="$root/$b" ;; esac
out=var/gateway-demo
mkdir -p "$out"
rm -f "$out"/ledger.db* "$out"/*.log "$out/mock.out" # each run starts on a fresh ledger
gw=
mock=

stop() {
	trap - INT TERM
	[ -n "$gw" ] && { kill -TERM "$gw" 2>/dev/null || true; wait "$gw" 2>/dev/null || true; }
	[ -n "$mock" ] && { kill -TERM "$mock" 2>/dev/null || true; wait "$mock" 2>/dev/null || true; }
	[ -s "$out/serve.log" ] && tail -n 1 "$out/serve.log"
	echo
	echo "Spend by key (llmcost --ledger $out/ledger.db report tag:key):"
	"$b/llmcost" --ledger "$root/$out/ledger.db" report tag:key || true
	exit "${1:-0}"
}
trap 'stop 0' INT TERM

# "listening on ...:PORT" from a server's output FILE: its first line, waited for up to 5 s
# (a server that cannot bind says so on that line instead)
port_of() {
	i=0
	while [ ! -s "$1" ] && [ $i -lt 50 ]; do
		i=$((i + 1))
		sleep 0.1
	done
	p=$(sed -n '1s/.*listening on .*:\([0-9][0-9]*\).*/\1/p' "$1" 2>/dev/null)
	[ -n "$p" ] && echo "$p"
}

"$b/mock-upstream" --listen 127.0.0.1:0 --log "$out/mock.log" >"$out/mock.out" 2>&1 &
mock=$!
mockport=$(port_of "$out/mock.out") || { echo "the mock upstream did not start" >&2; stop 1; }
export LLMCOST_DEMO_UPSTREAM_KEY=sk-demo-not-a-real-key
cat >"$out/gateway.yaml" <<EOT
listen: 127.0.0.1:$port
ledger: $root/$out/ledger.db
access_log: $root/$out/access.log
providers:
  - name: openai
    base_url: http://127.0.0.1:$mockport/v1
    api_key_env: LLMCOST_DEMO_UPSTREAM_KEY
    allow_private: true
  - name: anthropic
    kind: anthropic
    base_url: http://127.0.0.1:$mockport/v1
    api_key_env: LLMCOST_DEMO_UPSTREAM_KEY
    allow_private: true
aliases:
  fast: openai/gpt-4o-mini
EOT
key=$("$b/llmcost" keys create --config "$out/gateway.yaml" --name demo --tags team=demo \
	--budget 5 --period day 2>/dev/null)

# PORT when it is free; if the gateway cannot bind it, any free port
"$b/llmcost" serve --config "$out/gateway.yaml" 2>"$out/serve.log" &
gw=$!
if ! got=$(port_of "$out/serve.log"); then
	wait "$gw" 2>/dev/null || true
	echo "port $port is taken; using a free one"
	"$b/llmcost" serve --config "$out/gateway.yaml" --listen 127.0.0.1:0 2>"$out/serve.log" &
	gw=$!
	got=$(port_of "$out/serve.log") || { cat "$out/serve.log" >&2; gw=; stop 1; }
fi
url=http://127.0.0.1:$got
head -n 1 "$out/serve.log"

post() { # PATH JSON [curl options...]: one request through the gateway with the demo key
	p=$1 j=$2
	shift 2
	curl -sS "$url$p" -H "Authorization: Bearer $key" -H 'x-llmcost-tags: feature=demo' "$@" -d "$j"
	echo
}

echo
echo "A demo key (budget 5 USD a day, shown once): $key"
echo "Send a request through the gateway:"
echo "  curl -s $url/v1/chat/completions -H 'Authorization: Bearer $key' \\"
echo "    -d '{\"model\":\"fast\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}'"
echo
echo "Sample requests:"
# the mock answers [mock:usage=P/C] with that usage: a realistic bill, not fractions of a cent
post /v1/chat/completions '{"model":"fast","messages":[{"role":"user","content":"hi [mock:usage=12000/800]"}]}'
post /v1/chat/completions '{"model":"gpt-4o-mini","stream":true,"messages":[{"role":"user","content":"stream, please"}]}' -N
post /v1/messages '{"model":"claude-sonnet-4-5","max_tokens":64,"messages":[{"role":"user","content":"hi [mock:usage=9000/400]"}]}' \
	-H 'anthropic-version: 2023-06-01'
post /v1/chat/completions '{"model":"gpt-4o-mini","max_tokens":1000000000,"messages":[]}' -o /dev/null \
	-w 'a request that could overrun the budget: HTTP %{http_code}\n'
echo
echo "Metrics: $url/metrics   Ledger: $out/ledger.db   Access log: $out/access.log"
curl -sS "$url/metrics" | grep -E '^llmcost_(requests_total|cost_usd_total|budget_spent_usd)' || true
if [ -t 0 ]; then
	echo
	echo "Ctrl-C stops the gateway (the ledger is flushed) and prints the report."
	wait "$gw" || true
fi
stop 0
