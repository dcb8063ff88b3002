llmcost import: usage files into the ledger (docs/import.md).

Command-line checks.

  $ llmcost import
  llmcost import: which files? give one or more PATHs (see 'llmcost help import')
  [2]

  $ llmcost import --tag team
  llmcost import: --tag wants KEY=VALUE (at most 8 tags): 'team' (see 'llmcost help import')
  [2]

  $ llmcost import --tag =x tests
  llmcost import: --tag wants KEY=VALUE (at most 8 tags): '=x' (see 'llmcost help import')
  [2]

  $ llmcost import --frobnicate x
  llmcost import: unknown option or missing value: '--frobnicate' (see 'llmcost help import')
  [2]

  $ llmcost import --format frobnicate tests/cli/data/import/team-a
  llmcost import: unknown format 'frobnicate' (see 'llmcost help import')
  [2]

  $ llmcost import no/such/file.json
  llmcost import: no/such/file.json: No such file or directory
  [4]

  $ llmcost import --help | head -n 1
  usage: llmcost import [--format F] [--provider P] [--csv-map MAPPING]

A folder is walked; files not named like usage data (notes.txt) are ignored and counted.
team-a holds the golden gpt-5 response (0.0033475 USD), another gpt-5 call
(1000 input + 100 output = 0.00225 USD) and a model with no price.

  $ llmcost import --tag team=a tests/cli/data/import/team-a
  2 files: 3 new, 0 duplicates, 0 skipped, 1 unpriced
  1 other file ignored (not usage data)

  $ llmcost report tag:team --json
  {"tags":[
  {"tag":"a","calls":3,"input_tokens":1586,"output_tokens":450,"cache_creation_tokens":0,"cache_read_tokens":1920,"reasoning_tokens":128,"total_tokens":3956,"cost":"0.0055975","currency":"USD","unpriced_calls":1,"unpriced_tokens":550,"models":["gpt-5-2025-08-07","acme-7b"]}],
  "tag_key":"team",
  "totals":{"calls":3,"input_tokens":1586,"output_tokens":450,"cache_creation_tokens":0,"cache_read_tokens":1920,"reasoning_tokens":128,"total_tokens":3956,"cost":"0.0055975","currency":"USD","unpriced_calls":1,"unpriced_tokens":550}}

Importing again reads nothing: the files are unchanged.

  $ llmcost import --tag team=a tests/cli/data/import/team-a
  2 files (2 unchanged): 0 new, 0 duplicates, 0 skipped, 0 unpriced
  1 other file ignored (not usage data)

The same records under another path are duplicates, not new records.

  $ mkdir -p "$TESTTMP/copy" && cp tests/cli/data/import/team-a/*.json* "$TESTTMP/copy/" && llmcost import "$TESTTMP/copy"
  2 files: 0 new, 3 duplicates, 0 skipped, 0 unpriced

A malformed record fails its whole file: nothing of it is stored, exit 3, the position
is named.

  $ llmcost import tests/cli/data/import/bad/bad.jsonl
  llmcost import: .*/tests/cli/data/import/bad/bad.jsonl:2:107: 'prompt_tokens': negative count -5 (re)
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  [3]

  $ llmcost report daily --json | tail -n 1 | cut -c1-40
  "totals":{"calls":3,"input_tokens":1586,

  $ llmcost import --skip-invalid tests/cli/data/import/bad/bad.jsonl
  1 file: 1 new, 0 duplicates, 1 skipped, 0 unpriced

  $ llmcost report provider --csv
  provider,calls,input_tokens,output_tokens,cache_creation_tokens,cache_read_tokens,reasoning_tokens,total_tokens,cost,currency,unpriced_calls,unpriced_tokens,models
  openai,4,1596,451,0,1920,128,3967,0.00562,USD,1,550,gpt-5-2025-08-07;gpt-5;acme-7b

Agent logs go through the agent-log importer.

  $ llmcost import --format claude-code tests/fixtures/claude-code/projects
  2 files: 4 new, 3 duplicates, 3 skipped, 0 unpriced

  $ llmcost import --format claude-code tests/fixtures/claude-code/projects
  2 files (2 unchanged): 0 new, 0 duplicates, 0 skipped, 0 unpriced


A file that another program truncates while it is being read (here 3.7 MB of responses,
cut to 1000 bytes 30 ms into each run) gives an error for that file, never a crash: the
import maps files, and a vanished page would otherwise be SIGBUS. Every run must end with
an exit code below 128 (a signal).

  $ cd "$TESTTMP" && awk 'BEGIN { for (i = 1; i <= 20000; i++)
  >   printf "{\"id\":\"chatcmpl-r%d\",\"object\":\"chat.completion\",\"created\":%d,\"model\":\"gpt-5-2025-08-07\",\"choices\":[],\"usage\":{\"prompt_tokens\":%d,\"completion_tokens\":100,\"total_tokens\":1100}}\n", i, 1760003600 + i, i % 1000 }' >race.master
  > crashes=0
  > for i in 1 2 3 4 5; do
  >   rm -f race.db && cp race.master race.jsonl
  >   (sleep 0.03; truncate -s 1000 race.jsonl) &
  >   LLMCOST_LEDGER=$TESTTMP/race.db llmcost import race.jsonl >race.out 2>&1; rc=$?
  >   wait
  >   [ $rc -lt 128 ] || crashes=$((crashes + 1))
  >   [ $rc = 0 ] || grep -q 'shrank while it was read\|race.jsonl:' race.out || cat race.out
  > done
  > echo "crashes: $crashes"
  crashes: 0
