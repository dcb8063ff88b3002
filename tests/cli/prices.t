The price catalog: bundled genai-prices + LiteLLM data, a user override file, import and diff.
Prices are per million tokens; --at picks the row in force at a date.

  $ llmcost prices show claude-sonnet-4-5 --at 2026-06-01
  anthropic/claude-sonnet-4-5 (Claude Sonnet 4.5)  source genai-prices, context 200000, max output 64000
  prices per million tokens; * after a price: derived, not in the data; * before a row: in force at 2026-06-01T00:00:00.000Z
  * anthropic/claude-sonnet-4-5@-  tier standard, from -, USD, genai-prices
      input 3  cached 0.3  write-5m 3.75  write-1h 6  output 15  web-search/1k 10
      above 200000 input tokens: input 6  cached 0.6  write-5m 7.5  write-1h 12  output 22.5  web-search/1k 10
    anthropic/claude-sonnet-4-5@-#batch(rule)  tier batch, from -, USD, genai-prices
      input 1.5*  cached 0.15*  write-5m 1.875*  write-1h 3*  output 7.5*  web-search/1k 10
      above 200000 input tokens: input 3*  cached 0.3*  write-5m 3.75*  write-1h 6*  output 11.25*  web-search/1k 10

The batch row is Anthropic's published rule (half of every token price; docs/prices.md), as
the data has no batch prices for the model.

A dated price cut: the row in force is marked with a star.

  $ llmcost prices show gpt-5.6-sol --at 2026-08-20 | grep '^\*'
  * openai/gpt-5.6-sol@-  tier standard, from -, USD, genai-prices
  $ llmcost prices show gpt-5.6-sol --at 2026-08-21 | grep '^\*'
  * openai/gpt-5.6-sol@2026-08-21  tier standard, from 2026-08-21, USD, genai-prices

Names match by exact rules: a date suffix and a provider prefix are stripped.

  $ llmcost prices show openai/gpt-5-2025-08-07 --at 2026-01-01 | head -n 1
  openai/gpt-5 (GPT-5)  source genai-prices, context 400000, max output 128000
  $ llmcost prices show claude-sonet-4-5
  llmcost prices: no price known for model 'claude-sonet-4-5'
  [4]

  $ llmcost prices show gpt-5 --at 2026-01-01 --json | head -n 1 | cut -c 1-120
  {"provider": "openai", "model": "gpt-5", "name": "GPT-5", "source": "genai-prices", "context_window": 400000, "max_outpu
  $ llmcost prices show gpt-5 --at 2026-01-01 --json | grep -o '"input_mtok": "[0-9.]*"'
  "input_mtok": "1.25"
  "input_mtok": "0.625"
  "input_mtok": "2.5"
  "input_mtok": "0.625"

  $ llmcost prices list --provider deepseek --at 2026-06-01T12:00:00Z | head -n 3
  PROVIDER  MODEL                        INPUT      CACHED    WRITE-5M    WRITE-1H      OUTPUT  CUR  SOURCE
  deepseek  deepseek-chat                 0.27        0.07           -           -         1.1  USD  genai-prices
  deepseek  deepseek-reasoner             0.55        0.14           -           -        2.19  USD  genai-prices

  $ llmcost prices list --provider anthropic --json | grep -c '"provider": "anthropic"'
  [0-9]+ (re)
  $ llmcost prices list --provider xai | sed -n 2p | cut -c1-21
  x-ai      grok-2-1212
  $ llmcost prices list --provider nobody
  llmcost prices: no models for provider 'nobody'
  [4]
  $ llmcost prices list extra
  llmcost prices: unexpected argument 'extra' (see 'llmcost help prices')
  [2]
  $ llmcost prices frob
  llmcost prices: unknown subcommand 'frob' (see 'llmcost help prices')
  [2]

The override file ($LLMCOST_PRICES) adds private models and negotiated prices.

  $ LLMCOST_PRICES=tests/cli/prices/override.json llmcost prices show llama-70b --at 2026-08-01
  selfhosted/llama-70b  source override, context 128000
  prices per million tokens; * after a price: derived, not in the data; * before a row: in force at 2026-08-01T00:00:00.000Z
    selfhosted/llama-70b@-  tier standard, from -, USD, override
      input 0.2  cached 0.2*  write-5m 0.2*  write-1h 0.2*  output 0.6
  * selfhosted/llama-70b@2026-07-01  tier standard, from 2026-07-01, USD, override
      input 0.1  cached 0.1*  write-5m 0.1*  write-1h 0.1*  output 0.3
  $ LLMCOST_PRICES=tests/cli/prices/override.json llmcost prices list --provider openai | grep ' gpt-5 '
  openai    gpt-5                                  1           -           -           -           8  USD  override

Errors in the file name file:line:column.

  $ LLMCOST_PRICES=tests/cli/prices/bad.json llmcost prices list
  llmcost prices: tests/cli/prices/bad.json:3:18: unknown field 'inptu_mtok' (at .models[0].inptu_mtok)
  [3]
  $ LLMCOST_PRICES=$TESTTMP/missing.json llmcost prices list
  llmcost prices: .*/missing.json: No such file or directory (re)
  [4]

Import converts a LiteLLM (or genai-prices) file into a price file usable as LLMCOST_PRICES.

  $ llmcost prices import tests/cli/prices/litellm.json --out $TESTTMP/acme.json
  tests/cli/prices/litellm.json: 1 providers, 2 models, 3 price rows
  wrote .*/acme.json \(use it with LLMCOST_PRICES=.*/acme.json\) (re)
  $ LLMCOST_PRICES=$TESTTMP/acme.json llmcost prices show fast-1 --provider acme --at 2026-01-01
  acme/fast-1  source override, context 131072, max output 8192
  prices per million tokens; * after a price: derived, not in the data; * before a row: in force at 2026-01-01T00:00:00.000Z
  * acme/fast-1@-  tier standard, from -, USD, override
      input 0.2  cached 0.2*  write-5m 0.2*  write-1h 0.2*  output 0.8
    acme/fast-1@-#batch  tier batch, from -, USD, override
      input 0.1  cached 0.1*  write-5m 0.1*  write-1h 0.1*  output 0.4
  $ llmcost prices import tests/cli/prices/bad.json
  llmcost prices: tests/cli/prices/bad.json:3:18: unknown field 'inptu_mtok' (at .models[0].inptu_mtok)
  [3]
  $ llmcost prices import data/prices/genai-prices-0.1.8.json --format genai-prices
  data/prices/genai-prices-0.1.8.json: 43 providers, 1694 models, 1724 price rows

Diff compares two catalogs: models added (+), removed (-) and changed (~).

  $ llmcost prices import tests/cli/prices/override.json --out $TESTTMP/a.json 2>/dev/null
  $ llmcost prices diff tests/cli/prices/override.json $TESTTMP/acme.json --at 2026-08-01
  + acme/embed-1
  + acme/fast-1
  - openai/gpt-5
  - selfhosted/llama-70b
  2 added, 2 removed, 0 changed
  $ llmcost prices diff bundled default
  0 added, 0 removed, 0 changed
  $ LLMCOST_PRICES=tests/cli/prices/override.json llmcost prices diff bundled default --at 2026-08-01 | tail -n 1
  1 added, 0 removed, 1 changed
  $ LLMCOST_PRICES=tests/cli/prices/override.json llmcost prices diff bundled default --at 2026-08-01 --json | grep gpt-5
   {"provider": "openai", "model": "gpt-5", "change": "changed", "prices": [{"kind": "input_mtok", "above_input_tokens": 0, "from": "1.25", "to": "1"}, {"kind": "cache_read_mtok", "above_input_tokens": 0, "from": "0.125", "to": null}, {"kind": "output_mtok", "above_input_tokens": 0, "from": "10", "to": "8"}, {"kind": "web_searches_kcount", "above_input_tokens": 0, "from": "10", "to": null}]},

A change of currency is shown also when the prices changed with it (7 CNY is not 7 USD):

  $ printf '{"models": [{"provider": "p", "model": "m", "input_mtok": "1", "output_mtok": "2"}]}' > $TESTTMP/usd.json
  $ printf '{"models": [{"provider": "p", "model": "m", "currency": "CNY", "input_mtok": "7", "output_mtok": "2"}]}' > $TESTTMP/cny.json
  $ llmcost prices diff $TESTTMP/usd.json $TESTTMP/cny.json
  ~ p/m: input_mtok 1 -> 7, currency USD -> CNY
  0 added, 0 removed, 1 changed

Every subcommand answers --help.

  $ llmcost prices import --help | head -n 1
  usage: llmcost prices list [--provider P] [--at DATE] [--json]
  $ llmcost prices diff --help | tail -n 1
  In diff, A and B are price files, or 'bundled' / 'default' for the built-in catalogs.
