llmcost import --provider and --csv-map (docs/import.md).

A saved response of an OpenAI-compatible API looks like OpenAI's: without --provider its
model is looked up as OpenAI's and found nowhere (unpriced); --provider says whose it is.

  $ llmcost import tests/cli/data/import-opts/mistral-chat.json
  1 file: 1 new, 0 duplicates, 0 skipped, 1 unpriced

  $ LLMCOST_LEDGER="$TESTTMP/two.db" llmcost import --provider mistral tests/cli/data/import-opts/mistral-chat.json
  1 file: 1 new, 0 duplicates, 0 skipped, 0 unpriced
  $ LLMCOST_LEDGER="$TESTTMP/two.db" llmcost report provider --csv | cut -d, -f1,2,9
  provider,calls,cost
  mistral,1,2.6

The provider is part of a record's dedup key (`mistral:cmpl-7f3a`), so the same file
imported once without and once with --provider is stored twice: give --provider the first
time.

A CSV export whose headers are not field names needs a mapping; its rows carry no provider,
so --provider gives it. A mapping naming an unknown field or a missing column fails the
file; a mapping without any `=` is a usage error.

  $ llmcost import tests/cli/data/import-opts/spend.csv
  llmcost import: .*/spend.csv:1: no 'model' column \(map one with --csv-map\) (re)
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  [3]

  $ llmcost import --csv-map 'When=time,Vendor Model=model,In=input_tokens,Out=output_tokens,Cost Center=tag:team' tests/cli/data/import-opts/spend.csv
  llmcost import: .*/spend.csv:2:1: no provider \(add a provider column or --provider\) (re)
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  [3]

  $ llmcost import --provider openai --csv-map 'When=time,Vendor Model=modle' tests/cli/data/import-opts/spend.csv
  llmcost import: csv mapping: unknown field 'modle' (see docs/formats/csv.md)
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  [2]

  $ llmcost import --provider openai --csv-map 'Day=time,Vendor Model=model' tests/cli/data/import-opts/spend.csv
  llmcost import: .*/spend.csv:1: csv mapping: no column 'Day' in the header (re)
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  [4]

  $ llmcost import --csv-map model tests/cli/data/import-opts/spend.csv
  llmcost import: --csv-map wants COLUMN=FIELD,...: 'model' (see 'llmcost help import')
  [2]

  $ llmcost import --provider openai --csv-map 'When=time,Vendor Model=model,In=input_tokens,Out=output_tokens,Cost Center=tag:team' tests/cli/data/import-opts/spend.csv
  1 file: 2 new, 0 duplicates, 0 skipped, 0 unpriced
  $ llmcost report tag:team --csv | cut -d, -f1,2,3,4,9,13 | grep research
  research,2,3000000,100000,3.8,gpt-4o;gpt-4o-mini

Format detection by content: a file not named `*.csv` is taken as CSV only when its header
row names the `time` and `model` columns. Prose with a comma on its first line is not CSV.

  $ printf 'Notes, for later: call Bob, then lunch.\n' > "$TESTTMP/notes.txt" && llmcost import "$TESTTMP/notes.txt"
  llmcost import: .*/notes.txt: cannot tell the format of this file \(use --format\) (re)
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  [3]

  $ printf 'time,provider,model,input_tokens\n2026-08-01T10:00:00Z,openai,gpt-4o,1000000\n' > "$TESTTMP/export.txt" && llmcost import "$TESTTMP/export.txt"
  1 file: 1 new, 0 duplicates, 0 skipped, 0 unpriced

Other headers need `--format csv` (or a `.csv` name) with a mapping:

  $ cp tests/cli/data/import-opts/spend.csv "$TESTTMP/spend.txt" && llmcost import --provider openai --csv-map 'When=time,Vendor Model=model' "$TESTTMP/spend.txt"
  llmcost import: .*/spend.txt: cannot tell the format of this file \(use --format\) (re)
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  [3]
  $ llmcost import --format csv --provider openai --csv-map 'When=time,Vendor Model=model,Cost Center=tag:cc' "$TESTTMP/spend.txt"
  1 file: 2 new, 0 duplicates, 0 skipped, 2 unpriced

A mapping without token columns gives rows without usage: unpriced (no cost column), not $0.
Mapping the counts prices them:

  $ cp "$TESTTMP/spend.txt" "$TESTTMP/spend2.txt" && llmcost import --format csv --provider openai --csv-map 'When=time,Vendor Model=model,In=input_tokens,Out=output_tokens' "$TESTTMP/spend2.txt"
  1 file: 2 new, 0 duplicates, 0 skipped, 0 unpriced

An empty folder imports nothing, cleanly:

  $ mkdir "$TESTTMP/empty" && llmcost import "$TESTTMP/empty"
  0 files: 0 new, 0 duplicates, 0 skipped, 0 unpriced

The cursor remembers the options that shape a file's records (--format, --provider,
--csv-map). An unchanged file asked for with other options is not skipped in silence: it
is an error naming the option (exit 2), and --rescan reads it again with the new ones.
mistral-chat.json was imported above without --provider:

  $ llmcost import --provider mistral tests/cli/data/import-opts/mistral-chat.json
  llmcost import: tests/cli/data/import-opts/mistral-chat.json: already imported with no --provider, now --provider mistral; add --rescan to read it again with these options
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  [2]

  $ llmcost import --rescan --provider mistral tests/cli/data/import-opts/mistral-chat.json
  1 file: 1 new, 0 duplicates, 0 skipped, 0 unpriced

  $ llmcost import --provider mistral tests/cli/data/import-opts/mistral-chat.json
  1 file (1 unchanged): 0 new, 0 duplicates, 0 skipped, 0 unpriced

  $ llmcost import tests/cli/data/import-opts/mistral-chat.json
  llmcost import: tests/cli/data/import-opts/mistral-chat.json: already imported with --provider mistral, now no --provider; add --rescan to read it again with these options
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  [2]

  $ llmcost import --format anthropic --provider mistral tests/cli/data/import-opts/mistral-chat.json
  llmcost import: tests/cli/data/import-opts/mistral-chat.json: already imported as --format openai, not anthropic; add --rescan to read it again with these options
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  [2]

Naming the format detection gave is no change:

  $ llmcost import --format openai --provider mistral tests/cli/data/import-opts/mistral-chat.json
  1 file (1 unchanged): 0 new, 0 duplicates, 0 skipped, 0 unpriced

Another mapping for an imported CSV file is a change too. Read again, its rows keep their
dedup keys (`csv:FILE:LINE` when there is no id column), so they are duplicates, stored as
first imported:

  $ llmcost import --format csv --provider openai --csv-map 'When=time,Vendor Model=model,In=input_tokens,Out=output_tokens' "$TESTTMP/spend.txt"
  llmcost import: .*/spend.txt: already imported with another --csv-map; add --rescan to read it again with these options (re)
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  [2]

  $ llmcost import --rescan --format csv --provider openai --csv-map 'When=time,Vendor Model=model,In=input_tokens,Out=output_tokens' "$TESTTMP/spend.txt"
  1 file: 0 new, 2 duplicates, 0 skipped, 0 unpriced
