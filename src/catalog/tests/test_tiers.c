/*
 * test_tiers.c - provider tier rules (tiers.c): batch and flex prices derived from the
 * standard rows where the data has no tier row, explicit tier rows winning, providers
 * without a published rule keeping the standard price, and rule rows staying out of an
 * exported price file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/harness.h"

static lc_catalog *bundled(void)
{
	static lc_catalog *cat;
	lc_error err = {0};
	if (!cat && lc_catalog_open_bundled(&cat, &err) != 0)
		lc_test_fail(__FILE__, __LINE__, "open: %s", err.msg);
	return cat;
}

static void mk(lc_usage *u, const char *provider, const char *model, lc_tier tier)
{
	lc_usage_init(u);
	snprintf(u->provider, sizeof u->provider, "%s", provider);
	snprintf(u->model, sizeof u->model, "%s", model);
	lc_time_parse("2026-06-01T00:00:00Z", (size_t)-1, 0, &u->time);
	u->tier = tier;
}

static const char *cost(lc_catalog *cat, const lc_usage *u, lc_cost *c)
{
	static char buf[LC_MONEY_STRMAX];
	if (lc_price_usage(cat, u, c, NULL) != 0)
		return "UNPRICED";
	lc_money_format(c->total, -1, buf, sizeof buf);
	return buf;
}

TEST(tier_rule_gpt5_batch_golden)
{
	/* the FORMATS.md gpt-5 vector (0.0033475 standard) at the Batch API's half price */
	lc_usage u;
	lc_cost c;
	mk(&u, "openai", "gpt-5-2025-08-07", LC_TIER_BATCH);
	u.input_tokens = 86, u.cache_read_tokens = 1920, u.output_tokens = 300;
	u.reasoning_tokens = 128;
	CHECK_STR(cost(bundled(), &u, &c), "0.00167375");
	CHECK_MONEY(c.input, "0.00005375");
	CHECK_MONEY(c.cache_read, "0.00012");
	CHECK_MONEY(c.output, "0.0015");
	CHECK_STR(c.price_id, "openai/gpt-5@-#batch(rule)");
	u.tier = LC_TIER_STANDARD;
	CHECK_STR(cost(bundled(), &u, &c), "0.0033475");
	CHECK_STR(c.price_id, "openai/gpt-5@-");
}

TEST(tier_rule_anthropic_batch_halves_cache_and_long_context)
{
	lc_usage u;
	lc_cost c;
	mk(&u, "anthropic", "claude-sonnet-4-5", LC_TIER_BATCH);
	u.input_tokens = 1000, u.cache_read_tokens = 2000, u.output_tokens = 100;
	CHECK_STR(cost(bundled(), &u, &c), "0.00255"); /* standard 0.0051 */
	CHECK_STR(c.price_id, "anthropic/claude-sonnet-4-5@-#batch(rule)");
	/* 1-hour writes and the level above 200K input are halved as well: FORMATS.md's
	 * 0.249 vector (1000 in, 250000 cached, 4000 1h writes, 2000 out) at half */
	u.cache_read_tokens = 250000, u.cache_write_1h_tokens = 4000, u.output_tokens = 2000;
	CHECK_STR(cost(bundled(), &u, &c), "0.1245");
	CHECK_STR(c.price_id, "anthropic/claude-sonnet-4-5@-#batch(rule)[>200000]");
}

TEST(tier_rule_google_batch_and_flex_by_provider)
{
	lc_usage u;
	lc_cost c;
	char std[LC_MONEY_STRMAX];
	mk(&u, "google", "gemini-2.5-flash", LC_TIER_STANDARD);
	u.input_tokens = 1000000, u.output_tokens = 1000000;
	snprintf(std, sizeof std, "%s", cost(bundled(), &u, &c));
	u.tier = LC_TIER_BATCH;
	CHECK(strcmp(cost(bundled(), &u, &c), std) != 0);
	CHECK(strstr(c.price_id, "#batch(rule)") != NULL);
	/* Google publishes no flex rule, Anthropic no flex tier: standard prices */
	u.tier = LC_TIER_FLEX;
	CHECK_STR(cost(bundled(), &u, &c), std);
	CHECK(strchr(c.price_id, '#') == NULL);
	mk(&u, "anthropic", "claude-sonnet-4-5", LC_TIER_FLEX);
	u.input_tokens = 100000;
	CHECK_STR(cost(bundled(), &u, &c), "0.3");
	/* no provider rule (xAI): batch is the standard price */
	mk(&u, "x-ai", "grok-4", LC_TIER_STANDARD);
	u.input_tokens = 1000000;
	snprintf(std, sizeof std, "%s", cost(bundled(), &u, &c));
	u.tier = LC_TIER_BATCH;
	CHECK_STR(cost(bundled(), &u, &c), std);
	CHECK(strchr(c.price_id, '#') == NULL);
	/* priority has no flat rule anywhere */
	mk(&u, "anthropic", "claude-sonnet-4-5", LC_TIER_PRIORITY);
	u.input_tokens = 100000;
	CHECK_STR(cost(bundled(), &u, &c), "0.3");
}

TEST(tier_rule_explicit_rows_win)
{
	lc_usage u;
	lc_cost c;
	/* LiteLLM has gpt-4o batch and gpt-5 flex rows: those price, not the rule */
	mk(&u, "openai", "gpt-4o", LC_TIER_BATCH);
	u.input_tokens = 1000000, u.output_tokens = 1000000;
	CHECK_STR(cost(bundled(), &u, &c), "6.25");
	CHECK_STR(c.price_id, "openai/gpt-4o@-#batch");
	CHECK_STR(c.price_source, "litellm");
	mk(&u, "openai", "gpt-5", LC_TIER_FLEX);
	u.input_tokens = 1000000;
	CHECK_STR(cost(bundled(), &u, &c), "0.625");
	CHECK_STR(c.price_id, "openai/gpt-5@-#flex");
}

static const char user_file[] =
	"{\"llmcost_prices\": 1, \"models\": [\n"
	" {\"provider\": \"openai\", \"model\": \"o-private\", \"input_mtok\": \"2\", \"output_mtok\": \"8\"},\n"
	" {\"provider\": \"openai\", \"model\": \"o-private\", \"input_mtok\": \"1\", \"output_mtok\": \"4\",\n"
	"  \"start_date\": \"2026-07-01\"},\n"
	" {\"provider\": \"openai\", \"model\": \"o-batch\", \"input_mtok\": \"2\", \"output_mtok\": \"8\"},\n"
	" {\"provider\": \"openai\", \"model\": \"o-batch\", \"tier\": \"batch\", \"input_mtok\": \"1.5\",\n"
	"  \"output_mtok\": \"6\"},\n"
	" {\"provider\": \"acme\", \"model\": \"a-1\", \"input_mtok\": \"2\", \"output_mtok\": \"8\"}\n"
	"]}\n";

TEST(tier_rule_user_file_rows_dates_and_export)
{
	lc_catalog *cat = NULL;
	lc_error err = {0};
	lc_usage u;
	lc_cost c;
	lc_rates r;
	lc_buf b;
	CHECK_INT(lc_catalog_open_mem(user_file, sizeof user_file - 1, "user.json", LC_PRICES_OVERRIDE,
				      &cat, &err), 0);
	/* the rule follows each dated standard row */
	mk(&u, "openai", "o-private", LC_TIER_BATCH);
	u.input_tokens = 1000000, u.output_tokens = 1000000;
	CHECK_STR(cost(cat, &u, &c), "5");
	CHECK_STR(c.price_id, "openai/o-private@-#batch(rule)");
	CHECK_STR(c.price_source, "override");
	lc_time_parse("2026-07-02T00:00:00Z", (size_t)-1, 0, &u.time);
	CHECK_STR(cost(cat, &u, &c), "2.5");
	CHECK_STR(c.price_id, "openai/o-private@2026-07-01#batch(rule)");
	/* the user's own batch row wins */
	mk(&u, "openai", "o-batch", LC_TIER_BATCH);
	u.input_tokens = 1000000, u.output_tokens = 1000000;
	CHECK_STR(cost(cat, &u, &c), "7.5");
	/* a provider with no rule */
	mk(&u, "acme", "a-1", LC_TIER_BATCH);
	u.input_tokens = 1000000, u.output_tokens = 1000000;
	CHECK_STR(cost(cat, &u, &c), "10");
	/* rates: every price of a rule row is derived */
	CHECK_INT(lc_catalog_lookup(cat, "openai", "o-private", u.time, LC_TIER_BATCH, &r, NULL), 0);
	CHECK_INT(r.tier, LC_TIER_BATCH);
	CHECK_INT((int)(r.given & 0x1f), 0);
	CHECK_MONEY(r.rate[0][LC_KIND_INPUT], "0.000001");
	/* an exported file holds no rule rows: they are made again on load */
	lc_buf_init(&b, 1 << 20);
	CHECK_INT(lc_catalog_write_json(cat, &b, NULL), 0);
	CHECK(b.len > 0 && strstr(b.data, "(rule)") == NULL);
	CHECK(strstr(b.data, "\"tier\": \"batch\"") != NULL); /* o-batch's own row */
	CHECK(strstr(strstr(b.data, "\"tier\": \"batch\"") + 1, "\"tier\": \"batch\"") == NULL);
	lc_buf_free(&b);
	lc_catalog_free(cat);
}
