/*
 * price.c - the exact cost engine: one normalized usage record + the catalog -> lc_cost.
 *
 * The token kinds of lc_usage are disjoint (usage.h), so each is multiplied by its own
 * per-token price exactly once: cached input is never also billed as input, and a 1-hour
 * cache write has its own price. The long-context level is chosen once per request from
 * the total input including cache reads and writes, strictly above the threshold, and its
 * prices apply to every part of the request (input, cache, output). The price row is the
 * one in force at the record's timestamp for its service tier. Fast mode and negotiated
 * discounts multiply each part (rounded half-even to the atto unit), and the total is the
 * exact sum of the parts. Fast mode on a model with no known multiplier is priced at the
 * standard rates, visibly: its price_id ends in "[fast?]" for callers to warn about. A model the catalog does not know is unpriced: priced = 0 and
 * LC_UNPRICED, never a cost of zero.
 */
#include <stdio.h>
#include <string.h>

#include "catalog/catalog_impl.h"

#define TOKENS_MAX ((int64_t)1 << 50) /* sanity cap on one record's count */

static int mul(int64_t tokens, int64_t rate, lc_money *acc)
{
	lc_money x = {rate}, y;
	if (lc_money_mul_int(x, tokens, &y) != 0 || lc_money_add(*acc, y, acc) != 0)
		return LC_RANGE;
	return 0;
}

static void unpriced(const lc_catalog *cat, const lc_usage *u, lc_cost *out)
{
	memset(out, 0, sizeof *out);
	memcpy(out->currency, "USD", 4);
	cat_copy(out->provider, sizeof out->provider, u->provider);
	cat_copy(out->model, sizeof out->model, u->model);
	cat_copy(out->catalog_version, sizeof out->catalog_version, lc_catalog_version(cat));
}

/*
 * A record that carries no token counts (a provider cost export, a stream cut before its
 * usage arrived) cannot be priced from the catalog: zero tokens would read as "free". Its
 * cost is what the source reported when it reported one, else it is unknown (unpriced).
 */
static int price_without_usage(const lc_usage *u, lc_cost *out, lc_error *err)
{
	if (!u->has_source_cost)
		return lc_error_set(err, LC_UNPRICED, "%s: no usage reported, cost unknown",
				    u->model[0] ? u->model : "record");
	out->priced = 1;
	if (u->source_currency[0])
		cat_copy(out->currency, sizeof out->currency, u->source_currency);
	out->other = u->source_cost;
	out->total = u->source_cost;
	cat_copy(out->price_id, sizeof out->price_id, "source-reported");
	cat_copy(out->price_source, sizeof out->price_source, "source");
	return LC_OK;
}

/*
 * The input that chooses the long-context level. One request: its total input. A sum of many
 * (LC_USAGE_AGGREGATE, an admin usage report) says nothing about any one request: the
 * report's context_window group ("0-200k", "200k-1M") gives the requests' lower bound, so
 * "200k-1M" is "above 200000"; without the group, the base level.
 */
static int64_t aggregate_input(const lc_usage *u)
{
	const char *w;
	int64_t lo = 0;
	if (!(u->flags & LC_USAGE_AGGREGATE))
		return lc_usage_input_total(u);
	if (!(w = lc_usage_get_tag(u, "context_window")))
		return 0;
	for (; *w >= '0' && *w <= '9' && lo < INT64_C(1) << 40; w++)
		lo = lo * 10 + (*w - '0');
	if (*w == 'k' || *w == 'K')
		lo *= 1000;
	else if (*w == 'm' || *w == 'M')
		lo *= 1000000;
	return lo > 0 ? lo + 1 : 0; /* the bucket holds requests above its lower bound */
}

int lc_price_usage(const lc_catalog *cat, const lc_usage *u, lc_cost *out, lc_error *err)
{
	int64_t counts[6];
	lc_money *parts[5];
	cat_ref ref;
	const cat_layer *l;
	const cat_model *m;
	const cat_row *r;
	const int64_t *rate;
	lc_money factor;
	int64_t total_in;
	int lv = 0, rc = 0;

	if (!cat || !u || !out)
		return lc_error_set(err, LC_INVAL, "lc_price_usage: missing argument");
	unpriced(cat, u, out);
	counts[0] = u->input_tokens, counts[1] = u->cache_read_tokens;
	counts[2] = u->cache_write_5m_tokens, counts[3] = u->cache_write_1h_tokens;
	counts[4] = u->output_tokens, counts[5] = u->web_search_requests;
	for (size_t k = 0; k < sizeof counts / sizeof counts[0]; k++)
		if (counts[k] < 0 || counts[k] > TOKENS_MAX)
			return lc_error_set(err, LC_RANGE, "%s: token count %lld out of range", u->model,
					    (long long)counts[k]);
	if (u->flags & LC_USAGE_NO_USAGE)
		return price_without_usage(u, out, err);
	if (!cat_resolve(cat, u->provider, u->model, &ref))
		return lc_error_set(err, LC_UNPRICED, "no price known for model '%s'%s%s", u->model,
				    u->provider[0] ? " of provider " : "", u->provider);
	l = &cat->layers[ref.layer];
	m = &l->models[ref.model];
	if (!(r = cat_select_row(l, m, u->time, u->tier)))
		return lc_error_set(err, LC_UNPRICED, "model '%s' has no price rows", u->model);
	/* a kind the data has no price for must not silently cost nothing */
	if ((u->input_tokens > 0 && !(r->has >> CAT_K_INPUT & 1)) ||
	    (u->output_tokens > 0 && !(r->has >> CAT_K_OUTPUT & 1)))
		return lc_error_set(err, LC_UNPRICED, "model '%s' has no %s price", u->model,
				    u->input_tokens > 0 && !(r->has & 1) ? "input" : "output");

	total_in = aggregate_input(u);
	for (int i = 1; i < r->nlevels; i++)
		if (total_in > r->threshold[i])
			lv = i;
	rate = r->rate[lv];
	rc |= mul(u->input_tokens, rate[CAT_K_INPUT], &out->input);
	rc |= mul(u->cache_read_tokens, rate[CAT_K_CACHE_READ], &out->cache_read);
	rc |= mul(u->cache_write_5m_tokens, rate[CAT_K_CACHE_WRITE_5M], &out->cache_write);
	rc |= mul(u->cache_write_1h_tokens, rate[CAT_K_CACHE_WRITE_1H], &out->cache_write);
	rc |= mul(u->output_tokens, rate[CAT_K_OUTPUT], &out->output);
	if (r->has >> CAT_K_WEB_SEARCH & 1)
		rc |= mul(u->web_search_requests, rate[CAT_K_WEB_SEARCH], &out->other);
	if (r->has >> CAT_K_REQUEST & 1)
		rc |= mul(1, rate[CAT_K_REQUEST], &out->other); /* the record is one request */
	if (rc)
		return lc_error_set(err, LC_RANGE, "%s: cost out of range", u->model);

	parts[0] = &out->input, parts[1] = &out->cache_read, parts[2] = &out->cache_write;
	parts[3] = &out->output, parts[4] = &out->other;
	if ((u->flags & LC_USAGE_FAST) && m->fast_mult > 0) {
		factor.atto = m->fast_mult;
		for (int i = 0; i < 5; i++)
			if (lc_money_mul_dec(*parts[i], factor, parts[i]) != 0)
				return lc_error_set(err, LC_RANGE, "%s: cost out of range", u->model);
	}
	if (cat_discount_for(cat, l->strings + l->providers[m->provider].id, l->strings + m->id, u->time,
			     &factor))
		for (int i = 0; i < 5; i++)
			if (lc_money_mul_dec(*parts[i], factor, parts[i]) != 0)
				return lc_error_set(err, LC_RANGE, "%s: cost out of range", u->model);
	for (int i = 0; i < 5; i++)
		if (lc_money_add(out->total, *parts[i], &out->total) != 0)
			return lc_error_set(err, LC_RANGE, "%s: cost out of range", u->model);

	out->priced = 1;
	memcpy(out->currency, r->currency, 4);
	out->currency[3] = '\0';
	cat_copy(out->provider, sizeof out->provider, l->strings + l->providers[m->provider].id);
	cat_copy(out->model, sizeof out->model, l->strings + m->id);
	{
		/* the row, then which long-context level and multipliers applied */
		int n = (int)strlen(cat_copy(out->price_id, sizeof out->price_id, l->strings + r->id));
		if (lv && n > 0 && (size_t)n < sizeof out->price_id)
			n += snprintf(out->price_id + n, sizeof out->price_id - (size_t)n, "[>%lld]",
				      (long long)r->threshold[lv]);
		/* fast mode with no known multiplier is priced at standard rates, visibly */
		if ((u->flags & LC_USAGE_FAST) && n > 0 && (size_t)n < sizeof out->price_id)
			snprintf(out->price_id + n, sizeof out->price_id - (size_t)n, "%s",
				 m->fast_mult ? "[fast]" : "[fast?]");
	}
	cat_copy(out->price_source, sizeof out->price_source,
		 r->source == CAT_SRC_GENAI ? "genai-prices" : r->source == CAT_SRC_LITELLM ? "litellm" : "override");
	return 0;
}
