/*
 * catalog.c - the lc_catalog handle: layers (a user override first, then the bundled data),
 * model resolution by exact ordered rules, price-row selection by time and service tier,
 * and the browsing API (count / model_at / row / find) that `prices list|show` use.
 *
 * Model resolution, in order, stopping at the first hit (docs/prices.md says the same):
 *   0. with no provider, a name "P/model" whose P is a provider is looked up as (P, model);
 *   1. names tried: the name as given; without a known provider prefix ("openai/",
 *      "models/", "us.anthropic."); each of those without a date suffix (-20250929,
 *      -2025-08-07, @20250929) or a Bedrock version suffix (-v1:0);
 *   2. for each name and each layer: the provider given (its id, else a provider whose
 *      provider_match rule accepts the spelling) - a model with that exact id or alias, then
 *      the first model whose match rule accepts the name; then the provider's fallbacks;
 *   3. with no provider: providers whose model_match accepts the name, in catalog order;
 *      then any provider's model with that exact id.
 * Steps 0-3 run on the user's layer alone first, then on all layers, so a user's model
 * wins under any of its candidate names.
 * Nothing is fuzzy: every step is an exact comparison (ignoring ASCII case, as genai-prices
 * does) or a rule from the data.
 * Results are cached per catalog (mutex-guarded) because a ledger import prices millions
 * of records with a handful of distinct names.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "catalog/catalog_impl.h"

static const char *source_name(uint8_t s)
{
	return s == CAT_SRC_GENAI ? "genai-prices" : s == CAT_SRC_LITELLM ? "litellm" : "override";
}

void lc_catalog_free(lc_catalog *cat)
{
	if (!cat)
		return;
	for (int i = 0; i < 2; i++)
		cat_builder_free(cat->owned[i]);
	for (size_t i = 0; i < CAT_CACHE; i++)
		free(cat->cache[i].key);
	free(cat->disc);
	pthread_mutex_destroy(&cat->lock);
	free(cat);
}

const char *lc_catalog_version(const lc_catalog *cat) { return cat ? cat->version : ""; }

lc_catalog *cat_new(void)
{
	lc_catalog *cat = calloc(1, sizeof *cat);
	if (cat)
		pthread_mutex_init(&cat->lock, NULL);
	return cat;
}

/* ------------------------------------------------------------------ names */

static const char *const prefixes[] = {
	"openai/", "anthropic/", "google/", "models/", "gemini/", "vertex_ai/", "bedrock/",
	"azure/", "xai/", "x-ai/", "deepseek/", "mistral/", "groq/", "openrouter/",
	"us.", "eu.", "apac.", "global.", "jp.", "au.", "us-gov.",
	"anthropic.", "openai.", "amazon.", "meta.", "mistral.", "deepseek.",
};

static int digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/* Strip known provider prefixes, repeatedly ("bedrock/us.anthropic.claude" -> "claude"). */
static void strip_prefixes(char *s)
{
	for (int again = 1; again;) {
		again = 0;
		for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++) {
			size_t k = strlen(prefixes[i]);
			if (strncmp(s, prefixes[i], k) == 0 && s[k]) {
				memmove(s, s + k, strlen(s + k) + 1);
				again = 1;
			}
		}
	}
}

/* Strip one date or version suffix: -YYYYMMDD, -YYYY-MM-DD, @YYYYMMDD, -vN:N (Bedrock). */
static void strip_date(char *s)
{
	size_t n = strlen(s);
	char *c;
	if (n > 9 && (s[n - 9] == '-' || s[n - 9] == '@') && digits(s + n - 8, 8) && s[n - 8] == '2') {
		s[n - 9] = '\0';
		return;
	}
	if (n > 11 && s[n - 11] == '-' && digits(s + n - 10, 4) && s[n - 6] == '-' &&
	    digits(s + n - 5, 2) && s[n - 3] == '-' && digits(s + n - 2, 2)) {
		s[n - 11] = '\0';
		return;
	}
	if ((c = strrchr(s, '-')) && c[1] == 'v' && c[2] >= '0' && c[2] <= '9' && c > s) {
		const char *p = c + 2;
		while (*p >= '0' && *p <= '9')
			p++;
		/* only Bedrock's "-vN:M": a bare "-v2" names another model, not a version */
		if (*p != ':' || !(p[1] >= '0' && p[1] <= '9'))
			return;
		for (p++; *p >= '0' && *p <= '9'; p++)
			;
		if (!*p)
			*c = '\0';
	}
}

/* The ordered candidate names for model; returns how many (<= 4), duplicates removed. */
static int candidates(const char *model, char out[4][LC_MODEL_MAX])
{
	int n = 0;
	char tmp[4][LC_MODEL_MAX];
	snprintf(tmp[0], LC_MODEL_MAX, "%s", model);
	snprintf(tmp[1], LC_MODEL_MAX, "%s", model);
	strip_prefixes(tmp[1]);
	snprintf(tmp[2], LC_MODEL_MAX, "%s", tmp[0]);
	strip_date(tmp[2]);
	strip_date(tmp[2]); /* "-20250929-v1:0": the version, then the date */
	snprintf(tmp[3], LC_MODEL_MAX, "%s", tmp[1]);
	strip_date(tmp[3]);
	strip_date(tmp[3]);
	for (int i = 0; i < 4; i++) {
		int dup = !tmp[i][0];
		for (int j = 0; j < n; j++)
			dup |= strcmp(out[j], tmp[i]) == 0;
		if (!dup)
			memcpy(out[n++], tmp[i], LC_MODEL_MAX);
	}
	return n;
}

/* ------------------------------------------------------------------ resolution */

static int64_t find_in_provider(const cat_layer *l, uint32_t p, const char *name)
{
	const cat_provider *pv = &l->providers[p];
	for (uint32_t i = pv->model0; i < pv->model0 + pv->nmodel; i++) {
		const cat_model *m = &l->models[i];
		if (strcasecmp(l->strings + m->id, name) == 0 ||
		    (m->alias != CAT_NONE && strcasecmp(l->strings + m->alias, name) == 0))
			return i;
	}
	for (uint32_t i = pv->model0; i < pv->model0 + pv->nmodel; i++)
		if (l->models[i].rule != CAT_NONE && cat_rule_match(l, l->models[i].rule, name) == 1)
			return i;
	return -1;
}

int64_t cat_find_provider(const cat_layer *l, const char *provider)
{
	for (uint32_t i = 0; i < l->nprovider; i++)
		if (strcasecmp(l->strings + l->providers[i].id, provider) == 0)
			return i;
	for (uint32_t i = 0; i < l->nprovider; i++)
		if (l->providers[i].provider_rule != CAT_NONE &&
		    cat_rule_match(l, l->providers[i].provider_rule, provider) == 1)
			return i;
	return -1;
}

/* Search provider (and its fallback list) in the first nl layers for name. */
static int find_with_provider(const lc_catalog *cat, int nl, const char *provider, const char *name,
			      cat_ref *out)
{
	for (int li = 0; li < nl; li++) {
		const cat_layer *l = &cat->layers[li];
		int64_t p = cat_find_provider(l, provider), m;
		if (p < 0)
			continue;
		if ((m = find_in_provider(l, (uint32_t)p, name)) >= 0) {
			out->layer = li, out->model = (uint32_t)m;
			return 1;
		}
	}
	for (int li = 0; li < nl; li++) {
		const cat_layer *l = &cat->layers[li];
		int64_t p = cat_find_provider(l, provider);
		const char *fb;
		if (p < 0 || !(fb = cat_str(l, l->providers[p].fallback)))
			continue;
		while (*fb) {
			char one[LC_PROVIDER_MAX];
			size_t k = strcspn(fb, ",");
			snprintf(one, sizeof one, "%.*s", (int)k, fb);
			for (int lj = 0; lj < nl; lj++) {
				const cat_layer *l2 = &cat->layers[lj];
				int64_t p2 = cat_find_provider(l2, one), m;
				if (p2 >= 0 && (m = find_in_provider(l2, (uint32_t)p2, name)) >= 0) {
					out->layer = lj, out->model = (uint32_t)m;
					return 1;
				}
			}
			fb += k + (fb[k] == ',');
		}
	}
	return 0;
}

static int find_inferred(const lc_catalog *cat, int nl, const char *name, cat_ref *out)
{
	for (int li = 0; li < nl; li++) {
		const cat_layer *l = &cat->layers[li];
		for (uint32_t p = 0; p < l->nprovider; p++) {
			int64_t m;
			if (l->providers[p].model_rule == CAT_NONE ||
			    cat_rule_match(l, l->providers[p].model_rule, name) != 1)
				continue;
			if ((m = find_in_provider(l, p, name)) >= 0) {
				out->layer = li, out->model = (uint32_t)m;
				return 1;
			}
		}
	}
	for (int li = 0; li < nl; li++) {
		const cat_layer *l = &cat->layers[li];
		for (uint32_t i = 0; i < l->nmodel; i++) {
			const cat_model *m = &l->models[i];
			if (strcasecmp(l->strings + m->id, name) == 0 ||
			    (m->alias != CAT_NONE && strcasecmp(l->strings + m->alias, name) == 0)) {
				out->layer = li, out->model = i;
				return 1;
			}
		}
	}
	return 0;
}

static int resolve_in(const lc_catalog *cat, int nl, const char *provider, const char *model,
		      cat_ref *out)
{
	char names[4][LC_MODEL_MAX];
	const char *slash = strchr(model, '/');
	int n;
	/* "openai/gpt-5" with no provider: the prefix names the provider */
	if ((!provider || !*provider) && slash && slash > model &&
	    (size_t)(slash - model) < LC_PROVIDER_MAX) {
		char prov[LC_PROVIDER_MAX];
		snprintf(prov, sizeof prov, "%.*s", (int)(slash - model), model);
		n = candidates(slash + 1, names);
		for (int i = 0; i < n; i++)
			if (find_with_provider(cat, nl, prov, names[i], out))
				return 1;
	}
	n = candidates(model, names);
	for (int i = 0; i < n; i++)
		if (provider && *provider ? find_with_provider(cat, nl, provider, names[i], out)
					  : find_inferred(cat, nl, names[i], out))
			return 1;
	return 0;
}

/* The user's layer first with every candidate name, then all layers: a negotiated "gpt-5"
 * must price "gpt-5-2025-08-07" too, although a bundled match rule accepts that name
 * as it is, before its date is stripped. */
static int resolve_uncached(const lc_catalog *cat, const char *provider, const char *model,
			    cat_ref *out)
{
	return (cat->nlayers > 1 && resolve_in(cat, cat->nlayers - 1, provider, model, out)) ||
	       resolve_in(cat, cat->nlayers, provider, model, out);
}

int cat_resolve(const lc_catalog *cat, const char *provider, const char *model, cat_ref *out)
{
	lc_catalog *c = (lc_catalog *)cat; /* the cache is logically const */
	char key[LC_PROVIDER_MAX + LC_MODEL_MAX + 2];
	uint32_t h = 2166136261u;
	size_t klen;
	int found;

	if (!model || !*model)
		return 0;
	{
		size_t pl = provider ? strlen(provider) : 0, ml = strlen(model);
		if (pl + ml + 2 > sizeof key || pl > 120)
			return resolve_uncached(cat, provider, model, out);
		/* a length byte, not a separator: names may contain any byte but NUL */
		key[0] = (char)(pl + 1);
		memcpy(key + 1, provider ? provider : "", pl);
		memcpy(key + pl + 1, model, ml + 1);
		klen = pl + 1 + ml;
	}
	for (size_t i = 0; i < klen; i++)
		h = (h ^ (unsigned char)key[i]) * 16777619u;
	pthread_mutex_lock(&c->lock);
	for (uint32_t i = 0; i < 16; i++) {
		cat_cache_slot *s = &c->cache[(h + i) & (CAT_CACHE - 1)];
		if (!s->key)
			break;
		if (strcmp(s->key, key) == 0) {
			*out = s->ref;
			found = s->found;
			pthread_mutex_unlock(&c->lock);
			return found;
		}
	}
	pthread_mutex_unlock(&c->lock);

	found = resolve_uncached(cat, provider, model, out);

	pthread_mutex_lock(&c->lock);
	for (uint32_t i = 0; i < 16; i++) {
		cat_cache_slot *s = &c->cache[(h + i) & (CAT_CACHE - 1)];
		if (s->key && strcmp(s->key, key) == 0)
			break;
		if (!s->key) {
			if ((s->key = strdup(key))) {
				s->ref = *out;
				s->found = found;
			}
			break;
		}
	}
	pthread_mutex_unlock(&c->lock);
	return found;
}

/* ------------------------------------------------------------------ rows */

static int row_applies(const cat_row *r, lc_time_ms at)
{
	if (r->start != CAT_NO_START && at < r->start)
		return 0;
	if (r->tod_start >= 0) {
		int64_t sec = ((at / 1000) % 86400 + 86400) % 86400;
		if (r->tod_start <= r->tod_end ? !(sec >= r->tod_start && sec < r->tod_end)
					       : !(sec >= r->tod_start || sec < r->tod_end))
			return 0;
	}
	return 1;
}

/* Which of a model's rows prices a record at `at` in `tier` (falling back to standard rows
 * when the tier has none): among the rows whose constraints hold, the one with the latest
 * start date, whatever the rows' order in the file (a user lists negotiated prices in any
 * order); between rows with the same start, the later in the file. A row without a start
 * date is the oldest, except a time-of-day row (an off-peak price), which belongs to the
 * period of the latest-starting row before it, as in genai-prices' lists
 * [base, from 2026-08-17, off-peak]: there the off-peak row still wins in its hours. When no
 * row holds (every start is later), the earliest row applies. On lists in date order - all
 * of the bundled data - this is genai-prices' rule, "the last row that holds". */
const cat_row *cat_select_row(const cat_layer *l, const cat_model *m, lc_time_ms at, lc_tier tier)
{
	const cat_row *pick = NULL, *first = NULL;
	int64_t pick_key = 0, first_key = 0;
	int want = tier;
	for (int pass = 0; pass < 2 && !first; pass++, want = LC_TIER_STANDARD) {
		int64_t latest = CAT_NO_START; /* the latest start among the rows so far */
		for (uint32_t i = m->row0; i < m->row0 + m->nrow; i++) {
			const cat_row *r = &l->rows[i];
			int64_t key;
			if (r->svc != want)
				continue;
			key = r->start != CAT_NO_START ? r->start
			      : r->tod_start >= 0      ? latest
						       : CAT_NO_START;
			if (r->start > latest)
				latest = r->start;
			if (!first || key < first_key)
				first = r, first_key = key;
			if (row_applies(r, at) && (!pick || key >= pick_key))
				pick = r, pick_key = key;
		}
	}
	return pick ? pick : first;
}

void cat_fill_rates(const lc_catalog *cat, cat_ref ref, const cat_row *r, lc_rates *out)
{
	const cat_layer *l = &cat->layers[ref.layer];
	const cat_model *m = &l->models[ref.model];
	memset(out, 0, sizeof *out);
	snprintf(out->provider, sizeof out->provider, "%s", l->strings + l->providers[m->provider].id);
	snprintf(out->model, sizeof out->model, "%s", l->strings + m->id);
	snprintf(out->name, sizeof out->name, "%s", l->strings + m->name);
	out->context_window = m->context_window;
	out->max_output_tokens = m->max_output;
	out->fast_multiplier.atto = m->fast_mult;
	if (!r)
		return;
	snprintf(out->price_id, sizeof out->price_id, "%s", l->strings + r->id);
	snprintf(out->price_source, sizeof out->price_source, "%s", source_name(r->source));
	memcpy(out->currency, r->currency, 4);
	out->currency[3] = '\0';
	out->tier = (lc_tier)r->svc;
	out->start = r->start == CAT_NO_START ? LC_TIME_NONE : r->start;
	out->tod_start = r->tod_start;
	out->tod_end = r->tod_end;
	out->nlevels = r->nlevels;
	/* a tier-rule row: every token price is derived; fees are the standard row's as given */
	out->given = r->rule ? r->has & (1u << CAT_K_WEB_SEARCH | 1u << CAT_K_REQUEST) : r->has;
	for (int lv = 0; lv < r->nlevels && lv < LC_RATE_LEVELS; lv++) {
		out->threshold[lv] = r->threshold[lv];
		for (int k = 0; k < LC_KIND_COUNT; k++)
			out->rate[lv][k].atto = r->rate[lv][k];
	}
}

int lc_catalog_lookup(const lc_catalog *cat, const char *provider, const char *model, lc_time_ms at,
		      lc_tier tier, lc_rates *out, lc_error *err)
{
	cat_ref ref;
	const cat_row *r;
	if (!cat || !model || !out)
		return lc_error_set(err, LC_INVAL, "lc_catalog_lookup: missing argument");
	if (!cat_resolve(cat, provider, model, &ref))
		return lc_error_set(err, LC_UNPRICED, "no price known for model '%s'%s%s", model,
				    provider && *provider ? " of provider " : "", provider ? provider : "");
	r = cat_select_row(&cat->layers[ref.layer], &cat->layers[ref.layer].models[ref.model], at, tier);
	cat_fill_rates(cat, ref, r, out);
	if (!r)
		return lc_error_set(err, LC_UNPRICED, "model '%s' has no price rows", model);
	return 0;
}

/* ------------------------------------------------------------------ browsing */

size_t lc_catalog_count(const lc_catalog *cat)
{
	size_t n = 0;
	for (int i = 0; cat && i < cat->nlayers; i++)
		n += cat->layers[i].nmodel;
	return n;
}

static int ref_of(const lc_catalog *cat, size_t i, cat_ref *ref)
{
	for (int li = 0; cat && li < cat->nlayers; li++) {
		if (i < cat->layers[li].nmodel) {
			ref->layer = li, ref->model = (uint32_t)i;
			return 1;
		}
		i -= cat->layers[li].nmodel;
	}
	return 0;
}

int lc_catalog_model_at(const lc_catalog *cat, size_t i, lc_catalog_model *out)
{
	cat_ref ref;
	const cat_layer *l;
	const cat_model *m;
	if (!ref_of(cat, i, &ref))
		return LC_RANGE;
	l = &cat->layers[ref.layer];
	m = &l->models[ref.model];
	out->provider = l->strings + l->providers[m->provider].id;
	out->model = l->strings + m->id;
	out->name = l->strings + m->name;
	out->source = source_name(m->source);
	out->nrows = m->nrow;
	out->context_window = m->context_window;
	out->max_output_tokens = m->max_output;
	out->shadowed = 0;
	for (int li = 0; li < ref.layer; li++) {
		const cat_layer *o = &cat->layers[li];
		int64_t p = cat_find_provider(o, out->provider);
		const cat_provider *pv;
		if (p < 0)
			continue;
		pv = &o->providers[p];
		for (uint32_t k = pv->model0; k < pv->model0 + pv->nmodel; k++)
			out->shadowed |= strcmp(o->strings + o->models[k].id, out->model) == 0;
	}
	return 0;
}

int lc_catalog_row(const lc_catalog *cat, size_t i, size_t j, lc_rates *out)
{
	cat_ref ref;
	const cat_model *m;
	if (!ref_of(cat, i, &ref))
		return LC_RANGE;
	m = &cat->layers[ref.layer].models[ref.model];
	if (j >= m->nrow)
		return LC_RANGE;
	cat_fill_rates(cat, ref, &cat->layers[ref.layer].rows[m->row0 + j], out);
	return 0;
}

int lc_catalog_row_at(const lc_catalog *cat, size_t i, lc_time_ms at, lc_tier tier, lc_rates *out)
{
	cat_ref ref;
	const cat_layer *l;
	const cat_row *r;
	if (!ref_of(cat, i, &ref))
		return LC_RANGE;
	l = &cat->layers[ref.layer];
	r = cat_select_row(l, &l->models[ref.model], at, tier);
	cat_fill_rates(cat, ref, r, out);
	return r ? 0 : LC_UNPRICED;
}

int lc_catalog_find(const lc_catalog *cat, const char *provider, const char *model, size_t *index)
{
	cat_ref ref;
	size_t base = 0;
	if (!cat || !cat_resolve(cat, provider, model, &ref))
		return LC_UNPRICED;
	for (int li = 0; li < ref.layer; li++)
		base += cat->layers[li].nmodel;
	*index = base + ref.model;
	return 0;
}
