-- A small ledger for tests/cli/report.t: five calls over January and February 2025 in
-- two providers, one unpriced model, tagged by team. Loaded with the sqlite3 shell into a
-- ledger that `llmcost` created (so the schema is the real one).
INSERT INTO records (id, time_ms, provider, model, session, input_tokens, cache_read_tokens,
  cache_write_5m_tokens, output_tokens, priced, currency, cost_total, tags) VALUES
 ('a1', 1735722000000, 'anthropic', 'claude-sonnet-4-5', 's1', 100, 1000, 50, 20, 1, 'USD', '0.012345', '{"team":"search"}'),
 ('a2', 1735774200000, 'openai', 'gpt-5', 's2', 200, 0, 0, 40, 1, 'USD', '0.004', '{"team":"ads"}'),
 ('a3', 1735779600000, 'openai', 'gpt-5', 's2', 300, 0, 0, 10, 1, 'USD', '0.001005', '{"team":"search"}'),
 ('a4', 1736164800000, 'mystery', 'mystery-model', 's3', 500, 0, 0, 5, 0, '', NULL, '{}'),
 ('a5', 1738369800000, 'anthropic', 'claude-sonnet-4-5', 's1', 10, 0, 0, 10, 1, 'USD', '0.000155', '{"team":"search"}');
