Service tiers priced by the provider's published rule where the price data has no tier row
(docs/prices.md, "Service tiers"). The golden gpt-5 response (0.0033475 USD standard) in
batch: OpenAI's Batch API is half the standard price of every token kind.

  $ llmcost cost --tier batch tests/fixtures/openai/chat.json
  openai gpt-5-2025-08-07  (batch, 2025-10-09T08:53:20.000Z)
  kind               tokens  USD
  input                  86  0.00005375
  cache read           1920  0.00012
  cache write             0  0
  output                300  0.0015
    reasoning           128  (inside output)
  total                      0.00167375
  price: genai-prices openai/gpt-5@-#batch(rule)

Flex has an explicit LiteLLM row for gpt-5 (explicit rows always win); priority has no
rule, so a model without a priority row is priced at standard.

  $ llmcost cost --tier flex --json tests/fixtures/openai/chat.json | grep -o '"cost":"[0-9.]*"\|"price_id":"[^"]*"'
  "cost":"0.00167375"
  "price_id":"openai/gpt-5@-#flex"
  $ llmcost cost --tier priority --model gpt-5-mini --json tests/fixtures/openai/chat.json | grep -o '"price_id":"[^"]*"'
  "price_id":"openai/gpt-5-mini@-#priority"
  $ llmcost cost --tier batch --provider x-ai --model grok-4 --json tests/fixtures/openai/chat.json | grep -o '"price_id":"[^"]*"'
  "price_id":"x-ai/grok-4-0709@-"

The batch-result importers set the batch tier: an OpenAI batch output line with the golden
vector, and an Anthropic batch result (standard 0.0051 USD: 1000 input at 3, 2000 cache
reads at 0.3, 100 output at 15 per million), both at half price.

  $ llmcost import tests/cli/data/batch
  2 files: 2 new, 0 duplicates, 0 skipped, 0 unpriced
  $ llmcost report model --csv | cut -d, -f1,2,9,10
  model,calls,cost,currency
  claude-sonnet-4-5-20250929,1,0.00255,USD
  gpt-5-2025-08-07,1,0.00167375,USD

A user price file's standard rows get the rule too; its own tier rows win.

  $ cat > "$TESTTMP/p.json" <<'X'
  > {"models": [{"provider": "openai", "model": "gpt-5", "input_mtok": "1", "output_mtok": "8"},
  >  {"provider": "anthropic", "model": "claude-sonnet-4-5", "tier": "batch", "input_mtok": "1", "output_mtok": "5"}]}
  > X
  $ LLMCOST_PRICES="$TESTTMP/p.json" llmcost prices show gpt-5 --provider openai | grep -A1 'rule'
    openai/gpt-5@-#batch(rule)  tier batch, from -, USD, override
      input 0.5*  cached 0.5*  write-5m 0.5*  write-1h 0.5*  output 4*
    openai/gpt-5@-#flex(rule)  tier flex, from -, USD, override
      input 0.5*  cached 0.5*  write-5m 0.5*  write-1h 0.5*  output 4*
  $ LLMCOST_PRICES="$TESTTMP/p.json" llmcost prices show claude-sonnet-4-5 --provider anthropic | grep 'tier batch'
    anthropic/claude-sonnet-4-5@-#batch  tier batch, from -, USD, override
