/*
 * test_golden.c - the golden vectors of FORMATS.md ("Golden vectors", verified against
 * genai-prices 0.1.8) as normalized lc_usage records priced with the bundled catalog, and
 * the invariant that a total is exactly the sum of its parts.
 */
#include "tests/harness.h"

static lc_catalog *open_bundled(void)
{
	lc_catalog *cat = NULL;
	lc_error err = {0};
	if (lc_catalog_open_bundled(&cat, &err) != 0)
		lc_test_fail(__FILE__, __LINE__, "open: %s", err.msg);
	return cat;
}

static void usage(lc_usage *u, const char *provider, const char *model, const char *when)
{
	lc_usage_init(u);
	snprintf(u->provider, sizeof u->provider, "%s", provider);
	snprintf(u->model, sizeof u->model, "%s", model);
	if (when)
		lc_time_parse(when, (size_t)-1, 0, &u->time);
	else
		lc_time_parse("2026-06-01T00:00:00Z", (size_t)-1, 0, &u->time);
}

static int sum_ok(const lc_cost *c)
{
	lc_money s = lc_money_zero();
	lc_money_add(s, c->input, &s);
	lc_money_add(s, c->cache_read, &s);
	lc_money_add(s, c->cache_write, &s);
	lc_money_add(s, c->output, &s);
	lc_money_add(s, c->other, &s);
	return lc_money_cmp(s, c->total) == 0;
}

TEST(golden_sonnet45_1h_cache_over_200k)
{
	lc_catalog *cat = open_bundled();
	lc_usage u;
	lc_cost c;
	lc_money in;
	usage(&u, "anthropic", "claude-sonnet-4-5", NULL);
	u.input_tokens = 1000, u.cache_read_tokens = 250000, u.cache_write_1h_tokens = 4000;
	u.output_tokens = 2000;
	CHECK_INT(lc_price_usage(cat, &u, &c, NULL), 0);
	CHECK(c.priced);
	lc_money_add(c.input, c.cache_read, &in);
	lc_money_add(in, c.cache_write, &in);
	CHECK_MONEY(in, "0.204");
	CHECK_MONEY(c.output, "0.045");
	CHECK_MONEY(c.total, "0.249");
	CHECK_STR(c.currency, "USD");
	CHECK_STR(c.price_source, "genai-prices");
	CHECK(sum_ok(&c));
	lc_catalog_free(cat);
}

TEST(golden_sonnet45_5m_cache_under_200k)
{
	lc_catalog *cat = open_bundled();
	lc_usage u;
	lc_cost c;
	lc_money in;
	usage(&u, "anthropic", "claude-sonnet-4-5", NULL);
	u.input_tokens = 1000, u.cache_read_tokens = 50000, u.cache_write_5m_tokens = 4000;
	u.output_tokens = 2000;
	CHECK_INT(lc_price_usage(cat, &u, &c, NULL), 0);
	lc_money_add(c.input, c.cache_read, &in);
	lc_money_add(in, c.cache_write, &in);
	CHECK_MONEY(in, "0.033");
	CHECK_MONEY(c.output, "0.03");
	CHECK_MONEY(c.total, "0.063");
	CHECK(sum_ok(&c));
	lc_catalog_free(cat);
}

TEST(golden_gpt5_chat_completion)
{
	/* prompt 2006 incl. 1920 cached -> 86 uncached; reasoning inside the 300 output */
	lc_catalog *cat = open_bundled();
	lc_usage u;
	lc_cost c;
	lc_money in;
	usage(&u, "openai", "gpt-5", NULL);
	u.input_tokens = 86, u.cache_read_tokens = 1920, u.output_tokens = 300;
	u.reasoning_tokens = 128;
	CHECK_INT(lc_price_usage(cat, &u, &c, NULL), 0);
	lc_money_add(c.input, c.cache_read, &in);
	CHECK_MONEY(in, "0.0003475");
	CHECK_MONEY(c.output, "0.003");
	CHECK_MONEY(c.total, "0.0033475");
	CHECK(sum_ok(&c));
	lc_catalog_free(cat);
}

TEST(golden_gemini25pro_thoughts_added)
{
	/* promptTokenCount 55021 incl. 40000 cached; candidates 923 + thoughts 785 */
	lc_catalog *cat = open_bundled();
	lc_usage u;
	lc_cost c;
	lc_money in;
	usage(&u, "google", "gemini-2.5-pro", NULL);
	u.input_tokens = 15021, u.cache_read_tokens = 40000, u.output_tokens = 923 + 785;
	u.reasoning_tokens = 785;
	CHECK_INT(lc_price_usage(cat, &u, &c, NULL), 0);
	lc_money_add(c.input, c.cache_read, &in);
	CHECK_MONEY(in, "0.02377625");
	CHECK_MONEY(c.output, "0.01708");
	CHECK_MONEY(c.total, "0.04085625");
	CHECK(sum_ok(&c));
	lc_catalog_free(cat);
}

TEST(golden_gpt56_sol_price_cut)
{
	lc_catalog *cat = open_bundled();
	lc_usage u;
	lc_cost c;
	usage(&u, "openai", "gpt-5.6-sol", "2026-08-20T12:00:00Z");
	u.input_tokens = 1000000, u.output_tokens = 100000;
	CHECK_INT(lc_price_usage(cat, &u, &c, NULL), 0);
	CHECK_MONEY(c.total, "14.5");
	lc_time_parse("2026-08-22T12:00:00Z", (size_t)-1, 0, &u.time);
	CHECK_INT(lc_price_usage(cat, &u, &c, NULL), 0);
	CHECK_MONEY(c.total, "11");
	CHECK(sum_ok(&c));
	lc_catalog_free(cat);
}

TEST(golden_opus46_long_context_surcharge_removed)
{
	lc_catalog *cat = open_bundled();
	lc_usage u;
	lc_cost c;
	usage(&u, "anthropic", "claude-opus-4-6", "2026-03-01T00:00:00Z");
	u.input_tokens = 300000, u.output_tokens = 1000;
	CHECK_INT(lc_price_usage(cat, &u, &c, NULL), 0);
	CHECK_MONEY(c.total, "3.0375");
	lc_time_parse("2026-04-01T00:00:00Z", (size_t)-1, 0, &u.time);
	CHECK_INT(lc_price_usage(cat, &u, &c, NULL), 0);
	CHECK_MONEY(c.total, "1.525");
	CHECK(sum_ok(&c));
	lc_catalog_free(cat);
}
