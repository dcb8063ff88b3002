The command table: help, version, unknown commands.

  $ llmcost version
  llmcost 0.1.0

  $ llmcost frobnicate
  llmcost: unknown command 'frobnicate' (see 'llmcost help')
  [2]

  $ llmcost --ledger
  llmcost: --ledger needs a value (see 'llmcost help')
  [2]

  $ llmcost help | head -n 1
  usage: llmcost [--ledger URL] COMMAND [ARGS...]
