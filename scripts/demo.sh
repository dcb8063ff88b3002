#!/bin/sh
# scripts/demo.sh BUILD_DIR - the main job of `make run`: make a realistic sample dataset,
# import it into a SQLite ledger under var/demo/, and print the first reports a user
# would look at. Safe to run again (the ledger is idempotent: a second run adds nothing).
#
# The dataset (tools/demo-gen.c, deterministic) is two weeks of a small company's traffic:
# saved Anthropic and OpenAI responses, a streamed response, OpenAI Batch output and OTel
# GenAI spans, one folder per team. Each folder is imported with a team tag.
set -eu
b=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
case $b in /*) ;; *) b="$root/$b" ;; esac
out=var/demo
mkdir -p "$out"

cc -std=c11 -D_GNU_SOURCE -O2 -Wall -Wextra -Werror tools/demo-gen.c -o "$b/demo-gen"
rm -rf "$out/data"
"$b/demo-gen" "$out/data"

LLMCOST_LEDGER="$root/$out/ledger.db"
export LLMCOST_LEDGER
lc="$b/llmcost"
say() { printf '\n\033[1m%s\033[0m\n' "$*" | { if [ -t 1 ] && [ -z "${NO_COLOR:-}" ]; then cat; else sed 's/\x1b\[[0-9;]*m//g'; fi; }; }

say "== Importing the sample data into $out/ledger.db"
for team in search ads platform research; do
	printf '%-9s ' "$team:"
	"$lc" import --tag team="$team" "$out/data/$team"
done

say "== Cost per day (UTC)"
"$lc" report daily --tz UTC
say "== Cost per model"
"$lc" report model
say "== Cost per team (tag:team)"
"$lc" report tag:team
say "Next: llmcost report weekly --breakdown, llmcost report daily --json, docs/report.md"
