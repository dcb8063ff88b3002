/*
 * tiers.c - provider-level service-tier rules: the batch and flex prices a provider publishes
 * as one flat rule over its standard prices, for models the price data gives no tier row.
 *
 * Neither bundled source covers service tiers well: genai-prices has none, LiteLLM has
 * `*_batches` keys for about a hundred models and none for gpt-5. Pricing an OpenAI batch
 * record at the standard rate bills it double (FORMATS.md pitfall 14). Where the provider
 * states a single rule for every model, each standard row of a model without an explicit row
 * for the tier is copied into a tier row with the token prices scaled by the rule; web-search
 * and per-request fees are not token prices and stay as they are. Explicit rows always win:
 * a model with any row for the tier (LiteLLM, a user file) gets no rule rows for it. The
 * copies keep the standard rows' start dates, daily windows and long-context levels, so row
 * selection by time works as for standard. Their price_id ends in "#batch(rule)".
 *
 * Only rules the provider publishes are here (docs/prices.md cites each); a provider whose
 * discount varies by model or is not published as a rule gets none.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/catalog.h"

typedef struct tier_rule {
	const char *provider; /* catalog provider id */
	lc_tier tier;
	int64_t num, den;     /* token prices are num/den of standard */
} tier_rule;

static const tier_rule rules[] = {
	/* OpenAI Batch API: 50% off input and output (platform.openai.com/docs/guides/batch) */
	{"openai", LC_TIER_BATCH, 1, 2},
	/* OpenAI flex processing: "priced at Batch API rates" (docs/guides/flex-processing) */
	{"openai", LC_TIER_FLEX, 1, 2},
	/* Anthropic Message Batches: 50% of standard prices, cache prices included
	 * (docs.anthropic.com/en/docs/build-with-claude/batch-processing) */
	{"anthropic", LC_TIER_BATCH, 1, 2},
	/* Gemini API batch mode: 50% of the interactive price (ai.google.dev/gemini-api/docs/batch-mode) */
	{"google", LC_TIER_BATCH, 1, 2},
};

int cat_tier_rule(const char *provider, lc_tier tier, int64_t *num, int64_t *den)
{
	for (size_t i = 0; provider && i < sizeof rules / sizeof rules[0]; i++)
		if (rules[i].tier == tier && strcmp(rules[i].provider, provider) == 0) {
			*num = rules[i].num, *den = rules[i].den;
			return 1;
		}
	return 0;
}

/* The token kinds a rule scales (fees per search or per request are not token prices). */
static int is_token_kind(int k)
{
	return k != CAT_K_WEB_SEARCH && k != CAT_K_REQUEST;
}

/* Add the rule row for standard row `src` (a copy: adding rows may move the array). */
static int add_rule_row(cat_builder *b, const cat_row *src, lc_tier tier, int64_t num, int64_t den)
{
	char id[512];
	cat_row *r;
	uint32_t sid;
	snprintf(id, sizeof id, "%s#%s(rule)", cat_builder_strat(b, src->id), lc_tier_name(tier));
	if ((sid = cat_builder_str(b, id, (size_t)-1)) == CAT_NONE || !(r = cat_builder_row(b, src->model)))
		return LC_NOMEM;
	*r = *src;
	r->id = sid;
	r->svc = (uint8_t)tier;
	r->rule = 1;
	for (int l = 0; l < r->nlevels && l < CAT_LEVELS; l++)
		for (int k = 0; k < CAT_K_N; k++) {
			lc_money x = {r->rate[l][k]};
			if (is_token_kind(k) && lc_money_mul_ratio(x, num, den, &x) == 0)
				r->rate[l][k] = (int64_t)x.atto; /* num <= den: never grows */
		}
	return 0;
}

int cat_tier_rules(cat_builder *b)
{
	cat_layer v;
	uint8_t *tiers = NULL; /* per model: bit t set when the data has a row for tier t */
	uint32_t nrow, nmodel;
	int rc = 0;

	cat_builder_view(b, &v);
	nrow = v.nrow, nmodel = v.nmodel;
	if (nmodel == 0)
		return 0;
	if (!(tiers = calloc(nmodel, 1)))
		return LC_NOMEM;
	for (uint32_t i = 0; i < nrow; i++)
		tiers[v.rows[i].model] |= (uint8_t)(1u << v.rows[i].svc);
	for (uint32_t i = 0; i < nrow && rc == 0; i++) {
		cat_row src;
		char prov[LC_PROVIDER_MAX];
		cat_builder_view(b, &v); /* rows and strings added below may have moved the arrays */
		src = v.rows[i];
		if (src.svc != LC_TIER_STANDARD)
			continue;
		cat_copy(prov, sizeof prov, cat_builder_strat(b, v.providers[v.models[src.model].provider].id));
		for (int t = LC_TIER_BATCH; t <= LC_TIER_PRIORITY && rc == 0; t++) {
			int64_t num, den;
			if (!(tiers[src.model] >> t & 1) && cat_tier_rule(prov, (lc_tier)t, &num, &den))
				rc = add_rule_row(b, &src, (lc_tier)t, num, den);
		}
	}
	free(tiers);
	return rc;
}
