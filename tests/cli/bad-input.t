Bad input, end to end (docs/bad-input.md): every file in tests/bad-input/FORMAT/ is named
for its fault and made by tests/bad-input/generate.py. Each holds three records; the fault
is in the second unless the name says otherwise. tests/bad-input/case imports one into an
empty ledger with --format FORMAT and prints what llmcost said (paths made relative), the
exit code and `select count(*) from records`; when that import failed it imports again with
--skip-invalid.

What a refused file must show: ONE error line `llmcost import: FILE:LINE:COLUMN: reason`,
exit 3 (malformed data, docs/exit-codes.md), an empty ledger (all or nothing per file); and
with --skip-invalid the two good records stored and exactly 1 skipped. Accepted on purpose:
a byte order mark, CRLF line ends, and a model with no price (stored unpriced, counted).

## openai

OpenAI responses, one per line (JSONL). A record without `model` is not refused: like an
unknown model it is stored unpriced (model '') and counted, never free.

  $ tests/bad-input/case openai truncated
  llmcost import: tests/bad-input/openai/truncated.jsonl:3:83: malformed JSON: unexpected end of input (truncated?)
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 3, ledger 0
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  skip-invalid: exit 0, ledger 2

  $ tests/bad-input/case openai invalid-utf8
  llmcost import: tests/bad-input/openai/invalid-utf8.jsonl:2:83: malformed JSON: invalid utf-8 string
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 3, ledger 0
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  skip-invalid: exit 0, ledger 2

  $ tests/bad-input/case openai bom
  1 file: 3 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 0, ledger 3

  $ tests/bad-input/case openai crlf
  1 file: 3 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 0, ledger 3

  $ tests/bad-input/case openai nul
  llmcost import: tests/bad-input/openai/nul.jsonl:2:83: NUL byte in JSON
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 3, ledger 0
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  skip-invalid: exit 0, ledger 2

  $ tests/bad-input/case openai number-too-large
  llmcost import: tests/bad-input/openai/number-too-large.jsonl:2:102: 'prompt_tokens': number too large (over 10^13)
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 3, ledger 0
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  skip-invalid: exit 0, ledger 2

  $ tests/bad-input/case openai nan
  llmcost import: tests/bad-input/openai/nan.jsonl:2:102: 'prompt_tokens': token count must be a whole number, got NaN
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 3, ledger 0
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  skip-invalid: exit 0, ledger 2

  $ tests/bad-input/case openai count-over-1e13
  llmcost import: tests/bad-input/openai/count-over-1e13.jsonl:2:102: 'prompt_tokens': absurd count 100000000000000 (over 10^13)
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 3, ledger 0
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  skip-invalid: exit 0, ledger 2

  $ tests/bad-input/case openai negative-count
  llmcost import: tests/bad-input/openai/negative-count.jsonl:2:102: 'prompt_tokens': negative count -5
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 3, ledger 0
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  skip-invalid: exit 0, ledger 2

  $ tests/bad-input/case openai fractional-count
  llmcost import: tests/bad-input/openai/fractional-count.jsonl:2:102: 'prompt_tokens': token count must be a whole number, got 10.5
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 3, ledger 0
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  skip-invalid: exit 0, ledger 2

  $ tests/bad-input/case openai wrong-type
  llmcost import: tests/bad-input/openai/wrong-type.jsonl:2:102: 'prompt_tokens': expected an integer, got a boolean
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 3, ledger 0
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  skip-invalid: exit 0, ledger 2

  $ tests/bad-input/case openai duplicate-key
  llmcost import: tests/bad-input/openai/duplicate-key.jsonl:2:120: the key "prompt_tokens" twice in one JSON object
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 3, ledger 0
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  skip-invalid: exit 0, ledger 2

  $ tests/bad-input/case openai missing-field
  1 file: 3 new, 0 duplicates, 0 skipped, 1 unpriced
  exit 0, ledger 3

  $ tests/bad-input/case openai unknown-model
  1 file: 3 new, 0 duplicates, 0 skipped, 1 unpriced
  exit 0, ledger 3

## anthropic

Anthropic Messages bodies, one per line.

  $ tests/bad-input/case anthropic truncated
  llmcost import: tests/bad-input/anthropic/truncated.jsonl:3:70: malformed JSON: unexpected end of input (truncated?)
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 3, ledger 0
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  skip-invalid: exit 0, ledger 2

  $ tests/bad-input/case anthropic invalid-utf8
  llmcost import: tests/bad-input/anthropic/invalid-utf8.jsonl:2:66: malformed JSON: invalid utf-8 string
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 3, ledger 0
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  skip-invalid: exit 0, ledger 2

  $ tests/bad-input/case anthropic bom
  1 file: 3 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 0, ledger 3

  $ tests/bad-input/case anthropic crlf
  1 file: 3 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 0, ledger 3

  $ tests/bad-input/case anthropic nul
  llmcost import: tests/bad-input/anthropic/nul.jsonl:2:66: NUL byte in JSON
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 3, ledger 0
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  skip-invalid: exit 0, ledger 2

  $ tests/bad-input/case anthropic number-too-large
  llmcost import: tests/bad-input/anthropic/number-too-large.jsonl:2:100: 'input_tokens': number too large (over 10^13)
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 3, ledger 0
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  skip-invalid: exit 0, ledger 2

  $ tests/bad-input/case anthropic nan
  llmcost import: tests/bad-input/anthropic/nan.jsonl:2:100: 'input_tokens': token count must be a whole number, got NaN
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 3, ledger 0
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  skip-invalid: exit 0, ledger 2

  $ tests/bad-input/case anthropic count-over-1e13
  llmcost import: tests/bad-input/anthropic/count-over-1e13.jsonl:2:100: 'input_tokens': absurd count 100000000000000 (over 10^13)
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 3, ledger 0
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  skip-invalid: exit 0, ledger 2

  $ tests/bad-input/case anthropic negative-count
  llmcost import: tests/bad-input/anthropic/negative-count.jsonl:2:100: 'input_tokens': negative count -5
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 3, ledger 0
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  skip-invalid: exit 0, ledger 2

  $ tests/bad-input/case anthropic fractional-count
  llmcost import: tests/bad-input/anthropic/fractional-count.jsonl:2:100: 'input_tokens': token count must be a whole number, got 10.5
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 3, ledger 0
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  skip-invalid: exit 0, ledger 2

  $ tests/bad-input/case anthropic wrong-type
  llmcost import: tests/bad-input/anthropic/wrong-type.jsonl:2:100: 'input_tokens': expected an integer, got a boolean
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 3, ledger 0
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  skip-invalid: exit 0, ledger 2

  $ tests/bad-input/case anthropic duplicate-key
  llmcost import: tests/bad-input/anthropic/duplicate-key.jsonl:2:117: the key "input_tokens" twice in one JSON object
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 3, ledger 0
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  skip-invalid: exit 0, ledger 2

  $ tests/bad-input/case anthropic missing-field
  1 file: 3 new, 0 duplicates, 0 skipped, 1 unpriced
  exit 0, ledger 3

  $ tests/bad-input/case anthropic unknown-model
  1 file: 3 new, 0 duplicates, 0 skipped, 1 unpriced
  exit 0, ledger 3

## gemini

Gemini generateContent bodies, one per line (a body without `modelVersion`, as older saved
responses are, is stored unpriced).

  $ tests/bad-input/case gemini truncated
  llmcost import: tests/bad-input/gemini/truncated.jsonl:3:75: malformed JSON: unexpected end of input (truncated?)
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 3, ledger 0
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  skip-invalid: exit 0, ledger 2

  $ tests/bad-input/case gemini invalid-utf8
  llmcost import: tests/bad-input/gemini/invalid-utf8.jsonl:2:45: malformed JSON: invalid utf-8 string
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 3, ledger 0
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  skip-invalid: exit 0, ledger 2

  $ tests/bad-input/case gemini bom
  1 file: 3 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 0, ledger 3

  $ tests/bad-input/case gemini crlf
  1 file: 3 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 0, ledger 3

  $ tests/bad-input/case gemini nul
  llmcost import: tests/bad-input/gemini/nul.jsonl:2:45: NUL byte in JSON
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 3, ledger 0
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  skip-invalid: exit 0, ledger 2

  $ tests/bad-input/case gemini number-too-large
  llmcost import: tests/bad-input/gemini/number-too-large.jsonl:2:77: 'promptTokenCount': number too large (over 10^13)
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 3, ledger 0
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  skip-invalid: exit 0, ledger 2

  $ tests/bad-input/case gemini nan
  llmcost import: tests/bad-input/gemini/nan.jsonl:2:77: 'promptTokenCount': token count must be a whole number, got NaN
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 3, ledger 0
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  skip-invalid: exit 0, ledger 2

  $ tests/bad-input/case gemini count-over-1e13
  llmcost import: tests/bad-input/gemini/count-over-1e13.jsonl:2:77: 'promptTokenCount': absurd count 100000000000000 (over 10^13)
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 3, ledger 0
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  skip-invalid: exit 0, ledger 2

  $ tests/bad-input/case gemini negative-count
  llmcost import: tests/bad-input/gemini/negative-count.jsonl:2:77: 'promptTokenCount': negative count -5
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 3, ledger 0
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  skip-invalid: exit 0, ledger 2

  $ tests/bad-input/case gemini fractional-count
  llmcost import: tests/bad-input/gemini/fractional-count.jsonl:2:77: 'promptTokenCount': token count must be a whole number, got 10.5
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 3, ledger 0
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  skip-invalid: exit 0, ledger 2

  $ tests/bad-input/case gemini wrong-type
  llmcost import: tests/bad-input/gemini/wrong-type.jsonl:2:77: 'promptTokenCount': expected an integer, got a boolean
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 3, ledger 0
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  skip-invalid: exit 0, ledger 2

  $ tests/bad-input/case gemini duplicate-key
  llmcost import: tests/bad-input/gemini/duplicate-key.jsonl:2:98: the key "promptTokenCount" twice in one JSON object
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 3, ledger 0
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  skip-invalid: exit 0, ledger 2

  $ tests/bad-input/case gemini missing-field
  1 file: 3 new, 0 duplicates, 0 skipped, 1 unpriced
  exit 0, ledger 3

  $ tests/bad-input/case gemini unknown-model
  1 file: 3 new, 0 duplicates, 0 skipped, 1 unpriced
  exit 0, ledger 3

## openai-batch

OpenAI Batch API output: the fault is inside response.body.

  $ tests/bad-input/case openai-batch truncated
  llmcost import: tests/bad-input/openai-batch/truncated.jsonl:3:141: malformed JSON: unexpected end of input (truncated?)
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 3, ledger 0
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  skip-invalid: exit 0, ledger 2

  $ tests/bad-input/case openai-batch invalid-utf8
  llmcost import: tests/bad-input/openai-batch/invalid-utf8.jsonl:2:184: malformed JSON: invalid utf-8 string
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 3, ledger 0
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  skip-invalid: exit 0, ledger 2

  $ tests/bad-input/case openai-batch bom
  1 file: 3 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 0, ledger 3

  $ tests/bad-input/case openai-batch crlf
  1 file: 3 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 0, ledger 3

  $ tests/bad-input/case openai-batch nul
  llmcost import: tests/bad-input/openai-batch/nul.jsonl:2:184: NUL byte in JSON
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 3, ledger 0
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  skip-invalid: exit 0, ledger 2

  $ tests/bad-input/case openai-batch number-too-large
  llmcost import: tests/bad-input/openai-batch/number-too-large.jsonl:2:203: 'prompt_tokens': number too large (over 10^13)
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 3, ledger 0
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  skip-invalid: exit 0, ledger 2

  $ tests/bad-input/case openai-batch nan
  llmcost import: tests/bad-input/openai-batch/nan.jsonl:2:203: 'prompt_tokens': token count must be a whole number, got NaN
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 3, ledger 0
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  skip-invalid: exit 0, ledger 2

  $ tests/bad-input/case openai-batch count-over-1e13
  llmcost import: tests/bad-input/openai-batch/count-over-1e13.jsonl:2:203: 'prompt_tokens': absurd count 100000000000000 (over 10^13)
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 3, ledger 0
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  skip-invalid: exit 0, ledger 2

  $ tests/bad-input/case openai-batch negative-count
  llmcost import: tests/bad-input/openai-batch/negative-count.jsonl:2:203: 'prompt_tokens': negative count -5
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 3, ledger 0
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  skip-invalid: exit 0, ledger 2

  $ tests/bad-input/case openai-batch fractional-count
  llmcost import: tests/bad-input/openai-batch/fractional-count.jsonl:2:203: 'prompt_tokens': token count must be a whole number, got 10.5
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 3, ledger 0
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  skip-invalid: exit 0, ledger 2

  $ tests/bad-input/case openai-batch wrong-type
  llmcost import: tests/bad-input/openai-batch/wrong-type.jsonl:2:203: 'prompt_tokens': expected an integer, got a boolean
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 3, ledger 0
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  skip-invalid: exit 0, ledger 2

  $ tests/bad-input/case openai-batch duplicate-key
  llmcost import: tests/bad-input/openai-batch/duplicate-key.jsonl:2:221: the key "prompt_tokens" twice in one JSON object
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 3, ledger 0
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  skip-invalid: exit 0, ledger 2

  $ tests/bad-input/case openai-batch missing-field
  1 file: 3 new, 0 duplicates, 0 skipped, 1 unpriced
  exit 0, ledger 3

  $ tests/bad-input/case openai-batch unknown-model
  1 file: 3 new, 0 duplicates, 0 skipped, 1 unpriced
  exit 0, ledger 3

## anthropic-batch

Anthropic message-batch results: the fault is inside result.message.

  $ tests/bad-input/case anthropic-batch truncated
  llmcost import: tests/bad-input/anthropic-batch/truncated.jsonl:3:99: malformed JSON: unexpected end of input (truncated?)
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 3, ledger 0
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  skip-invalid: exit 0, ledger 2

  $ tests/bad-input/case anthropic-batch invalid-utf8
  llmcost import: tests/bad-input/anthropic-batch/invalid-utf8.jsonl:2:123: malformed JSON: invalid utf-8 string
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 3, ledger 0
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  skip-invalid: exit 0, ledger 2

  $ tests/bad-input/case anthropic-batch bom
  1 file: 3 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 0, ledger 3

  $ tests/bad-input/case anthropic-batch crlf
  1 file: 3 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 0, ledger 3

  $ tests/bad-input/case anthropic-batch nul
  llmcost import: tests/bad-input/anthropic-batch/nul.jsonl:2:123: NUL byte in JSON
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 3, ledger 0
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  skip-invalid: exit 0, ledger 2

  $ tests/bad-input/case anthropic-batch number-too-large
  llmcost import: tests/bad-input/anthropic-batch/number-too-large.jsonl:2:157: 'input_tokens': number too large (over 10^13)
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 3, ledger 0
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  skip-invalid: exit 0, ledger 2

  $ tests/bad-input/case anthropic-batch nan
  llmcost import: tests/bad-input/anthropic-batch/nan.jsonl:2:157: 'input_tokens': token count must be a whole number, got NaN
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 3, ledger 0
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  skip-invalid: exit 0, ledger 2

  $ tests/bad-input/case anthropic-batch count-over-1e13
  llmcost import: tests/bad-input/anthropic-batch/count-over-1e13.jsonl:2:157: 'input_tokens': absurd count 100000000000000 (over 10^13)
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 3, ledger 0
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  skip-invalid: exit 0, ledger 2

  $ tests/bad-input/case anthropic-batch negative-count
  llmcost import: tests/bad-input/anthropic-batch/negative-count.jsonl:2:157: 'input_tokens': negative count -5
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 3, ledger 0
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  skip-invalid: exit 0, ledger 2

  $ tests/bad-input/case anthropic-batch fractional-count
  llmcost import: tests/bad-input/anthropic-batch/fractional-count.jsonl:2:157: 'input_tokens': token count must be a whole number, got 10.5
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 3, ledger 0
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  skip-invalid: exit 0, ledger 2

  $ tests/bad-input/case anthropic-batch wrong-type
  llmcost import: tests/bad-input/anthropic-batch/wrong-type.jsonl:2:157: 'input_tokens': expected an integer, got a boolean
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 3, ledger 0
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  skip-invalid: exit 0, ledger 2

  $ tests/bad-input/case anthropic-batch duplicate-key
  llmcost import: tests/bad-input/anthropic-batch/duplicate-key.jsonl:2:174: the key "input_tokens" twice in one JSON object
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 3, ledger 0
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  skip-invalid: exit 0, ledger 2

  $ tests/bad-input/case anthropic-batch missing-field
  1 file: 3 new, 0 duplicates, 0 skipped, 1 unpriced
  exit 0, ledger 3

  $ tests/bad-input/case anthropic-batch unknown-model
  1 file: 3 new, 0 duplicates, 0 skipped, 1 unpriced
  exit 0, ledger 3

## openai-usage

OpenAI organization Usage API pages, one page per line. A bucket without its start time
cannot be dated: refused.

  $ tests/bad-input/case openai-usage truncated
  llmcost import: tests/bad-input/openai-usage/truncated.jsonl:3:152: malformed JSON: unexpected end of input (truncated?)
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 3, ledger 0
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  skip-invalid: exit 0, ledger 2

  $ tests/bad-input/case openai-usage invalid-utf8
  llmcost import: tests/bad-input/openai-usage/invalid-utf8.jsonl:2:290: malformed JSON: invalid utf-8 string
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 3, ledger 0
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  skip-invalid: exit 0, ledger 2

  $ tests/bad-input/case openai-usage bom
  1 file: 3 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 0, ledger 3

  $ tests/bad-input/case openai-usage crlf
  1 file: 3 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 0, ledger 3

  $ tests/bad-input/case openai-usage nul
  llmcost import: tests/bad-input/openai-usage/nul.jsonl:2:290: NUL byte in JSON
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 3, ledger 0
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  skip-invalid: exit 0, ledger 2

  $ tests/bad-input/case openai-usage number-too-large
  llmcost import: tests/bad-input/openai-usage/number-too-large.jsonl:2:169: 'input_tokens': number too large (over 10^13)
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 3, ledger 0
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  skip-invalid: exit 0, ledger 2

  $ tests/bad-input/case openai-usage nan
  llmcost import: tests/bad-input/openai-usage/nan.jsonl:2:169: 'input_tokens': token count must be a whole number, got NaN
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 3, ledger 0
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  skip-invalid: exit 0, ledger 2

  $ tests/bad-input/case openai-usage count-over-1e13
  llmcost import: tests/bad-input/openai-usage/count-over-1e13.jsonl:2:169: 'input_tokens': absurd count 100000000000000 (over 10^13)
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 3, ledger 0
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  skip-invalid: exit 0, ledger 2

  $ tests/bad-input/case openai-usage negative-count
  llmcost import: tests/bad-input/openai-usage/negative-count.jsonl:2:169: 'input_tokens': negative count -5
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 3, ledger 0
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  skip-invalid: exit 0, ledger 2

  $ tests/bad-input/case openai-usage fractional-count
  llmcost import: tests/bad-input/openai-usage/fractional-count.jsonl:2:169: 'input_tokens': token count must be a whole number, got 10.5
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 3, ledger 0
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  skip-invalid: exit 0, ledger 2

  $ tests/bad-input/case openai-usage wrong-type
  llmcost import: tests/bad-input/openai-usage/wrong-type.jsonl:2:169: 'input_tokens': expected an integer, got a boolean
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 3, ledger 0
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  skip-invalid: exit 0, ledger 2

  $ tests/bad-input/case openai-usage duplicate-key
  llmcost import: tests/bad-input/openai-usage/duplicate-key.jsonl:2:186: the key "input_tokens" twice in one JSON object
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 3, ledger 0
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  skip-invalid: exit 0, ledger 2

  $ tests/bad-input/case openai-usage missing-field
  llmcost import: tests/bad-input/openai-usage/missing-field.jsonl:2:1: bucket without 'start_time'
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 3, ledger 0
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  skip-invalid: exit 0, ledger 2

  $ tests/bad-input/case openai-usage unknown-model
  1 file: 3 new, 0 duplicates, 0 skipped, 1 unpriced
  exit 0, ledger 3

## openai-costs

OpenAI Costs API pages. Amounts are dollars as JSON numbers, read exactly from their text;
fractions are normal and a negative amount (a credit) is accepted. An amount past 64 bits
used to be stored as 18446744073709551615 dollars: now refused.

  $ tests/bad-input/case openai-costs truncated
  llmcost import: tests/bad-input/openai-costs/truncated.jsonl:3:130: malformed JSON: unexpected end of input (truncated?)
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 3, ledger 0
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  skip-invalid: exit 0, ledger 2

  $ tests/bad-input/case openai-costs invalid-utf8
  llmcost import: tests/bad-input/openai-costs/invalid-utf8.jsonl:2:213: malformed JSON: invalid utf-8 string
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 3, ledger 0
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  skip-invalid: exit 0, ledger 2

  $ tests/bad-input/case openai-costs bom
  1 file: 3 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 0, ledger 3

  $ tests/bad-input/case openai-costs crlf
  1 file: 3 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 0, ledger 3

  $ tests/bad-input/case openai-costs nul
  llmcost import: tests/bad-input/openai-costs/nul.jsonl:2:213: NUL byte in JSON
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 3, ledger 0
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  skip-invalid: exit 0, ledger 2

  $ tests/bad-input/case openai-costs number-too-large
  llmcost import: tests/bad-input/openai-costs/number-too-large.jsonl:2:167: 'amount.value': number too large
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 3, ledger 0
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  skip-invalid: exit 0, ledger 2

  $ tests/bad-input/case openai-costs nan
  llmcost import: tests/bad-input/openai-costs/nan.jsonl:2:167: 'amount.value': not an exact decimal: "NaN"
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 3, ledger 0
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  skip-invalid: exit 0, ledger 2

  $ tests/bad-input/case openai-costs negative-amount
  1 file: 3 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 0, ledger 3

  $ tests/bad-input/case openai-costs wrong-type
  llmcost import: tests/bad-input/openai-costs/wrong-type.jsonl:2:167: 'amount.value': expected an amount
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 3, ledger 0
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  skip-invalid: exit 0, ledger 2

  $ tests/bad-input/case openai-costs duplicate-key
  llmcost import: tests/bad-input/openai-costs/duplicate-key.jsonl:2:177: the key "value" twice in one JSON object
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 3, ledger 0
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  skip-invalid: exit 0, ledger 2

  $ tests/bad-input/case openai-costs missing-field
  llmcost import: tests/bad-input/openai-costs/missing-field.jsonl:2:1: missing field 'amount.value'
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 3, ledger 0
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  skip-invalid: exit 0, ledger 2

  $ tests/bad-input/case openai-costs unknown-model
  1 file: 3 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 0, ledger 3

## anthropic-usage

Anthropic Admin usage reports. Times are RFC 3339 strings: one without a zone is refused
(it could be any of 25 instants).

  $ tests/bad-input/case anthropic-usage truncated
  llmcost import: tests/bad-input/anthropic-usage/truncated.jsonl:3:122: malformed JSON: unexpected end of input (truncated?)
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 3, ledger 0
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  skip-invalid: exit 0, ledger 2

  $ tests/bad-input/case anthropic-usage invalid-utf8
  llmcost import: tests/bad-input/anthropic-usage/invalid-utf8.jsonl:2:124: malformed JSON: invalid utf-8 string
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 3, ledger 0
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  skip-invalid: exit 0, ledger 2

  $ tests/bad-input/case anthropic-usage bom
  1 file: 3 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 0, ledger 3

  $ tests/bad-input/case anthropic-usage crlf
  1 file: 3 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 0, ledger 3

  $ tests/bad-input/case anthropic-usage nul
  llmcost import: tests/bad-input/anthropic-usage/nul.jsonl:2:124: NUL byte in JSON
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 3, ledger 0
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  skip-invalid: exit 0, ledger 2

  $ tests/bad-input/case anthropic-usage number-too-large
  llmcost import: tests/bad-input/anthropic-usage/number-too-large.jsonl:2:165: 'uncached_input_tokens': number too large (over 10^13)
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 3, ledger 0
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  skip-invalid: exit 0, ledger 2

  $ tests/bad-input/case anthropic-usage nan
  llmcost import: tests/bad-input/anthropic-usage/nan.jsonl:2:165: 'uncached_input_tokens': token count must be a whole number, got NaN
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 3, ledger 0
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  skip-invalid: exit 0, ledger 2

  $ tests/bad-input/case anthropic-usage count-over-1e13
  llmcost import: tests/bad-input/anthropic-usage/count-over-1e13.jsonl:2:165: 'uncached_input_tokens': absurd count 100000000000000 (over 10^13)
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 3, ledger 0
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  skip-invalid: exit 0, ledger 2

  $ tests/bad-input/case anthropic-usage negative-count
  llmcost import: tests/bad-input/anthropic-usage/negative-count.jsonl:2:165: 'uncached_input_tokens': negative count -5
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 3, ledger 0
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  skip-invalid: exit 0, ledger 2

  $ tests/bad-input/case anthropic-usage fractional-count
  llmcost import: tests/bad-input/anthropic-usage/fractional-count.jsonl:2:165: 'uncached_input_tokens': token count must be a whole number, got 10.5
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 3, ledger 0
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  skip-invalid: exit 0, ledger 2

  $ tests/bad-input/case anthropic-usage wrong-type
  llmcost import: tests/bad-input/anthropic-usage/wrong-type.jsonl:2:165: 'uncached_input_tokens': expected an integer, got a boolean
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 3, ledger 0
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  skip-invalid: exit 0, ledger 2

  $ tests/bad-input/case anthropic-usage duplicate-key
  llmcost import: tests/bad-input/anthropic-usage/duplicate-key.jsonl:2:191: the key "uncached_input_tokens" twice in one JSON object
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 3, ledger 0
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  skip-invalid: exit 0, ledger 2

  $ tests/bad-input/case anthropic-usage missing-field
  llmcost import: tests/bad-input/anthropic-usage/missing-field.jsonl:2:1: bucket without 'starting_at'
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 3, ledger 0
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  skip-invalid: exit 0, ledger 2

  $ tests/bad-input/case anthropic-usage unknown-model
  1 file: 3 new, 0 duplicates, 0 skipped, 1 unpriced
  exit 0, ledger 3

  $ tests/bad-input/case anthropic-usage time-without-zone
  llmcost import: tests/bad-input/anthropic-usage/time-without-zone.jsonl:2:28: 'starting_at': not an RFC 3339 time with a zone: "2026-08-12T00:00:00"
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 3, ledger 0
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  skip-invalid: exit 0, ledger 2

## anthropic-costs

Anthropic Admin cost reports: `amount` is a decimal string in cents.

  $ tests/bad-input/case anthropic-costs truncated
  llmcost import: tests/bad-input/anthropic-costs/truncated.jsonl:3:131: malformed JSON: unexpected end of input (truncated?)
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 3, ledger 0
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  skip-invalid: exit 0, ledger 2

  $ tests/bad-input/case anthropic-costs invalid-utf8
  llmcost import: tests/bad-input/anthropic-costs/invalid-utf8.jsonl:2:206: malformed JSON: invalid utf-8 string
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 3, ledger 0
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  skip-invalid: exit 0, ledger 2

  $ tests/bad-input/case anthropic-costs bom
  1 file: 3 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 0, ledger 3

  $ tests/bad-input/case anthropic-costs crlf
  1 file: 3 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 0, ledger 3

  $ tests/bad-input/case anthropic-costs nul
  llmcost import: tests/bad-input/anthropic-costs/nul.jsonl:2:206: NUL byte in JSON
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 3, ledger 0
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  skip-invalid: exit 0, ledger 2

  $ tests/bad-input/case anthropic-costs number-too-large
  llmcost import: tests/bad-input/anthropic-costs/number-too-large.jsonl:2:129: 'amount': not an exact decimal: "123456789012345678901234567890"
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 3, ledger 0
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  skip-invalid: exit 0, ledger 2

  $ tests/bad-input/case anthropic-costs nan
  llmcost import: tests/bad-input/anthropic-costs/nan.jsonl:2:129: 'amount': not an exact decimal: "NaN"
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 3, ledger 0
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  skip-invalid: exit 0, ledger 2

  $ tests/bad-input/case anthropic-costs negative-amount
  1 file: 3 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 0, ledger 3

  $ tests/bad-input/case anthropic-costs wrong-type
  llmcost import: tests/bad-input/anthropic-costs/wrong-type.jsonl:2:129: 'amount': expected an amount
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 3, ledger 0
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  skip-invalid: exit 0, ledger 2

  $ tests/bad-input/case anthropic-costs duplicate-key
  llmcost import: tests/bad-input/anthropic-costs/duplicate-key.jsonl:2:142: the key "amount" twice in one JSON object
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 3, ledger 0
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  skip-invalid: exit 0, ledger 2

  $ tests/bad-input/case anthropic-costs missing-field
  llmcost import: tests/bad-input/anthropic-costs/missing-field.jsonl:2:1: missing field 'amount'
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 3, ledger 0
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  skip-invalid: exit 0, ledger 2

  $ tests/bad-input/case anthropic-costs unknown-model
  1 file: 3 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 0, ledger 3

  $ tests/bad-input/case anthropic-costs time-without-zone
  llmcost import: tests/bad-input/anthropic-costs/time-without-zone.jsonl:2:28: 'starting_at': not an RFC 3339 time with a zone: "2026-08-12T00:00:00"
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 3, ledger 0
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  skip-invalid: exit 0, ledger 2

## otel

OTLP JSON traces, one export per line. Token counts are attributes (intValue, a decimal
string in OTLP JSON); the error points at the attribute. A span without startTimeUnixNano
(required by OTLP) is refused rather than given the file's time.

  $ tests/bad-input/case otel truncated
  llmcost import: tests/bad-input/otel/truncated.jsonl:3:242: malformed JSON: unexpected end of input (truncated?)
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 3, ledger 0
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  skip-invalid: exit 0, ledger 2

  $ tests/bad-input/case otel invalid-utf8
  llmcost import: tests/bad-input/otel/invalid-utf8.jsonl:2:338: malformed JSON: invalid utf-8 string
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 3, ledger 0
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  skip-invalid: exit 0, ledger 2

  $ tests/bad-input/case otel bom
  1 file: 3 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 0, ledger 3

  $ tests/bad-input/case otel crlf
  1 file: 3 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 0, ledger 3

  $ tests/bad-input/case otel nul
  llmcost import: tests/bad-input/otel/nul.jsonl:2:338: NUL byte in JSON
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 3, ledger 0
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  skip-invalid: exit 0, ledger 2

  $ tests/bad-input/case otel number-too-large
  llmcost import: tests/bad-input/otel/number-too-large.jsonl:2:357: 'gen_ai.usage.input_tokens': number too large (over 10^13)
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 3, ledger 0
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  skip-invalid: exit 0, ledger 2

  $ tests/bad-input/case otel nan
  llmcost import: tests/bad-input/otel/nan.jsonl:2:357: 'gen_ai.usage.input_tokens': expected an integer, got a number
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 3, ledger 0
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  skip-invalid: exit 0, ledger 2

  $ tests/bad-input/case otel count-over-1e13
  llmcost import: tests/bad-input/otel/count-over-1e13.jsonl:2:357: 'gen_ai.usage.input_tokens': absurd count 100000000000000 (over 10^13)
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 3, ledger 0
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  skip-invalid: exit 0, ledger 2

  $ tests/bad-input/case otel negative-count
  llmcost import: tests/bad-input/otel/negative-count.jsonl:2:357: 'gen_ai.usage.input_tokens': negative count -5
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 3, ledger 0
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  skip-invalid: exit 0, ledger 2

  $ tests/bad-input/case otel fractional-count
  llmcost import: tests/bad-input/otel/fractional-count.jsonl:2:357: 'gen_ai.usage.input_tokens': expected an integer, got a number
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 3, ledger 0
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  skip-invalid: exit 0, ledger 2

  $ tests/bad-input/case otel wrong-type
  llmcost import: tests/bad-input/otel/wrong-type.jsonl:2:357: 'gen_ai.usage.input_tokens': expected an integer, got a boolean
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 3, ledger 0
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  skip-invalid: exit 0, ledger 2

  $ tests/bad-input/case otel duplicate-key
  llmcost import: tests/bad-input/otel/duplicate-key.jsonl:2:407: the key "intValue" twice in one JSON object
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 3, ledger 0
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  skip-invalid: exit 0, ledger 2

  $ tests/bad-input/case otel missing-field
  llmcost import: tests/bad-input/otel/missing-field.jsonl:2:1: a span with usage has no 'startTimeUnixNano'
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 3, ledger 0
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  skip-invalid: exit 0, ledger 2

  $ tests/bad-input/case otel unknown-model
  1 file: 3 new, 0 duplicates, 0 skipped, 1 unpriced
  exit 0, ledger 3

## csv

CSV with a header row (docs/formats/csv.md). A row cut short has no model: refused. A file
that ends inside a quoted field loses only that row under --skip-invalid.

  $ tests/bad-input/case csv truncated
  llmcost import: tests/bad-input/csv/truncated.csv:4:29: unterminated quoted field (starts here)
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 3, ledger 0
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  skip-invalid: exit 0, ledger 2

  $ tests/bad-input/case csv invalid-utf8
  llmcost import: tests/bad-input/csv/invalid-utf8.csv:3:35: invalid UTF-8
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 3, ledger 0
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  skip-invalid: exit 0, ledger 2

  $ tests/bad-input/case csv bom
  1 file: 3 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 0, ledger 3

  $ tests/bad-input/case csv crlf
  1 file: 3 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 0, ledger 3

  $ tests/bad-input/case csv nul
  llmcost import: tests/bad-input/csv/nul.csv:3:26: NUL byte in CSV
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 3, ledger 0
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  skip-invalid: exit 0, ledger 2

  $ tests/bad-input/case csv number-too-large
  llmcost import: tests/bad-input/csv/number-too-large.csv:3:41: absurd token count (over 10^13): "123456789012345678901234567890"
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 3, ledger 0
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  skip-invalid: exit 0, ledger 2

  $ tests/bad-input/case csv nan
  llmcost import: tests/bad-input/csv/nan.csv:3:41: token count must be a whole number: "NaN"
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 3, ledger 0
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  skip-invalid: exit 0, ledger 2

  $ tests/bad-input/case csv count-over-1e13
  llmcost import: tests/bad-input/csv/count-over-1e13.csv:3:41: absurd token count (over 10^13): "100000000000000"
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 3, ledger 0
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  skip-invalid: exit 0, ledger 2

  $ tests/bad-input/case csv negative-count
  llmcost import: tests/bad-input/csv/negative-count.csv:3:41: negative token count: "-5"
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 3, ledger 0
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  skip-invalid: exit 0, ledger 2

  $ tests/bad-input/case csv fractional-count
  llmcost import: tests/bad-input/csv/fractional-count.csv:3:41: token count must be a whole number: "10.5"
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 3, ledger 0
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  skip-invalid: exit 0, ledger 2

  $ tests/bad-input/case csv wrong-type
  llmcost import: tests/bad-input/csv/wrong-type.csv:3:41: token count must be a whole number: "many"
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 3, ledger 0
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  skip-invalid: exit 0, ledger 2

  $ tests/bad-input/case csv missing-field
  llmcost import: tests/bad-input/csv/missing-field.csv:3:1: empty model
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 3, ledger 0
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  skip-invalid: exit 0, ledger 2

  $ tests/bad-input/case csv unknown-model
  1 file: 3 new, 0 duplicates, 0 skipped, 1 unpriced
  exit 0, ledger 3

  $ tests/bad-input/case csv time-without-zone
  llmcost import: tests/bad-input/csv/time-without-zone.csv:3:1: not an RFC 3339 time with a zone (or unix seconds): "2026-08-02T10:00:00"
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 3, ledger 0
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  skip-invalid: exit 0, ledger 2

## claude-code

Claude Code logs are the exception (docs/claude.md): a log is appended to while it is read,
by another program, so a malformed line never stops the import. It is skipped and counted
in `skipped` (exit 0). A last line without its newline (truncated) is not an error: it is
left for the next run (see below). Invalid UTF-8 in a kept string, a count of the wrong
type or over 10^13 are malformed lines. A repeated key is not detected here (the log
reader does not build objects): the last value wins.

  $ tests/bad-input/case claude-code truncated
  1 file: 2 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 0, ledger 2

  $ tests/bad-input/case claude-code invalid-utf8
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  exit 0, ledger 2

  $ tests/bad-input/case claude-code bom
  1 file: 3 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 0, ledger 3

  $ tests/bad-input/case claude-code crlf
  1 file: 3 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 0, ledger 3

  $ tests/bad-input/case claude-code nul
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  exit 0, ledger 2

  $ tests/bad-input/case claude-code number-too-large
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  exit 0, ledger 2

  $ tests/bad-input/case claude-code nan
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  exit 0, ledger 2

  $ tests/bad-input/case claude-code count-over-1e13
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  exit 0, ledger 2

  $ tests/bad-input/case claude-code negative-count
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  exit 0, ledger 2

  $ tests/bad-input/case claude-code fractional-count
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  exit 0, ledger 2

  $ tests/bad-input/case claude-code wrong-type
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  exit 0, ledger 2

  $ tests/bad-input/case claude-code duplicate-key
  1 file: 3 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 0, ledger 3

  $ tests/bad-input/case claude-code missing-field
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  exit 0, ledger 2

  $ tests/bad-input/case claude-code unknown-model
  1 file: 3 new, 0 duplicates, 0 skipped, 1 unpriced
  exit 0, ledger 3

  $ tests/bad-input/case claude-code time-without-zone
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  exit 0, ledger 2

## codex

Codex rollout logs, the same rules as Claude Code. A token_count event without totals (info
without total_token_usage, as `info: null` is in real logs) bills nothing and is not
malformed. A skipped line's tokens are not lost: the next event's cumulative total
carries them (the billed sum stays exact).

  $ tests/bad-input/case codex truncated
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  exit 0, ledger 2

  $ tests/bad-input/case codex invalid-utf8
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  exit 0, ledger 2

  $ tests/bad-input/case codex bom
  1 file: 3 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 0, ledger 3

  $ tests/bad-input/case codex crlf
  1 file: 3 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 0, ledger 3

  $ tests/bad-input/case codex nul
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  exit 0, ledger 2

  $ tests/bad-input/case codex number-too-large
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  exit 0, ledger 2

  $ tests/bad-input/case codex nan
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  exit 0, ledger 2

  $ tests/bad-input/case codex count-over-1e13
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  exit 0, ledger 2

  $ tests/bad-input/case codex negative-count
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  exit 0, ledger 2

  $ tests/bad-input/case codex fractional-count
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  exit 0, ledger 2

  $ tests/bad-input/case codex wrong-type
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  exit 0, ledger 2

  $ tests/bad-input/case codex missing-field
  1 file: 2 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 0, ledger 2

  $ tests/bad-input/case codex unknown-model
  1 file: 3 new, 0 duplicates, 0 skipped, 3 unpriced
  exit 0, ledger 3

  $ tests/bad-input/case codex time-without-zone
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  exit 0, ledger 2

## cost

`llmcost cost` prices one response: the same parsers, the same one-line errors (exit 3).
An unknown model prints the tokens with `"cost":null` and exits 7 (docs/cost.md). A body
without usage cannot be priced: exit 3, naming the file.

  $ tests/bad-input/case cost truncated
  llmcost cost: tests/bad-input/cost/truncated.json:1:83: malformed JSON: unexpected end of input (truncated?)
  exit 3

  $ tests/bad-input/case cost invalid-utf8
  llmcost cost: tests/bad-input/cost/invalid-utf8.json:1:21: malformed JSON: invalid utf-8 string
  exit 3

  $ tests/bad-input/case cost bom
  "input_tokens":100 "output_tokens":10 "cost":"0.000021" "priced":true
  exit 0

  $ tests/bad-input/case cost crlf
  "input_tokens":100 "output_tokens":10 "cost":"0.000021" "priced":true
  exit 0

  $ tests/bad-input/case cost crlf-stream
  "input_tokens":100 "output_tokens":10 "cost":"0.000021" "priced":true
  exit 0

  $ tests/bad-input/case cost nul
  llmcost cost: tests/bad-input/cost/nul.json:1:20: NUL byte in JSON
  exit 3

  $ tests/bad-input/case cost number-too-large
  llmcost cost: tests/bad-input/cost/number-too-large.json:1:102: 'prompt_tokens': number too large (over 10^13)
  exit 3

  $ tests/bad-input/case cost nan
  llmcost cost: tests/bad-input/cost/nan.json:1:102: 'prompt_tokens': token count must be a whole number, got NaN
  exit 3

  $ tests/bad-input/case cost count-over-1e13
  llmcost cost: tests/bad-input/cost/count-over-1e13.json:1:102: 'prompt_tokens': absurd count 100000000000000 (over 10^13)
  exit 3

  $ tests/bad-input/case cost negative-count
  llmcost cost: tests/bad-input/cost/negative-count.json:1:102: 'prompt_tokens': negative count -5
  exit 3

  $ tests/bad-input/case cost fractional-count
  llmcost cost: tests/bad-input/cost/fractional-count.json:1:102: 'prompt_tokens': token count must be a whole number, got 10.5
  exit 3

  $ tests/bad-input/case cost wrong-type
  llmcost cost: tests/bad-input/cost/wrong-type.json:1:102: 'prompt_tokens': expected an integer, got a string
  exit 3

  $ tests/bad-input/case cost missing-usage
  llmcost cost: tests/bad-input/cost/missing-usage.json: the response carries no usage (a stream without stream_options.include_usage?): nothing to price
  exit 3

  $ tests/bad-input/case cost unknown-model
  "input_tokens":100 "output_tokens":10 "cost":null "priced":false
  exit 7

  $ tests/bad-input/case cost good
  "input_tokens":100 "output_tokens":10 "cost":"0.000021" "priced":true
  exit 0

## Without --format

A byte order mark or CRLF line ends do not hide a file's format from detection: every
format is told from the files alone. The CRLF copy of each file holds the same records as
the BOM one, so it adds only duplicates - except CSV, whose rows have no id and are keyed
by file and line (docs/formats/csv.md). A batch result is the same call as the response
inside it: the batch files add duplicates too.

  $ export LLMCOST_LEDGER=$TESTTMP/detect.db
  > llmcost import tests/bad-input/{openai,anthropic,gemini,openai-batch,anthropic-batch,openai-usage,openai-costs,anthropic-usage,anthropic-costs,otel,csv}/{bom,crlf}.*
  > sqlite3 "$LLMCOST_LEDGER" "select substr(source, 1, instr(source, ':') - 1), count(*) from records group by 1"
  22 files: 30 new, 36 duplicates, 0 skipped, 0 unpriced
  anthropic|3
  anthropic-costs|3
  anthropic-usage|3
  csv|6
  gemini|3
  openai|3
  openai-costs|3
  openai-usage|3
  otel|3

## A bad file among good ones

Files are imported in order, each in its own transaction: the error stops the run at the
bad file, the files before it stay imported, the ones after it are not read.

  $ export LLMCOST_LEDGER=$TESTTMP/mixed.db; mkdir "$TESTTMP/mixed"
  > cp tests/bad-input/openai/bom.jsonl "$TESTTMP/mixed/1-good.jsonl"
  > cp tests/bad-input/anthropic/negative-count.jsonl "$TESTTMP/mixed/2-bad.jsonl"
  > cp tests/bad-input/gemini/crlf.jsonl "$TESTTMP/mixed/3-good.jsonl"
  > llmcost import "$TESTTMP/mixed" 2>&1 | sed "s#$TESTTMP/##"; echo "exit ${PIPESTATUS[0]}"
  > sqlite3 "$LLMCOST_LEDGER" 'select count(*) from records'
  llmcost import: mixed/2-bad.jsonl:2:100: 'input_tokens': negative count -5
  2 files: 3 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 3
  3

  $ LLMCOST_LEDGER=$TESTTMP/mixed.db llmcost import --skip-invalid "$TESTTMP/mixed"
  3 files (1 unchanged): 5 new, 0 duplicates, 1 skipped, 0 unpriced

## A 1 GiB line

Made here, not committed: a sparse file (no disk, no time) whose second line is 1 GiB of
NUL bytes inside a JSON string, between two good records. Import maps the file rather than
reading it, and a record longer than 64 MiB is refused by its position after reading 64 MiB
of it: exit 6 (a size limit), nothing stored. The fault is the length, found before the NULs.

  $ export LLMCOST_LEDGER=$TESTTMP/long-line.db; f=$TESTTMP/long-line.jsonl
  > head -n 1 tests/bad-input/openai/truncated.jsonl > "$f"
  > printf '{"pad":"' >> "$f"; truncate -s +1G "$f"; printf '"}\n' >> "$f"
  > tail -n 1 tests/bad-input/openai/crlf.jsonl | tr -d '\r' >> "$f"
  > llmcost import "$f" 2>&1 | sed "s#$TESTTMP/##"; echo "exit ${PIPESTATUS[0]}"
  > sqlite3 "$LLMCOST_LEDGER" 'select count(*) from records'
  llmcost import: long-line.jsonl:2:1: record longer than 64 MiB
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 6
  0

`llmcost cost` reads one response whole, up to 256 MiB; a bigger file is refused before a
byte of it is read.

  $ llmcost cost "$TESTTMP/long-line.jsonl" 2>&1 | sed "s#$TESTTMP/##"; echo "exit ${PIPESTATUS[0]}"
  llmcost cost: long-line.jsonl: file too large (limit 268435456 bytes)
  exit 6

A file over the import cap (16 GiB) is refused unread, before its format is even looked at.

  $ truncate -s 17G "$TESTTMP/huge.jsonl"
  > llmcost import "$TESTTMP/huge.jsonl" 2>&1 | sed "s#$TESTTMP/##"; echo "exit ${PIPESTATUS[0]}"
  llmcost import: huge.jsonl: file too large (18253611008 bytes, limit 17179869184)
  1 file: 0 new, 0 duplicates, 0 skipped, 0 unpriced
  exit 6

--skip-invalid reads past a long line to the records after it. (Shown on a 100 MiB line:
the 1 GiB one behaves the same, but reading all of it takes seconds.)

  $ export LLMCOST_LEDGER=$TESTTMP/long-line-100m.db; f=$TESTTMP/long-line-100m.jsonl
  > head -n 1 tests/bad-input/openai/truncated.jsonl > "$f"
  > printf '{"pad":"' >> "$f"; truncate -s +100M "$f"; printf '"}\n' >> "$f"
  > tail -n 1 tests/bad-input/openai/crlf.jsonl | tr -d '\r' >> "$f"
  > llmcost import --skip-invalid "$f"
  > sqlite3 "$LLMCOST_LEDGER" 'select count(*) from records'
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  2

The same in a Claude Code log: the agent-log reader skips the line and counts it.

  $ mkdir -p "$TESTTMP/cc/-home-u-long"; f=$TESTTMP/cc/-home-u-long/s.jsonl
  > head -n 1 tests/bad-input/claude-code/truncated.jsonl > "$f"
  > printf '{"type":"assistant","message":{"usage":{"input_tokens":1,"pad":"' >> "$f"
  > truncate -s +100M "$f"; printf '"}}}\n' >> "$f"
  > tail -n 1 tests/bad-input/claude-code/crlf.jsonl | tr -d '\r' >> "$f"
  > llmcost import --format claude-code "$TESTTMP/cc"
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced

## A last line still being written

An agent log is written while llmcost reads it: a last line without its newline is left
for the next run, which imports it once it is complete (nothing lost, nothing twice).

  $ export LLMCOST_LEDGER=$TESTTMP/live.db
  > for a in claude-code codex; do
  >   mkdir -p "$TESTTMP/live/$a"; f=$TESTTMP/live/$a/-live.jsonl
  >   cp tests/bad-input/$a/truncated.jsonl "$f"
  >   llmcost import --format $a "$f"
  >   tail -n 1 tests/bad-input/$a/crlf.jsonl | tr -d '\r' | cut -c "$(( $(tail -n 1 "$f" | wc -c) + 1 ))-" >> "$f"
  >   llmcost import --format $a "$f"
  > done
  > sqlite3 "$LLMCOST_LEDGER" "select count(*), count(distinct id) from records"
  1 file: 2 new, 0 duplicates, 0 skipped, 0 unpriced
  1 file: 1 new, 0 duplicates, 0 skipped, 0 unpriced
  1 file: 2 new, 0 duplicates, 1 skipped, 0 unpriced
  1 file: 1 new, 0 duplicates, 0 skipped, 0 unpriced
  6|6

## kill -9 in the middle of an import

Twelve files of 10,000 records each. The import is killed (SIGKILL) as soon as its first
file is committed. Each file is one transaction with its cursor, so what survives is whole
files only; the re-run skips them as unchanged and imports the rest. In the end every record
is there exactly once, and the token sum is exact.

  $ export LLMCOST_LEDGER=$TESTTMP/kill.db; mkdir "$TESTTMP/big"
  > for i in 01 02 03 04 05 06 07 08 09 10 11 12; do
  >   awk -v f=$i 'BEGIN { for (n = 1; n <= 10000; n++) printf "{\"id\":\"chatcmpl-k%s-%d\",\"object\":\"chat.completion\",\"created\":%d,\"model\":\"gpt-4o-mini\",\"usage\":{\"prompt_tokens\":%d,\"completion_tokens\":7}}\n", f, n, 1760000000 + n, n }' > "$TESTTMP/big/part-$i.jsonl"
  > done
  > llmcost import "$TESTTMP/big" > /dev/null 2>&1 & pid=$!
  > until [ "$(sqlite3 "$LLMCOST_LEDGER" 'select count(*) from cursors' 2>/dev/null)" -ge 1 ] 2>/dev/null; do
  >   kill -0 $pid 2>/dev/null || break; sleep 0.01
  > done
  > kill -9 $pid; { wait $pid; } 2>/dev/null; echo "killed: exit $?"
  > n=$(sqlite3 "$LLMCOST_LEDGER" 'select count(*) from records')
  > [ "$n" -ge 10000 ] && [ "$n" -lt 120000 ] && [ $((n % 10000)) -eq 0 ] && echo "whole files only, some missing"
  killed: exit 137
  whole files only, some missing

  $ export LLMCOST_LEDGER=$TESTTMP/kill.db; llmcost import "$TESTTMP/big"
  > sqlite3 "$LLMCOST_LEDGER" "select count(*), count(distinct id), sum(input_tokens), sum(output_tokens) from records"
  12 files \([1-9][0-9]? unchanged\): [1-9][0-9]*0000 new, 0 duplicates, 0 skipped, 0 unpriced (re)
  120000|120000|600060000|840000

Importing again adds nothing.

  $ LLMCOST_LEDGER=$TESTTMP/kill.db llmcost import "$TESTTMP/big"
  12 files (12 unchanged): 0 new, 0 duplicates, 0 skipped, 0 unpriced
