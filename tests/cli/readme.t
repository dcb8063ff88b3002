The examples of README.md's quick tour, run as written (long outputs are checked by each
command's own .t file; here, that each example works and the shown outputs are exact).

  $ llmcost cost tests/fixtures/anthropic/message-1h.json 2>&1 | grep -vE '^(anthropic|  reasoning)'
  kind               tokens  USD
  input                1000  0.006
  cache read         250000  0.15
  cache write          4000  0.048
    of them 1h         4000
  output               2000  0.045
  total                      0.249
  price: genai-prices anthropic/claude-sonnet-4-5@-[>200000][fast?]
  llmcost cost: warning: fast mode has no known price multiplier for anthropic/claude-sonnet-4-5: priced at standard rates

  $ echo "Summarize the attached contract in three bullet points." |
  >   llmcost estimate --model gpt-5,gpt-5-mini,claude-sonnet-4-5 --output-tokens 500
  MODEL                             INPUT     CACHED     OUTPUT  COST
  gpt-5-mini                           18          0        500  USD 0.0010045
  gpt-5                                18          0        500  USD 0.0050225
  claude-sonnet-4-5                   ~22          0        500  USD 0.007566  (estimate)
  note: claude-sonnet-4-5: estimate: no public Claude tokenizer; o200k_base count x 1.2, an uncalibrated rule of thumb (Claude's tokenizer yields more tokens than OpenAI's on typical text); Anthropic's count_tokens API is exact

  $ llmcost import --tag team=search tests/fixtures/openai > /dev/null && llmcost report tag:team --json | grep -c '"team"'
  1

  $ for c in "report daily --since 2025-11-01 --tz Europe/Paris" "report model --breakdown" \
  >   "prices list --provider anthropic" "prices show gpt-5.6-sol" "plan gpus" \
  >   "plan train --model llama-3.1-8b --tokens 15T --gpu h100-sxm --gpus 1024 --mfu 0.4" \
  >   "plan finetune --method qlora --model llama-2-70b --gpu a100-sxm-80gb --dataset-tokens 100M" \
  >   "plan serve --model llama-3.1-70b --gpu h100-sxm --tp 4 --precision fp8" \
  >   "plan breakeven --api-model gpt-5 --model llama-3.1-8b --gpu l40s --html $TESTTMP/be.html" \
  >   "finance irr -- -1000 300 400 500" \
  >   "roi examples/support-assistant.yaml --simulate 2000 --seed 7" \
  >   "roi examples/coding-assistant.yaml --html $TESTTMP/report.html"; do
  >   llmcost $c > /dev/null 2>&1 || echo "failed: $c"
  > done

The gateway example: keys are created against examples/gateway.yaml (key management needs
no provider key; `serve` reads them from the environment and needs the providers reachable,
which the gateway's own black-box tests do with a mock upstream, over TLS too).

  $ llmcost keys create --config examples/gateway.yaml --name search --tags team=search \
  >   --budget 50 --period month 2>/dev/null | grep -c '^lck-'
  1
  $ llmcost keys list --config examples/gateway.yaml | grep -E '^  (tags|budget)'
    tags:   team=search
    budget: 50 USD per month (hard)
