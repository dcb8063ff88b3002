llmcost roi on the three example scenarios, with fixed seeds. Monte Carlo results do not
depend on the thread count; scenario errors name file:line and field.

  $ llmcost help roi | head -n 1
  usage: llmcost roi SCENARIO.yaml [OPTIONS]

  $ llmcost roi
  llmcost roi: which scenario file? (see 'llmcost help roi')
  [2]

  $ llmcost roi examples/coding-assistant.yaml --simulate 2000 --seed 42
  Internal coding assistant
  start 2026-03-01, 24 months, discount rate 12% a year, USD; monthly flows, month 0 at t=0
  
  == base
    NPV                 480004.51 USD (risk-adjusted by gates: 480004.51)
    IRR                 1434.2% a year (25.552% a month)
    MIRR                206.3% a year
    Payback             4.9 months
    Discounted payback  5.0 months
    ROI at   6 months   1.3% (discounted -0.4%)
    ROI at  12 months   68.0% (discounted 64.6%)
    ROI at  24 months   114.0% (discounted 108.9%)
    Totals              costs 485043.08, benefits 1037856.25 USD
  
    Cash flow by quarter (USD)
    period             costs       benefits            net     cumulative
    2026-Q1         32810.00         808.35      -32001.65      -32001.65
    2026-Q2         87951.22       63106.25      -24844.97      -56846.62
    2026-Q3         56454.24      145404.15       88949.91       32103.29
    2026-Q4         55689.26      146212.50       90523.24      122626.53
    2027-Q1         55009.47      146212.50       91203.03      213829.56
    2027-Q2         54409.72      146212.50       91802.78      305632.34
    2027-Q3         53885.26      146212.50       92327.24      397959.58
    2027-Q4         53431.66      146212.50       92780.84      490740.42
    2028-Q1         35402.25       97475.00       62072.75      552813.17
  
    Monte Carlo: 2000 trials, seed 42
    P(NPV > 0)          99.7%
    Expected NPV        518911.32 USD (sd 254274.35)
    NPV P5 / P50 / P95  142230.85 / 495090.52 / 972240.73
    CVaR 5%             81174.23 (mean NPV of the worst 5% of trials)
    Payback P5/P50/P95  3.5 / 5.0 / 10.0 months (99.8% pay back within the horizon)
  
    Tornado: NPV with each input at P10 / P90, others at base
    input                                       NPV at P10    NPV at P90         swing elasticity
    Engineering hours saved: hours               321800.77     696966.50     375165.74       1.14
    Fewer production defects: cost_per_error     326788.89     662490.76     335701.87       0.78
    Fewer production defects: errors_avoided     364594.65     653148.05     288553.41       0.78
    Engineering hours saved: adoption            353587.94     606421.07     252833.14       1.14
    Agent API usage: monthly                     514387.46     439748.73      74638.73      -0.19
    Learning curve: once                         486284.66     458437.90      27846.76      -0.07

  $ llmcost roi examples/support-assistant.yaml --simulate 2000 --seed 42 | grep -E '^==|NPV  |P\(NPV|Expected|CVaR|^  (API|Hybrid)'
  == API-first
    NPV                 703907.01 USD (risk-adjusted by gates: 538411.35)
    P(NPV > 0)          80.3%
    Expected NPV        539530.77 USD (sd 399182.61)
    CVaR 5%             -203190.12 (mean NPV of the worst 5% of trials)
    API inference: monthly                       758381.63     641640.27     116741.36      -0.24
  == Hybrid
    NPV                 692519.48 USD (risk-adjusted by gates: 529326.45)
    P(NPV > 0)          80.3%
    Expected NPV        527556.23 USD (sd 392961.21)
    CVaR 5%             -200446.40 (mean NPV of the worst 5% of trials)
    API inference (hard tickets): monthly        731315.01     647739.92      83575.10      -0.16
  == Side by side
    alternative                             NPV       IRR    payback    P(NPV>0)
    API-first                         703907.01    226.2%    12.1 mo       80.3%
    Hybrid                            692519.48    225.6%    12.3 mo       80.3%

  $ llmcost roi examples/document-pipeline.yaml --simulate 2000 --seed 42 --period year | sed -n '4,21p'
  == base
    NPV                 2614745.91 EUR (risk-adjusted by gates: 1735035.12)
    IRR                 254.8% a year (11.130% a month)
    MIRR                73.6% a year
    Payback             14.9 months
    Discounted payback  15.2 months
    ROI at  12 months   -60.4% (discounted -61.7%)
    ROI at  36 months   139.1% (discounted 128.3%)
    ROI at  60 months   187.0% (discounted 173.4%)
    Totals              costs 1836428.88, benefits 5269690.00 EUR
  
    Cash flow by year (EUR)
    period             costs       benefits            net     cumulative
    2026           418528.74      165745.83     -252782.91     -252782.91
    2027           353300.26     1237904.17      884603.91      631821.00
    2028           354057.88     1288680.00      934622.12     1566443.12
    2029           354853.37     1288680.00      933826.63     2500269.75
    2030           355688.63     1288680.00      932991.37     3433261.12

  $ llmcost roi examples/document-pipeline.yaml --simulate 3000 --seed 7 --threads 1 > $TESTTMP/a && llmcost roi examples/document-pipeline.yaml --simulate 3000 --seed 7 --threads 2 > $TESTTMP/b && cmp $TESTTMP/a $TESTTMP/b && echo identical
  identical

  $ llmcost roi examples/document-pipeline.yaml --json --simulate 1000 --seed 3 | grep -o '"monte_carlo":{[^}]*}'
  "monte_carlo":{"trials":1000,"seed":3,"p_npv_positive":0.66300000000000003,"expected_npv":"1596313.28","sd_npv":"1321513.86","npv_p5":"-233081.47","npv_p50":"2105103.38","npv_p95":"3312268.60","cvar_5":"-247494.72","payback_p5":13.842465807014243,"payback_p50":16.304375057756864,"payback_p95":null,"p_payback":0.66300000000000003}

  $ llmcost roi examples/support-assistant.yaml --json | grep -o '"name":"[^"]*","npv":"[^"]*","risk_adjusted_npv":"[^"]*","irr":[^,]*'
  "name":"API-first","npv":"703907.01","risk_adjusted_npv":"538411.35","irr":2.2617280832331939
  "name":"Hybrid","npv":"692519.48","risk_adjusted_npv":"529326.45","irr":2.256374412001803

  $ llmcost roi examples/coding-assistant.yaml --json | grep -o '"years":\[[^]]*\]'
  "years":[{"period":"2026","costs":"232904.72","benefits":"355531.25","net":"122626.53"},{"period":"2027","costs":"216736.11","benefits":"584850.00","net":"368113.89"},{"period":"2028","costs":"35402.25","benefits":"97475.00","net":"62072.75"}]

  $ printf 'start: 2026-01-01\nhorizon_months: 12\ndiscount_rate: 8%%\ncosts:\n  - name: api\n    category: operations\n    monthly: 100\n    growth: 0.05\n' > $TESTTMP/s.yaml && llmcost roi $TESTTMP/s.yaml 2>&1 | sed "s|$TESTTMP|TMP|"
  llmcost roi: TMP/s.yaml:8: 'growth' must be a percentage (e.g. 5%)

  $ printf 'start: 2026-01-01\nhorizon_months: 12\ndiscount_rate: 8%%\nbenefits:\n  - {name: b, driver: revenue, monthly: {pert: [10, 50, 20]}}\n' > $TESTTMP/s.yaml && llmcost roi $TESTTMP/s.yaml 2>&1 | sed "s|$TESTTMP|TMP|"
  llmcost roi: TMP/s.yaml:5: 'monthly': impossible pert distribution: mode outside [min, max]

  $ printf 'start: 2026-01-01\nhorizon_months: 12\ndiscount_rate: 8%%\ncosts:\n  - {name: x, category: operations, source: ledger, monthly: 10}\n' > $TESTTMP/s.yaml && llmcost roi $TESTTMP/s.yaml 2>&1 | sed "s|$TESTTMP|TMP|"
  llmcost roi: TMP/s.yaml:5: 'x': a ledger line needs 'model' or 'tag'

  $ llmcost roi examples/nope.yaml
  llmcost roi: examples/nope.yaml: No such file or directory
  [4]

  $ llmcost roi examples/coding-assistant.yaml --simulate 0
  llmcost roi: --simulate: '0' is not a trial count (1..10000000) (see 'llmcost help roi')
  [2]

Exit status of a scenario error (malformed input data):

  $ printf 'start: 2026-01-01\nhorizon_months: 12\ndiscount_rate: 0.08\n' > $TESTTMP/s.yaml && llmcost roi $TESTTMP/s.yaml 2>/dev/null
  [3]

An HTML report: Chart.js (Debian's libjs-chart.js, embedded at build time) is inlined, with
the same data as --json; nothing in the data can close the script element:

  $ llmcost roi examples/support-assistant.yaml --simulate 500 --html $TESTTMP/r.html
  wrote .*/r\.html (re)

  $ grep -c 'Chart.js v3' $TESTTMP/r.html; grep -o '"npv":"703907.01"' $TESTTMP/r.html
  1
  "npv":"703907.01"

  $ printf 'title: "</script><b>x"\nstart: 2026-01-01\nhorizon_months: 12\ndiscount_rate: 8%%\nbenefits:\n  - {name: b, driver: revenue, monthly: 1}\n' > $TESTTMP/t.yaml && llmcost roi $TESTTMP/t.yaml --html $TESTTMP/t.html 2>/dev/null && grep -c '</script><b>' $TESTTMP/t.html
  0
  [1]

Nor can it open one: "<!--" then "<script" inside a script element would swallow the
element's real end tag (HTML's double-escaped state), so '<' in the data is written \u003c:

  $ printf 'title: "<!--<script>"\nstart: 2026-01-01\nhorizon_months: 12\ndiscount_rate: 8%%\nbenefits:\n  - {name: b, driver: revenue, monthly: 1}\n' > $TESTTMP/c.yaml && llmcost roi $TESTTMP/c.yaml --html $TESTTMP/c.html 2>/dev/null && grep -c '<!--' $TESTTMP/c.html; grep -c 'u003c!--' $TESTTMP/c.html
  0
  1

Plan vs actual: `source: ledger` lines take the actual spend of their tag or model from the
ledger for each complete month that has records (tests/cli/data/roi-ledger.sql), keep their
plan elsewhere, and the report shows the variance. Unpriced calls are left out and counted.

  $ llmcost report daily >/dev/null && sqlite3 "$LLMCOST_LEDGER" < tests/cli/data/roi-ledger.sql

  $ llmcost roi tests/cli/data/roi-ledger.yaml --period month | sed -n '3p;16,35p'
  ledger: 1 unpriced call left out of the actual spend
    Cash flow by month (USD)
    period             costs       benefits            net     cumulative
    2025-01           301.50        1000.00         698.50         698.50
    2025-02          1189.00        1000.00        -189.00         509.50
    2025-03           420.20        1000.00         579.80        1089.30
    2025-04           507.00        1000.00         493.00        1582.30
    2025-05           600.00        1000.00         400.00        1982.30
    2025-06           600.00        1000.00         400.00        2382.30
  
    Plan vs actual (ledger lines)
    month            planned         actual       variance
    2025-01           600.00         301.50        -298.50
    2025-02           600.00        1189.00         589.00
    2025-03           600.00         420.20        -179.80
    2025-04           100.00           7.00         -93.00

  $ llmcost roi tests/cli/data/roi-ledger.yaml --json | grep -o '{"period":"2025-02"[^}]*}' | head -n 1
  {"period":"2025-02","costs":"1189.00","benefits":"1000.00","net":"-189.00","survival":1,"planned":"600.00","actual":"1189.00","variance":"589.00"}

  $ sed 's/^start: .*/start: 2025-01-01\ncurrency: EUR/' tests/cli/data/roi-ledger.yaml > $TESTTMP/eur.yaml && llmcost roi $TESTTMP/eur.yaml
  llmcost roi: 'Support API spend': the ledger has costs in USD but the scenario is in EUR
  [1]

A model or tag the ledger has never seen is a missing reference, refused before anything is
computed:

  $ sed 's/model: gpt-5/model: gpt-5x/' tests/cli/data/roi-ledger.yaml > $TESTTMP/x.yaml && llmcost roi $TESTTMP/x.yaml 2>&1 | sed "s|$TESTTMP|TMP|g"
  llmcost roi: TMP/x.yaml:12: 'gpt-5 spend': the ledger (TMP/ledger.db) has no records of model 'gpt-5x'

Estimator lines (`source: plan serve` / `plan finetune`) take their amounts from `llmcost
plan`; an unknown model or GPU is a missing reference, and a fine-tuning run that cannot fit
is refused, both before anything is computed:

  $ printf 'start: 2026-01-01\nhorizon_months: 12\ndiscount_rate: 5%%\ncosts:\n  - {name: x, category: operations, source: plan serve, model: nope, tokens_per_month: 1e9}\n' > $TESTTMP/p.yaml && llmcost roi $TESTTMP/p.yaml 2>&1 | sed "s|$TESTTMP|TMP|"
  llmcost roi: TMP/p.yaml:5: 'x': plan serve: unknown model 'nope' (see 'llmcost plan models')

  $ printf 'start: 2026-01-01\nhorizon_months: 12\ndiscount_rate: 5%%\ncosts:\n  - {name: x, category: development, source: plan finetune, model: llama-3.1-405b, method: full, gpu: l4, dataset_tokens: 1e9}\n' > $TESTTMP/p.yaml && llmcost roi $TESTTMP/p.yaml 2>&1 | sed "s|$TESTTMP|TMP|"
  llmcost roi: TMP/p.yaml:5: 'x': plan finetune: the fine-tuning does not fit: 6504.3 GB per GPU, l4 has 24 GB (more gpus, or method qlora)

  $ printf 'start: 2026-01-01\nhorizon_months: 12\ndiscount_rate: 5%%\ncosts:\n  - {name: serve, category: operations, source: plan serve, model: llama-3.1-8b, tokens_per_month: 1e8, price_per_gpu_hour: 2}\n' > $TESTTMP/p.yaml && llmcost roi $TESTTMP/p.yaml --json | grep -o '"quarters":\[{[^}]*}'
  "quarters":[{"period":"2026-Q1","costs":"4380.00","benefits":"0.00","net":"-4380.00"}
