llmcost codex: Codex CLI usage from its local logs, no setup (docs/codex.md).

The fixture (tests/fixtures/codex) is one session in two rollout files: token counts with
an info:null event, a re-emit of the same totals, and a resumed file that replays the last
totals before adding a call; one line has a negative count. Billed: the positive deltas of
the cumulative totals, 3 calls; cached input is part of input, so input_tokens (uncached)
+ cache_read_tokens = 3,500, the session's total input.

  $ CODEX_HOME=tests/fixtures/codex llmcost codex daily --json 2>$TESTTMP/err | grep -o '"totals":{"calls":[0-9]*,"input_tokens":[0-9]*,"output_tokens":[0-9]*,"cache_creation_tokens":[0-9]*,"cache_read_tokens":[0-9]*,"reasoning_tokens":[0-9]*'; cat $TESTTMP/err
  "totals":{"calls":3,"input_tokens":2300,"output_tokens":180,"cache_creation_tokens":0,"cache_read_tokens":1200,"reasoning_tokens":40
  llmcost codex: skipped 1 malformed or truncated line

  $ CODEX_HOME=tests/fixtures/codex llmcost codex session --json | grep -o '"session":"[^"]*","calls":[0-9]*'
  "session":"cx-1","calls":3

The model comes from each file's turn_context:

  $ CODEX_HOME=tests/fixtures/codex llmcost codex daily --breakdown --json | grep -o '"model":"[^"]*","calls":[0-9]*'
  "model":"gpt-5-codex","calls":2
  "model":"gpt-5","calls":1

  $ CODEX_HOME=$TESTTMP/none llmcost --ledger $TESTTMP/empty.db codex --json | grep -o '"totals":{"calls":[0-9]*'
  "totals":{"calls":0

  $ unset LLMCOST_LEDGER; CODEX_HOME=tests/fixtures/codex llmcost codex --json >/dev/null 2>&1; ls $XDG_CACHE_HOME/llmcost
  codex.db

  $ llmcost codex --help | head -n 1
  usage: llmcost codex [daily|weekly|monthly|session] [options]
