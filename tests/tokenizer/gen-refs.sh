#!/bin/sh
# gen-refs.sh - regenerate tests/tokenizer/refs/ from tests/tokenizer/corpus/ with npm
# tiktoken@1.0.22 (installed into bench/peers/, see its package.json). The refs are
# committed; run this only when the corpus changes. Needs node and npm.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
peers=$root/bench/peers
[ -d "$peers/node_modules/tiktoken" ] || (cd "$peers" && npm install --no-audit --no-fund >&2)
node "$root/tests/tokenizer/gen-refs.js" "$peers"
echo "refs written to tests/tokenizer/refs/" >&2
