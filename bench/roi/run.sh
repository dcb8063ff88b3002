#!/bin/sh
# bench/roi/run.sh [TRIALS] - Monte Carlo throughput of `llmcost roi`: TRIALS (default
# 100,000) trials x 60 months x 20 uncertain inputs (bench/roi/scenario.yaml), with 1 and
# 2 threads, alternating, 5 runs each after a warm-up. Checks first that both thread counts
# give byte-identical results (per-trial seeding), then prints median wall time,
# trials/second, the speed-up and peak memory, and appends a dated section to
# bench/RESULTS.md. No peer tool models this scenario format; the figure to beat is the
# brief's "well under a second on 2 cores". The machine is shared: expect noise.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
trials=${1:-100000}
bin=build/llmcost
scen=bench/roi/scenario.yaml
[ -x "$bin" ] || make -j2 all >/dev/null
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

run() { # run THREADS OUT
	"$bin" roi "$scen" --simulate "$trials" --seed 1 --threads "$1" --json >"$2"
}
load=$(cut -d' ' -f1-3 /proc/loadavg)
run 1 "$tmp/a.json"
run 2 "$tmp/b.json"
cmp -s "$tmp/a.json" "$tmp/b.json" || { echo "bench/roi: 1 and 2 threads disagree" >&2; exit 1; }
echo "answers match (1 vs 2 threads, seed 1)"

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
: >"$tmp/t1"
: >"$tmp/t2"
for i in 1 2 3 4 5; do
	for t in 1 2; do
		/usr/bin/time -f "%e %M %U %S" -o "$tmp/time" "$bin" roi "$scen" --simulate "$trials" \
			--seed 1 --threads "$t" --json >/dev/null
		cat "$tmp/time" >>"$tmp/t$t"
	done
done
w1=$(cut -d' ' -f1 "$tmp/t1" | median)
w2=$(cut -d' ' -f1 "$tmp/t2" | median)
c1=$(awk '{print $3 + $4}' "$tmp/t1" | median)
c2=$(awk '{print $3 + $4}' "$tmp/t2" | median)
m1=$(cut -d' ' -f2 "$tmp/t1" | sort -n | tail -1)
m2=$(cut -d' ' -f2 "$tmp/t2" | sort -n | tail -1)
r1=$(awk -v n="$trials" -v w="$w1" 'BEGIN {printf "%.0f", (w > 0) ? n / w : 0}')
r2=$(awk -v n="$trials" -v w="$w2" 'BEGIN {printf "%.0f", (w > 0) ? n / w : 0}')
sp=$(awk -v a="$w1" -v b="$w2" 'BEGIN {printf "%.2f", (b > 0) ? a / b : 0}')
report=$(cat <<EOT
| threads | median wall (s) | median CPU (s) | trials/s (wall) | peak RSS (KB) |
|---|---|---|---|---|
| 1 | $w1 | $c1 | $r1 | $m1 |
| 2 | $w2 | $c2 | $r2 | $m2 |

Speed-up with 2 threads: ${sp}x (wall). Whole command (parse, base case, tornado, simulation,
JSON); load average before the runs: $load. When the CPU column stays flat while the wall
time does not drop, the second core was busy with other work.
EOT
)
echo "$report"
{
	echo
	echo "## roi Monte Carlo - $(date -u +%Y-%m-%d) - commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
	echo
	echo "Command: \`bench/run roi $trials\` ($trials trials x 60 months x 20 uncertain inputs,"
	echo "\`llmcost roi bench/roi/scenario.yaml --simulate $trials --seed 1 --threads T --json\`),"
	echo "5 alternating runs per thread count, medians; $(nproc) cores shared with other jobs (noisy)."
	echo
	echo "$report"
} >>bench/RESULTS.md
