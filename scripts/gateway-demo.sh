#!/bin/sh
# scripts/gateway-demo.sh BUILD_DIR [PORT] - the gateway as the main job: start the mock
# upstream and `llmcost serve` on the embedded SQLite ledger under var/gateway-demo/, create a
# demo key with a budget, send one request through it, print how to send more and where the
# metrics are, and stop both cleanly on Ctrl-C (every metered row is then in the ledger).
set -eu
b=${1:-build}
port=${2:-8080}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
case $b in /*) ;; *) b="$root/$b" ;; esac
out=var/gateway-demo
mkdir -p "$out"
mockport=$((port + 1))

"$b/mock-upstream" --listen 127.0.0.1:$mockport --log "$out/mock.log" >/dev/null &
mock=$!
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
"$b/llmcost" serve --config "$out/gateway.yaml" &
gw=$!
stop() {
	kill -TERM $gw 2>/dev/null || true
	wait $gw 2>/dev/null || true
	kill -TERM $mock 2>/dev/null || true
	wait $mock 2>/dev/null || true
	echo
	"$b/llmcost" --ledger "$root/$out/ledger.db" report tag:key 2>/dev/null || true
	exit 0
}
trap stop INT TERM
i=0
while ! curl -s -o /dev/null "http://127.0.0.1:$port/healthz"; do
	i=$((i + 1)); [ $i -gt 50 ] && { echo "gateway did not start" >&2; stop; }
	sleep 0.1
done
echo
echo "A demo key (budget 5 USD a day, shown once): $key"
echo "Send a request through the gateway:"
echo "  curl -s http://127.0.0.1:$port/v1/chat/completions -H 'Authorization: Bearer $key' \\"
echo "    -d '{\"model\":\"fast\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}'"
curl -s "http://127.0.0.1:$port/v1/chat/completions" -H "Authorization: Bearer $key" \
	-d '{"model":"fast","messages":[{"role":"user","content":"hi"}]}'
echo
echo "Metrics: http://127.0.0.1:$port/metrics   Ledger: $out/ledger.db   Access log: $out/access.log"
echo "Ctrl-C stops the gateway (the ledger is flushed) and prints the report."
wait $gw
stop
