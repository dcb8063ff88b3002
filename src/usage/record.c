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
	size_t kl = strlen(key), vl = strlen(val);
	int i;
	if (kl >= LC_TAG_KEY_MAX || vl >= LC_TAG_VAL_MAX || !kl)
		return LC_INVAL;
	for (i = 0; i < u->ntags; i++)
		if (strcmp(u->tags[i].key, key) == 0)
			break;
	if (i == u->ntags) {
		if (u->ntags == LC_TAGS_MAX)
			return LC_LIMIT;
		u->ntags++;
		memcpy(u->tags[i].key, key, kl + 1); /* length checked above */
	}
	memcpy(u->tags[i].val, val, vl + 1);
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
 * mapped to the catalog's provider ids (genai-prices ids). With each alias its length:
 * most names looked up are no alias, and differ in length (the gateway looks up one per
 * response). */
#define A(s) s, sizeof(s) - 1
static const struct {
	const char *alias;
	size_t len;
	const char *id;
} provider_aliases[] = {
	{A("xai"), "x-ai"}, {A("grok"), "x-ai"}, {A("moonshot"), "moonshotai"},
	{A("kimi"), "moonshotai"}, {A("gemini"), "google"}, {A("gcp.gemini"), "google"},
	{A("gcp.vertex_ai"), "google"}, {A("gcp.gen_ai"), "google"}, {A("vertex"), "google"},
	{A("vertex_ai"), "google"}, {A("google-vertex"), "google"}, {A("google-gla"), "google"},
	{A("aws.bedrock"), "aws"}, {A("bedrock"), "aws"}, {A("azure.ai.openai"), "azure"},
	{A("azure.ai.inference"), "azure"}, {A("azure-openai"), "azure"}, {A("claude"), "anthropic"},
	{A("mistral_ai"), "mistral"}, {A("mistralai"), "mistral"}, {A("deepseek-ai"), "deepseek"},
	{A("together_ai"), "together"}, {A("togetherai"), "together"},
	{A("fireworks_ai"), "fireworks"}, {A("zhipu"), "zhipuai"}, {A("z.ai"), "zai"},
	{A("ibm.watsonx.ai"), "ibm"},
};
#undef A

int lc_provider_normalize(const char *name, char out[LC_PROVIDER_MAX])
{
	char low[LC_PROVIDER_MAX];
	size_t i, n = strlen(name);

	if (n == 0 || n >= LC_PROVIDER_MAX)
		return LC_INVAL;
	for (i = 0; i <= n; i++)
		low[i] = (char)tolower((unsigned char)name[i]);
	for (i = 0; i < sizeof provider_aliases / sizeof provider_aliases[0]; i++) {
		if (provider_aliases[i].len == n && memcmp(low, provider_aliases[i].alias, n) == 0) {
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
