# bench/gateway/common.sh - what run.sh and loop-cpu.sh share, sourced by both: a scratch
# directory with the processes to stop on exit, free loopback ports, and the gateway's
# configuration and key in front of a mock. Sets tmp and pids; callers add to pids.
tmp=$(mktemp -d)
pids=""
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null || true; done
	wait 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

port() { # a free loopback port
	python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'
}

wait_port() { # wait_port PORT WHAT: until something answers HTTP there
	i=0
	while ! curl -s -o /dev/null "http://127.0.0.1:$1/"; do
		i=$((i + 1))
		[ $i -gt 300 ] && { echo "bench/gateway: $2 (port $1) did not start" >&2; exit 1; }
		sleep 0.1
	done
}

# the upstream key the gateway's provider reads (the mock ignores it)
export LLMCOST_BENCH_UPSTREAM_KEY=sk-bench

# gw_setup LLMCOST LISTEN_PORT MOCK_PORT: writes $tmp/gw.yaml (ledger $tmp/ledger.db, one
# openai provider at the mock) and prints a new virtual key.
gw_setup() {
	cat >"$tmp/gw.yaml" <<EOC
listen: 127.0.0.1:$2
ledger: $tmp/ledger.db
providers:
  - name: openai
    base_url: http://127.0.0.1:$3/v1
    api_key_env: LLMCOST_BENCH_UPSTREAM_KEY
    allow_private: true
EOC
	"$1" keys create --config "$tmp/gw.yaml" --name bench 2>/dev/null
}
