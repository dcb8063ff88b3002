The cash flow calculator. Reference values: ECONOMICS.md section 6 (numpy-financial and
spreadsheet examples).

npv defaults to the spreadsheet convention (first flow at t=1) and says so:

  $ llmcost finance npv --rate 10% -- -10000 3000 4200 6800
  1188.44 USD  (first flow at t=1, as spreadsheet NPV(); --convention t0 discounts it at t=0)

  $ llmcost finance npv --rate 0.08 --convention t0 --json -- -40000 5000 8000 12000 30000
  \{"function":"npv","value":"3065.22","currency":"USD","unrounded":3065.222668179[0-9]*,"note":"first flow at t=0, as numpy-financial npv"\} (re)

IRR, with every real root when there are several:

  $ llmcost finance irr -- -100 39 59 55 20
  0.2809484212  (28.0948%)

  $ llmcost finance irr --json -- -1600 10000 -10000
  {"function":"irr","value":0.25,"roots":[0.25,4],"roots_total":2,"sign_changes":2,"why":"several roots: the one of smallest magnitude (numpy-financial's rule)"}

  $ llmcost finance irr -- -1 6 -11 6
  0  (0%)
  roots: 0 1 2
  chosen: several roots: the non-negative root of smallest magnitude (numpy-financial's rule)

No solution is an answer, not a number:

  $ llmcost finance irr 1 2 3
  none: no real rate makes the NPV zero (0 sign changes)

  $ llmcost finance irr --json -- -1 1 -1
  {"function":"irr","value":null,"roots":[],"roots_total":0,"sign_changes":2,"why":"no real rate makes the NPV zero"}

  $ llmcost finance mirr --finance-rate 0.10 --reinvest-rate 0.12 --json -- -100 50 -60 70
  \{"function":"mirr","value":-0.0390936659435646[0-9]*\} (re)

  $ llmcost finance payback -- -1000 300 400 500
  2.6 periods

  $ llmcost finance discounted-payback --rate 10% --json -- -1000 300 400 500
  {"function":"discounted-payback","value":null}

Dated flows (the spreadsheet XNPV/XIRR example):

  $ llmcost finance xirr --dates 2008-01-01,2008-03-01,2008-10-30,2009-02-15,2009-04-01 -- -10000 2750 4250 3250 2750
  0.3733625335  (37.3363%)

  $ llmcost finance xnpv --rate 0.09 --dates 2008-01-01,2008-03-01,2008-10-30,2009-02-15,2009-04-01 -- -10000 2750 4250 3250 2750
  2086.65 USD  (discounted by (days since the first date)/365)

Bad input:

  $ llmcost finance irr -- 1 x
  llmcost finance: 'x' is not a cash flow amount (see 'llmcost help finance')
  [2]

  $ llmcost finance npv 1 2
  llmcost finance: npv needs --rate (see 'llmcost help finance')
  [2]

  $ llmcost finance xnpv --rate 5% --dates 2024-01-01 -- 1 2
  llmcost finance: 1 dates for 2 flows (see 'llmcost help finance')
  [2]

  $ llmcost finance npv --rate -200% 1
  llmcost finance: --rate: '-200%' is not a rate above -100% (see 'llmcost help finance')
  [2]

  $ llmcost finance --help | head -n 1
  usage: llmcost finance FUNCTION [OPTIONS] [--] FLOWS...

  $ llmcost finance frobnicate 1 2
  llmcost finance: unknown function 'frobnicate' (see 'llmcost help finance')
  [2]

The currency is a three-letter code (it is written into JSON as is):

  $ llmcost finance npv --rate 5% --currency 'U"S' --json -- -100 50 60
  llmcost finance: --currency: 'U"S' is not a three-letter code such as USD (see 'llmcost help finance')
  [2]
