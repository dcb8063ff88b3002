/*
 * test_match.c - genai-prices match rules through the public resolution API: regex rules
 * with look-ahead (PCRE2, search semantics), provider inference and aliases, ordered
 * candidates, exact prices out of float-artifact data.
 */
#include "tests/harness.h"

static int find(const char *prov, const char *model, lc_catalog_model *m)
{
	static lc_catalog *cat;
	size_t i;
	if (!cat && lc_catalog_open_bundled(&cat, NULL) != 0)
		return -1;
	if (lc_catalog_find(cat, prov, model, &i) != 0)
		return -1;
	return lc_catalog_model_at(cat, i, m);
}

TEST(match_regex_lookahead_rules)
{
	lc_catalog_model m;
	/* google's gemini-2.5-pro rule: starts_with + "^(?!.*-[tT][tT][sS](?:$|-))" */
	CHECK_INT(find("google", "gemini-2.5-pro-preview-06-05", &m), 0);
	CHECK_STR(m.model, "gemini-2.5-pro");
	CHECK(find("google", "gemini-2.5-pro-preview-tts", &m) != 0 || strcmp(m.model, "gemini-2.5-pro") != 0);
	/* openai's provider rule "^o[134]" infers the provider of o3 */
	CHECK_INT(find("", "o3", &m), 0);
	CHECK_STR(m.provider, "openai");
}

TEST(match_provider_aliases)
{
	lc_catalog_model m;
	CHECK_INT(find("xai", "grok-4", &m), 0);
	CHECK_STR(m.provider, "x-ai");
	CHECK_INT(find("vertex_ai", "gemini-2.5-flash", &m), 0);
	CHECK_STR(m.provider, "google");
	CHECK_INT(find("azure", "gpt-4o", &m), 0); /* azure falls back to openai's models */
}

TEST(match_litellm_only_models)
{
	lc_catalog_model m;
	CHECK_INT(find("dashscope", "qwen-flash", &m), 0);
	CHECK_STR(m.source, "litellm");
	CHECK_INT(find("", "dashscope/qwen-flash", &m), 0);
	CHECK_STR(m.model, "qwen-flash");
}

TEST(match_price_text_rounding)
{
	/* genai-prices has 0.18000000000000002 per Mtok: held as 0.18 exactly */
	lc_catalog *cat;
	lc_rates r;
	char buf[LC_MONEY_STRMAX];
	size_t n;
	CHECK_INT(lc_catalog_open_bundled(&cat, NULL), 0);
	n = lc_catalog_count(cat);
	CHECK(n > 3000);
	for (size_t i = 0; i < n; i++) {
		lc_catalog_model m;
		CHECK_INT(lc_catalog_model_at(cat, i, &m), 0);
		for (size_t j = 0; j < m.nrows; j++) {
			CHECK_INT(lc_catalog_row(cat, i, j, &r), 0);
			lc_money_format_per_mtok(r.rate[0][LC_KIND_INPUT], buf, sizeof buf);
			CHECK(strstr(buf, "00000000") == NULL); /* no float artifacts left */
		}
	}
	lc_catalog_free(cat);
}

TEST(match_version_suffix_needs_bedrock_colon)
{
	/* "-v1:0" is Bedrock's version suffix and is stripped; a bare "-v2" names another model
	 * ("gpt-4o-mini-v2" is not gpt-4o-mini): pricing it as the shorter name is the fuzzy
	 * match of FORMATS.md pitfall 12 */
	lc_catalog_model m;
	CHECK_INT(find("anthropic", "claude-sonnet-4-5-20250929-v1:0", &m), 0);
	CHECK_STR(m.model, "claude-sonnet-4-5");
	CHECK(find("openai", "gpt-4o-mini-v2", &m) != 0);
	CHECK(find("", "o3-v2", &m) != 0);
	CHECK(find("", "gpt-5-v1", &m) != 0);
}
