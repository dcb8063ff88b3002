llmcost report: cost reports over the ledger (docs/report.md). The ledger is loaded
from tests/cli/data/report-sample.sql: five calls in January and February 2025, one of
them of a model with no price.

  $ llmcost report daily
  No usage recorded.

  $ sqlite3 "$LLMCOST_LEDGER" < tests/cli/data/report-sample.sql

Day buckets follow --tz (default: the local zone, UTC here). Unpriced calls are counted
apart and never priced as 0.

  $ llmcost report daily
  Date        Calls  Input  Output  Cache write  Cache read  Total tokens  Cost (USD)  Unpriced
  ----------  -----  -----  ------  -----------  ----------  ------------  ----------  --------
  2025-01-01      2    300      60           50       1,000         1,410        0.02         -
  2025-01-02      1    300      10            0           0           310        0.00         -
  2025-01-06      1    500       5            0           0           505           -         1
  2025-02-01      1     10      10            0           0            20        0.00         -
  ==========  =====  =====  ======  ===========  ==========  ============  ==========  ========
  Total           5  1,110      85           50       1,000         2,245        0.02         1
  
  Unpriced: 1 call (505 tokens) of models with no known price are not in the costs above.

  $ llmcost report daily --tz America/New_York --breakdown
  Date                   Calls  Input  Output  Cache write  Cache read  Total tokens  Cost (USD)  Unpriced
  ---------------------  -----  -----  ------  -----------  ----------  ------------  ----------  --------
  2025-01-01                 3    600      70           50       1,000         1,720        0.02         -
    - claude-sonnet-4-5      1    100      20           50       1,000         1,170        0.01         -
    - gpt-5                  2    500      50            0           0           550        0.01         -
  2025-01-06                 1    500       5            0           0           505           -         1
    - mystery-model          1    500       5            0           0           505           -         1
  2025-01-31                 1     10      10            0           0            20        0.00         -
    - claude-sonnet-4-5      1     10      10            0           0            20        0.00         -
  =====================  =====  =====  ======  ===========  ==========  ============  ==========  ========
  Total                      5  1,110      85           50       1,000         2,245        0.02         1
  
  Unpriced: 1 call (505 tokens) of models with no known price are not in the costs above.

Weeks start on Monday (ISO); the label is the Monday's date.

  $ llmcost report weekly
  Week        Calls  Input  Output  Cache write  Cache read  Total tokens  Cost (USD)  Unpriced
  ----------  -----  -----  ------  -----------  ----------  ------------  ----------  --------
  2024-12-30      3    600      70           50       1,000         1,720        0.02         -
  2025-01-06      1    500       5            0           0           505           -         1
  2025-01-27      1     10      10            0           0            20        0.00         -
  ==========  =====  =====  ======  ===========  ==========  ============  ==========  ========
  Total           5  1,110      85           50       1,000         2,245        0.02         1
  
  Unpriced: 1 call (505 tokens) of models with no known price are not in the costs above.

JSON: one document, exact decimal costs with their currency; cost is null for a group
whose calls are all unpriced.

  $ llmcost report monthly --json
  {"monthly":[
  {"month":"2025-01","calls":4,"input_tokens":1100,"output_tokens":75,"cache_creation_tokens":50,"cache_read_tokens":1000,"reasoning_tokens":0,"total_tokens":2225,"cost":"0.01735","currency":"USD","unpriced_calls":1,"unpriced_tokens":505,"models":["claude-sonnet-4-5","gpt-5","mystery-model"]},
  {"month":"2025-02","calls":1,"input_tokens":10,"output_tokens":10,"cache_creation_tokens":0,"cache_read_tokens":0,"reasoning_tokens":0,"total_tokens":20,"cost":"0.000155","currency":"USD","unpriced_calls":0,"unpriced_tokens":0,"models":["claude-sonnet-4-5"]}],
  "totals":{"calls":5,"input_tokens":1110,"output_tokens":85,"cache_creation_tokens":50,"cache_read_tokens":1000,"reasoning_tokens":0,"total_tokens":2245,"cost":"0.017505","currency":"USD","unpriced_calls":1,"unpriced_tokens":505}}

  $ llmcost report session --json --breakdown
  {"sessions":[
  {"session":"s1","calls":2,"input_tokens":110,"output_tokens":30,"cache_creation_tokens":50,"cache_read_tokens":1000,"reasoning_tokens":0,"total_tokens":1190,"cost":"0.0125","currency":"USD","unpriced_calls":0,"unpriced_tokens":0,"models":["claude-sonnet-4-5"],"breakdown":[{"model":"claude-sonnet-4-5","calls":2,"input_tokens":110,"output_tokens":30,"cache_creation_tokens":50,"cache_read_tokens":1000,"reasoning_tokens":0,"total_tokens":1190,"cost":"0.0125","currency":"USD","unpriced_calls":0,"unpriced_tokens":0}]},
  {"session":"s2","calls":2,"input_tokens":500,"output_tokens":50,"cache_creation_tokens":0,"cache_read_tokens":0,"reasoning_tokens":0,"total_tokens":550,"cost":"0.005005","currency":"USD","unpriced_calls":0,"unpriced_tokens":0,"models":["gpt-5"],"breakdown":[{"model":"gpt-5","calls":2,"input_tokens":500,"output_tokens":50,"cache_creation_tokens":0,"cache_read_tokens":0,"reasoning_tokens":0,"total_tokens":550,"cost":"0.005005","currency":"USD","unpriced_calls":0,"unpriced_tokens":0}]},
  {"session":"s3","calls":1,"input_tokens":500,"output_tokens":5,"cache_creation_tokens":0,"cache_read_tokens":0,"reasoning_tokens":0,"total_tokens":505,"cost":null,"currency":"USD","unpriced_calls":1,"unpriced_tokens":505,"models":["mystery-model"],"breakdown":[{"model":"mystery-model","calls":1,"input_tokens":500,"output_tokens":5,"cache_creation_tokens":0,"cache_read_tokens":0,"reasoning_tokens":0,"total_tokens":505,"cost":null,"currency":"USD","unpriced_calls":1,"unpriced_tokens":505}]}],
  "totals":{"calls":5,"input_tokens":1110,"output_tokens":85,"cache_creation_tokens":50,"cache_read_tokens":1000,"reasoning_tokens":0,"total_tokens":2245,"cost":"0.017505","currency":"USD","unpriced_calls":1,"unpriced_tokens":505}}

  $ llmcost report tag:team --csv
  team,calls,input_tokens,output_tokens,cache_creation_tokens,cache_read_tokens,reasoning_tokens,total_tokens,cost,currency,unpriced_calls,unpriced_tokens,models
  search,3,410,40,50,1000,0,1500,0.013505,USD,0,0,claude-sonnet-4-5;gpt-5
  ads,1,200,40,0,0,0,240,0.004,USD,0,0,gpt-5
  (untagged),1,500,5,0,0,0,505,,,1,505,mystery-model

  $ llmcost report tag:team --csv --breakdown
  team,model,calls,input_tokens,output_tokens,cache_creation_tokens,cache_read_tokens,reasoning_tokens,total_tokens,cost,currency,unpriced_calls,unpriced_tokens
  search,claude-sonnet-4-5,2,110,30,50,1000,0,1190,0.0125,USD,0,0
  search,gpt-5,1,300,10,0,0,0,310,0.001005,USD,0,0
  ads,gpt-5,1,200,40,0,0,0,240,0.004,USD,0,0
  (untagged),mystery-model,1,500,5,0,0,0,505,,,1,505

  $ llmcost report provider
  Provider   Calls  Input  Output  Cache write  Cache read  Total tokens  Cost (USD)  Unpriced
  ---------  -----  -----  ------  -----------  ----------  ------------  ----------  --------
  anthropic      2    110      30           50       1,000         1,190        0.01         -
  openai         2    500      50            0           0           550        0.01         -
  mystery        1    500       5            0           0           505           -         1
  =========  =====  =====  ======  ===========  ==========  ============  ==========  ========
  Total          5  1,110      85           50       1,000         2,245        0.02         1
  
  Unpriced: 1 call (505 tokens) of models with no known price are not in the costs above.

--since and --until take days in the report zone (--until is inclusive) or instants.

  $ llmcost report model --since 2025-01-02 --until 20250106
  Model          Calls  Input  Output  Cache write  Cache read  Total tokens  Cost (USD)  Unpriced
  -------------  -----  -----  ------  -----------  ----------  ------------  ----------  --------
  gpt-5              1    300      10            0           0           310        0.00         -
  mystery-model      1    500       5            0           0           505           -         1
  =============  =====  =====  ======  ===========  ==========  ============  ==========  ========
  Total              2    800      15            0           0           815        0.00         1
  
  Unpriced: 1 call (505 tokens) of models with no known price are not in the costs above.

  $ llmcost report model --since 2025-01-01T23:00:00Z --until 2025-01-02T00:00:00Z --json
  {"models":[
  {"model":"gpt-5","calls":1,"input_tokens":200,"output_tokens":40,"cache_creation_tokens":0,"cache_read_tokens":0,"reasoning_tokens":0,"total_tokens":240,"cost":"0.004","currency":"USD","unpriced_calls":0,"unpriced_tokens":0,"models":["gpt-5"]}],
  "totals":{"calls":1,"input_tokens":200,"output_tokens":40,"cache_creation_tokens":0,"cache_read_tokens":0,"reasoning_tokens":0,"total_tokens":240,"cost":"0.004","currency":"USD","unpriced_calls":0,"unpriced_tokens":0}}

  $ llmcost report daily --provider openai --model gpt-5
  Date        Calls  Input  Output  Cache write  Cache read  Total tokens  Cost (USD)  Unpriced
  ----------  -----  -----  ------  -----------  ----------  ------------  ----------  --------
  2025-01-01      1    200      40            0           0           240        0.00         -
  2025-01-02      1    300      10            0           0           310        0.00         -
  ==========  =====  =====  ======  ===========  ==========  ============  ==========  ========
  Total           2    500      50            0           0           550        0.01         -

Converting needs a rate; the same currency needs none.

  $ llmcost report monthly --currency USD --csv
  month,calls,input_tokens,output_tokens,cache_creation_tokens,cache_read_tokens,reasoning_tokens,total_tokens,cost,currency,unpriced_calls,unpriced_tokens,models
  2025-01,4,1100,75,50,1000,0,2225,0.01735,USD,1,505,claude-sonnet-4-5;gpt-5;mystery-model
  2025-02,1,10,10,0,0,0,20,0.000155,USD,0,0,claude-sonnet-4-5

  $ llmcost report monthly --currency EUR
  llmcost report: no exchange rate to convert USD to EUR: give a dated FX table (--fx FILE or $LLMCOST_FX)
  [4]

With a dated FX table (docs/formats/fx.md) each record converts at its own date: January at
0.9, February at 0.95. A record older than every rate is an error, never a silent 1:1.

  $ printf "date,from,to,rate\n2025-01-01,USD,EUR,0.9\n2025-02-01,USD,EUR,0.95\n" > "$TESTTMP/fx.csv"

  $ llmcost report monthly --currency EUR --fx "$TESTTMP/fx.csv" --csv
  month,calls,input_tokens,output_tokens,cache_creation_tokens,cache_read_tokens,reasoning_tokens,total_tokens,cost,currency,unpriced_calls,unpriced_tokens,models
  2025-01,4,1100,75,50,1000,0,2225,0.015615,EUR,1,505,claude-sonnet-4-5;gpt-5;mystery-model
  2025-02,1,10,10,0,0,0,20,0.00014725,EUR,0,0,claude-sonnet-4-5

  $ LLMCOST_FX="$TESTTMP/fx.csv" llmcost report monthly --currency EUR --json | tail -n 1
  "totals":{"calls":5,"input_tokens":1110,"output_tokens":85,"cache_creation_tokens":50,"cache_read_tokens":1000,"reasoning_tokens":0,"total_tokens":2245,"cost":"0.01576225","currency":"EUR","unpriced_calls":1,"unpriced_tokens":505}}

  $ printf "2025-01-02,USD,EUR,0.9\n" > "$TESTTMP/late.csv"; llmcost report daily --currency EUR --fx "$TESTTMP/late.csv"
  llmcost report: no USD->EUR rate dated at or before 2025-01-01T09:00:00.000Z
  [4]

Bad command lines.

  $ llmcost report
  llmcost report: which report? daily, weekly, monthly, session, model, provider or tag:KEY (see 'llmcost help report')
  [2]

  $ llmcost report hourly
  llmcost report: unknown report 'hourly' (see 'llmcost help report')
  [2]

  $ llmcost report daily --tz Mars/Olympus
  llmcost report: unknown time zone 'Mars/Olympus' (see 'llmcost help report')
  [2]

  $ llmcost report daily --since yesterday
  llmcost report: --since: not a date or timestamp: 'yesterday' (see 'llmcost help report')
  [2]

  $ llmcost report daily --currency euro
  llmcost report: --currency wants a 3-letter code such as USD (see 'llmcost help report')
  [2]

  $ llmcost report daily --frobnicate
  llmcost report: unknown option '--frobnicate' (see 'llmcost help report')
  [2]

  $ llmcost report --help | head -n 1
  usage: llmcost report daily|weekly|monthly|session|model|provider|tag:KEY

