/*
 * match.c - evaluates genai-prices match rules (equals, starts_with, ends_with, contains,
 * regex, or, and) against a name. As in genai-prices, the string operators ignore ASCII case
 * ("GPT-5" is "gpt-5") and regular expressions do not. Regular expressions use PCRE2 with
 * search semantics (as genai-prices' re.search / RegExp.test: "^(?!.*-tts)" is a look-ahead
 * guard, not a whole-name match). Compiled patterns are kept in a small
 * process-wide cache keyed by pattern text, guarded by a mutex, so a rule is compiled once.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "catalog/catalog.h"

#define RX_CACHE 512 /* power of two; patterns beyond it are compiled per call */

static struct rx_slot {
	char *pattern;
	pcre2_code *code;
} rx_cache[RX_CACHE];
static pthread_mutex_t rx_lock = PTHREAD_MUTEX_INITIALIZER;

static pcre2_code *rx_compile(const char *pattern)
{
	int errcode;
	PCRE2_SIZE erroff;
	return pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, 0,
			     &errcode, &erroff, NULL);
}

int cat_regex_valid(const char *pattern)
{
	pcre2_code *c = rx_compile(pattern);
	pcre2_code_free(c);
	return c != NULL;
}

/* Returns a cached compiled pattern (*owned = 0) or a fresh one the caller frees (*owned = 1). */
static pcre2_code *rx_get(const char *pattern, int *owned)
{
	uint32_t h = 2166136261u;
	pcre2_code *code = NULL;
	*owned = 0;
	for (const char *p = pattern; *p; p++)
		h = (h ^ (unsigned char)*p) * 16777619u;
	pthread_mutex_lock(&rx_lock);
	for (uint32_t i = 0; i < 8; i++) {
		struct rx_slot *s = &rx_cache[(h + i) & (RX_CACHE - 1)];
		if (s->pattern && strcmp(s->pattern, pattern) == 0) {
			code = s->code;
			break;
		}
		if (!s->pattern) {
			if ((code = rx_compile(pattern)) && (s->pattern = strdup(pattern)))
				s->code = code;
			else if (code)
				*owned = 1;
			break;
		}
	}
	pthread_mutex_unlock(&rx_lock);
	if (!code && !*owned && (code = rx_compile(pattern)))
		*owned = 1;
	return code;
}

static int rx_search(const char *pattern, const char *s)
{
	int owned, rc;
	pcre2_code *code = rx_get(pattern, &owned);
	pcre2_match_data *md;
	if (!code)
		return 0; /* an invalid pattern matches nothing */
	md = pcre2_match_data_create_from_pattern(code, NULL);
	rc = md ? pcre2_match(code, (PCRE2_SPTR)s, strlen(s), 0, 0, md, NULL) : -1;
	pcre2_match_data_free(md);
	if (owned)
		pcre2_code_free(code);
	return rc >= 0;
}

int cat_rule_match(const cat_layer *l, uint32_t r, const char *s)
{
	const cat_rule *rule;
	const char *op;
	size_t n, k;

	if (r == CAT_NONE || r >= l->nrule)
		return 0;
	rule = &l->rules[r];
	op = l->strings + rule->str;
	switch (rule->op) {
	case CAT_R_EQUALS: return strcasecmp(s, op) == 0;
	case CAT_R_STARTS: return strncasecmp(s, op, strlen(op)) == 0;
	case CAT_R_ENDS:
		n = strlen(s), k = strlen(op);
		return n >= k && strcasecmp(s + n - k, op) == 0;
	case CAT_R_CONTAINS: return strcasestr(s, op) != NULL;
	case CAT_R_REGEX: return rx_search(op, s);
	case CAT_R_OR:
		for (uint32_t i = 0; i < rule->nkid; i++)
			if (cat_rule_match(l, rule->kid0 + i, s))
				return 1;
		return 0;
	case CAT_R_AND:
		for (uint32_t i = 0; i < rule->nkid; i++)
			if (!cat_rule_match(l, rule->kid0 + i, s))
				return 0;
		return rule->nkid > 0;
	}
	return 0;
}
