/*
 * override.c - llmcost's own price file (docs/formats/prices.md): private and self-hosted
 * models priced per million tokens, negotiated prices that replace list prices, and
 * percentage discounts on a provider or a model, each with an optional start date.
 *
 *   {"llmcost_prices": 1,
 *    "models": [{"provider": "selfhosted", "model": "llama-70b", "input_mtok": "0.20",
 *                "output_mtok": "0.60", "start_date": "2026-01-01"}],
 *    "discounts": [{"provider": "openai", "percent": "15", "start_date": "2026-03-01"}]}
 *
 * A model entry is either flat (price keys next to "model") or carries genai-prices style
 * "prices" (an object, with long-context tiers, or a list of dated rows). Entries naming
 * the same provider and model add rows to one model. Unknown fields are errors: a typo in
 * a price file must not silently price at list price.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <json-c/json.h>

#include "catalog/catalog_impl.h"

#define MAX_ENTRIES 100000

static const char *const model_fields[] = {
	"provider", "model", "alias", "name", "match", "currency", "tier", "context_window",
	"max_output_tokens", "prices", "start_date", "input_mtok", "cache_read_mtok",
	"cache_write_mtok", "cache_write_1h_mtok", "output_mtok", "web_searches_kcount",
	"requests_kcount", "fast_multiplier", "comment",
};
static const char *const price_fields[] = {
	"input_mtok", "cache_read_mtok", "cache_write_mtok", "cache_write_1h_mtok", "output_mtok",
	"web_searches_kcount", "requests_kcount",
};

static int known(const char *k, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(k, list[i]) == 0)
			return 1;
	return 0;
}

static int get_str(json_object *o, const char *key, const char *path, int required, size_t max,
		   const char **out, lc_error *err)
{
	json_object *v;
	*out = NULL;
	if (!json_object_object_get_ex(o, key, &v)) {
		if (required)
			return lc_error_set(err, LC_PARSE, "%s: missing \"%s\"", path, key);
		return 0;
	}
	if (!json_object_is_type(v, json_type_string) || json_object_get_string_len(v) == 0 ||
	    (size_t)json_object_get_string_len(v) >= max)
		return lc_error_set(err, LC_PARSE, "%s.%s: expected a string of 1-%zu bytes", path, key,
				    max - 1);
	*out = json_object_get_string(v);
	return 0;
}

static int get_count(json_object *o, const char *key, const char *path, int64_t *out, lc_error *err)
{
	json_object *v;
	if (!json_object_object_get_ex(o, key, &v))
		return 0;
	if (!json_object_is_type(v, json_type_int) || json_object_get_int64(v) < 0)
		return lc_error_set(err, LC_PARSE, "%s.%s: expected a non-negative integer", path, key);
	*out = json_object_get_int64(v);
	return 0;
}

static int load_model_entry(cat_builder *b, json_object *e, const char *path, lc_error *err)
{
	const char *prov, *model, *alias, *name, *cur, *tier_s, *start;
	json_object *v, *prices = NULL, *constraint = NULL;
	char currency[4] = "USD";
	lc_tier tier = LC_TIER_STANDARD;
	int64_t p, m;
	int rc, flat = 0;
	char sub[320];

	if (!json_object_is_type(e, json_type_object))
		return lc_error_set(err, LC_PARSE, "%s: expected an object", path);
	json_object_object_foreach(e, key, val) {
		(void)val;
		if (!known(key, model_fields, sizeof model_fields / sizeof model_fields[0]))
			return lc_error_set(err, LC_PARSE, "%s.%s: unknown field '%s'", path, key, key);
		flat |= known(key, price_fields, sizeof price_fields / sizeof price_fields[0]);
	}
	if ((rc = get_str(e, "provider", path, 1, LC_PROVIDER_MAX, &prov, err)) ||
	    (rc = get_str(e, "model", path, 1, LC_MODEL_MAX, &model, err)) ||
	    (rc = get_str(e, "alias", path, 0, LC_MODEL_MAX, &alias, err)) ||
	    (rc = get_str(e, "name", path, 0, LC_MODEL_MAX, &name, err)) ||
	    (rc = get_str(e, "currency", path, 0, 4, &cur, err)) ||
	    (rc = get_str(e, "tier", path, 0, 16, &tier_s, err)) ||
	    (rc = get_str(e, "start_date", path, 0, 40, &start, err)))
		return rc;
	if (cur) {
		if (strlen(cur) != 3 || cur[0] < 'A' || cur[0] > 'Z' || cur[1] < 'A' || cur[1] > 'Z' ||
		    cur[2] < 'A' || cur[2] > 'Z')
			return lc_error_set(err, LC_PARSE, "%s.currency: expected an ISO 4217 code like \"CNY\"",
					    path);
		memcpy(currency, cur, 4);
	}
	if (tier_s && lc_tier_parse(tier_s, &tier) != 0)
		return lc_error_set(err, LC_PARSE, "%s.tier: unknown service tier '%s'", path, tier_s);
	json_object_object_get_ex(e, "prices", &prices);
	if (prices && (flat || start))
		return lc_error_set(err, LC_PARSE, "%s.prices: give either \"prices\" or flat price fields "
				    "with \"start_date\", not both", path);
	if (!prices && !flat)
		return lc_error_set(err, LC_PARSE, "%s: no prices (input_mtok, output_mtok, ... or \"prices\")",
				    path);

	if ((p = cat_builder_provider(b, prov)) < 0)
		return lc_error_set(err, LC_NOMEM, "%s: out of memory", path);
	if ((m = cat_builder_find_model(b, (uint32_t)p, model)) < 0) {
		if ((m = cat_builder_model(b, (uint32_t)p, model)) < 0)
			return lc_error_set(err, LC_NOMEM, "%s: out of memory", path);
		cat_builder_model_at(b, (uint32_t)m)->source = CAT_SRC_OVERRIDE;
	}
	if (name)
		cat_builder_model_at(b, (uint32_t)m)->name = cat_builder_str(b, name, (size_t)-1);
	if (alias)
		cat_builder_model_at(b, (uint32_t)m)->alias = cat_builder_str(b, alias, (size_t)-1);
	if ((rc = get_count(e, "context_window", path, &cat_builder_model_at(b, (uint32_t)m)->context_window,
			    err)) ||
	    (rc = get_count(e, "max_output_tokens", path, &cat_builder_model_at(b, (uint32_t)m)->max_output,
			    err)))
		return rc;
	if (json_object_object_get_ex(e, "fast_multiplier", &v)) {
		lc_money f;
		if (lc_money_parse(json_object_get_string(v), (size_t)-1, &f) != 0 || f.atto <= 0 ||
		    f.atto > (lc_i128)INT64_MAX || json_object_is_type(v, json_type_object))
			return lc_error_set(err, LC_PARSE, "%s.fast_multiplier: expected a number 0-9", path);
		cat_builder_model_at(b, (uint32_t)m)->fast_mult = (int64_t)f.atto;
	}
	if (json_object_object_get_ex(e, "match", &v)) {
		uint32_t r;
		cat_path(sub, sizeof sub, "%s.match", path);
		if ((rc = cat_load_rule(b, v, sub, &r, err)) != 0)
			return rc;
		cat_builder_model_at(b, (uint32_t)m)->rule = r;
	}
	if (prices) {
		cat_path(sub, sizeof sub, "%s.prices", path);
		return cat_load_genai_prices(b, (uint32_t)m, prices, CAT_SRC_OVERRIDE, (uint8_t)tier,
					     currency, sub, err);
	}
	if (start) {
		if (!(constraint = json_object_new_object()))
			return lc_error_set(err, LC_NOMEM, "%s: out of memory", path);
		json_object_object_add(constraint, "type", json_object_new_string("start_date"));
		json_object_object_add(constraint, "start_date", json_object_new_string(start));
	}
	rc = cat_load_genai_row(b, (uint32_t)m, e, constraint, CAT_SRC_OVERRIDE, (uint8_t)tier, currency,
				path, err);
	json_object_put(constraint);
	if (rc == LC_PARSE && err && strstr(err->msg, ".constraint.start_date"))
		lc_error_set(err, LC_PARSE, "%s.start_date: expected a date YYYY-MM-DD", path);
	return rc;
}

static int load_discount(lc_catalog *cat, json_object *e, const char *path, lc_error *err)
{
	static const char *const fields[] = {"provider", "model", "percent", "start_date", "comment"};
	const char *prov, *model, *start;
	json_object *v;
	lc_money pct;
	cat_discount *d;
	int rc;

	if (!json_object_is_type(e, json_type_object))
		return lc_error_set(err, LC_PARSE, "%s: expected an object", path);
	json_object_object_foreach(e, key, val) {
		(void)val;
		if (!known(key, fields, sizeof fields / sizeof fields[0]))
			return lc_error_set(err, LC_PARSE, "%s.%s: unknown field '%s'", path, key, key);
	}
	if ((rc = get_str(e, "provider", path, 1, LC_PROVIDER_MAX, &prov, err)) ||
	    (rc = get_str(e, "model", path, 0, LC_MODEL_MAX, &model, err)) ||
	    (rc = get_str(e, "start_date", path, 0, 40, &start, err)))
		return rc;
	if (!json_object_object_get_ex(e, "percent", &v) ||
	    !(json_object_is_type(v, json_type_int) || json_object_is_type(v, json_type_double) ||
	      json_object_is_type(v, json_type_string)) ||
	    lc_money_parse(json_object_get_string(v), (size_t)-1, &pct) != 0 || pct.atto < 0 ||
	    pct.atto > (lc_i128)100 * 1000000000000000000LL || pct.atto % 100 != 0)
		return lc_error_set(err, LC_PARSE, "%s.percent: expected a percentage from 0 to 100", path);
	if (cat->ndisc >= 4096)
		return lc_error_set(err, LC_LIMIT, "%s: too many discounts (4096 at most)", path);
	if (!(d = realloc(cat->disc, (cat->ndisc + 1) * sizeof *d)))
		return lc_error_set(err, LC_NOMEM, "%s: out of memory", path);
	cat->disc = d;
	d = &cat->disc[cat->ndisc];
	memset(d, 0, sizeof *d);
	/* the provider as every other input spells it ("xai" is the catalog's "x-ai") */
	if (lc_provider_normalize(prov, d->provider) != LC_OK)
		return lc_error_set(err, LC_PARSE, "%s.provider: bad provider name", path);
	snprintf(d->model, sizeof d->model, "%s", model ? model : "");
	d->factor.atto = (lc_i128)1000000000000000000LL - pct.atto / 100;
	d->start = CAT_NO_START;
	if (start && lc_time_parse(start, (size_t)-1, 0, &d->start) != 0)
		return lc_error_set(err, LC_PARSE, "%s.start_date: expected a date YYYY-MM-DD", path);
	cat->ndisc++;
	return 0;
}

int cat_load_override(lc_catalog *cat, cat_builder *b, json_object *root, const char *name,
		      lc_error *err)
{
	json_object *models = NULL, *discounts = NULL, *ver;
	char path[64];
	int rc;

	if (!json_object_is_type(root, json_type_object))
		return lc_error_set(err, LC_PARSE, "%s: expected an object", name);
	json_object_object_foreach(root, key, val) {
		(void)val;
		if (strcmp(key, "llmcost_prices") && strcmp(key, "models") && strcmp(key, "discounts") &&
		    strcmp(key, "comment"))
			return lc_error_set(err, LC_PARSE, ".%s: unknown field '%s'", key, key);
	}
	if (json_object_object_get_ex(root, "llmcost_prices", &ver) &&
	    (!json_object_is_type(ver, json_type_int) || json_object_get_int(ver) != 1))
		return lc_error_set(err, LC_PARSE, ".llmcost_prices: unsupported version (expected 1)");
	json_object_object_get_ex(root, "models", &models);
	json_object_object_get_ex(root, "discounts", &discounts);
	if (models && (!json_object_is_type(models, json_type_array) ||
		       json_object_array_length(models) > MAX_ENTRIES))
		return lc_error_set(err, LC_PARSE, ".models: expected a list of at most %d models", MAX_ENTRIES);
	if (discounts && (!json_object_is_type(discounts, json_type_array) ||
			  json_object_array_length(discounts) > MAX_ENTRIES))
		return lc_error_set(err, LC_PARSE, ".discounts: expected a list");
	for (size_t i = 0; models && i < json_object_array_length(models); i++) {
		snprintf(path, sizeof path, ".models[%zu]", i);
		if ((rc = load_model_entry(b, json_object_array_get_idx(models, i), path, err)) != 0)
			return rc;
	}
	for (size_t i = 0; discounts && i < json_object_array_length(discounts); i++) {
		snprintf(path, sizeof path, ".discounts[%zu]", i);
		if ((rc = load_discount(cat, json_object_array_get_idx(discounts, i), path, err)) != 0)
			return rc;
	}
	return 0;
}

int cat_discount_for(const lc_catalog *cat, const char *provider, const char *model, lc_time_ms at,
		     lc_money *factor)
{
	const cat_discount *best = NULL;
	for (size_t i = 0; i < cat->ndisc; i++) {
		const cat_discount *d = &cat->disc[i];
		/* names compare ignoring ASCII case, as model resolution does */
		if (strcasecmp(d->provider, provider) != 0 ||
		    (d->model[0] && strcasecmp(d->model, model) != 0))
			continue;
		if (d->start != CAT_NO_START && at < d->start)
			continue;
		/* a model's own discount beats a provider-wide one; then the latest start wins */
		if (!best || (d->model[0] && !best->model[0]) ||
		    (!!d->model[0] == !!best->model[0] && d->start >= best->start))
			best = d;
	}
	if (!best)
		return 0;
	*factor = best->factor;
	return 1;
}
