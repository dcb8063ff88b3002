/*
 * test_override.c - the user price file: private models, negotiated prices that shadow the
 * bundled ones, discounts with start dates, currencies, errors with file:line:column, and
 * the import round trip (write a catalog as a price file, read it back, same prices).
 */
#include <stdio.h>
#include <stdlib.h>

#include "tests/harness.h"

static const char *write_tmp(const char *name, const char *text)
{
	static char path[4][512];
	static int k;
	char *p = path[k++ % 4];
	FILE *f;
	snprintf(p, 512, "%s/%s", lc_test_tmpdir(), name);
	f = fopen(p, "w");
	if (f) {
		fputs(text, f);
		fclose(f);
	}
	return p;
}

static const char *price(lc_catalog *cat, const char *prov, const char *model, const char *when,
			 int64_t in, int64_t out, lc_cost *c)
{
	static char buf[LC_MONEY_STRMAX];
	lc_usage u;
	lc_usage_init(&u);
	snprintf(u.provider, sizeof u.provider, "%s", prov);
	snprintf(u.model, sizeof u.model, "%s", model);
	lc_time_parse(when, (size_t)-1, 0, &u.time);
	u.input_tokens = in, u.output_tokens = out;
	if (lc_price_usage(cat, &u, c, NULL) != 0)
		return "UNPRICED";
	lc_money_format(c->total, -1, buf, sizeof buf);
	return buf;
}

static const char override_json[] =
	"{\"llmcost_prices\": 1,\n"
	" \"models\": [\n"
	"  {\"provider\": \"selfhosted\", \"model\": \"llama-70b\", \"input_mtok\": \"0.20\",\n"
	"   \"output_mtok\": 0.6, \"context_window\": 128000},\n"
	"  {\"provider\": \"selfhosted\", \"model\": \"llama-70b\", \"input_mtok\": \"0.10\",\n"
	"   \"output_mtok\": \"0.30\", \"start_date\": \"2026-07-01\"},\n"
	"  {\"provider\": \"zhipuai\", \"model\": \"glm-cny\", \"currency\": \"CNY\",\n"
	"   \"input_mtok\": \"8\", \"output_mtok\": \"28\"},\n"
	"  {\"provider\": \"openai\", \"model\": \"gpt-5\", \"input_mtok\": \"1\", \"output_mtok\": \"8\",\n"
	"   \"start_date\": \"2026-05-01\"}\n"
	" ],\n"
	" \"discounts\": [\n"
	"  {\"provider\": \"anthropic\", \"percent\": 10},\n"
	"  {\"provider\": \"anthropic\", \"model\": \"claude-sonnet-4-5\", \"percent\": \"20\",\n"
	"   \"start_date\": \"2026-02-01\"}\n"
	" ]}\n";

TEST(override_private_models_and_dates)
{
	lc_catalog *cat;
	lc_cost c;
	lc_error err = {0};
	const char *p = write_tmp("prices.json", override_json);
	CHECK_INT(lc_catalog_open_with(p, &cat, &err), 0);
	CHECK_STR(price(cat, "selfhosted", "llama-70b", "2026-06-01", 1000000, 1000000, &c), "0.8");
	CHECK_STR(c.price_source, "override");
	CHECK_STR(price(cat, "selfhosted", "llama-70b", "2026-07-02", 1000000, 1000000, &c), "0.4");
	CHECK_STR(price(cat, "", "llama-70b", "2026-07-02", 1000000, 0, &c), "0.1");
	CHECK_STR(price(cat, "zhipuai", "glm-cny", "2026-07-02", 1000000, 0, &c), "8");
	CHECK_STR(c.currency, "CNY");
	CHECK(strstr(lc_catalog_version(cat), "+ov") != NULL);
	lc_catalog_free(cat);
}

TEST(override_negotiated_price_shadows_bundled)
{
	lc_catalog *cat;
	lc_cost c;
	const char *p = write_tmp("prices.json", override_json);
	CHECK_INT(lc_catalog_open_with(p, &cat, NULL), 0);
	/* before its start date the override row still applies (the earliest row): the user
	 * said gpt-5 costs this; other models of openai keep bundled prices */
	CHECK_STR(price(cat, "openai", "gpt-5", "2026-05-02", 1000000, 1000000, &c), "9");
	CHECK_STR(price(cat, "openai", "gpt-4o", "2026-05-02", 1000000, 0, &c), "2.5");
	lc_catalog_free(cat);
}

TEST(override_wins_for_dated_names_and_without_provider)
{
	/* bundled gpt-5's match rule accepts "gpt-5-2025-08-07" as it is; the user's gpt-5 must
	 * still price it (the date-stripped name), with or without a provider */
	lc_catalog *cat;
	lc_cost c;
	const char *p = write_tmp("prices.json", override_json);
	CHECK_INT(lc_catalog_open_with(p, &cat, NULL), 0);
	CHECK_STR(price(cat, "openai", "gpt-5-2025-08-07", "2026-05-02", 1000000, 1000000, &c), "9");
	CHECK_STR(c.price_source, "override");
	CHECK_STR(price(cat, "", "gpt-5-2025-08-07", "2026-05-02", 1000000, 1000000, &c), "9");
	CHECK_STR(price(cat, "", "gpt-5", "2026-05-02", 1000000, 1000000, &c), "9");
	CHECK_STR(price(cat, "", "openai/gpt-5", "2026-05-02", 1000000, 1000000, &c), "9");
	/* other names keep the bundled prices */
	CHECK_STR(price(cat, "", "gpt-5-mini-2025-08-07", "2026-05-02", 1000000, 0, &c), "0.25");
	CHECK_STR(c.price_source, "genai-prices");
	lc_catalog_free(cat);
}

TEST(override_discounts_by_provider_and_model)
{
	lc_catalog *cat;
	lc_cost c;
	const char *p = write_tmp("prices.json", override_json);
	CHECK_INT(lc_catalog_open_with(p, &cat, NULL), 0);
	/* provider-wide 10% */
	CHECK_STR(price(cat, "anthropic", "claude-opus-4-6", "2026-06-01", 1000000, 0, &c), "4.5");
	/* the model's own 20% from 2026-02-01 beats it; before that, 10% */
	CHECK_STR(price(cat, "anthropic", "claude-sonnet-4-5", "2026-06-01", 100000, 100000, &c), "1.44");
	CHECK(lc_money_cmp(c.total, c.input) > 0);
	CHECK_STR(price(cat, "anthropic", "claude-sonnet-4-5", "2026-01-01", 100000, 100000, &c), "1.62");
	lc_catalog_free(cat);
}

/* Dated rows of one model apply by start date, not by their order in the file: the row
 * whose start is the latest not after the record's time; before every start, the earliest
 * row. A plain row without a date is the oldest. */
static const char shuffled_json[] =
	"{\"models\": [\n"
	"  {\"provider\": \"acme\", \"model\": \"m\", \"input_mtok\": \"3\",\n"
	"   \"start_date\": \"2026-07-01\"},\n"
	"  {\"provider\": \"acme\", \"model\": \"m\", \"input_mtok\": \"1\",\n"
	"   \"start_date\": \"2026-01-01\"},\n"
	"  {\"provider\": \"acme\", \"model\": \"m\", \"input_mtok\": \"2\",\n"
	"   \"start_date\": \"2026-04-01\"},\n"
	"  {\"provider\": \"acme\", \"model\": \"n\", \"input_mtok\": \"5\",\n"
	"   \"start_date\": \"2026-04-01\"},\n"
	"  {\"provider\": \"acme\", \"model\": \"n\", \"input_mtok\": \"4\"}\n"
	" ]}\n";

TEST(override_dated_rows_in_any_order)
{
	lc_catalog *cat;
	lc_cost c;
	const char *p = write_tmp("shuffled.json", shuffled_json);
	CHECK_INT(lc_catalog_open_with(p, &cat, NULL), 0);
	CHECK_STR(price(cat, "acme", "m", "2025-12-01", 1000000, 0, &c), "1"); /* before all */
	CHECK_STR(price(cat, "acme", "m", "2026-01-01", 1000000, 0, &c), "1");
	CHECK_STR(price(cat, "acme", "m", "2026-03-31T23:59:59Z", 1000000, 0, &c), "1");
	CHECK_STR(price(cat, "acme", "m", "2026-04-01", 1000000, 0, &c), "2");
	CHECK_STR(price(cat, "acme", "m", "2026-06-30", 1000000, 0, &c), "2");
	CHECK_STR(price(cat, "acme", "m", "2026-07-01", 1000000, 0, &c), "3");
	CHECK_STR(price(cat, "acme", "m", "2027-01-01", 1000000, 0, &c), "3");
	/* the undated row after a dated one is the oldest price, not the newest */
	CHECK_STR(price(cat, "acme", "n", "2026-03-01", 1000000, 0, &c), "4");
	CHECK_STR(price(cat, "acme", "n", "2026-05-01", 1000000, 0, &c), "5");
	lc_catalog_free(cat);
}

TEST(override_errors_have_positions)
{
	lc_catalog *cat = NULL;
	lc_error err = {0};
	const char *p;
	p = write_tmp("bad1.json", "{\"models\": [\n  {\"provider\": \"x\", \"model\": \"y\",\n"
				   "   \"inptu_mtok\": 1}]}\n");
	CHECK_INT(lc_catalog_open_with(p, &cat, &err), LC_PARSE);
	CHECK(cat == NULL);
	CHECK(strstr(err.msg, "bad1.json:3:18: unknown field 'inptu_mtok'") != NULL);
	p = write_tmp("bad2.json", "{\"models\": [\n  {\"provider\": \"x\", \"model\": \"y\",\n"
				   "   \"input_mtok\": \"abc\"}]}\n");
	CHECK_INT(lc_catalog_open_with(p, &cat, &err), LC_PARSE);
	CHECK(strstr(err.msg, "bad2.json:3:18: bad price 'abc'") != NULL);
	p = write_tmp("bad3.json", "{\"models\": [\n  {\"provider\": \"x\",,}]}\n");
	CHECK_INT(lc_catalog_open_with(p, &cat, &err), LC_PARSE);
	CHECK(strstr(err.msg, "bad3.json:2:20:") != NULL);
	p = write_tmp("bad4.json", "{\"discounts\": [{\"provider\": \"x\", \"percent\": 150}]}");
	CHECK_INT(lc_catalog_open_with(p, &cat, &err), LC_PARSE);
	CHECK(strstr(err.msg, "bad4.json:1:45: expected a percentage") != NULL);
	CHECK_INT(lc_catalog_open_with("/nonexistent/prices.json", &cat, &err) < 0, 1);
}

TEST(override_env_variable_is_used)
{
	lc_catalog *cat;
	lc_cost c;
	setenv("LLMCOST_PRICES", write_tmp("prices.json", override_json), 1);
	CHECK_INT(lc_catalog_open_default(&cat, NULL), 0);
	CHECK_STR(price(cat, "selfhosted", "llama-70b", "2026-06-01", 1000000, 0, &c), "0.2");
	lc_catalog_free(cat);
	setenv("LLMCOST_PRICES", "", 1);
	setenv("XDG_CONFIG_HOME", lc_test_tmpdir(), 1);
	CHECK_INT(lc_catalog_open_default(&cat, NULL), 0);
	CHECK_STR(price(cat, "selfhosted", "llama-70b", "2026-06-01", 1000000, 0, &c), "UNPRICED");
	CHECK_INT(c.priced, 0);
	lc_catalog_free(cat);
}

TEST(override_round_trip_through_json)
{
	lc_catalog *a, *b;
	lc_buf buf;
	lc_cost c1, c2;
	char t1[LC_MONEY_STRMAX];
	lc_buf_init(&buf, (size_t)1 << 28);
	CHECK_INT(lc_catalog_open_bundled(&a, NULL), 0);
	CHECK_INT(lc_catalog_write_json(a, &buf, NULL), 0);
	CHECK_INT(lc_catalog_open_mem(buf.data, buf.len, "rt.json", LC_PRICES_AUTO, &b, NULL), 0);
	CHECK_INT((long long)lc_catalog_count(b), (long long)lc_catalog_count(a));
	snprintf(t1, sizeof t1, "%s", price(a, "openai", "gpt-5.6-sol", "2026-08-22", 500000, 1000, &c1));
	CHECK_STR(price(b, "openai", "gpt-5.6-sol", "2026-08-22", 500000, 1000, &c2), t1);
	snprintf(t1, sizeof t1, "%s", price(a, "", "claude-sonnet-4-5-20250929", "2026-01-01", 300000, 10, &c1));
	CHECK_STR(price(b, "", "claude-sonnet-4-5-20250929", "2026-01-01", 300000, 10, &c2), t1);
	/* a LiteLLM-only model found by its full key, through the alias */
	snprintf(t1, sizeof t1, "%s", price(a, "", "dashscope/qwen-flash", "2026-01-01", 1000, 10, &c1));
	CHECK(strcmp(t1, "UNPRICED") != 0);
	CHECK_STR(price(b, "", "dashscope/qwen-flash", "2026-01-01", 1000, 10, &c2), t1);
	lc_buf_free(&buf);
	lc_catalog_free(a);
	lc_catalog_free(b);
}

TEST(import_genai_and_litellm_files)
{
	lc_catalog *g, *l;
	lc_cost c;
	CHECK_INT(lc_catalog_open_file(lc_test_path("data/prices/genai-prices-0.1.8.json"),
				       LC_PRICES_AUTO, &g, NULL), 0);
	CHECK_STR(price(g, "openai", "gpt-5", "2026-01-01", 86, 300, &c), "0.0031075");
	CHECK_INT(lc_catalog_open_file(lc_test_path("data/prices/litellm-2026-08-01.json"),
				       LC_PRICES_LITELLM, &l, NULL), 0);
	CHECK_STR(price(l, "openai", "gpt-5", "2026-01-01", 86, 300, &c), "0.0031075");
	CHECK_STR(c.price_source, "litellm");
	lc_catalog_free(g);
	lc_catalog_free(l);
}

TEST(override_discount_provider_spellings)
{
	/* a discount names its provider as the rest of llmcost accepts it ("xai" is the catalog's
	 * "x-ai", any case) and its model in any case, as name resolution does: a spelling
	 * that silently matched nothing left the negotiated discount unapplied */
	lc_catalog *cat, *plain;
	lc_cost c;
	char want[LC_MONEY_STRMAX];
	lc_money half;
	const char *p = write_tmp("disc.json",
				  "{\"discounts\": [{\"provider\": \"xai\", \"percent\": 50},\n"
				  " {\"provider\": \"OpenAI\", \"model\": \"GPT-5\", \"percent\": \"50\"}]}");
	CHECK_INT(lc_catalog_open_with(p, &cat, NULL), 0);
	CHECK_INT(lc_catalog_open_bundled(&plain, NULL), 0);
	price(plain, "x-ai", "grok-4", "2026-06-01", 1000000, 0, &c);
	CHECK_INT(lc_money_div_int(c.total, 2, &half), 0);
	lc_money_format(half, -1, want, sizeof want);
	CHECK_STR(price(cat, "xai", "grok-4", "2026-06-01", 1000000, 0, &c), want);
	price(plain, "openai", "gpt-5", "2026-06-01", 1000000, 0, &c);
	CHECK_INT(lc_money_div_int(c.total, 2, &half), 0);
	lc_money_format(half, -1, want, sizeof want);
	CHECK_STR(price(cat, "openai", "gpt-5", "2026-06-01", 1000000, 0, &c), want);
	lc_catalog_free(cat);
	lc_catalog_free(plain);
}
