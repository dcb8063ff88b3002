/*
 * test_semantics.c - the pricing rules that must hold (issue 2, section 2), one test each:
 * cached input priced once, 1h cache writes at their own price, the long-context level
 * chosen strictly above the threshold from total input and applied to every part, dated
 * rows by timestamp, service tiers, fast mode, exact ordered model matching, unpriced
 * unknown models, web search requests.
 */
#include "tests/harness.h"

static lc_catalog *cat_;

static lc_catalog *bundled(void)
{
	if (!cat_ && lc_catalog_open_bundled(&cat_, NULL) != 0)
		return NULL;
	return cat_;
}

static void mk(lc_usage *u, const char *provider, const char *model)
{
	lc_usage_init(u);
	snprintf(u->provider, sizeof u->provider, "%s", provider);
	snprintf(u->model, sizeof u->model, "%s", model);
	lc_time_parse("2026-06-01T00:00:00Z", (size_t)-1, 0, &u->time);
}

/* Price and return the total as text (static buffer), or "UNPRICED". */
static const char *total(lc_usage *u)
{
	static char buf[LC_MONEY_STRMAX];
	lc_cost c;
	if (lc_price_usage(bundled(), u, &c, NULL) != 0)
		return c.priced ? "ERROR" : "UNPRICED";
	lc_money_format(c.total, -1, buf, sizeof buf);
	return buf;
}

TEST(pricing_cached_input_priced_once)
{
	lc_usage u;
	mk(&u, "openai", "gpt-5");
	u.cache_read_tokens = 1000000; /* all cached: only the cache-read rate applies */
	CHECK_STR(total(&u), "0.125");
	u.input_tokens = 1000000;
	CHECK_STR(total(&u), "1.375");
}

TEST(pricing_anthropic_1h_cache_write_not_5m)
{
	lc_usage u;
	mk(&u, "anthropic", "claude-sonnet-4-5");
	u.cache_write_5m_tokens = 100000;
	CHECK_STR(total(&u), "0.375");
	u.cache_write_5m_tokens = 0, u.cache_write_1h_tokens = 100000;
	CHECK_STR(total(&u), "0.6");
	/* a Claude model whose data gives no 1h price: 2x input, never the 5m price */
	mk(&u, "anthropic", "claude-3-haiku-20240307");
	u.cache_write_1h_tokens = 1000000;
	CHECK_STR(total(&u), "0.5");
}

TEST(pricing_long_context_strictly_above_total_input)
{
	lc_usage u;
	lc_cost c;
	mk(&u, "anthropic", "claude-sonnet-4-5");
	u.input_tokens = 100000, u.cache_read_tokens = 100000, u.output_tokens = 1000000;
	/* exactly 200000 in total: base rates */
	CHECK_STR(total(&u), "15.33");
	/* one more cached token crosses it: every part at the long-context rate */
	u.cache_read_tokens = 100001;
	CHECK_INT(lc_price_usage(bundled(), &u, &c, NULL), 0);
	CHECK_MONEY(c.input, "0.6");
	CHECK_MONEY(c.cache_read, "0.0600006");
	CHECK_MONEY(c.output, "22.5");
	CHECK_STR(c.price_id, "anthropic/claude-sonnet-4-5@-[>200000]");
}

TEST(pricing_price_change_by_timestamp)
{
	lc_usage u;
	lc_cost c;
	mk(&u, "openai", "gpt-5.6-sol");
	u.input_tokens = 1000000;
	lc_time_parse("2026-08-20T23:59:59.999Z", (size_t)-1, 0, &u.time);
	CHECK_STR(total(&u), "10");
	lc_time_parse("2026-08-21T00:00:00Z", (size_t)-1, 0, &u.time);
	CHECK_STR(total(&u), "8");
	CHECK_INT(lc_price_usage(bundled(), &u, &c, NULL), 0);
	CHECK_STR(c.price_id, "openai/gpt-5.6-sol@2026-08-21[>271999]");
}

TEST(pricing_service_tiers)
{
	lc_usage u;
	lc_cost c;
	mk(&u, "openai", "gpt-4o");
	u.input_tokens = 1000000, u.output_tokens = 1000000;
	CHECK_STR(total(&u), "12.5");
	u.tier = LC_TIER_BATCH;
	CHECK_STR(total(&u), "6.25");
	CHECK_INT(lc_price_usage(bundled(), &u, &c, NULL), 0);
	CHECK_STR(c.price_source, "litellm");
	CHECK_STR(c.price_id, "openai/gpt-4o@-#batch");
	/* cache reads in batch: not in the data, scaled from standard by the batch input ratio */
	u.input_tokens = u.output_tokens = 0, u.cache_read_tokens = 1000000;
	CHECK_STR(total(&u), "0.625");
	mk(&u, "openai", "gpt-5");
	u.input_tokens = 1000000;
	u.tier = LC_TIER_FLEX;
	CHECK_STR(total(&u), "0.625");
	u.tier = LC_TIER_PRIORITY;
	CHECK_STR(total(&u), "2.5");
	/* a batch row without long-context levels inherits the standard ones (2x input > 271999) */
	mk(&u, "openai", "gpt-5.6-sol");
	lc_time_parse("2026-08-01T00:00:00Z", (size_t)-1, 0, &u.time);
	u.tier = LC_TIER_BATCH;
	u.input_tokens = 1000000;
	CHECK_STR(total(&u), "5");
	u.input_tokens = 100000;
	CHECK_STR(total(&u), "0.25");
	/* no rate for the tier: standard */
	mk(&u, "anthropic", "claude-sonnet-4-5");
	u.input_tokens = 100000;
	u.tier = LC_TIER_FLEX;
	CHECK_STR(total(&u), "0.3");
}

TEST(pricing_fast_mode_multiplier)
{
	lc_usage u;
	mk(&u, "anthropic", "claude-opus-4-6");
	u.input_tokens = 1000000;
	CHECK_STR(total(&u), "5");
	u.flags |= LC_USAGE_FAST;
	CHECK_STR(total(&u), "30");
}

TEST(pricing_fast_mode_unknown_multiplier_is_marked)
{
	/* no published multiplier for the model: standard rates, and the price id says so */
	lc_usage u;
	lc_cost c;
	mk(&u, "anthropic", "claude-sonnet-4-5");
	u.input_tokens = 100000;
	u.flags |= LC_USAGE_FAST;
	CHECK_STR(total(&u), "0.3");
	CHECK_INT(lc_price_usage(bundled(), &u, &c, NULL), 0);
	CHECK_STR(c.price_id, "anthropic/claude-sonnet-4-5@-[fast?]");
	mk(&u, "anthropic", "claude-opus-4-6");
	u.input_tokens = 1000;
	u.flags |= LC_USAGE_FAST;
	CHECK_INT(lc_price_usage(bundled(), &u, &c, NULL), 0);
	CHECK_STR(c.price_id, "anthropic/claude-opus-4-6@2026-03-13[fast]");
	u.flags = 0;
	CHECK_INT(lc_price_usage(bundled(), &u, &c, NULL), 0);
	CHECK_STR(c.price_id, "anthropic/claude-opus-4-6@2026-03-13");
}

TEST(pricing_web_search_requests)
{
	lc_usage u;
	mk(&u, "anthropic", "claude-sonnet-4-5");
	u.web_search_requests = 3;
	CHECK_STR(total(&u), "0.03");
}

TEST(pricing_model_matching_exact_rules)
{
	lc_usage u;
	lc_cost c;
	static const struct { const char *prov, *model, *want; } cases[] = {
		{"openai", "gpt-5-2025-08-07", "gpt-5"},
		{"", "gpt-5", "gpt-5"},
		{"", "openai/gpt-5", "gpt-5"},
		{"anthropic", "claude-sonnet-4-5-20250929", "claude-sonnet-4-5"},
		{"", "claude-sonnet-4-5-20250929", "claude-sonnet-4-5"},
		{"google", "models/gemini-2.5-pro", "gemini-2.5-pro"},
		{"gemini", "gemini-2.5-pro", "gemini-2.5-pro"},
		{"anthropic", "anthropic.claude-sonnet-4-5-20250929-v1:0", "claude-sonnet-4-5"},
		{"anthropic", "us.anthropic.claude-sonnet-4-5-20250929-v1:0", "claude-sonnet-4-5"},
		{"openai", "gpt-5.6-sol-2026-08-01", "gpt-5.6-sol"},
		{"OpenAI", "GPT-5", "gpt-5"}, /* genai-prices' rules ignore ASCII case */
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		mk(&u, cases[i].prov, cases[i].model);
		u.input_tokens = 1;
		if (lc_price_usage(bundled(), &u, &c, NULL) != 0) {
			lc_test_fail(__FILE__, __LINE__, "%s/%s unpriced", cases[i].prov, cases[i].model);
			return;
		}
		CHECK_STR(c.model, cases[i].want);
	}
	/* a Bedrock id without a provider is Bedrock's price (aws), found by exact name */
	mk(&u, "", "anthropic.claude-sonnet-4-5-20250929-v1:0");
	u.input_tokens = 1;
	CHECK_INT(lc_price_usage(bundled(), &u, &c, NULL), 0);
	CHECK_STR(c.provider, "aws");
	mk(&u, "bedrock", "anthropic.claude-sonnet-4-5-20250929-v1:0");
	u.input_tokens = 1;
	CHECK_INT(lc_price_usage(bundled(), &u, &c, NULL), 0);
	CHECK_STR(c.provider, "aws");
}

TEST(pricing_unknown_model_is_unpriced)
{
	lc_usage u;
	lc_cost c;
	lc_error err = {0};
	mk(&u, "openai", "no-such-model-xyz");
	u.input_tokens = 1000;
	CHECK_INT(lc_price_usage(bundled(), &u, &c, &err), LC_UNPRICED);
	CHECK_INT(c.priced, 0);
	CHECK(lc_money_is_zero(c.total));
	CHECK(strstr(err.msg, "no-such-model-xyz") != NULL);
	/* no fuzzy matching: a near miss is not a match */
	mk(&u, "anthropic", "claude-sonet-4-5");
	CHECK_STR(total(&u), "UNPRICED");
	mk(&u, "", "");
	CHECK_STR(total(&u), "UNPRICED");
}

TEST(pricing_bad_counts_refused)
{
	lc_usage u;
	lc_cost c;
	mk(&u, "openai", "gpt-5");
	u.input_tokens = -1;
	CHECK_INT(lc_price_usage(bundled(), &u, &c, NULL), LC_RANGE);
	CHECK_INT(c.priced, 0);
}

TEST(pricing_lookup_rates)
{
	lc_rates r;
	lc_time_ms t;
	char buf[LC_MONEY_STRMAX];
	lc_time_parse("2026-03-01", (size_t)-1, 0, &t);
	CHECK_INT(lc_catalog_lookup(bundled(), "", "claude-opus-4-6", t, LC_TIER_STANDARD, &r, NULL), 0);
	CHECK_STR(r.provider, "anthropic");
	CHECK_INT(r.nlevels, 2);
	CHECK_INT(r.threshold[1], 200000);
	lc_money_format_per_mtok(r.rate[1][LC_KIND_OUTPUT], buf, sizeof buf);
	CHECK_STR(buf, "37.5");
	CHECK_INT(r.context_window, 1000000);
	CHECK_INT(r.max_output_tokens, 128000);
	CHECK_MONEY(r.fast_multiplier, "6");
	CHECK(r.given >> LC_KIND_CACHE_WRITE_1H & 1);
	CHECK_INT(lc_catalog_lookup(bundled(), "", "nope", t, LC_TIER_STANDARD, &r, NULL), LC_UNPRICED);
}

TEST(pricing_time_of_day_window)
{
	/* deepseek-chat: genai-prices' base row is the off-peak price; a daily window
	 * 00:30-16:30 UTC carries the standard one (the last row that holds wins) */
	lc_usage u;
	mk(&u, "deepseek", "deepseek-chat");
	u.input_tokens = 1000000;
	lc_time_parse("2026-06-01T12:00:00Z", (size_t)-1, 0, &u.time);
	CHECK_STR(total(&u), "0.27");
	lc_time_parse("2026-06-01T00:29:59Z", (size_t)-1, 0, &u.time);
	CHECK_STR(total(&u), "0.135");
	lc_time_parse("2026-06-01T00:30:00Z", (size_t)-1, 0, &u.time);
	CHECK_STR(total(&u), "0.27");
	lc_time_parse("2026-06-01T16:30:00Z", (size_t)-1, 0, &u.time);
	CHECK_STR(total(&u), "0.135");
}

TEST(pricing_catalog_holds_both_sources)
{
	/* every genai-prices model is present; LiteLLM adds its own; the version says which */
	size_t n = lc_catalog_count(bundled()), genai = 0, litellm = 0;
	for (size_t i = 0; i < n; i++) {
		lc_catalog_model m;
		CHECK_INT(lc_catalog_model_at(bundled(), i, &m), 0);
		genai += strcmp(m.source, "genai-prices") == 0;
		litellm += strcmp(m.source, "litellm") == 0;
	}
	CHECK_INT((long long)genai, 1694);
	CHECK(litellm > 1000);
	CHECK_STR(lc_catalog_version(bundled()), "gp0.1.8+ll2026-08-01");
}

TEST(pricing_per_request_fee)
{
	/* perplexity sonar: $1/Mtok in and out plus $12 per thousand requests */
	lc_usage u;
	lc_cost c;
	mk(&u, "perplexity", "sonar");
	u.input_tokens = 1000, u.output_tokens = 500;
	CHECK_INT(lc_price_usage(bundled(), &u, &c, NULL), 0);
	CHECK_MONEY(c.other, "0.012");
	CHECK_MONEY(c.total, "0.0135");
}

/* A record without token counts is never "free": its cost is the one its source reported
 * (a provider cost export), else unknown. */
TEST(pricing_no_usage_is_source_cost_or_unpriced)
{
	lc_usage u;
	lc_cost c;
	mk(&u, "openai", "gpt-5");
	u.flags |= LC_USAGE_NO_USAGE;
	CHECK_STR(total(&u), "UNPRICED");
	u.has_source_cost = 1;
	CHECK_INT(lc_money_parse("1.2345", (size_t)-1, &u.source_cost), 0);
	memcpy(u.source_currency, "USD", 4);
	CHECK_STR(total(&u), "1.2345");
	CHECK_INT(lc_price_usage(bundled(), &u, &c, NULL), 0);
	CHECK_STR(c.price_source, "source");
	CHECK_MONEY(c.other, "1.2345");
	/* the same for a model the catalog does not know */
	mk(&u, "acme", "private-model");
	u.flags |= LC_USAGE_NO_USAGE;
	u.has_source_cost = 1;
	CHECK_INT(lc_money_parse("7", (size_t)-1, &u.source_cost), 0);
	CHECK_STR(total(&u), "7");
}

TEST(pricing_missing_arguments_are_refused)
{
	/* the documented LC_INVAL, not a NULL dereference before the check */
	lc_cost c;
	lc_usage u;
	lc_error err;
	mk(&u, "openai", "gpt-5");
	CHECK_INT(lc_price_usage(bundled(), NULL, &c, &err), LC_INVAL);
	CHECK_INT(lc_price_usage(NULL, &u, &c, &err), LC_INVAL);
	CHECK_INT(lc_price_usage(bundled(), &u, NULL, &err), LC_INVAL);
}
