Virtual keys for the gateway: created once, stored hashed, listed by id and hint.

  $ llmcost keys create --name search --tags team=ml --models gpt-4o-mini --budget 50 --rpm 600 > $TESTTMP/key 2> $TESTTMP/err; cat $TESTTMP/err
  created key_[0-9a-f]{12} \(lck-\.\.\.[0-9a-f]{4}\); the key above is shown only once (re)

  $ grep -cE '^lck-[0-9a-f]{40}$' $TESTTMP/key
  1

  $ llmcost keys list
  key_[0-9a-f]{12}  lck-\.\.\.[0-9a-f]{4}  search (re)
    tags:   team=ml
    models: gpt-4o-mini
    budget: 50 USD per month (hard)
    limits: 600 requests/min, 0 tokens/min

The secret is nowhere in the ledger file:

  $ grep -c "$(cat $TESTTMP/key)" $LLMCOST_LEDGER
  0
  [1]

  $ id=$(llmcost keys list --json | sed 's/.*"id":"\([^"]*\)".*/\1/'); llmcost keys revoke $id | sed 's/key_[0-9a-f]*/KEY/'
  revoked KEY

  $ llmcost keys list --json | grep -o '"revoked":[a-z]*'
  "revoked":true

  $ llmcost keys revoke key_000000000000
  llmcost keys: no active key with id key_000000000000
  [4]

  $ llmcost keys show
  llmcost keys: show needs a key id (see 'llmcost help keys')
  [2]

  $ llmcost keys create --budget lots
  llmcost keys: --budget must be a decimal amount in USD (see 'llmcost help keys')
  [2]

  $ llmcost keys create --name old --expires 2020-01-01 2>/dev/null | grep -c '^lck-'; llmcost keys list | grep expires
  1
    expires: 2020-01-01T00:00:00.000Z

  $ llmcost keys create --expires tomorrow
  llmcost keys: --expires must be a date or an RFC 3339 time with a zone (see 'llmcost help keys')
  [2]

A key's tags may not use the names the gateway sets on rows itself:

  $ llmcost keys create --tags team=ml,key=search
  llmcost keys: --tags: tag name 'key' is reserved (the gateway sets key, cache, reason, budget, saved_usd and reported_model itself) (see 'llmcost help keys')
  [2]

  $ llmcost keys frob
  llmcost keys: unknown subcommand 'frob' (see 'llmcost help keys')
  [2]

  $ llmcost keys --help | head -n 1
  usage: llmcost keys create [--name NAME] [--tags K=V,...] [--models M,...]

Key management reads the configuration for where keys live, never the providers' secrets;
`serve` with the same file needs them:

  $ env -u OPENAI_API_KEY -u ANTHROPIC_API_KEY llmcost keys list --config examples/gateway.yaml | grep -E '^key_' | cut -d' ' -f5
  search
  old
  $ env -u OPENAI_API_KEY -u ANTHROPIC_API_KEY llmcost serve --config examples/gateway.yaml
  llmcost serve: examples/gateway.yaml:10:18: environment variable OPENAI_API_KEY is not set
  [3]

The gateway's configuration is checked before it starts:

  $ printf 'listen: 127.0.0.1:0\nlimits:\n  max_hedaers: 5\n' > $TESTTMP/gw.yaml; llmcost serve --config $TESTTMP/gw.yaml
  llmcost serve: .*/gw.yaml:3:3: unknown limits field 'max_hedaers' (re)
  [3]

  $ printf 'providers:\n  - name: openai\n    base_url: https://169.254.169.254/v1\n' > $TESTTMP/gw.yaml; llmcost serve --config $TESTTMP/gw.yaml
  llmcost serve: provider openai: 169.254.169.254 resolves to the private address 169.254.169.254 (set allow_private: true for a local upstream)
  [1]

  $ printf 'providers:\n  - name: openai\n    base_url: https://api.nosuch.invalid/v1\n' > $TESTTMP/gw.yaml; llmcost serve --config $TESTTMP/gw.yaml
  llmcost serve: provider openai: cannot resolve api.nosuch.invalid
  [4]

  $ printf 'providers:\n  - name: openai\n    base_url: https://localhost/v1\n    ca_file: /nonexistent/ca.pem\n' > $TESTTMP/gw.yaml; llmcost serve --config $TESTTMP/gw.yaml
  llmcost serve: .*/gw.yaml:4:14: cannot read ca_file /nonexistent/ca.pem (re)
  [3]

  $ llmcost serve --listen nowhere
  llmcost serve: listen address must be HOST:PORT, got 'nowhere' (see 'llmcost help serve')
  [2]

  $ llmcost serve --help | head -n 1
  usage: llmcost serve [--config FILE] [--listen HOST:PORT] [--access-log FILE|-]
