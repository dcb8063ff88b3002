llmcost import: usage files into the ledger (docs/import.md). Command-line checks.

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

  $ llmcost import no/such/file.json
  llmcost import: no/such/file.json: No such file or directory
  [4]

  $ llmcost import --help | head -n 1
  usage: llmcost import [--format F] [--tag KEY=VALUE]... [--skip-invalid] PATH...

