#!/bin/bash
# bench/claude/run.sh - `llmcost claude daily --json` against ccusage 20.0.24 (native) and
# ccusage 18.0.11 (JavaScript) on a generated 300 MB Claude Code tree, side by side.
#
#   bench/claude/run.sh            full run (300 MB, 1,320 files, 5 timed runs each)
#   RUNS=3 MB=50 FILES=200 bench/claude/run.sh      a smaller, quicker one
#   SKIP18=1 ...                   leave out ccusage 18 (9+ s a run)
#   LLMCOST=/path/to/llmcost ...   time another build (a "before" for bench/RESULTS.md)
#
# Steps: install the peers (npm ci into bench/peers/ccusage), build the generator and
# llmcost, generate the tree (deterministic, seed 1) with its ground-truth manifest, check
# every tool's token totals against the manifest (tokens, not dollars: the tools price
# 1-hour cache writes differently), then time cold runs (empty ledger) and re-runs (nothing
# new), alternating tools, and print medians, ratios and peak RSS; append to bench/RESULTS.md.
# llmcost runs as a user runs it, with its default cache ledger ($XDG_CACHE_HOME/llmcost/
# claude.db, pointed into the work folder; "cold" = that file deleted first).
# A Codex tree is checked too (llmcost vs @ccusage/codex 18.0.11 vs the manifest).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root"
RUNS=${RUNS:-5}
MB=${MB:-300}
FILES=${FILES:-1320}
SEED=${SEED:-1}
data=$root/bench/data/claude-$MB-$FILES-$SEED
cxdata=$root/bench/data/codex-$SEED
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export TZ=UTC LC_ALL=C

say() { printf '%s\n' "$*" >&2; }

# ---------------------------------------------------------------- peers and builds
# node/npm run the peers and compare JSON; /usr/bin/time (Debian package "time") measures
for need in npm:npm node:nodejs /usr/bin/time:time; do
	if ! command -v "${need%%:*}" >/dev/null; then
		say "installing ${need#*:} (apt-get)"
		apt-get install -y "${need#*:}" >&2 || { say "bench/claude needs ${need#*:}"; exit 2; }
	fi
done
peers=$root/bench/peers/ccusage
if [ ! -d "$peers/node_modules/ccusage18" ]; then
	say "installing ccusage 20.0.24 and 18.0.11 (npm install, pinned by package-lock.json)"
	# not `npm ci`: npm 11 rejects this lock file for the native package's optional
	# per-platform dependencies that it leaves unversioned; install keeps the locked versions
	(cd "$peers" && npm install --no-audit --no-fund >&2)
fi
cc20=$peers/node_modules/@ccusage/ccusage-linux-x64/bin/ccusage
[ -f "$cc20" ] || { say "ccusage 20 native binary not found at $cc20"; exit 1; }
chmod +x "$cc20" # npm unpacks it without the execute bit
cc18="node $peers/node_modules/ccusage18/dist/index.js"
cx18="node $peers/node_modules/ccusage-codex18/dist/index.js"

[ -n "${LLMCOST:-}" ] || [ -x build/llmcost ] || make -j2 all >&2
llmcost=${LLMCOST:-$root/build/llmcost}
export XDG_CACHE_HOME=$work/cache # llmcost's default cache ledger goes there
unset LLMCOST_LEDGER
cc -O2 -std=c11 -D_GNU_SOURCE -o "$work/gen" bench/claude/gen.c -lm
cc -O2 -std=c11 -D_GNU_SOURCE -Iinclude -Isrc $(pkg-config --cflags json-c) -o "$work/scanbench" \
	bench/claude/scanbench.c build/libllmcost.a $(pkg-config --libs json-c sqlite3) -lpthread -lm

if [ ! -f "$data/manifest.json" ]; then
	say "generating $MB MB / $FILES files into $data"
	rm -rf "$data"
	"$work/gen" claude "$data" --seed "$SEED" --mb "$MB" --files "$FILES"
fi
if [ ! -f "$cxdata/manifest.json" ]; then
	rm -rf "$cxdata"
	"$work/gen" codex "$cxdata" --seed "$SEED"
fi
size_mb=$(du -sm "$data/projects" | cut -f1)
nfiles=$(find "$data/projects" -name '*.jsonl' | wc -l)
find "$data" "$cxdata" -name '*.jsonl' -exec cat {} + >/dev/null # warm the page cache

# ---------------------------------------------------------------- same answers first
# totals NAME FILE: print "input output cache_creation cache_read" from each tool's JSON
totals() {
	node -e '
	const j = JSON.parse(require("fs").readFileSync(process.argv[2], "utf8"));
	const t = j.totals, k = process.argv[1];
	const v = k === "llmcost" ? [t.input_tokens, t.output_tokens, t.cache_creation_tokens, t.cache_read_tokens]
		: [t.inputTokens, t.outputTokens, t.cacheCreationTokens, t.cacheReadTokens];
	console.log(v.join(" "));' "$1" "$2"
}
truth() { # truth KEY -> the manifest's totals for that reader
	node -e '
	const m = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))[process.argv[2]];
	console.log([m.input_tokens, m.output_tokens, m.cache_creation_tokens, m.cache_read_tokens].join(" "));' \
		"$data/manifest.json" "$1"
}
check() { # check LABEL GOT WANT
	if [ "$2" = "$3" ]; then say "  ok   $1: $2"; else say "  FAIL $1: got $2, want $3"; fail=1; fi
}
fail=0
say "token totals (input output cache_creation cache_read):"
rm -rf "$work/cache"
CLAUDE_CONFIG_DIR=$data "$llmcost" claude daily --json >"$work/llmcost.json" 2>/dev/null
check "llmcost == manifest dedup" "$(totals llmcost "$work/llmcost.json")" "$(truth dedup)"
CLAUDE_CONFIG_DIR=$data "$cc20" claude daily --offline --json >"$work/cc20.json"
check "ccusage 20 == manifest ccusage20" "$(totals ccusage "$work/cc20.json")" "$(truth ccusage20)"
if [ -z "${SKIP18:-}" ]; then
	CLAUDE_CONFIG_DIR=$data $cc18 daily --offline --json >"$work/cc18.json" 2>/dev/null
	check "ccusage 18 == manifest pair_only" "$(totals ccusage "$work/cc18.json")" "$(truth pair_only)"
fi
say "  (the difference is deliberate: llmcost dedups lines without requestId by message.id;"
say "   ccusage 18 never does, ccusage 20 only for sidechain lines within one file)"

rm -f "$work/c.db"*
CODEX_HOME=$cxdata "$llmcost" --ledger "$work/c.db" codex daily --json >"$work/cx.json" 2>/dev/null
cx_got=$(node -e 'const t=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8")).totals;
	console.log([t.input_tokens + t.cache_read_tokens, t.cache_read_tokens, t.output_tokens].join(" "))' "$work/cx.json")
cx_want=$(node -e 'const m=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8"));
	console.log([m.input_tokens, m.cached_input_tokens, m.output_tokens].join(" "))' "$cxdata/manifest.json")
check "codex: llmcost == manifest (input cached output)" "$cx_got" "$cx_want"
CODEX_HOME=$cxdata $cx18 daily --offline --json >"$work/cx18.json" 2>/dev/null || true
cx18_got=$(node -e 'const t=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8")).totals;
	console.log([t.inputTokens, t.cachedInputTokens, t.outputTokens].join(" "))' "$work/cx18.json" 2>/dev/null || echo "n/a")
say "  info @ccusage/codex 18: $cx18_got (counts the totals a resumed session replays again)"
[ $fail = 0 ] || { say "answers differ: not timing"; exit 1; }

# ---------------------------------------------------------------- timing
# one LABEL CMD...: run once under /usr/bin/time, append "wall rss_kb" to $work/LABEL
one() {
	local label=$1
	shift
	/usr/bin/time -f "%e %M %U %S" -o "$work/t" "$@" >/dev/null 2>&1
	cat "$work/t" >>"$work/$label"
}
median() { # median FILE COLUMN (column 5 = user + sys CPU seconds)
	awk '{print $0, $3 + $4}' "$1" | sort -n -k"$2" | awk -v c="$2" '{v[NR]=$c} END{m=int((NR+1)/2); print v[m]}'
}
say "timing: $RUNS runs each, alternating"
export CLAUDE_CONFIG_DIR=$data
for i in $(seq "$RUNS"); do
	rm -rf "$work/cache"
	one llmcost_cold "$llmcost" claude daily --json
	one llmcost_rerun "$llmcost" claude daily --json
	one cc20 "$cc20" claude daily --offline --json
done
if [ -z "${SKIP18:-}" ]; then
	for i in $(seq "${RUNS18:-3}"); do one cc18 $cc18 daily --offline --json; done
fi
unset CLAUDE_CONFIG_DIR
rm -rf "$work/cache"
LLMCOST_TIMING=1 CLAUDE_CONFIG_DIR=$data "$llmcost" claude daily --json 2>&1 >/dev/null |
	grep 'read ' >"$work/phases" || true
"$work/scanbench" "$data/projects" >"$work/parsers" 2>&1 || true

lc=$(median "$work/llmcost_cold" 1); lcm=$(median "$work/llmcost_cold" 2); lcc=$(median "$work/llmcost_cold" 5)
lr=$(median "$work/llmcost_rerun" 1); lrm=$(median "$work/llmcost_rerun" 2); lrc=$(median "$work/llmcost_rerun" 5)
c20=$(median "$work/cc20" 1); c20m=$(median "$work/cc20" 2); c20c=$(median "$work/cc20" 5)
if [ -f "$work/cc18" ]; then
	c18=$(median "$work/cc18" 1); c18m=$(median "$work/cc18" 2); c18c=$(median "$work/cc18" 5)
else
	c18=-; c18m=-; c18c=-
fi
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{ if (b > 0 && a != "-") printf "%.2fx", a / b; else print "-" }'; }
table=$(cat <<EOF
| run | wall (median of $RUNS) | CPU user+sys | peak RSS | wall vs llmcost cold |
|---|---|---|---|---|
| llmcost cold (empty ledger) | ${lc} s | ${lcc} s | $((lcm / 1024)) MB | 1.00x |
| llmcost re-run (nothing new) | ${lr} s | ${lrc} s | $((lrm / 1024)) MB | $(ratio "$lr" "$lc") of cold |
| ccusage 20.0.24 native | ${c20} s | ${c20c} s | $((c20m / 1024)) MB | $(ratio "$c20" "$lc") slower |
| ccusage 18.0.11 | ${c18} s | ${c18c} s | $([ "$c18m" = - ] && echo - || echo $((c18m / 1024))) MB | $(ratio "$c18" "$lc") slower |
EOF
)
printf '%s\n' "$table"
printf 'llmcost phases (one cold run): %s\n' "$(cat "$work/phases")"
cat "$work/parsers"

{
	printf '\n## claude: llmcost claude daily --json vs ccusage (%s)\n\n' "$(date -u +%Y-%m-%dT%H:%MZ)"
	printf 'Commit %s%s; %s, %s cores, load average %s (shared machine: noisy).\n' \
		"$(git rev-parse --short HEAD)" "$([ -n "${LLMCOST:-}" ] && echo " (llmcost binary: $LLMCOST)")" "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')" \
		"$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)"
	printf 'Command: `RUNS=%s MB=%s FILES=%s bench/claude/run.sh`; tree: %s MB, %s files, seed %s,\n' \
		"$RUNS" "$MB" "$FILES" "$size_mb" "$nfiles" "$SEED"
	printf '%s unique messages (zero-usage <synthetic> and API-error lines included). Token totals\nchecked first against the generator manifest:\n' \
		"$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1],"utf8")).dedup.lines)' "$data/manifest.json")"
	printf 'llmcost %s (dedup), ccusage 20 %s, ccusage 18 %s.\n\n' "$(totals llmcost "$work/llmcost.json")" \
		"$(totals ccusage "$work/cc20.json")" "$([ -f "$work/cc18.json" ] && totals ccusage "$work/cc18.json" || echo skipped)"
	printf '%s\n\n' "$table"
	printf 'llmcost phases, one cold run: `%s`\n\n' "$(cat "$work/phases")"
	printf 'Parsers over the same tree (bench/claude/scanbench.c, no ledger):\n\n```\n%s\n```\n' "$(cat "$work/parsers")"
} >>"$root/bench/RESULTS.md"
say "appended to bench/RESULTS.md"
