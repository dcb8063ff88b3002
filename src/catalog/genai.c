/*
 * genai.c - loads genai-prices v2 data (pydantic/genai-prices, data.json) into a catalog
 * builder: providers with their match rules, models with ordered match rules, and dated
 * price rows (start_date and time_of_date constraints) whose per-kind prices may carry
 * request-level long-context tiers. The override loader reuses the price-row and rule
 * readers, so a user file prices things with the same vocabulary.
 *
 * Numbers are read from json-c's original text (json_object_get_string keeps "1.5e-07"),
 * never through a double. Errors name a JSON path ("[3].models[12].prices.input_mtok");
 * callers with the source text turn it into line:column (see override.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "catalog/catalog.h"

#define PATH_MAX_ 320

/*
 * Decimal text (JSON number text or a string) times 10^exp10, in atto units. Prices are
 * held to 10^-18 per token: digits beyond that are rounded half-even. They occur only as
 * binary-float artifacts in the sources ("0.18000000000000002" per Mtok, "1.8000000000000002e-07"
 * per token), where the rounding restores the intended price.
 */
static int text_to_atto(const char *text, int exp10, int64_t *atto)
{
	char dig[64];
	int nd = 0, frac = 0, in_frac = 0, seen = 0, shift, keep;
	const char *p = text;
	lc_i128 v = 0;

	if (!p)
		return LC_PARSE;
	if (*p == '+')
		p++;
	for (; (*p >= '0' && *p <= '9') || (*p == '.' && !in_frac); p++) {
		if (*p == '.') {
			in_frac = 1;
			continue;
		}
		seen = 1;
		frac += in_frac;
		if (nd == 0 && *p == '0')
			continue; /* leading zeros carry no value */
		if (nd == (int)sizeof dig)
			return LC_RANGE;
		dig[nd++] = *p;
	}
	if (!seen)
		return LC_PARSE;
	shift = 18 + exp10 - frac;
	if (*p == 'e' || *p == 'E') {
		char *end;
		long e = strtol(p + 1, &end, 10);
		if (end == p + 1 || *end || e < -400 || e > 400)
			return LC_PARSE;
		shift += (int)e;
	} else if (*p)
		return LC_PARSE;
	/* value in atto = digits * 10^shift; drop digits below the atto, half-even */
	keep = shift < 0 ? nd + shift : nd;
	for (int k = 0; k < keep; k++)
		v = v * 10 + (dig[k] - '0');
	if (keep >= 0 && keep < nd) {
		int first = dig[keep] - '0', rest = 0;
		for (int k = keep + 1; k < nd; k++)
			rest |= dig[k] != '0';
		v += first > 5 || (first == 5 && (rest || (v & 1)));
	}
	for (int k = 0; k < shift; k++) {
		if (v > (lc_i128)INT64_MAX)
			return LC_RANGE;
		v *= 10;
	}
	if (v > (lc_i128)INT64_MAX)
		return LC_RANGE;
	*atto = (int64_t)v;
	return 0;
}

int cat_price_per_mtok(const char *text, int64_t *atto) { return text_to_atto(text, -6, atto); }
int cat_price_per_token(const char *text, int64_t *atto) { return text_to_atto(text, 0, atto); }

static int is_number(json_object *o)
{
	return json_object_is_type(o, json_type_double) || json_object_is_type(o, json_type_int);
}

/* A price: a JSON number, or a string holding a decimal (exact by construction). */
static int is_price(json_object *o)
{
	return is_number(o) || json_object_is_type(o, json_type_string);
}

/* ------------------------------------------------------------------ match rules */

int cat_load_rule(cat_builder *b, json_object *o, const char *path, uint32_t *out, lc_error *err)
{
	static const struct { const char *key; uint8_t op; } ops[] = {
		{"equals", CAT_R_EQUALS},     {"starts_with", CAT_R_STARTS}, {"ends_with", CAT_R_ENDS},
		{"contains", CAT_R_CONTAINS}, {"regex", CAT_R_REGEX},        {"or", CAT_R_OR},
		{"and", CAT_R_AND},
	};
	char sub[PATH_MAX_];
	uint32_t idx;

	if (!json_object_is_type(o, json_type_object) || json_object_object_length(o) != 1)
		return lc_error_set(err, LC_PARSE, "%s: a match rule is an object with one key", path);
	json_object_object_foreach(o, key, val) {
		for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
			if (strcmp(key, ops[i].key) != 0)
				continue;
			if ((idx = cat_builder_rules(b, 1)) == CAT_NONE)
				return lc_error_set(err, LC_NOMEM, "%s: out of memory", path);
			cat_builder_rule_at(b, idx)->op = ops[i].op;
			*out = idx;
			if (ops[i].op == CAT_R_OR || ops[i].op == CAT_R_AND) {
				size_t n;
				uint32_t kid0;
				if (!json_object_is_type(val, json_type_array) ||
				    (n = json_object_array_length(val)) == 0 || n > 256)
					return lc_error_set(err, LC_PARSE, "%s.%s: expected a list of 1-256 rules",
							    path, key);
				/* children are contiguous: reserve them, then fill each in place */
				if ((kid0 = cat_builder_rules(b, (uint32_t)n)) == CAT_NONE)
					return lc_error_set(err, LC_NOMEM, "%s: out of memory", path);
				for (size_t k = 0; k < n; k++) {
					uint32_t kid;
					int rc;
					cat_path(sub, sizeof sub, "%s.%s[%zu]", path, key, k);
					if ((rc = cat_load_rule(b, json_object_array_get_idx(val, k), sub, &kid,
								err)) != 0)
						return rc;
					/* move the child's node into its reserved slot */
					*cat_builder_rule_at(b, kid0 + (uint32_t)k) = *cat_builder_rule_at(b, kid);
				}
				cat_builder_rule_at(b, idx)->kid0 = kid0;
				cat_builder_rule_at(b, idx)->nkid = (uint32_t)n;
			} else {
				uint32_t s;
				if (!json_object_is_type(val, json_type_string))
					return lc_error_set(err, LC_PARSE, "%s.%s: expected a string", path, key);
				s = cat_builder_str(b, json_object_get_string(val),
						    (size_t)json_object_get_string_len(val));
				if (s == CAT_NONE)
					return lc_error_set(err, LC_PARSE, "%s.%s: bad string", path, key);
				if (ops[i].op == CAT_R_REGEX && !cat_regex_valid(json_object_get_string(val)))
					return lc_error_set(err, LC_PARSE, "%s.%s: invalid regular expression",
							    path, key);
				cat_builder_rule_at(b, idx)->str = s;
			}
			return 0;
		}
		return lc_error_set(err, LC_PARSE, "%s: unknown match operator '%s'", path, key);
	}
	return lc_error_set(err, LC_PARSE, "%s: empty match rule", path);
}

/* ------------------------------------------------------------------ prices */

static const struct { const char *key; int kind; int exp10; } kinds[] = {
	{"input_mtok", CAT_K_INPUT, -6},
	{"cache_read_mtok", CAT_K_CACHE_READ, -6},
	{"cache_write_mtok", CAT_K_CACHE_WRITE_5M, -6},
	{"cache_write_1h_mtok", CAT_K_CACHE_WRITE_1H, -6},
	{"output_mtok", CAT_K_OUTPUT, -6},
	{"web_searches_kcount", CAT_K_WEB_SEARCH, -3},
	{"requests_kcount", CAT_K_REQUEST, -3},
};

/* One kind's price: a number, or {"base": N, "tiers": [{"start": S, "price": P}, ...]}. */
typedef struct kprice {
	int64_t base;
	int ntier;
	int64_t start[CAT_LEVELS - 1], price[CAT_LEVELS - 1];
} kprice;

static int read_kprice(json_object *v, int exp10, const char *path, kprice *kp, lc_error *err)
{
	json_object *base, *tiers;
	memset(kp, 0, sizeof *kp);
	if (is_price(v)) {
		if (text_to_atto(json_object_get_string(v), exp10, &kp->base) != 0)
			return lc_error_set(err, LC_PARSE, "%s: bad price '%s'", path,
					    json_object_get_string(v));
		return 0;
	}
	if (!json_object_is_type(v, json_type_object) ||
	    !json_object_object_get_ex(v, "base", &base) || !is_price(base) ||
	    text_to_atto(json_object_get_string(base), exp10, &kp->base) != 0)
		return lc_error_set(err, LC_PARSE, "%s: expected a price or {\"base\", \"tiers\"}", path);
	if (!json_object_object_get_ex(v, "tiers", &tiers))
		return 0;
	if (!json_object_is_type(tiers, json_type_array) ||
	    json_object_array_length(tiers) > CAT_LEVELS - 1)
		return lc_error_set(err, LC_PARSE, "%s.tiers: expected a list of at most %d tiers", path,
				    CAT_LEVELS - 1);
	kp->ntier = (int)json_object_array_length(tiers);
	for (int i = 0; i < kp->ntier; i++) {
		json_object *t = json_object_array_get_idx(tiers, (size_t)i), *s, *p;
		if (!json_object_is_type(t, json_type_object) ||
		    !json_object_object_get_ex(t, "start", &s) || !json_object_is_type(s, json_type_int) ||
		    json_object_get_int64(s) < 0 || !json_object_object_get_ex(t, "price", &p) ||
		    !is_price(p) || text_to_atto(json_object_get_string(p), exp10, &kp->price[i]) != 0)
			return lc_error_set(err, LC_PARSE, "%s.tiers[%d]: expected {\"start\": N, \"price\": P}",
					    path, i);
		kp->start[i] = json_object_get_int64(s);
		if (i > 0 && kp->start[i] <= kp->start[i - 1])
			return lc_error_set(err, LC_PARSE, "%s.tiers[%d]: tier starts must increase", path, i);
	}
	return 0;
}

/* Fill row levels from per-kind prices: the thresholds are the union of the kinds' tier
 * starts; a kind's price at a level is its highest tier starting at or below it. */
static int fill_levels(cat_row *r, const kprice *kp, const int *present, const char *path,
		       lc_error *err)
{
	int64_t th[CAT_LEVELS];
	int n = 1;
	th[0] = 0;
	for (int k = 0; k < CAT_K_N; k++)
		for (int i = 0; present[k] && i < kp[k].ntier; i++) {
			int j, dup = 0;
			for (j = 1; j < n; j++)
				dup |= th[j] == kp[k].start[i];
			if (dup)
				continue;
			if (n == CAT_LEVELS)
				return lc_error_set(err, LC_LIMIT, "%s: more than %d distinct tier starts",
						    path, CAT_LEVELS - 1);
			/* insertion keeps th[1..n) sorted */
			for (j = n; j > 1 && th[j - 1] > kp[k].start[i]; j--)
				th[j] = th[j - 1];
			th[j] = kp[k].start[i];
			n++;
		}
	r->nlevels = (uint8_t)n;
	for (int l = 0; l < n; l++) {
		r->threshold[l] = th[l];
		for (int k = 0; k < CAT_K_N; k++) {
			int64_t p = kp[k].base;
			for (int i = 0; l > 0 && i < kp[k].ntier; i++)
				if (kp[k].start[i] <= th[l])
					p = kp[k].price[i];
			r->rate[l][k] = present[k] ? p : 0;
		}
	}
	return 0;
}

static int parse_hms(const char *s, int32_t *out)
{
	int h, m, sec;
	char z = 0;
	if (!s || sscanf(s, "%2d:%2d:%2d%c", &h, &m, &sec, &z) < 3 || h < 0 || h > 24 || m < 0 ||
	    m > 59 || sec < 0 || sec > 59 || (z && z != 'Z'))
		return LC_PARSE;
	*out = h * 3600 + m * 60 + sec;
	return 0;
}

static int read_constraint(json_object *c, cat_row *r, const char *path, lc_error *err)
{
	json_object *type, *v, *v2;
	const char *t;
	if (!json_object_is_type(c, json_type_object) || !json_object_object_get_ex(c, "type", &type))
		return lc_error_set(err, LC_PARSE, "%s: a constraint needs a \"type\"", path);
	t = json_object_get_string(type);
	if (strcmp(t, "start_date") == 0) {
		if (!json_object_object_get_ex(c, "start_date", &v) ||
		    !json_object_is_type(v, json_type_string) ||
		    lc_time_parse(json_object_get_string(v), (size_t)json_object_get_string_len(v), 0,
				  &r->start) != 0)
			return lc_error_set(err, LC_PARSE, "%s.start_date: expected a date YYYY-MM-DD", path);
		return 0;
	}
	if (strcmp(t, "time_of_date") == 0) {
		if (!json_object_object_get_ex(c, "start_time", &v) ||
		    !json_object_object_get_ex(c, "end_time", &v2) ||
		    parse_hms(json_object_get_string(v), &r->tod_start) != 0 ||
		    parse_hms(json_object_get_string(v2), &r->tod_end) != 0)
			return lc_error_set(err, LC_PARSE, "%s: expected start_time/end_time HH:MM:SSZ", path);
		return 0;
	}
	return lc_error_set(err, LC_PARSE, "%s.type: unknown constraint '%s'", path, t);
}

/* Provenance id "provider/model@start" (start "-" when unconstrained). */
static void row_id(cat_builder *b, uint32_t m, cat_row *r)
{
	char id[320], day[32] = "-";
	cat_model *mm = cat_builder_model_at(b, m);
	size_t len;
	if (r->start != CAT_NO_START) {
		lc_time_format(r->start, day, sizeof day);
		day[10] = '\0';
	}
	len = (size_t)snprintf(id, sizeof id, "%s/%s@%s",
			       cat_builder_strat(b, cat_builder_provider_at(b, mm->provider)->id),
			       cat_builder_strat(b, mm->id), day);
	if (r->tod_start >= 0 && len < sizeof id)
		len += (size_t)snprintf(id + len, sizeof id - len, "~%02d:%02d-%02d:%02d", r->tod_start / 3600,
					r->tod_start / 60 % 60, r->tod_end / 3600, r->tod_end / 60 % 60);
	if (r->svc != LC_TIER_STANDARD && len < sizeof id)
		snprintf(id + len, sizeof id - len, "#%s", lc_tier_name((lc_tier)r->svc));
	r->id = cat_builder_str(b, id, (size_t)-1);
}

int cat_load_genai_row(cat_builder *b, uint32_t m, json_object *prices, json_object *constraint,
		       uint8_t source, uint8_t svc, const char *currency, const char *path, lc_error *err)
{
	kprice kp[CAT_K_N];
	int present[CAT_K_N] = {0};
	char sub[PATH_MAX_];
	cat_row row, *r;
	int rc;

	if (!json_object_is_type(prices, json_type_object))
		return lc_error_set(err, LC_PARSE, "%s: expected an object of prices", path);
	memset(kp, 0, sizeof kp);
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
		json_object *v;
		if (!json_object_object_get_ex(prices, kinds[i].key, &v))
			continue;
		cat_path(sub, sizeof sub, "%s.%s", path, kinds[i].key);
		if ((rc = read_kprice(v, kinds[i].exp10, sub, &kp[kinds[i].kind], err)) != 0)
			return rc;
		present[kinds[i].kind] = 1;
	}
	memset(&row, 0, sizeof row);
	row.start = CAT_NO_START;
	row.tod_start = row.tod_end = -1;
	if (constraint) {
		cat_path(sub, sizeof sub, "%s.constraint", path);
		if ((rc = read_constraint(constraint, &row, sub, err)) != 0)
			return rc;
	}
	if ((rc = fill_levels(&row, kp, present, path, err)) != 0)
		return rc;
	for (int k = 0; k < CAT_K_N; k++)
		row.has |= (uint8_t)(present[k] << k);
	row.source = source;
	row.svc = svc;
	row.model = m;
	if (!(r = cat_builder_row(b, m)))
		return lc_error_set(err, LC_NOMEM, "%s: out of memory", path);
	snprintf(row.currency, sizeof row.currency, "%s", currency ? currency : "USD");
	*r = row;
	row_id(b, m, r);
	return 0;
}

int cat_load_genai_prices(cat_builder *b, uint32_t m, json_object *prices, uint8_t source,
			  uint8_t svc, const char *currency, const char *path, lc_error *err)
{
	char sub[PATH_MAX_];
	size_t n;
	int rc;

	if (json_object_is_type(prices, json_type_object))
		return cat_load_genai_row(b, m, prices, NULL, source, svc, currency, path, err);
	if (!json_object_is_type(prices, json_type_array) || (n = json_object_array_length(prices)) == 0 ||
	    n > 64)
		return lc_error_set(err, LC_PARSE, "%s: expected prices or a list of 1-64 dated rows", path);
	for (size_t i = 0; i < n; i++) {
		json_object *e = json_object_array_get_idx(prices, i), *p, *c = NULL;
		cat_path(sub, sizeof sub, "%s[%zu]", path, i);
		if (!json_object_is_type(e, json_type_object) || !json_object_object_get_ex(e, "prices", &p))
			return lc_error_set(err, LC_PARSE, "%s: expected {\"prices\": ..., \"constraint\": ...}", sub);
		json_object_object_get_ex(e, "constraint", &c);
		cat_path(sub, sizeof sub, "%s[%zu].prices", path, i);
		if ((rc = cat_load_genai_row(b, m, p, c, source, svc, currency, sub, err)) != 0)
			return rc;
	}
	return 0;
}

/* ------------------------------------------------------------------ the whole file */

static int load_model(cat_builder *b, uint32_t p, json_object *mo, const char *path, lc_error *err)
{
	json_object *id, *v;
	char sub[PATH_MAX_];
	int64_t m;
	int rc;

	if (!json_object_is_type(mo, json_type_object) || !json_object_object_get_ex(mo, "id", &id) ||
	    !json_object_is_type(id, json_type_string))
		return lc_error_set(err, LC_PARSE, "%s: a model needs a string \"id\"", path);
	if (json_object_get_string_len(id) == 0 || json_object_get_string_len(id) >= LC_MODEL_MAX)
		return lc_error_set(err, LC_PARSE, "%s.id: expected 1-%d bytes", path, LC_MODEL_MAX - 1);
	if ((m = cat_builder_model(b, p, json_object_get_string(id))) < 0)
		return lc_error_set(err, LC_NOMEM, "%s: out of memory", path);
	cat_builder_model_at(b, (uint32_t)m)->source = CAT_SRC_GENAI;
	if (json_object_object_get_ex(mo, "name", &v) && json_object_is_type(v, json_type_string))
		cat_builder_model_at(b, (uint32_t)m)->name =
			cat_builder_str(b, json_object_get_string(v), (size_t)-1);
	if (json_object_object_get_ex(mo, "context_window", &v)) {
		if (!json_object_is_type(v, json_type_int) || json_object_get_int64(v) < 0)
			return lc_error_set(err, LC_PARSE, "%s.context_window: expected a non-negative integer",
					    path);
		cat_builder_model_at(b, (uint32_t)m)->context_window = json_object_get_int64(v);
	}
	if (json_object_object_get_ex(mo, "match", &v)) {
		uint32_t r;
		cat_path(sub, sizeof sub, "%s.match", path);
		if ((rc = cat_load_rule(b, v, sub, &r, err)) != 0)
			return rc;
		cat_builder_model_at(b, (uint32_t)m)->rule = r;
	}
	if (!json_object_object_get_ex(mo, "prices", &v))
		return lc_error_set(err, LC_PARSE, "%s: a model needs \"prices\"", path);
	cat_path(sub, sizeof sub, "%s.prices", path);
	return cat_load_genai_prices(b, (uint32_t)m, v, CAT_SRC_GENAI, LC_TIER_STANDARD, "USD", sub, err);
}

int cat_load_genai(cat_builder *b, json_object *root, const char *name, lc_error *err)
{
	char path[PATH_MAX_];
	size_t np;
	int rc;

	if (!json_object_is_type(root, json_type_array) || (np = json_object_array_length(root)) > 4096)
		return lc_error_set(err, LC_PARSE, "%s: genai-prices data is a list of providers", name);
	for (size_t i = 0; i < np; i++) {
		json_object *po = json_object_array_get_idx(root, i), *id, *v, *models;
		int64_t p;
		size_t nm;
		snprintf(path, sizeof path, "[%zu]", i);
		if (!json_object_is_type(po, json_type_object) || !json_object_object_get_ex(po, "id", &id) ||
		    !json_object_is_type(id, json_type_string) ||
		    !json_object_object_get_ex(po, "models", &models) ||
		    !json_object_is_type(models, json_type_array))
			return lc_error_set(err, LC_PARSE, "%s: a provider needs \"id\" and \"models\"", path);
		if (json_object_get_string_len(id) == 0 || json_object_get_string_len(id) >= LC_PROVIDER_MAX)
			return lc_error_set(err, LC_PARSE, "%s.id: expected 1-%d bytes", path,
					    LC_PROVIDER_MAX - 1);
		if ((p = cat_builder_provider(b, json_object_get_string(id))) < 0)
			return lc_error_set(err, LC_NOMEM, "%s: out of memory", name);
		if (json_object_object_get_ex(po, "name", &v) && json_object_is_type(v, json_type_string))
			cat_builder_provider_at(b, (uint32_t)p)->name =
				cat_builder_str(b, json_object_get_string(v), (size_t)-1);
		if (json_object_object_get_ex(po, "model_match", &v)) {
			uint32_t r;
			char sub[PATH_MAX_];
			cat_path(sub, sizeof sub, "%s.model_match", path);
			if ((rc = cat_load_rule(b, v, sub, &r, err)) != 0)
				return rc;
			cat_builder_provider_at(b, (uint32_t)p)->model_rule = r;
		}
		if (json_object_object_get_ex(po, "provider_match", &v)) {
			uint32_t r;
			char sub[PATH_MAX_];
			cat_path(sub, sizeof sub, "%s.provider_match", path);
			if ((rc = cat_load_rule(b, v, sub, &r, err)) != 0)
				return rc;
			cat_builder_provider_at(b, (uint32_t)p)->provider_rule = r;
		}
		if (json_object_object_get_ex(po, "fallback_model_providers", &v) &&
		    json_object_is_type(v, json_type_array)) {
			char list[256] = "";
			size_t len = 0;
			for (size_t k = 0; k < json_object_array_length(v) && len < sizeof list; k++)
				len += (size_t)snprintf(list + len, sizeof list - len, "%s%s", k ? "," : "",
							json_object_get_string(json_object_array_get_idx(v, k)));
			cat_builder_provider_at(b, (uint32_t)p)->fallback = cat_builder_str(b, list, (size_t)-1);
		}
		nm = json_object_array_length(models);
		if (nm > 65536)
			return lc_error_set(err, LC_LIMIT, "%s.models: too many models", path);
		for (size_t k = 0; k < nm; k++) {
			char sub[PATH_MAX_];
			cat_path(sub, sizeof sub, "%s.models[%zu]", path, k);
			if ((rc = load_model(b, (uint32_t)p, json_object_array_get_idx(models, k), sub, err)) != 0)
				return rc;
		}
	}
	return 0;
}
