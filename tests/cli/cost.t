llmcost cost: price one saved API response or stream (docs/cost.md).

The FORMATS.md golden vector for gpt-5: cached input is priced once, reasoning is inside
the output. The time comes from the response.

  $ llmcost cost tests/fixtures/openai/chat.json
  openai gpt-5-2025-08-07  (standard, 2025-10-09T08:53:20.000Z)
  kind               tokens  USD
  input                  86  0.0001075
  cache read           1920  0.00024
  cache write             0  0
  output                300  0.003
    reasoning           128  (inside output)
  total                      0.0033475
  price: genai-prices openai/gpt-5@-

The same call streamed with include_usage, read from standard input:

  $ llmcost cost --json - < tests/fixtures/openai/chat-stream.sse
  {"provider":"openai","model":"gpt-5-2025-08-07","id":"openai:chatcmpl-S1","time":"2025-10-09T08:56:40.000Z","tier":"standard","input_tokens":86,"cache_read_tokens":1920,"cache_write_tokens":0,"cache_write_5m_tokens":0,"cache_write_1h_tokens":0,"output_tokens":300,"reasoning_tokens":128,"web_search_requests":0,"cost":"0.0033475","currency":"USD","priced":true,"price_source":"genai-prices","price_id":"openai/gpt-5@-","catalog_model":"gpt-5","catalog_version":"gp0.1.8+ll2026-08-01","breakdown":{"input":"0.0001075","cache_read":"0.00024","cache_write":"0","output":"0.003","other":"0"},"partial":false,"estimated":false}

Anthropic golden vectors: 1-hour cache writes and a request over 200k input (the long-context
tier applies to every part), and 5-minute writes under 200k. Anthropic bodies carry no time,
so --at fixes it.

  $ llmcost cost --at 2026-01-01 tests/fixtures/anthropic/message-1h.json
  anthropic claude-sonnet-4-5  (priority, 2026-01-01T00:00:00.000Z)
  kind               tokens  USD
  input                1000  0.006
  cache read         250000  0.15
  cache write          4000  0.048
    of them 1h         4000
  output               2000  0.045
    reasoning           700  (inside output)
  total                      0.249
  price: genai-prices anthropic/claude-sonnet-4-5@-[>200000]

  $ llmcost cost --at 2026-01-01 --json tests/fixtures/anthropic/message-total-only.json | grep -o '"cost":"[0-9.]*"'
  "cost":"0.063"

A stream's message_delta counts are cumulative: output is 15, not 1 + 9 + 15.

  $ llmcost cost --at 2026-01-01T12:00:00Z --json tests/fixtures/anthropic/stream.sse | grep -o '"output_tokens":[0-9]*'
  "output_tokens":15

Gemini golden vector: thoughts are added to the candidates.

  $ llmcost cost --at 2026-01-01 --json tests/fixtures/gemini/response.json | grep -o '"output_tokens":[0-9]*\|"cost":"[0-9.]*"'
  "output_tokens":1708
  "cost":"0.04085625"

OpenAI-compatible providers are named with --provider:

  $ llmcost cost --provider deepseek --json tests/fixtures/deepseek/chat.json | grep -o '"provider":"[a-z]*"\|"cost":"[0-9.]*"'
  "provider":"deepseek"
  "cost":"0.0002072"

An unknown model is unpriced, never $0 (exit 7):

  $ llmcost cost --model no-such-model-9 --json tests/fixtures/openai/chat.json | grep -o '"cost":null,"currency":"USD","priced":false'
  "cost":null,"currency":"USD","priced":false

  $ llmcost cost --model no-such-model-9 tests/fixtures/openai/chat.json > /dev/null
  [7]

A stream without usage, or cut before it, has nothing to price (exit 3):

  $ llmcost cost tests/fixtures/openai/chat-stream-nousage.sse
  llmcost cost: tests/fixtures/openai/chat-stream-nousage.sse: the response carries no usage (a stream without stream_options.include_usage?): nothing to price
  [3]

  $ llmcost cost tests/fixtures/openai/chat-stream-cut.sse
  llmcost cost: tests/fixtures/openai/chat-stream-cut.sse: the stream was cut before its usage arrived: nothing to price
  [3]

Bad input names the position:

  $ printf '{"object":"chat.completion",\n "usage":{"prompt_tokens":12.5}}' | llmcost cost
  llmcost cost: <stdin>:2:11: 'prompt_tokens': token count must be a whole number, got 12.5
  [3]

  $ printf '{"object":"chat.completion","usage":{"prompt_tokens":1' | llmcost cost
  llmcost cost: <stdin>:1:55: malformed JSON: unexpected end of input (truncated?)
  [3]

A file of many responses is import's job:

  $ llmcost cost tests/fixtures/openai/responses.jsonl
  llmcost cost: tests/fixtures/openai/responses.jsonl:2:1: malformed JSON: more data after the first JSON value (one response per call; 'llmcost import' reads files of many)
  [3]

  $ llmcost cost --at 2025-08-01T00:00:00 tests/fixtures/openai/chat.json
  llmcost cost: --at wants an RFC 3339 time with a zone or a date, got '2025-08-01T00:00:00' (see 'llmcost help cost')
  [2]

  $ llmcost cost --tier cheap tests/fixtures/openai/chat.json
  llmcost cost: unknown --tier 'cheap' (standard, batch, flex, priority) (see 'llmcost help cost')
  [2]

  $ llmcost cost no/such/file.json
  llmcost cost: no/such/file.json: No such file or directory
  [4]

  $ llmcost cost --help | head -n 1
  usage: llmcost cost [--provider P] [--model M] [--at TIME] [--tier T] [--json]
