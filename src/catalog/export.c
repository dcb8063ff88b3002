/*
 * export.c - writes a catalog as llmcost's own price file (docs/formats/prices.md), the
 * format `prices import` produces and $LLMCOST_PRICES reads back. Every row becomes one
 * model entry with a one-element dated "prices" list, so the order of rows (which decides
 * the row in force) survives the round trip; match rules and aliases are written back; only
 * prices given by the data are written (derived ones are derived again on load). Prices are
 * JSON strings holding exact decimals per million tokens.
 */
#include <stdio.h>
#include <string.h>

#include "catalog/catalog_impl.h"

static const char *const kind_key[CAT_K_N] = {
	"input_mtok", "cache_read_mtok", "cache_write_mtok", "cache_write_1h_mtok", "output_mtok",
	"web_searches_kcount", "requests_kcount",
};

static int put_str(lc_buf *b, const char *s) { return lc_buf_json_str(b, s, strlen(s)); }

static int put_rule(lc_buf *b, const cat_layer *l, uint32_t r, int depth)
{
	static const char *const ops[] = {"equals", "starts_with", "ends_with", "contains", "regex",
					  "or", "and"};
	const cat_rule *ru = &l->rules[r];
	int rc = 0;
	if (depth > 32 || ru->op > CAT_R_AND)
		return LC_LIMIT;
	rc |= lc_buf_printf(b, "{\"%s\": ", ops[ru->op]);
	if (ru->op == CAT_R_OR || ru->op == CAT_R_AND) {
		rc |= lc_buf_puts(b, "[");
		for (uint32_t i = 0; i < ru->nkid; i++) {
			rc |= i ? lc_buf_puts(b, ", ") : 0;
			rc |= put_rule(b, l, ru->kid0 + i, depth + 1);
		}
		rc |= lc_buf_puts(b, "]");
	} else
		rc |= put_str(b, l->strings + ru->str);
	return rc | lc_buf_puts(b, "}");
}

/* One price: exact per-Mtok (per-thousand for web search) decimal as a JSON string. */
static int put_price(lc_buf *b, int kind, int64_t atto)
{
	lc_money m = {atto};
	char s[LC_MONEY_STRMAX];
	if (lc_money_scale10(m, kind >= CAT_K_WEB_SEARCH ? 3 : 6, &m) != 0 ||
	    lc_money_format(m, -1, s, sizeof s) < 0)
		return LC_RANGE;
	return lc_buf_printf(b, "\"%s\"", s);
}

static int put_row(lc_buf *b, const cat_row *r)
{
	int rc = lc_buf_puts(b, "{");
	int first = 1;
	if (r->start != CAT_NO_START || r->tod_start >= 0) {
		char day[32];
		if (r->tod_start >= 0)
			rc |= lc_buf_printf(b, "\"constraint\": {\"type\": \"time_of_date\", \"start_time\": "
					    "\"%02d:%02d:%02dZ\", \"end_time\": \"%02d:%02d:%02dZ\"}, ",
					    r->tod_start / 3600, r->tod_start / 60 % 60, r->tod_start % 60,
					    r->tod_end / 3600, r->tod_end / 60 % 60, r->tod_end % 60);
		else {
			lc_time_format(r->start, day, sizeof day);
			day[10] = '\0';
			rc |= lc_buf_printf(b, "\"constraint\": {\"type\": \"start_date\", \"start_date\": "
					    "\"%s\"}, ", day);
		}
	}
	rc |= lc_buf_puts(b, "\"prices\": {");
	for (int k = 0; k < CAT_K_N; k++) {
		if (!(r->has >> k & 1))
			continue;
		rc |= lc_buf_printf(b, "%s\"%s\": ", first ? "" : ", ", kind_key[k]);
		first = 0;
		if (r->nlevels == 1) {
			rc |= put_price(b, k, r->rate[0][k]);
			continue;
		}
		rc |= lc_buf_puts(b, "{\"base\": ");
		rc |= put_price(b, k, r->rate[0][k]);
		rc |= lc_buf_puts(b, ", \"tiers\": [");
		for (int lv = 1; lv < r->nlevels; lv++) {
			rc |= lc_buf_printf(b, "%s{\"start\": %lld, \"price\": ", lv > 1 ? ", " : "",
					    (long long)r->threshold[lv]);
			rc |= put_price(b, k, r->rate[lv][k]);
			rc |= lc_buf_puts(b, "}");
		}
		rc |= lc_buf_puts(b, "]}");
	}
	return rc | lc_buf_puts(b, "}}");
}

int lc_catalog_write_json(const lc_catalog *cat, lc_buf *b, lc_error *err)
{
	int rc = lc_buf_puts(b, "{\"llmcost_prices\": 1,\n \"models\": [");
	int n = 0;
	for (int li = 0; li < cat->nlayers; li++) {
		const cat_layer *l = &cat->layers[li];
		for (uint32_t i = 0; i < l->nmodel; i++) {
			const cat_model *m = &l->models[i];
			for (uint32_t j = m->row0; j < m->row0 + m->nrow; j++) {
				const cat_row *r = &l->rows[j];
				char cur[4];
				rc |= lc_buf_puts(b, n++ ? ",\n  {" : "\n  {");
				rc |= lc_buf_puts(b, "\"provider\": ");
				rc |= put_str(b, l->strings + l->providers[m->provider].id);
				rc |= lc_buf_puts(b, ", \"model\": ");
				rc |= put_str(b, l->strings + m->id);
				if (m->name != m->id) {
					rc |= lc_buf_puts(b, ", \"name\": ");
					rc |= put_str(b, l->strings + m->name);
				}
				if (j == m->row0 && m->alias != CAT_NONE) {
					rc |= lc_buf_puts(b, ", \"alias\": ");
					rc |= put_str(b, l->strings + m->alias);
				}
				if (j == m->row0 && m->rule != CAT_NONE) {
					rc |= lc_buf_puts(b, ", \"match\": ");
					rc |= put_rule(b, l, m->rule, 0);
				}
				if (m->context_window)
					rc |= lc_buf_printf(b, ", \"context_window\": %lld",
							    (long long)m->context_window);
				if (m->max_output)
					rc |= lc_buf_printf(b, ", \"max_output_tokens\": %lld",
							    (long long)m->max_output);
				if (m->fast_mult) {
					char s[LC_MONEY_STRMAX];
					lc_money f = {m->fast_mult};
					lc_money_format(f, -1, s, sizeof s);
					rc |= lc_buf_printf(b, ", \"fast_multiplier\": \"%s\"", s);
				}
				memcpy(cur, r->currency, 3);
				cur[3] = '\0';
				if (strcmp(cur, "USD") != 0)
					rc |= lc_buf_printf(b, ", \"currency\": \"%s\"", cur);
				if (r->svc != LC_TIER_STANDARD)
					rc |= lc_buf_printf(b, ", \"tier\": \"%s\"", lc_tier_name((lc_tier)r->svc));
				rc |= lc_buf_puts(b, ", \"prices\": [");
				rc |= put_row(b, r);
				rc |= lc_buf_puts(b, "]}");
			}
		}
	}
	rc |= lc_buf_puts(b, "\n ],\n \"discounts\": [");
	for (size_t i = 0; i < cat->ndisc; i++) {
		const cat_discount *d = &cat->disc[i];
		lc_money pct = {((lc_i128)1000000000000000000LL - d->factor.atto) * 100};
		char s[LC_MONEY_STRMAX];
		lc_money_format(pct, -1, s, sizeof s);
		rc |= lc_buf_puts(b, i ? ",\n  {\"provider\": " : "\n  {\"provider\": ");
		rc |= put_str(b, d->provider);
		if (d->model[0]) {
			rc |= lc_buf_puts(b, ", \"model\": ");
			rc |= put_str(b, d->model);
		}
		rc |= lc_buf_printf(b, ", \"percent\": \"%s\"", s);
		if (d->start != CAT_NO_START) {
			char day[32];
			lc_time_format(d->start, day, sizeof day);
			day[10] = '\0';
			rc |= lc_buf_printf(b, ", \"start_date\": \"%s\"", day);
		}
		rc |= lc_buf_puts(b, "}");
	}
	rc |= lc_buf_puts(b, "\n ]}\n");
	if (rc)
		return lc_error_set(err, LC_LIMIT, "catalog too large to write");
	return 0;
}
