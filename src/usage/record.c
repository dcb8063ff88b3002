/*
 * record.c - the normalized usage record: initialization, tags, service-tier names.
 * The per-provider normalizers that fill it live beside this file.
 */
#include <string.h>

#include "llmcost/usage.h"

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
