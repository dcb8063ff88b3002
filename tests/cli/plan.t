llmcost plan: lifecycle cost estimators. Reference figures from ECONOMICS.md.

Training. Llama 2 70B on 2T tokens at 42.8% MFU on A100s gives the model card's 1.72M
GPU-hours (card: 1,720,320):

  $ llmcost plan train --model llama-2-70b --tokens 2T --gpu a100-sxm-80gb --gpus 2048 --mfu 0.428 --price 1.79 | grep -E '^(GPU-hours|MFU|wall-clock|cost) '
  MFU                            0.428
  GPU-hours                      1.72181e+06
  wall-clock                     35.03 days
  cost                           $3082036.06

Megatron-LM, GPT-3 175B on 300B tokens with recomputation (8ND), 768 A100s at 149 TFLOP/s:
42.4 days (the paper says about 43).

  $ llmcost plan train --params 175B --tokens 300B --recompute --gpus 768 --tflops 149 --gpu a100-sxm-40gb --json | grep -oE '"(flops|days)": [0-9.e+]+'
  "flops": 4.2e+23
  "days": 42\.48[0-9]* (re)

ZeRO memory per GPU for 7.5B parameters on 64 GPUs: 120 / 31.4 / 16.6 / 1.9 GB.

  $ llmcost plan train --params 7.5B --tokens 1B --gpus 64 | grep ZeRO
    ZeRO-0 (replicated)          120.0 GB
    ZeRO-1 (optimizer)           31.4 GB
    ZeRO-2 (+gradients)          16.6 GB
    ZeRO-3 (+weights)            1.9 GB

DeepSeek-V3's reported 2.788M H800 GPU-hours at $2: exactly $5.576M.

  $ llmcost plan train --gpu-hours 2788000 --price 2 --json
  {"gpu_hours": 2788000, "price_per_gpu_hour": "2", "cost": "5576000", "currency": "USD"}

Chinchilla split of the Gopher budget (table: 67B params, 1.5T tokens):

  $ llmcost plan train --flops 5.76e23 --chinchilla --json | grep -oE '"(params|tokens)": [0-9.e+]+'
  "params": 6.92820323e+10
  "tokens": 1.385640646e+12

Fine-tuning: LoRA r=4 on W_q, W_v of GPT-3 175B trains 18.9M parameters (~10,000x fewer).

  $ llmcost plan finetune --model gpt-3-175b --method lora --rank 4 --targets qv --dataset-tokens 100M --gpus 8 --json | grep -oE '"(trainable_params|weights_gb|fits)": [a-z0-9.e+]+'
  "trainable_params": 18874368
  "weights_gb": 350\.03[0-9]* (re)
  "fits": false

QLoRA fits an 8B model on a 24 GB L4:

  $ llmcost plan finetune --model llama-3.1-8b --method qlora --dataset-tokens 50M --gpu l4 | grep -E '^(fits|cost per epoch)'
  fits                           yes
  cost per epoch                 $11.13

Serving. KV cache bytes per token are GQA-aware (Llama 2 70B: 327,680 at fp16):

  $ llmcost plan serve --model llama-2-70b --gpu h100 --tp 2 --json | grep -oE '"kv_bytes_per_token": [0-9]+'
  "kv_bytes_per_token": 327680

FasterTransformer 13B on an A100-40GB, batch 1, 512 in, 10 out (measured 63.17 ms prefill,
22.0 ms per token), from a config.json:

  $ llmcost plan serve --model-config src/plan/tests/data/test-13b.json --gpu a100-sxm-40gb --precision fp16 --input-tokens 512 --output-tokens 10 | grep -E '^(prefill|time per)'
  prefill (batch)                60.70 ms
  time per output token          18.65 ms

Weights that do not fit are refused, with the memory they need:

  $ llmcost plan serve --model llama-2-70b --gpu h100
  llmcost plan serve: llama-2-70b weights need 138.0 GB at bf16 but 1 x h100-sxm gives 72.0 GB (90% of 80 GB each); use --tp 2 or a smaller precision
  [3]

  $ llmcost plan serve --model llama-3.1-405b --gpu h100 --tp 8 --batch 100000 --precision fp8
  llmcost plan serve: batch 100000 needs 103625.1 GB (weights + KV cache) but 576.0 GB are available; at most 164 sequences fit
  [3]

A measured throughput above the bandwidth roofline is impossible (85 tok/s for Llama 2 70B at
fp16, batch 1, needs at least 4 H100s of bandwidth):

  $ llmcost plan serve --tokens-per-s 85 --gpus 2 --model llama-2-70b --precision fp16 --batch 1 --price 2
  llmcost plan serve: 85.0 tokens/s is impossible: 2 x h100-sxm at batch 1 can read llama-2-70b's fp16 weights at most 48.6 times a second
  [3]

  $ llmcost plan serve --tokens-per-s 85 --gpus 4 --model llama-2-70b --precision fp16 --batch 1 --price 2 | tail -n 1
  cost per million tokens        $26.1438

$/M output tokens from TensorRT-LLM's measured 15,220 tok/s (Llama 3.1 8B, H100, FP8) at $2:

  $ llmcost plan serve --tokens-per-s 15220 --gpus 1 --price 2 --json
  {"tokens_per_s": 15220, "gpus": 1, "price_per_gpu_hour": "2", "usd_per_mtok": "0.036501679077237553", "currency": "USD"}

The estimate never exceeds its ceiling:

  $ llmcost plan serve --model mixtral-8x7b --gpu h200 --max-throughput --json | grep -oE '"(tokens_per_s|roofline_tokens_per_s)": [0-9.]+' | awk '{print $2}' | paste -sd' ' | awk '{print ($1 <= $2) ? "below" : "ABOVE"}'
  below

TCO: 700 W x PUE 1.3 x 8760 h x $0.10/kWh = $797.16 per GPU-year.

  $ llmcost plan tco --gpu h100 --capex 30000 --pue 1.3 --kwh-price 0.10 --json | grep -oE '"energy_per_gpu_year": "[0-9.]+"'
  "energy_per_gpu_year": "797.16"

  $ llmcost plan tco --gpu h100 --price 4 --discount 25% --utilization 0.6 --capex 10000 --years 3 --rate 0.08 | grep -E 'useful|factor'
    per useful GPU-hour          $5.0000
    per useful GPU-hour          $0.8520
    capital recovery factor      0.388034

Break-even: an API at $3/$15 per Mtok against a measured replica, with a fixed $20,000 a month:

  $ llmcost plan breakeven --api-price-in 3 --api-price-out 15 --input-share 0.75 --tokens-per-s 1000 --gpus 1 --price 2 --utilization 0.5 --fixed 20000 --max-volume 10B
  API input $/Mtok               $3.0000
  API output $/Mtok              $15.0000
  GPU                            h100-sxm
  GPUs per replica               1
  replica throughput             1000.0 tokens/s
  API blended $/Mtok             $6.0000
  replica per month              $1460.00
  fixed per month                $20000.00
  capacity per replica           1.314e+09 tokens/month
  break-even volume              4.307e+09 tokens/month
  replicas at break-even         4
  
      tokens/month  replicas            API $      self-host $  cheaper
             1e+06         1             6.00         21460.00  api
             3e+06         1            18.00         21460.00  api
             1e+07         1            60.00         21460.00  api
             3e+07         1           180.00         21460.00  api
             1e+08         1           600.00         21460.00  api
             3e+08         1          1800.00         21460.00  api
             1e+09         1          6000.00         21460.00  api
             3e+09         3         18000.00         24380.00  api
         4.307e+09         4         25840.00         25840.00  self-host
             1e+10         8         60000.00         31680.00  self-host

  $ llmcost plan breakeven --api-price-in 0.1 --api-price-out 0.1 --tokens-per-s 100 --gpus 1 --json | grep -o '"breakeven_tokens_per_month": null'
  "breakeven_tokens_per_month": null

Catalogs, with aliases matched case-insensitively:

  $ llmcost plan gpus | grep -E '^(h100-sxm|b200) '
  h100-sxm            989    1979       0     80  3.350    700      2.49  NVIDIA H100 SXM5 80GB
  b200               2250    4500    9000    180  8.000   1000      4.99  NVIDIA B200 (HGX, 1000 W)

  $ llmcost plan models | grep -E '^(mixtral|deepseek)'
  mixtral-8x7b        32   4096    32    8   128   32000      2/8     46.7B     12.9B
  deepseek-v3         61   7168   128  128   128  129280    8/256    671.0B     37.0B

  $ llmcost plan models --model-config src/plan/tests/data/deepseek-v3.json | tail -n 1
  config.json         61   7168   128  128   128  129280    8/256    671.0B     37.6B

  $ llmcost plan serve --model Meta-Llama/Llama-3.1-8B --gpu H100-SXM5 --json | grep -oE '"(model|gpu)": "[^"]+"'
  "model": "llama-3.1-8b"
  "gpu": "h100-sxm"

--explain shows the formulas:

  $ llmcost plan serve --model llama-3.1-8b --explain | grep -c 'roofline'
  1

Bad input: zero, negative, absurd, unknown, invalid.

  $ llmcost plan train --params 0 --tokens 1T
  llmcost plan train: --params: 0 must be above 0 and at most 1e+15
  [2]

  $ llmcost plan train --params -7B --tokens 1T
  llmcost plan train: --params: -7B must be above 0 and at most 1e+15
  [2]

  $ llmcost plan train --params 7X --tokens 1T
  llmcost plan train: --params: '7X' is not a number (suffixes: K, M, B, T)
  [2]

  $ llmcost plan train --params 1e20 --tokens 1T
  llmcost plan train: --params: 1e20 must be above 0 and at most 1e+15
  [2]

  $ llmcost plan train --params 7B --tokens 1T --gpus 0
  llmcost plan train: --gpus: 0 is out of range 1..10000000
  [2]

  $ llmcost plan train --params 7B --tokens 1T --mfu 2
  llmcost plan train: --mfu: '2' must be above 0 and at most 1
  [2]

  $ llmcost plan train --params 7B --tokens 1T --gpu a100-sxm-80gb --tflops 624
  llmcost plan train: achieved 624 TFLOP/s is above the GPU's dense peak 312
  [3]

  $ llmcost plan train --params 7B --tokens 1T --gpu h900
  llmcost plan train: unknown GPU 'h900'; known: a100-sxm-40gb a100-sxm-80gb a100-pcie-80gb h100-sxm h100-pcie h200 l4 l40s a10g mi300x b200 (see 'llmcost plan gpus')
  [4]

  $ llmcost plan serve --model llama-9
  llmcost plan serve: unknown model 'llama-9'; known: llama-2-7b llama-2-13b llama-2-70b llama-3.1-8b llama-3.1-70b llama-3.1-405b mistral-7b mixtral-8x7b qwen2.5-7b qwen2.5-14b qwen2.5-32b qwen2.5-72b deepseek-v3 gpt-3-175b (or --model-config config.json)
  [4]

  $ llmcost plan serve --model-config src/plan/tests/data/bad-comma.json
  llmcost plan serve: src/plan/tests/data/bad-comma.json:5:3: invalid JSON: object value separator ',' expected
  [3]

  $ llmcost plan serve --model-config src/plan/tests/data/missing-heads.json
  llmcost plan serve: src/plan/tests/data/missing-heads.json: missing field 'num_attention_heads'
  [3]

  $ printf '{"num_hidden_layers": 0, "hidden_size": 64, "num_attention_heads": 4, "vocab_size": 10, "intermediate_size": 8}' > $TESTTMP/zero.json; llmcost plan models --model-config $TESTTMP/zero.json 2>&1 | sed "s|$TESTTMP|TMP|"
  llmcost plan models: TMP/zero.json: field 'num_hidden_layers' is 0, expected 1..10000

  $ llmcost plan serve --model-config /nonexistent/config.json
  llmcost plan serve: /nonexistent/config.json: No such file or directory
  [4]

  $ llmcost plan serve --model llama-2-7b --eff-mem 1.5
  llmcost plan serve: --eff-mem: '1.5' must be above 0 and at most 1
  [2]

  $ llmcost plan serve --model llama-2-7b --precision fp12
  llmcost plan serve: --precision: 'fp12' is not fp16, bf16, fp8, int8, int4 or fp4 (see 'llmcost help plan serve')
  [2]

  $ llmcost plan serve --model llama-2-7b --gpu a100-sxm-80gb --precision fp8
  llmcost plan serve: a100-sxm-80gb has no fp8 tensor cores; use bf16, int8 or int4
  [1]

  $ llmcost plan serve --model llama-2-7b --bogus
  llmcost plan serve: unknown option '--bogus' (see 'llmcost help plan serve')
  [2]

  $ llmcost plan tco --capex 30000 --utilization 0
  llmcost plan tco: utilization must be in (0, 1]
  [3]

  $ llmcost plan tco --capex -5
  llmcost plan tco: --capex: '-5' must not be negative
  [2]

  $ llmcost plan breakeven --api-price-in 3 --api-price-out 15
  llmcost plan breakeven: the self-hosted side needs --tokens-per-s T --gpus K or --model ID (see 'llmcost help plan breakeven')
  [2]

  $ llmcost plan frob
  llmcost plan: unknown sub-command 'frob' (see 'llmcost help plan')
  [2]

  $ llmcost plan serve --help | head -n 1
  usage: llmcost plan serve (--model ID | --model-config FILE) [--gpu ID] [--tp N]

The API side from the price catalog (standard-tier rates in force today):

  $ llmcost plan breakeven --api-model openai/gpt-4o --tokens-per-s 5000 --gpus 2 --json | grep -oE '"api_model": "[^"]+"'
  "api_model": "openai/gpt-4o"

  $ llmcost plan breakeven --api-model no-such-model --tokens-per-s 5000 --gpus 2
  llmcost plan breakeven: no price for API model 'no-such-model' (see 'llmcost prices list'; or give --api-price-in and --api-price-out)
  [7]

  $ llmcost plan breakeven --api-model gpt-4o --api-price-in 1 --api-price-out 2 --tokens-per-s 5000
  llmcost plan breakeven: give --api-model or --api-price-in/--api-price-out, not both (see 'llmcost help plan breakeven')
  [2]

--html writes a self-contained page: Chart.js is embedded, nothing is fetched.

  $ llmcost plan breakeven --api-price-in 3 --api-price-out 15 --tokens-per-s 1000 --gpus 1 --html $TESTTMP/be.html > /dev/null && grep -c -e 'new Chart' -e 'Chart.js v' $TESTTMP/be.html && grep -c 'src="http' $TESTTMP/be.html
  2
  0
  [1]
