-- Actual spend for tests/cli/roi.t (plan vs actual): gpt-5 calls of team=support in
-- January, February and March 2025, one of another team, one unpriced, one in April.
-- Loaded with the sqlite3 shell into a ledger that `llmcost` created.
INSERT INTO records (id, time_ms, provider, model, session, input_tokens, output_tokens,
  priced, currency, cost_total, tags) VALUES
 ('r1', 1735722000000, 'openai', 'gpt-5', 's1', 100, 10, 1, 'USD', '120.50', '{"team":"support"}'),
 ('r2', 1736722000000, 'openai', 'gpt-5', 's1', 100, 10, 1, 'USD', '30.25', '{"team":"support"}'),
 ('r3', 1738400000000, 'openai', 'gpt-5', 's2', 100, 10, 1, 'USD', '95.00', '{"team":"support"}'),
 ('r4', 1738400000000, 'openai', 'gpt-5', 's3', 100, 10, 1, 'USD', '999.00', '{"team":"ads"}'),
 ('r5', 1740900000000, 'openai', 'gpt-5', 's2', 100, 10, 1, 'USD', '210.10', '{"team":"support"}'),
 ('r6', 1740900000000, 'mystery', 'mystery-model', 's4', 100, 10, 0, '', NULL, '{"team":"support"}'),
 ('r7', 1743500000000, 'anthropic', 'claude-sonnet-4-5', 's5', 100, 10, 1, 'USD', '7.00', '{"team":"support"}');
