#!/bin/sh
# bench/roi/run.sh [TRIALS] - Monte Carlo throughput of `llmcost roi`: TRIALS (default
# 100,000) trials x 60 months x 20 uncertain inputs (bench/roi/scenario.yaml), llmcost with
# 1 and 2 threads side by side with the peer an analyst would write instead: NumPy,
# vectorized over trials (bench/roi/peer_numpy.py; Debian python3-numpy and python3-yaml,
# installed here when missing).
#
# Checks first: llmcost's 1- and 2-thread outputs are byte-identical (per-trial seeding),
# and llmcost and the peer agree within Monte Carlo error (independent random streams):
# expected NPV within 4 standard errors of the difference, P(NPV > 0) within 0.01, median
# NPV within 2%. Then 5 alternating runs of each after a warm-up; prints median wall and
# CPU time, trials/second, ratios and peak memory, and appends a dated section to
# bench/RESULTS.md. The peer computes NPV statistics only (no payback, base case, IRR or
# tornado), so the comparison favours it. Machines here are shared: expect noise.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
trials=${1:-100000}
bin=build/llmcost
scen=bench/roi/scenario.yaml
py=/usr/bin/python3
[ -x "$bin" ] || make -j2 all >/dev/null
if ! "$py" -c 'import numpy, yaml' 2>/dev/null; then
	echo "installing the peer: python3-numpy python3-yaml"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-numpy python3-yaml >/dev/null
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
load=$(cut -d' ' -f1-3 /proc/loadavg)

llm() { "$bin" roi "$scen" --simulate "$trials" --seed 1 --threads "$1" --json; }
peer() { "$py" bench/roi/peer_numpy.py "$scen" "$trials" 1; }

llm 1 >"$tmp/a.json"
llm 2 >"$tmp/b.json"
cmp -s "$tmp/a.json" "$tmp/b.json" || { echo "bench/roi: 1 and 2 threads disagree" >&2; exit 1; }
peer >"$tmp/p.json"
"$py" - "$tmp/a.json" "$tmp/p.json" "$trials" <<'PY'
import json, math, sys
a = json.load(open(sys.argv[1]))["alternatives"][0]["monte_carlo"]
p = json.load(open(sys.argv[2]))
n = int(sys.argv[3])
se = math.sqrt(2) * float(a["sd_npv"]) / math.sqrt(n)
checks = [("expected NPV", abs(float(a["expected_npv"]) - p["expected_npv"]) <= 4 * se),
          ("P(NPV>0)", abs(a["p_npv_positive"] - p["p_npv_positive"]) <= 0.01),
          ("median NPV", abs(float(a["npv_p50"]) - p["npv_p50"]) <= 0.02 * abs(p["npv_p50"]))]
for name, ok in checks:
    if not ok:
        sys.exit("bench/roi: llmcost and the NumPy peer disagree on %s: %s vs %s" % (name, a, p))
print("answers match: 1 vs 2 threads identical; vs NumPy: expected NPV %s vs %.2f, "
      "P(NPV>0) %.4f vs %.4f" % (a["expected_npv"], p["expected_npv"], a["p_npv_positive"],
                                 p["p_npv_positive"]))
PY

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
timed() { # timed OUTFILE CMD...
	out=$1
	shift
	/usr/bin/time -f "%e %M %U %S" -o "$tmp/time" "$@" >/dev/null
	cat "$tmp/time" >>"$out"
}
: >"$tmp/t1"
: >"$tmp/t2"
: >"$tmp/tp"
for i in 1 2 3 4 5; do
	timed "$tmp/t1" "$bin" roi "$scen" --simulate "$trials" --seed 1 --threads 1 --json
	timed "$tmp/t2" "$bin" roi "$scen" --simulate "$trials" --seed 1 --threads 2 --json
	timed "$tmp/tp" "$py" bench/roi/peer_numpy.py "$scen" "$trials" 1
done
row() { # row LABEL FILE
	w=$(cut -d' ' -f1 "$2" | median)
	c=$(awk '{print $3 + $4}' "$2" | median)
	m=$(cut -d' ' -f2 "$2" | sort -n | tail -1)
	r=$(awk -v n="$trials" -v w="$w" 'BEGIN {printf "%.0f", (w > 0) ? n / w : 0}')
	echo "| $1 | $w | $c | $r | $m |"
}
w1=$(cut -d' ' -f1 "$tmp/t1" | median)
w2=$(cut -d' ' -f1 "$tmp/t2" | median)
wp=$(cut -d' ' -f1 "$tmp/tp" | median)
report=$(cat <<EOT
| run | median wall (s) | median CPU (s) | trials/s (wall) | peak RSS (KB) |
|---|---|---|---|---|
$(row "llmcost, 1 thread" "$tmp/t1")
$(row "llmcost, 2 threads" "$tmp/t2")
$(row "NumPy peer" "$tmp/tp")

Speed-up from the second thread: $(awk -v a="$w1" -v b="$w2" 'BEGIN {printf "%.2f", (b > 0) ? a / b : 0}')x (wall);
NumPy peer / llmcost 2 threads: $(awk -v a="$wp" -v b="$w2" 'BEGIN {printf "%.2f", (b > 0) ? a / b : 0}')x (wall).
Load average before the runs: $load. The llmcost figures are the whole command (parse, base
case, IRR, tornado, simulation with payback, JSON); the peer's include Python start-up and
import of NumPy (about 0.1 s). When the CPU column stays flat while the wall time does not
drop with 2 threads, the second core was busy with other work.
EOT
)
echo "$report"
{
	echo
	echo "## roi Monte Carlo - $(date -u +%Y-%m-%d) - commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
	echo
	echo "Command: \`bench/run roi $trials\` ($trials trials x 60 months x 20 uncertain inputs;"
	echo "\`llmcost roi bench/roi/scenario.yaml --simulate $trials --seed 1 --threads T --json\` vs"
	echo "\`python3 bench/roi/peer_numpy.py\`), 5 alternating runs each, medians; $(nproc) cores"
	echo "shared with other jobs (noisy)."
	echo
	echo "$report"
} >>bench/RESULTS.md
