llmcost estimate: price a prompt before sending it (docs/estimate.md).

Plain text is priced as one user message (3 + 1 for "user" + the text + 3 for the reply),
cheapest first; models without a public tokenizer are marked estimates:

  $ printf 'What is the capital of France?' | llmcost estimate --model gpt-4o,gpt-4o-mini,claude-sonnet-4-5 --output-tokens 100
  MODEL                             INPUT     CACHED     OUTPUT  COST
  gpt-4o-mini                          14          0        100  USD 0.0000621
  gpt-4o                               14          0        100  USD 0.001035
  claude-sonnet-4-5                   ~17          0        100  USD 0.001551  (estimate)
  note: claude-sonnet-4-5: estimate: no public Claude tokenizer; .* (re)

--at prices with the rows in force then (this model's price was cut on 2026-08-21):

  $ printf 'Hello there' | llmcost estimate --model gpt-5.6-sol --output-tokens 100 --at 2026-08-20 --json | grep -o '"cost": "[0-9.]*"\|"price_id": "[^"]*"'
  "cost": "0.003045"
  "price_id": "openai/gpt-5.6-sol@-"
  $ printf 'Hello there' | llmcost estimate --model gpt-5.6-sol --output-tokens 100 --at 2026-08-21T00:00:00Z --json | grep -o '"cost": "[0-9.]*"\|"price_id": "[^"]*"'
  "cost": "0.002036"
  "price_id": "openai/gpt-5.6-sol@2026-08-21"
  $ printf 'x' | llmcost estimate --model gpt-4o --at 2026-08-21T00:00:00
  llmcost estimate: --at wants an RFC 3339 time with a zone or a date, got '2026-08-21T00:00:00' (see 'llmcost help estimate')
  [2]

A chat request body: its model and max_tokens are used unless options say otherwise.

  $ llmcost estimate tests/estimate/chat-openai.json
  MODEL                             INPUT     CACHED     OUTPUT  COST
  gpt-4o                               31          0        500  USD 0.0050775

  $ llmcost estimate --json --cached-prefix 20 tests/estimate/chat-openai.json
  {"input": {"kind": "chat", "bytes": 273, "skipped_parts": 0}, "output_tokens_source": "max_tokens", "models": [{"model": "gpt-4o", "encoding": "o200k_base", "exact": true, "basis": "exact: tiktoken's encoding for this model; chat overhead per OpenAI's cookbook", "input_tokens": 31, "cached_input_tokens": 20, "output_tokens": 500, "priced": true, "cost": "0.0050525", "input_cost": "0.0000525", "output_cost": "0.005", "currency": "USD", "price_id": "openai/gpt-4o@-", "context_window": 128000, "fits": true}]}

An Anthropic body (system beside the messages; the image part is not counted):

  $ llmcost estimate --json tests/estimate/chat-anthropic.json
  \{"input": \{"kind": "chat", "bytes": 292, "skipped_parts": 1\}, "output_tokens_source": "max_tokens", "models": \[\{"model": "claude-sonnet-4-5", "encoding": "o200k_base", "exact": false, "basis": "estimate: .*", "input_tokens": 22, "cached_input_tokens": 0, "output_tokens": 1024, "priced": true, "cost": "0.015426", .*\}\]\} (re)

Too big for the context window or the output limit:

  $ llmcost estimate --model gpt-4,gpt-4o-mini --output-tokens 10000 tests/estimate/chat-openai.json
  MODEL                             INPUT     CACHED     OUTPUT  COST
  gpt-4o-mini                          31          0      10000  USD 0.00600465
  gpt-4                                32          0      10000  USD 0.60096
  warning: gpt-4: 32 input + 10000 output tokens exceed the context window of 8192
  warning: gpt-4: 10000 output tokens exceed its maximum of 4096

A model with a tokenizer but no price is listed last, and the exit status says so:

  $ llmcost estimate --model gpt-oss-999b,gpt-4o tests/estimate/chat-openai.json
  MODEL                             INPUT     CACHED     OUTPUT  COST
  gpt-4o                               31          0        500  USD 0.0050775
  gpt-oss-999b                         31          0        500  unpriced
  llmcost estimate: no price known for 'gpt-oss-999b'
  [7]

Errors:

  $ llmcost estimate --model llama-3 /dev/null
  llmcost estimate: no tokenizer known for model 'llama-3' \(known: gpt-5, .*\) (re)
  [4]

  $ printf 'hello' | llmcost estimate
  llmcost estimate: --model is required (the input names no model) (see 'llmcost help estimate')
  [2]

  $ llmcost estimate --model gpt-4o --output-tokens lots /dev/null
  llmcost estimate: --output-tokens needs a count, not 'lots' (see 'llmcost help estimate')
  [2]

  $ printf 'ab\377' | llmcost estimate --model gpt-4o
  llmcost estimate: invalid UTF-8 at byte 2
  [3]
