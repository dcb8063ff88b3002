/*
 * record.c - the normalized usage record: initialization, tags, service-tier names and
 * provider ids. The per-provider normalizers that fill it live beside this file.
 */
#include <ctype.h>
#include <string.h>

#include "usage/usage_int.h"

void lc_usage_init(lc_usage *u)
{
	memset(u, 0, sizeof *u);
	u->tier = LC_TIER_STANDARD;
}

const char *lc_tier_name(lc_tier t)
{
	switch (t) {
	case LC_TIER_STANDARD: return "standard";
	case LC_TIER_BATCH: return "batch";
	case LC_TIER_FLEX: return "flex";
	case LC_TIER_PRIORITY: return "priority";
	}
	return "standard";
}

int lc_tier_parse(const char *s, lc_tier *out)
{
	static const struct {
		const char *name;
		lc_tier tier;
	} names[] = {
		{"standard", LC_TIER_STANDARD}, {"default", LC_TIER_STANDARD},
		{"auto", LC_TIER_STANDARD},     {"on_demand", LC_TIER_STANDARD},
		{"batch", LC_TIER_BATCH},       {"flex", LC_TIER_FLEX},
		{"flex-tier", LC_TIER_FLEX},    {"flex_discount", LC_TIER_FLEX},
		{"priority", LC_TIER_PRIORITY}, {"priority_on_demand", LC_TIER_PRIORITY},
		{"scale", LC_TIER_PRIORITY},
	};
	size_t i;
	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (strcmp(s, names[i].name) == 0) {
			*out = names[i].tier;
			return LC_OK;
		}
	}
	return LC_NOTFOUND;
}

int lc_usage_set_tag(lc_usage *u, const char *key, const char *val)
{
	int i;
	if (strlen(key) >= LC_TAG_KEY_MAX || strlen(val) >= LC_TAG_VAL_MAX || !*key)
		return LC_INVAL;
	for (i = 0; i < u->ntags; i++)
		if (strcmp(u->tags[i].key, key) == 0)
			break;
	if (i == u->ntags) {
		if (u->ntags == LC_TAGS_MAX)
			return LC_LIMIT;
		u->ntags++;
		memcpy(u->tags[i].key, key, strlen(key) + 1); /* length checked above */
	}
	memcpy(u->tags[i].val, val, strlen(val) + 1);
	return LC_OK;
}

const char *lc_usage_get_tag(const lc_usage *u, const char *key)
{
	int i;
	for (i = 0; i < u->ntags; i++)
		if (strcmp(u->tags[i].key, key) == 0)
			return u->tags[i].val;
	return NULL;
}

/* Spellings seen in hints, OTel gen_ai.provider.name / gen_ai.system values and exports,
 * mapped to the catalog's provider ids (genai-prices ids). */
static const struct {
	const char *alias;
	const char *id;
} provider_aliases[] = {
	{"xai", "x-ai"},           {"grok", "x-ai"},           {"moonshot", "moonshotai"},
	{"kimi", "moonshotai"},    {"gemini", "google"},       {"gcp.gemini", "google"},
	{"gcp.vertex_ai", "google"}, {"gcp.gen_ai", "google"}, {"vertex", "google"},
	{"vertex_ai", "google"},   {"google-vertex", "google"}, {"google-gla", "google"},
	{"aws.bedrock", "aws"},    {"bedrock", "aws"},         {"azure.ai.openai", "azure"},
	{"azure.ai.inference", "azure"}, {"azure-openai", "azure"}, {"claude", "anthropic"},
	{"mistral_ai", "mistral"}, {"mistralai", "mistral"},   {"deepseek-ai", "deepseek"},
	{"together_ai", "together"}, {"togetherai", "together"}, {"fireworks_ai", "fireworks"},
	{"zhipu", "zhipuai"},      {"z.ai", "zai"},            {"ibm.watsonx.ai", "ibm"},
};

int lc_provider_normalize(const char *name, char out[LC_PROVIDER_MAX])
{
	char low[LC_PROVIDER_MAX];
	size_t i, n = strlen(name);

	if (n == 0 || n >= LC_PROVIDER_MAX)
		return LC_INVAL;
	for (i = 0; i <= n; i++)
		low[i] = (char)tolower((unsigned char)name[i]);
	for (i = 0; i < sizeof provider_aliases / sizeof provider_aliases[0]; i++) {
		if (strcmp(low, provider_aliases[i].alias) == 0) {
			memcpy(out, provider_aliases[i].id, strlen(provider_aliases[i].id) + 1);
			return LC_OK;
		}
	}
	memcpy(out, low, n + 1);
	return LC_OK;
}

void lcu_set_provider(lc_usage *u, const char *hint, const char *fallback)
{
	if (!hint || lc_provider_normalize(hint, u->provider) != LC_OK)
		lcu_copy(u->provider, sizeof u->provider, fallback);
}

void lcu_set_tier(lc_usage *u, const char *tier)
{
	lc_tier t;

	if (!tier || !*tier)
		return;
	if (lc_tier_parse(tier, &t) == LC_OK)
		u->tier = t;
	else
		lc_usage_set_tag(u, "service_tier", tier); /* kept visible, priced as standard */
}
