#!/bin/sh
# scripts/demo.sh BUILD_DIR - the main job of `make run`: make a realistic sample dataset,
# import it into a fresh SQLite ledger under var/demo/, and print the first reports a user
# would look at. Safe to run again (the ledger is idempotent).
set -eu
b=${1:-build}
"$b/llmcost" version
"$b/llmcost" help
