/*
 * litellm.c - merges LiteLLM's model_prices_and_context_window.json into a catalog builder.
 *
 * LiteLLM is the supplement: it has no price history, but it is the only source of batch,
 * flex and priority rates, of context/output limits for many models, of Anthropic's fast-mode
 * multiplier, and of models genai-prices lacks. For each entry we find the genai-prices model
 * it describes (same provider after provider matching, same id, else the model's own match
 * rule) and add what it knows; an entry that matches nothing becomes a model of its own.
 *
 * Price keys are read by grammar rather than listed one by one:
 *   <base>[_above_<N>k_tokens][_batches|_flex|_priority]
 * with <base> one of input_cost_per_token, output_cost_per_token, cache_read_input_token_cost,
 * cache_creation_input_token_cost, cache_creation_input_token_cost_above_1hr. "_above_Nk"
 * becomes a long-context level with threshold N*1000 (chosen when total input > threshold).
 */
#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "catalog/catalog.h"

#define LL_THRESH (CAT_LEVELS)

/* Prices of one service tier collected from an entry: levels by threshold. */
typedef struct ll_svc {
	int nth;
	int64_t th[LL_THRESH];
	int64_t rate[LL_THRESH][CAT_K_N];
	uint8_t has[LL_THRESH];
} ll_svc;

static const struct { const char *base; int kind; } bases[] = {
	{"cache_creation_input_token_cost_above_1hr", CAT_K_CACHE_WRITE_1H},
	{"cache_creation_input_token_cost", CAT_K_CACHE_WRITE_5M},
	{"cache_read_input_token_cost", CAT_K_CACHE_READ},
	{"input_cost_per_token", CAT_K_INPUT},
	{"output_cost_per_token", CAT_K_OUTPUT},
};

static int ends_with(const char *s, size_t n, const char *suf, size_t *rest)
{
	size_t k = strlen(suf);
	if (n < k || memcmp(s + n - k, suf, k) != 0)
		return 0;
	*rest = n - k;
	return 1;
}

/* Split a LiteLLM key into (service tier, threshold, kind); 0 when it is not a token price. */
static int parse_key(const char *key, int *svc, int64_t *th, int *kind)
{
	size_t n = strlen(key), rest;
	*svc = LC_TIER_STANDARD;
	*th = 0;
	if (ends_with(key, n, "_batches", &rest))
		*svc = LC_TIER_BATCH, n = rest;
	else if (ends_with(key, n, "_flex", &rest))
		*svc = LC_TIER_FLEX, n = rest;
	else if (ends_with(key, n, "_priority", &rest))
		*svc = LC_TIER_PRIORITY, n = rest;
	if (ends_with(key, n, "k_tokens", &rest)) {
		size_t d = rest;
		int64_t v = 0;
		while (d > 0 && key[d - 1] >= '0' && key[d - 1] <= '9')
			d--;
		if (d == rest || rest - d > 6 || d < 7 || memcmp(key + d - 7, "_above_", 7) != 0)
			return 0;
		for (size_t i = d; i < rest; i++)
			v = v * 10 + (key[i] - '0');
		*th = v * 1000;
		n = d - 7;
	}
	for (size_t i = 0; i < sizeof bases / sizeof bases[0]; i++)
		if (strlen(bases[i].base) == n && memcmp(key, bases[i].base, n) == 0) {
			*kind = bases[i].kind;
			return 1;
		}
	return 0;
}

static int svc_put(ll_svc *s, int64_t th, int kind, int64_t atto)
{
	int i;
	for (i = 0; i < s->nth && s->th[i] != th; i++)
		;
	if (i == s->nth) {
		if (s->nth == LL_THRESH)
			return LC_LIMIT;
		s->th[s->nth++] = th;
		memset(s->rate[i], 0, sizeof s->rate[i]);
		s->has[i] = 0;
	}
	s->rate[i][kind] = atto;
	s->has[i] |= (uint8_t)(1u << kind);
	return 0;
}

/* Emit one row for service tier svc of model m from the collected levels. */
static int svc_row(cat_builder *b, uint32_t m, int svc, ll_svc *s, lc_error *err)
{
	cat_row *r;
	int base = -1;
	char id[320];
	cat_model *mm;

	for (int i = 0; i < s->nth; i++)
		if (s->th[i] == 0)
			base = i;
	if (base < 0 || s->nth == 0)
		return 0; /* only long-context prices without a base: ignore */
	if (!(r = cat_builder_row(b, m)))
		return lc_error_set(err, LC_NOMEM, "litellm: out of memory");
	r->svc = (uint8_t)svc;
	r->source = CAT_SRC_LITELLM;
	r->has = s->has[base];
	/* levels sorted by threshold, level 0 the base */
	r->nlevels = 0;
	for (int64_t last = -1;;) {
		int pick = -1;
		for (int i = 0; i < s->nth; i++)
			if (s->th[i] > last && (pick < 0 || s->th[i] < s->th[pick]))
				pick = i;
		if (pick < 0)
			break;
		int l = r->nlevels++;
		r->threshold[l] = s->th[pick];
		for (int k = 0; k < CAT_K_N; k++)
			r->rate[l][k] = (s->has[pick] >> k & 1) ? s->rate[pick][k]
				      : l > 0 ? r->rate[l - 1][k] : 0;
		last = s->th[pick];
	}
	mm = cat_builder_model_at(b, m);
	snprintf(id, sizeof id, "%s/%s@-%s%s",
		 cat_builder_strat(b, cat_builder_provider_at(b, mm->provider)->id),
		 cat_builder_strat(b, mm->id), svc ? "#" : "", svc ? lc_tier_name((lc_tier)svc) : "");
	r->id = cat_builder_str(b, id, (size_t)-1);
	return 0;
}

/* tiered_pricing: [{"input_cost_per_token": x, ..., "range": [lo, hi]}, ...] */
static int read_tiered(json_object *t, ll_svc *s)
{
	size_t n = json_object_array_length(t);
	for (size_t i = 0; i < n; i++) {
		json_object *e = json_object_array_get_idx(t, i), *range, *lo;
		lc_money m;
		int64_t th;
		if (!json_object_is_type(e, json_type_object) || !json_object_object_get_ex(e, "range", &range) ||
		    !json_object_is_type(range, json_type_array) || !(lo = json_object_array_get_idx(range, 0)) ||
		    lc_money_parse(json_object_get_string(lo), (size_t)-1, &m) != 0 ||
		    m.atto % 1000000000000000000LL != 0 || m.atto < 0)
			return LC_PARSE;
		th = (int64_t)(m.atto / 1000000000000000000LL);
		json_object_object_foreach(e, key, val) {
			int svc, kind;
			int64_t th2, atto;
			if (!parse_key(key, &svc, &th2, &kind) || svc || th2)
				continue;
			if (cat_price_per_token(json_object_get_string(val), &atto) != 0 ||
			    svc_put(s, th, kind, atto) != 0)
				return LC_PARSE;
		}
	}
	return 0;
}

static int is_priced_mode(json_object *o)
{
	json_object *mode;
	const char *m;
	if (!json_object_object_get_ex(o, "mode", &mode))
		return 1;
	m = json_object_get_string(mode);
	return strcmp(m, "chat") == 0 || strcmp(m, "completion") == 0 || strcmp(m, "responses") == 0 ||
	       strcmp(m, "embedding") == 0;
}

/* The genai-prices provider a LiteLLM provider name denotes (exact id, then the providers'
 * provider_match rules in order), or -1. */
static int64_t map_provider(cat_builder *b, const cat_layer *view, const char *lprov)
{
	int64_t p = cat_builder_find_provider(b, lprov);
	if (p >= 0)
		return p;
	for (uint32_t i = 0; i < view->nprovider; i++)
		if (view->providers[i].provider_rule != CAT_NONE &&
		    cat_rule_match(view, view->providers[i].provider_rule, lprov) == 1)
			return i;
	return -1;
}

static int64_t find_genai_model(cat_builder *b, const cat_layer *view, uint32_t p, const char *bare)
{
	int64_t m = cat_builder_find_model(b, p, bare);
	if (m >= 0)
		return m;
	for (uint32_t i = 0; i < view->nmodel; i++) {
		const cat_model *mm = &view->models[i];
		if (mm->provider == p && mm->source == CAT_SRC_GENAI && mm->rule != CAT_NONE &&
		    cat_rule_match(view, mm->rule, bare) == 1)
			return i;
	}
	return -1;
}

static int merge_entry(cat_builder *b, const cat_layer *view, uint32_t ngenai_prov, const char *key,
		       json_object *o, lc_error *err)
{
	json_object *v;
	ll_svc svc[4];
	const char *lprov, *bare = key, *slash;
	int64_t p, m;
	int created = 0, rc;

	if (strcmp(key, "sample_spec") == 0 || !json_object_is_type(o, json_type_object) ||
	    !json_object_object_get_ex(o, "litellm_provider", &v) || !is_priced_mode(o))
		return 0;
	lprov = json_object_get_string(v);
	if (!*lprov || strlen(lprov) >= LC_PROVIDER_MAX || !*key || strlen(key) >= LC_MODEL_MAX)
		return lc_error_set(err, LC_PARSE, "[\"%.60s\"]: model names are 1-%d bytes, providers 1-%d",
				    key, LC_MODEL_MAX - 1, LC_PROVIDER_MAX - 1);
	memset(svc, 0, sizeof svc);
	json_object_object_foreach(o, k, val) {
		int s, kind;
		int64_t th, atto;
		if (!parse_key(k, &s, &th, &kind))
			continue;
		if (cat_price_per_token(json_object_get_string(val), &atto) != 0)
			return lc_error_set(err, LC_PARSE, "[\"%s\"].%s: bad price", key, k);
		if (svc_put(&svc[s], th, kind, atto) != 0)
			return lc_error_set(err, LC_LIMIT, "[\"%s\"]: too many long-context tiers", key);
	}
	if (json_object_object_get_ex(o, "tiered_pricing", &v) && json_object_is_type(v, json_type_array) &&
	    svc[0].nth == 0 && read_tiered(v, &svc[0]) != 0)
		return lc_error_set(err, LC_PARSE, "[\"%s\"].tiered_pricing: bad tier", key);
	if (svc[0].nth == 0)
		return 0; /* not priced per token */

	/* "gemini/gemini-2.5-pro" under provider "gemini": the bare name is the model */
	if ((slash = strchr(key, '/')) != NULL && (size_t)(slash - key) <= strlen(lprov) &&
	    strncmp(key, lprov, (size_t)(slash - key)) == 0)
		bare = slash + 1;
	p = map_provider(b, view, lprov);
	m = p >= 0 && (uint32_t)p < ngenai_prov ? find_genai_model(b, view, (uint32_t)p, bare) : -1;
	if (m >= 0 && cat_builder_model_at(b, (uint32_t)m)->alias != CAT_NONE)
		return 0; /* already supplemented by an earlier entry */
	if (m < 0) {
		if (p < 0 && (p = cat_builder_provider(b, lprov)) < 0)
			return lc_error_set(err, LC_NOMEM, "litellm: out of memory");
		if (cat_builder_find_model(b, (uint32_t)p, bare) >= 0)
			return 0; /* a duplicate spelling of a model we already took */
		if ((m = cat_builder_model(b, (uint32_t)p, bare)) < 0)
			return lc_error_set(err, LC_NOMEM, "litellm: out of memory");
		cat_builder_model_at(b, (uint32_t)m)->source = CAT_SRC_LITELLM;
		created = 1;
	}
	cat_builder_model_at(b, (uint32_t)m)->alias = cat_builder_str(b, key, (size_t)-1);
	{
		cat_model *mm = cat_builder_model_at(b, (uint32_t)m);
		if (!mm->context_window && json_object_object_get_ex(o, "max_input_tokens", &v) &&
		    json_object_is_type(v, json_type_int) && json_object_get_int64(v) > 0)
			mm->context_window = json_object_get_int64(v);
		if (json_object_object_get_ex(o, "max_output_tokens", &v) && json_object_is_type(v, json_type_int) &&
		    json_object_get_int64(v) > 0)
			mm->max_output = json_object_get_int64(v);
		if (json_object_object_get_ex(o, "provider_specific_entry", &v) &&
		    json_object_object_get_ex(v, "fast", &v)) {
			lc_money f;
			if (lc_money_parse(json_object_get_string(v), (size_t)-1, &f) == 0 && f.atto > 0 &&
			    f.atto <= (lc_i128)INT64_MAX)
				mm->fast_mult = (int64_t)f.atto;
		}
	}
	for (int s = created ? 0 : 1; s < 4; s++)
		if ((rc = svc_row(b, (uint32_t)m, s, &svc[s], err)) != 0)
			return rc;
	return 0;
}

int cat_load_litellm(cat_builder *b, json_object *root, const char *name, lc_error *err)
{
	uint32_t ngenai;
	int rc;

	if (!json_object_is_type(root, json_type_object))
		return lc_error_set(err, LC_PARSE, "%s: LiteLLM data is an object of models", name);
	ngenai = cat_builder_nprovider(b); /* providers from genai-prices (or none) */
	json_object_object_foreach(root, key, val) {
		cat_layer view;
		/* a fresh view each time: merging adds strings and models */
		cat_builder_view(b, &view);
		if ((rc = merge_entry(b, &view, ngenai, key, val, err)) != 0)
			return rc;
	}
	return 0;
}
