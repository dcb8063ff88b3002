llmcost claude: Claude Code usage from its local logs, no setup (docs/claude.md).

The fixture tree (tests/fixtures/claude-code) holds two sessions of one project: a message
split over two lines, a message without requestId written twice, a sidechain message, a
<synthetic> line, an API-error line, a cut-off line, a negative count, an unterminated last
line, and a resumed session that copies one message and adds one. Four calls remain.

  $ CLAUDE_CONFIG_DIR=tests/fixtures/claude-code llmcost claude daily --json 2>$TESTTMP/err | grep -o '"totals":{"calls":[0-9]*,"input_tokens":[0-9]*,"output_tokens":[0-9]*,"cache_creation_tokens":[0-9]*,"cache_read_tokens":[0-9]*'; cat $TESTTMP/err
  "totals":{"calls":4,"input_tokens":34,"output_tokens":24,"cache_creation_tokens":150,"cache_read_tokens":1000
  llmcost claude: skipped 3 malformed or truncated lines

A second run reads nothing new (the files did not change) and reports the same:

  $ CLAUDE_CONFIG_DIR=tests/fixtures/claude-code llmcost claude --json 2>&1 | grep -o '"totals":{"calls":[0-9]*'
  "totals":{"calls":4

Days, weeks and months, and sessions (the copy stays with the session it came from):

  $ CLAUDE_CONFIG_DIR=tests/fixtures/claude-code llmcost claude daily --json | grep -o '"date":"[0-9-]*","calls":[0-9]*'
  "date":"2026-07-01","calls":2
  "date":"2026-07-02","calls":1
  "date":"2026-07-03","calls":1

  $ CLAUDE_CONFIG_DIR=tests/fixtures/claude-code llmcost claude session --json | grep -o '"session":"[^"]*","calls":[0-9]*'
  "session":"sess-a","calls":3
  "session":"sess-b","calls":1

  $ CLAUDE_CONFIG_DIR=tests/fixtures/claude-code llmcost claude monthly --csv | head -n 1 | cut -c1-5
  month

  $ CLAUDE_CONFIG_DIR=tests/fixtures/claude-code llmcost claude daily --since 2026-07-02 --until 20260702 --json | grep -o '"totals":{"calls":[0-9]*'
  "totals":{"calls":1

  $ CLAUDE_CONFIG_DIR=tests/fixtures/claude-code llmcost claude daily --breakdown --json | grep -c '"breakdown"'
  3

Lines appended to a log are picked up on the next run, and only they are read:

  $ mkdir -p $TESTTMP/c/projects/p && cp tests/fixtures/claude-code/projects/-home-u-app/sess-b.jsonl $TESTTMP/c/projects/p/s.jsonl
  > CLAUDE_CONFIG_DIR=$TESTTMP/c llmcost --ledger $TESTTMP/inc.db claude --json | grep -o '"totals":{"calls":[0-9]*'
  > echo '{"type":"assistant","timestamp":"2026-07-05T00:00:00Z","requestId":"r9","message":{"id":"m9","model":"claude-haiku-4-5","usage":{"input_tokens":9,"output_tokens":9}}}' >> $TESTTMP/c/projects/p/s.jsonl
  > touch -d '+1 minute' $TESTTMP/c/projects/p/s.jsonl
  > CLAUDE_CONFIG_DIR=$TESTTMP/c LLMCOST_TIMING=1 llmcost --ledger $TESTTMP/inc.db claude --json 2>&1 | grep -o '"totals":{"calls":[0-9]*\|1 files (0 unchanged), 0 MB read, 1 new records'
  "totals":{"calls":2
  1 files (0 unchanged), 0 MB read, 1 new records
  "totals":{"calls":3

CLAUDE_CONFIG_DIR may list several folders; one named twice is read once. No logs at all
is an empty report, not an error:

  $ CLAUDE_CONFIG_DIR="tests/fixtures/claude-code, tests/fixtures/claude-code" llmcost --ledger $TESTTMP/two.db claude --json 2>/dev/null | grep -o '"totals":{"calls":[0-9]*'
  "totals":{"calls":4

  $ CLAUDE_CONFIG_DIR=$TESTTMP/nothing-here llmcost --ledger $TESTTMP/empty.db claude --json | grep -o '"totals":{"calls":[0-9]*'
  "totals":{"calls":0

--path reads the given folders instead of the default ones:

  $ CLAUDE_CONFIG_DIR=$TESTTMP/nothing-here llmcost --ledger $TESTTMP/path.db claude --path tests/fixtures/claude-code/projects --json 2>/dev/null | grep -o '"totals":{"calls":[0-9]*'
  "totals":{"calls":4

Without --ledger or LLMCOST_LEDGER the import goes to a cache ledger:

  $ unset LLMCOST_LEDGER; CLAUDE_CONFIG_DIR=tests/fixtures/claude-code llmcost claude --json >/dev/null 2>&1; ls $XDG_CACHE_HOME/llmcost
  claude.db

Bad command lines:

  $ llmcost claude yearly
  llmcost claude: unknown report 'yearly' (daily, weekly, monthly, session) (see 'llmcost help claude')
  [2]

  $ llmcost claude --since 2026-13-01
  llmcost claude: dates are YYYY-MM-DD or YYYYMMDD (see 'llmcost help claude')
  [2]

  $ llmcost claude --frobnicate
  llmcost claude: unknown or incomplete option '--frobnicate' (see 'llmcost help claude')
  [2]

  $ llmcost claude --help | head -n 1
  usage: llmcost claude [daily|weekly|monthly|session] [options]
