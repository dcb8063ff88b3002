llmcost tokens: exact token counts, as OpenAI's tiktoken gives them (docs/tokens.md).

Plain output is the count; the default encoding is o200k_base.

  $ printf 'Hello, world!' | llmcost tokens
  4

  $ printf 'Hello, world!' | llmcost tokens --json --ids
  {"encoding": "o200k_base", "tokens": 4, "bytes": 13, "ids": [13225, 11, 2375, 0]}

  $ printf 'Hello, world!' | llmcost tokens --encoding cl100k_base --ids
  9906 11 1917 0

A model picks its encoding:

  $ llmcost tokens --model gpt-4-0613 --json tests/tokenizer/corpus/short.txt
  {"encoding": "cl100k_base", "model": "gpt-4-0613", "exact": true, "tokens": 4, "bytes": 13}

Models without a public tokenizer get a labelled estimate (the basis goes to stderr):

  $ llmcost tokens --model claude-sonnet-4-5 tests/tokenizer/corpus/short.txt 2>/dev/null
  5

  $ llmcost tokens --model claude-sonnet-4-5 --json tests/tokenizer/corpus/short.txt
  \{"encoding": "o200k_base", "model": "claude-sonnet-4-5", "exact": false, "basis": "estimate: .*", "tokens": 5, "bytes": 13\} (re)

Special tokens in the text are ordinary text:

  $ printf '<|endoftext|>' | llmcost tokens --ids
  27 91 419 1440 919 91 29

Empty input is zero tokens:

  $ llmcost tokens tests/tokenizer/corpus/empty.txt --json
  {"encoding": "o200k_base", "tokens": 0, "bytes": 0}

Invalid UTF-8 is refused with its byte offset, or replaced by U+FFFD on request:

  $ printf 'ab\377cd' | llmcost tokens
  llmcost tokens: invalid UTF-8 at byte 2
  [3]

  $ printf 'ab\377cd' | llmcost tokens --replace-invalid --json
  {"encoding": "o200k_base", "tokens": 3, "bytes": 7}

Unknown names list the known ones:

  $ llmcost tokens --encoding p50k_base /dev/null
  llmcost tokens: unknown encoding 'p50k_base' (known: o200k_base, cl100k_base)
  [4]

  $ llmcost tokens --model llama-3 /dev/null
  llmcost tokens: no tokenizer known for model 'llama-3' \(known: gpt-5, .*claude, gemini \(estimates\)\) (re)
  [4]

  $ llmcost tokens --model gpt-4o --encoding cl100k_base /dev/null
  llmcost tokens: give --encoding or --model, not both (see 'llmcost help tokens')
  [2]

  $ llmcost tokens nonexistent-file.txt
  llmcost tokens: .*nonexistent-file.txt.* (re)
  [4]

Pathological input stays fast (100,000 x: 12,500 tokens, as tiktoken):

  $ head -c 100000 /dev/zero | tr '\0' x | llmcost tokens
  12500
