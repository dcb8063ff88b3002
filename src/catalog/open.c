/*
 * open.c - opening catalogs: the bundled one (a generated table, no parsing), the bundled
 * one with a user override file on top, and a catalog made from one price file alone
 * (genai-prices, LiteLLM or llmcost's override format, detected from the content) for
 * `prices import` and `prices diff`. Also the derivation of prices the data leaves out.
 *
 * Errors in a file are reported as "file:line:column: message": json-c gives the offset of
 * a syntax error; a semantic error comes from the loaders with a JSON path ("[3].models[1]
 * .prices.input_mtok: bad price"), which cat_json_locate turns back into a position.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <json-c/json.h>

#include "catalog/catalog_impl.h"

#define PRICE_FILE_MAX (64u << 20)

/* ------------------------------------------------------------------ derived prices */

static int is_anthropic(const cat_builder *b, const cat_model *m)
{
	const char *prov = cat_builder_strat(b, cat_builder_provider_at((cat_builder *)b, m->provider)->id);
	return strcmp(prov, "anthropic") == 0 || strstr(cat_builder_strat(b, m->id), "claude") != NULL;
}

void cat_fill_derived(cat_builder *b)
{
	cat_layer v;
	cat_builder_view(b, &v);
	for (uint32_t i = 0; i < v.nrow; i++) {
		cat_row *r = (cat_row *)&v.rows[i];
		const cat_row *std = NULL;
		const cat_model *m = &v.models[r->model];
		/* a service tier's missing kinds: the standard price scaled by the tier's input ratio */
		if (r->svc != LC_TIER_STANDARD)
			for (uint32_t j = 0; j < v.nrow; j++)
				if (v.rows[j].model == r->model && v.rows[j].svc == LC_TIER_STANDARD &&
				    v.rows[j].tod_start < 0)
					std = &v.rows[j]; /* the latest standard row */
		if (std && r->nlevels == 1 && std->nlevels > 1) {
			/* a tier row without long-context levels (LiteLLM's batch rates) inherits the
			 * standard row's thresholds, each kind scaled as the standard price is */
			for (int l = 1; l < std->nlevels; l++) {
				r->threshold[l] = std->threshold[l];
				for (int k = 0; k < CAT_K_N; k++) {
					lc_money x = {r->rate[0][k]};
					if (std->rate[0][k] > 0 &&
					    lc_money_mul_ratio(x, std->rate[l][k], std->rate[0][k], &x) == 0 &&
					    x.atto <= (lc_i128)INT64_MAX)
						r->rate[l][k] = (int64_t)x.atto;
					else
						r->rate[l][k] = r->rate[0][k];
				}
			}
			r->nlevels = std->nlevels;
		}
		for (int l = 0; l < r->nlevels; l++) {
			int64_t *rt = r->rate[l];
			int sl = std && std->nlevels == r->nlevels ? l : 0;
			for (int k = 0; std && k < CAT_K_N; k++) {
				lc_money x;
				if ((r->has >> k & 1) || !(std->has >> k & 1))
					continue;
				x.atto = std->rate[sl][k];
				if ((r->has & 1) && (std->has & 1) && std->rate[sl][CAT_K_INPUT] > 0 &&
				    lc_money_mul_ratio(x, rt[CAT_K_INPUT], std->rate[sl][CAT_K_INPUT], &x) == 0)
					rt[k] = (int64_t)x.atto;
				else
					rt[k] = std->rate[sl][k];
			}
			if (!(r->has >> CAT_K_CACHE_READ & 1) && !(std && (std->has >> CAT_K_CACHE_READ & 1)))
				rt[CAT_K_CACHE_READ] = rt[CAT_K_INPUT];
			if (!(r->has >> CAT_K_CACHE_WRITE_5M & 1) && !(std && (std->has >> CAT_K_CACHE_WRITE_5M & 1)))
				rt[CAT_K_CACHE_WRITE_5M] = rt[CAT_K_INPUT];
			if (!(r->has >> CAT_K_CACHE_WRITE_1H & 1) && !(std && (std->has >> CAT_K_CACHE_WRITE_1H & 1)))
				rt[CAT_K_CACHE_WRITE_1H] = is_anthropic(b, m) && rt[CAT_K_INPUT] <= INT64_MAX / 2
								   ? rt[CAT_K_INPUT] * 2
								   : rt[CAT_K_CACHE_WRITE_5M];
		}
	}
}

/* ------------------------------------------------------------------ positions */

static void offset_to_linecol(const char *s, size_t len, size_t off, int *line, int *col)
{
	*line = 1, *col = 1;
	for (size_t i = 0; i < off && i < len; i++) {
		if (s[i] == '\n')
			++*line, *col = 1;
		else if (((unsigned char)s[i] & 0xc0) != 0x80)
			++*col;
	}
}

static size_t skip_ws(const char *s, size_t len, size_t i)
{
	while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
		i++;
	return i;
}

static size_t skip_string(const char *s, size_t len, size_t i)
{
	for (i++; i < len && s[i] != '"'; i++)
		if (s[i] == '\\')
			i++;
	return i < len ? i + 1 : len;
}

/* Skip one JSON value starting at i (already valid JSON: json-c accepted it). */
static size_t skip_value(const char *s, size_t len, size_t i)
{
	int depth = 0;
	i = skip_ws(s, len, i);
	do {
		if (i >= len)
			return len;
		if (s[i] == '"')
			i = skip_string(s, len, i);
		else {
			if (s[i] == '{' || s[i] == '[')
				depth++;
			else if (s[i] == '}' || s[i] == ']')
				depth--;
			else if (depth == 0 && (s[i] == ',' || s[i] == ':'))
				return i;
			i++;
		}
		if (depth == 0) {
			size_t j = skip_ws(s, len, i);
			if (j >= len || s[j] == ',' || s[j] == '}' || s[j] == ']' || s[j] == ':')
				return i;
		}
	} while (1);
}

/*
 * Find the byte offset of the value a path names: segments "[N]", ".name" or "[\"name\"]".
 * Returns the offset of the deepest segment found (0 when none).
 */
size_t cat_json_locate(const char *s, size_t len, const char *path)
{
	size_t i = skip_ws(s, len, 0);
	while (*path && i < len) {
		char key[256];
		size_t klen = 0;
		long idx = -1;
		if (path[0] == '[' && path[1] == '"') {
			const char *e = strstr(path + 2, "\"]");
			if (!e || (size_t)(e - path - 2) >= sizeof key)
				break;
			klen = (size_t)(e - path - 2);
			memcpy(key, path + 2, klen);
			path = e + 2;
		} else if (path[0] == '[') {
			char *e;
			idx = strtol(path + 1, &e, 10);
			if (*e != ']' || idx < 0)
				break;
			path = e + 1;
		} else if (path[0] == '.') {
			path++;
			while (*path && *path != '.' && *path != '[' && klen + 1 < sizeof key)
				key[klen++] = *path++;
		} else
			break;
		key[klen] = '\0';
		if (idx >= 0) {
			if (s[i] != '[')
				break;
			i = skip_ws(s, len, i + 1);
			for (long k = 0; k < idx && i < len; k++) {
				i = skip_value(s, len, i);
				i = skip_ws(s, len, i);
				if (i < len && s[i] == ',')
					i = skip_ws(s, len, i + 1);
			}
		} else {
			size_t found = 0;
			if (s[i] != '{')
				break;
			i = skip_ws(s, len, i + 1);
			while (i < len && s[i] == '"') {
				size_t ks = i + 1, ke = skip_string(s, len, i) - 1;
				i = skip_ws(s, len, ke + 1);
				if (i < len && s[i] == ':')
					i = skip_ws(s, len, i + 1);
				if (ke - ks == klen && memcmp(s + ks, key, klen) == 0) {
					found = 1;
					break;
				}
				i = skip_ws(s, len, skip_value(s, len, i));
				if (i < len && s[i] == ',')
					i = skip_ws(s, len, i + 1);
			}
			if (!found)
				break;
		}
	}
	return i < len ? i : len;
}

/* Turn a loader message "PATH: text" into "name:line:col: text" when it starts with a path. */
static int positioned(lc_error *err, int rc, const char *name, const char *data, size_t len)
{
	char path[LC_ERRMSG_MAX], rest[LC_ERRMSG_MAX];
	const char *sep;
	int line = 1, col = 1;
	if (!err || rc == 0)
		return rc;
	if ((err->msg[0] == '[' || err->msg[0] == '.') && (sep = strstr(err->msg, ": "))) {
		snprintf(path, sizeof path, "%.*s", (int)(sep - err->msg), err->msg);
		snprintf(rest, sizeof rest, "%s", sep + 2);
		offset_to_linecol(data, len, cat_json_locate(data, len, path), &line, &col);
		return lc_error_set(err, rc, "%s:%d:%d: %s (at %s)", name, line, col, rest, path);
	}
	return lc_error_prefix(err, "%s: ", name);
}

/* ------------------------------------------------------------------ parsing files */

static int parse_json(const char *data, size_t len, const char *name, json_object **out,
		      lc_error *err)
{
	json_tokener *tok;
	json_object *o;
	enum json_tokener_error jerr;
	int line, col;

	if (len > PRICE_FILE_MAX || len > INT32_MAX)
		return lc_error_set(err, LC_LIMIT, "%s: larger than %u bytes", name, PRICE_FILE_MAX);
	if (!(tok = json_tokener_new_ex(64)))
		return lc_error_set(err, LC_NOMEM, "%s: out of memory", name);
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
	o = json_tokener_parse_ex(tok, data, (int)len);
	jerr = json_tokener_get_error(tok);
	if (jerr == json_tokener_continue)
		jerr = json_tokener_error_parse_eof;
	else if (jerr == json_tokener_success && skip_ws(data, len, json_tokener_get_parse_end(tok)) < len)
		jerr = json_tokener_error_parse_unexpected;
	if (jerr != json_tokener_success) {
		size_t off = json_tokener_get_parse_end(tok);
		json_object_put(o);
		json_tokener_free(tok);
		offset_to_linecol(data, len, off, &line, &col);
		return lc_error_set(err, LC_PARSE, "%s:%d:%d: %s", name, line, col,
				    json_tokener_error_desc(jerr));
	}
	json_tokener_free(tok);
	*out = o;
	return 0;
}

static lc_price_format detect(json_object *root)
{
	if (json_object_is_type(root, json_type_array))
		return LC_PRICES_GENAI;
	if (json_object_object_get_ex(root, "llmcost_prices", NULL) ||
	    json_object_object_get_ex(root, "models", NULL) ||
	    json_object_object_get_ex(root, "discounts", NULL))
		return LC_PRICES_OVERRIDE;
	return LC_PRICES_LITELLM;
}

/* Load one file's content into b (and discounts into cat). */
static int load_into(lc_catalog *cat, cat_builder *b, const char *data, size_t len, const char *name,
		     lc_price_format fmt, lc_error *err)
{
	json_object *root = NULL;
	int rc;
	if ((rc = parse_json(data, len, name, &root, err)) != 0)
		return rc;
	if (fmt == LC_PRICES_AUTO)
		fmt = detect(root);
	if (fmt == LC_PRICES_GENAI)
		rc = cat_load_genai(b, root, name, err);
	else if (fmt == LC_PRICES_LITELLM)
		rc = cat_load_litellm(b, root, name, err);
	else
		rc = cat_load_override(cat, b, root, name, err);
	json_object_put(root);
	if (rc == 0)
		cat_fill_derived(b);
	rc = positioned(err, rc, name, data, len);
	/* messages quote names from the file: keep them on one line */
	for (char *p = err && rc ? err->msg : NULL; p && *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '?';
	return rc;
}

static uint32_t fnv_bytes(const char *s, size_t n)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

int lc_catalog_open_mem(const char *data, size_t len, const char *name, lc_price_format fmt,
			lc_catalog **out, lc_error *err)
{
	lc_catalog *cat = cat_new();
	cat_builder *b = cat_builder_new();
	int rc;
	*out = NULL;
	if (!cat || !b) {
		cat_builder_free(b);
		lc_catalog_free(cat);
		return lc_error_set(err, LC_NOMEM, "out of memory");
	}
	cat->owned[0] = b;
	if ((rc = load_into(cat, b, data, len, name, fmt, err)) != 0 ||
	    (rc = cat_builder_finish(b, &cat->layers[0], err)) != 0) {
		lc_catalog_free(cat);
		return rc;
	}
	cat->nlayers = 1;
	snprintf(cat->version, sizeof cat->version, "file-%08x", fnv_bytes(data, len));
	cat->layers[0].version = cat->version;
	*out = cat;
	return 0;
}

int lc_catalog_open_file(const char *path, lc_price_format fmt, lc_catalog **out, lc_error *err)
{
	char *data = NULL;
	size_t len = 0;
	int rc;
	*out = NULL;
	if ((rc = lc_read_file(path, PRICE_FILE_MAX, &data, &len, err)) != 0)
		return rc;
	rc = lc_catalog_open_mem(data, len, path, fmt, out, err);
	free(data);
	return rc;
}

int lc_catalog_open_bundled(lc_catalog **out, lc_error *err)
{
	lc_catalog *cat = cat_new();
	*out = NULL;
	if (!cat)
		return lc_error_set(err, LC_NOMEM, "out of memory");
	cat->layers[0] = lc__bundled_layer;
	cat->nlayers = 1;
	snprintf(cat->version, sizeof cat->version, "%s", lc__bundled_layer.version);
	*out = cat;
	return 0;
}

int lc_catalog_open_with(const char *override_path, lc_catalog **out, lc_error *err)
{
	lc_catalog *cat;
	cat_builder *b;
	char *data = NULL;
	size_t len = 0;
	int rc;

	if ((rc = lc_catalog_open_bundled(&cat, err)) != 0 || !override_path)
		goto done;
	if ((rc = lc_read_file(override_path, PRICE_FILE_MAX, &data, &len, err)) != 0)
		goto done;
	if (!(b = cat_builder_new())) {
		rc = lc_error_set(err, LC_NOMEM, "out of memory");
		goto done;
	}
	cat->owned[0] = b;
	if ((rc = load_into(cat, b, data, len, override_path, LC_PRICES_AUTO, err)) != 0 ||
	    (rc = cat_builder_finish(b, &cat->layers[1], err)) != 0)
		goto done;
	/* the override layer is consulted first */
	cat->layers[1].version = "";
	{
		cat_layer t = cat->layers[0];
		cat->layers[0] = cat->layers[1];
		cat->layers[1] = t;
	}
	cat->nlayers = 2;
	snprintf(cat->version, sizeof cat->version, "%s+ov%06x", lc__bundled_layer.version,
		 fnv_bytes(data, len) & 0xffffffu);
done:
	free(data);
	if (rc) {
		lc_catalog_free(cat);
		cat = NULL;
	}
	*out = cat;
	return rc;
}

int lc_catalog_open_default(lc_catalog **out, lc_error *err)
{
	const char *env = getenv("LLMCOST_PRICES"), *xdg = getenv("XDG_CONFIG_HOME"),
		   *home = getenv("HOME");
	char path[4096];
	struct stat st;

	if (env && *env)
		return lc_catalog_open_with(env, out, err);
	if (xdg && *xdg)
		snprintf(path, sizeof path, "%s/llmcost/prices.json", xdg);
	else if (home && *home)
		snprintf(path, sizeof path, "%s/.config/llmcost/prices.json", home);
	else
		path[0] = '\0';
	if (path[0] && stat(path, &st) == 0)
		return lc_catalog_open_with(path, out, err);
	return lc_catalog_open_with(NULL, out, err);
}
