/*
 * render.c - drawing an aggregated report: an aligned table (colour only when asked),
 * one JSON document, or CSV with a header.
 *
 * Money: tables round each shown amount half-even to 2 decimals from its exact sum (the
 * totals row is the rounded exact total, not the sum of rounded rows); JSON and CSV carry
 * the exact decimal and the currency. A group with no priced call has cost null in JSON,
 * empty in CSV and "-" in tables: unpriced usage is shown as unpriced, never as 0.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "report/report_internal.h"

#define RP_COLS 9
#define RP_CELL 96

/* ------------------------------------------------------------------ table */

/* 1234567 -> "1,234,567" */
static void thousands(int64_t v, char *buf, size_t cap)
{
	char tmp[32];
	int n = snprintf(tmp, sizeof tmp, "%" PRId64, v), i, j = 0, lead = tmp[0] == '-';
	for (i = 0; i < n && (size_t)j + 2 < cap; i++) {
		if (i > lead && (n - i) % 3 == 0)
			buf[j++] = ',';
		buf[j++] = tmp[i];
	}
	buf[j] = '\0';
}

/* Display width of UTF-8 text: code points, not bytes. */
static size_t width(const char *s)
{
	size_t w = 0;
	for (; *s; s++)
		w += ((unsigned char)*s & 0xC0) != 0x80;
	return w;
}

typedef struct cells {
	char (*c)[RP_COLS][RP_CELL];
	int *kind; /* 0 row, 1 breakdown row, 2 totals */
	size_t n, cap;
} cells;

static int fill_row(cells *g, const char *label, const rp_sums *s, int kind)
{
	char(*row)[RP_CELL];

	if (g->n == g->cap) {
		size_t cap = g->cap ? g->cap * 2 : 64;
		void *c = realloc(g->c, cap * sizeof *g->c), *k;
		if (!c)
			return LC_NOMEM;
		g->c = c;
		k = realloc(g->kind, cap * sizeof *g->kind);
		if (!k)
			return LC_NOMEM;
		g->kind = k;
		g->cap = cap;
	}
	row = g->c[g->n];
	g->kind[g->n++] = kind;
	snprintf(row[0], RP_CELL, "%s%s", kind == 1 ? "  - " : "", label);
	thousands(s->calls, row[1], RP_CELL);
	thousands(s->input, row[2], RP_CELL);
	thousands(s->output, row[3], RP_CELL);
	thousands(s->cache_create, row[4], RP_CELL);
	thousands(s->cache_read, row[5], RP_CELL);
	thousands(s->total_tokens, row[6], RP_CELL);
	if (s->priced_calls)
		lc_money_format(s->cost, 2, row[7], RP_CELL);
	else
		snprintf(row[7], RP_CELL, "-");
	if (s->unpriced_calls)
		thousands(s->unpriced_calls, row[8], RP_CELL);
	else
		snprintf(row[8], RP_CELL, "-");
	return LC_OK;
}

/* A line of ch under each column, columns two spaces apart. */
static void rule(FILE *out, const size_t *w, int ch)
{
	size_t k, i;
	for (k = 0; k < RP_COLS; k++) {
		if (k)
			fputs("  ", out);
		for (i = 0; i < w[k]; i++)
			fputc(ch, out);
	}
	fputc('\n', out);
}

static int render_table(const rp_table *t, FILE *out)
{
	const lc_report_opts *o = t->o;
	cells g = {0};
	size_t w[RP_COLS] = {0}, i, j, k;
	char head[RP_COLS][RP_CELL];
	const char *bold = o->color ? "\033[1m" : "", *dim = o->color ? "\033[2m" : "",
		   *yellow = o->color ? "\033[1;33m" : "", *reset = o->color ? "\033[0m" : "";
	int rc = LC_OK;

	if (t->n == 0) {
		fprintf(out, "No usage recorded%s.\n",
			o->filter.since || o->filter.until ? " in this period" : "");
		return LC_OK;
	}
	snprintf(head[0], RP_CELL, "%s", rp_group_title(o));
	snprintf(head[1], RP_CELL, "Calls");
	snprintf(head[2], RP_CELL, "Input");
	snprintf(head[3], RP_CELL, "Output");
	snprintf(head[4], RP_CELL, "Cache write");
	snprintf(head[5], RP_CELL, "Cache read");
	snprintf(head[6], RP_CELL, "Total tokens");
	snprintf(head[7], RP_CELL, "Cost%s%s%s", t->currency[0] ? " (" : "", t->currency,
		 t->currency[0] ? ")" : "");
	snprintf(head[8], RP_CELL, "Unpriced");
	for (i = 0; i < t->n && !rc; i++) {
		rc = fill_row(&g, t->rows[i].key, &t->rows[i].sums, 0);
		for (j = 0; o->breakdown && j < t->rows[i].nmodels && !rc; j++)
			rc = fill_row(&g, t->rows[i].models[j].key, &t->rows[i].models[j].sums, 1);
	}
	if (!rc)
		rc = fill_row(&g, "Total", &t->totals, 2);
	if (rc)
		goto out;
	for (k = 0; k < RP_COLS; k++) {
		w[k] = width(head[k]);
		for (i = 0; i < g.n; i++)
			if (width(g.c[i][k]) > w[k])
				w[k] = width(g.c[i][k]);
	}
	for (k = 0; k < RP_COLS; k++) {
		int pad = (int)(w[k] - width(head[k]));
		if (k == 0)
			fprintf(out, "%s%s%s%*s", bold, head[k], reset, pad, "");
		else
			fprintf(out, "  %*s%s%s%s", pad, "", bold, head[k], reset);
	}
	fputc('\n', out);
	rule(out, w, '-');
	for (i = 0; i < g.n; i++) {
		const char *on = g.kind[i] == 2 ? yellow : g.kind[i] == 1 ? dim : "";
		if (g.kind[i] == 2)
			rule(out, w, '=');
		for (k = 0; k < RP_COLS; k++) {
			int pad = (int)(w[k] - width(g.c[i][k]));
			if (k == 0)
				fprintf(out, "%s%s%*s", on, g.c[i][k], pad, "");
			else
				fprintf(out, "  %*s%s", pad, "", g.c[i][k]);
		}
		fprintf(out, "%s\n", *on ? reset : "");
	}
	if (t->totals.unpriced_calls) {
		char calls[32], toks[32];
		thousands(t->totals.unpriced_calls, calls, sizeof calls);
		thousands(t->totals.unpriced_tokens, toks, sizeof toks);
		fprintf(out, "\n%sUnpriced: %s call%s (%s tokens) of models with no known price are "
			     "not in the costs above.%s\n",
			yellow, calls, t->totals.unpriced_calls == 1 ? "" : "s", toks, reset);
	}
out:
	free(g.c);
	free(g.kind);
	return rc;
}

/* ------------------------------------------------------------------ JSON */

static int json_sums(lc_buf *b, const rp_table *t, const rp_sums *s)
{
	char money[LC_MONEY_STRMAX];
	int rc = lc_buf_printf(b,
			       "\"calls\":%" PRId64 ",\"input_tokens\":%" PRId64
			       ",\"output_tokens\":%" PRId64 ",\"cache_creation_tokens\":%" PRId64
			       ",\"cache_read_tokens\":%" PRId64 ",\"reasoning_tokens\":%" PRId64
			       ",\"total_tokens\":%" PRId64 ",\"cost\":",
			       s->calls, s->input, s->output, s->cache_create, s->cache_read,
			       s->reasoning, s->total_tokens);
	if (!rc && s->priced_calls) {
		lc_money_format(s->cost, -1, money, sizeof money);
		rc = lc_buf_printf(b, "\"%s\"", money);
	} else if (!rc) {
		rc = lc_buf_puts(b, "null");
	}
	if (!rc)
		rc = t->currency[0] ? lc_buf_printf(b, ",\"currency\":\"%s\"", t->currency)
				    : lc_buf_puts(b, ",\"currency\":null");
	if (!rc)
		rc = lc_buf_printf(b, ",\"unpriced_calls\":%" PRId64 ",\"unpriced_tokens\":%" PRId64,
				   s->unpriced_calls, s->unpriced_tokens);
	return rc;
}

static int json_row(lc_buf *b, const rp_table *t, const rp_row *r)
{
	size_t j;
	int rc = lc_buf_printf(b, "{\"%s\":", rp_group_field(t->o->group));
	rc = rc ? rc : lc_buf_json_str(b, r->key, strlen(r->key));
	rc = rc ? rc : lc_buf_puts(b, ",");
	rc = rc ? rc : json_sums(b, t, &r->sums);
	rc = rc ? rc : lc_buf_puts(b, ",\"models\":[");
	for (j = 0; j < r->nmodels && !rc; j++) {
		rc = j ? lc_buf_puts(b, ",") : 0;
		rc = rc ? rc : lc_buf_json_str(b, r->models[j].key, strlen(r->models[j].key));
	}
	rc = rc ? rc : lc_buf_puts(b, "]");
	if (t->o->breakdown) {
		rc = rc ? rc : lc_buf_puts(b, ",\"breakdown\":[");
		for (j = 0; j < r->nmodels && !rc; j++) {
			rc = lc_buf_puts(b, j ? ",{\"model\":" : "{\"model\":");
			rc = rc ? rc : lc_buf_json_str(b, r->models[j].key, strlen(r->models[j].key));
			rc = rc ? rc : lc_buf_puts(b, ",");
			rc = rc ? rc : json_sums(b, t, &r->models[j].sums);
			rc = rc ? rc : lc_buf_puts(b, "}");
		}
		rc = rc ? rc : lc_buf_puts(b, "]");
	}
	return rc ? rc : lc_buf_puts(b, "}");
}

static int render_json(const rp_table *t, FILE *out)
{
	lc_buf b;
	size_t i;
	int rc;

	lc_buf_init(&b, (size_t)1 << 30);
	rc = lc_buf_printf(&b, "{\"%s\":[", rp_group_array(t->o->group));
	for (i = 0; i < t->n && !rc; i++) {
		rc = i ? lc_buf_puts(&b, ",\n") : lc_buf_puts(&b, "\n");
		rc = rc ? rc : json_row(&b, t, &t->rows[i]);
	}
	rc = rc ? rc : lc_buf_puts(&b, "],\n");
	if (!rc && t->o->group == LC_GROUP_TAG) {
		rc = lc_buf_puts(&b, "\"tag_key\":");
		rc = rc ? rc : lc_buf_json_str(&b, t->o->tag_key, strlen(t->o->tag_key));
		rc = rc ? rc : lc_buf_puts(&b, ",\n");
	}
	rc = rc ? rc : lc_buf_puts(&b, "\"totals\":{");
	rc = rc ? rc : json_sums(&b, t, &t->totals);
	rc = rc ? rc : lc_buf_puts(&b, "}}\n");
	if (!rc && fwrite(b.data, 1, b.len, out) != b.len)
		rc = LC_IO;
	lc_buf_free(&b);
	return rc;
}

/* ------------------------------------------------------------------ CSV */

static void csv_field(FILE *out, const char *s)
{
	if (!strpbrk(s, ",\"\r\n")) {
		fputs(s, out);
		return;
	}
	fputc('"', out);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', out);
		fputc(*s, out);
	}
	fputc('"', out);
}

static void csv_sums(FILE *out, const rp_table *t, const rp_sums *s)
{
	char money[LC_MONEY_STRMAX] = "";
	if (s->priced_calls)
		lc_money_format(s->cost, -1, money, sizeof money);
	fprintf(out,
		",%" PRId64 ",%" PRId64 ",%" PRId64 ",%" PRId64 ",%" PRId64 ",%" PRId64 ",%" PRId64
		",%s,%s,%" PRId64 ",%" PRId64,
		s->calls, s->input, s->output, s->cache_create, s->cache_read, s->reasoning,
		s->total_tokens, money, s->priced_calls ? t->currency : "", s->unpriced_calls,
		s->unpriced_tokens);
}

static int render_csv(const rp_table *t, FILE *out)
{
	size_t i, j;
	const char *f = t->o->group == LC_GROUP_TAG ? t->o->tag_key : rp_group_field(t->o->group);

	csv_field(out, f);
	fprintf(out, "%s,calls,input_tokens,output_tokens,cache_creation_tokens,"
		     "cache_read_tokens,reasoning_tokens,total_tokens,cost,currency,"
		     "unpriced_calls,unpriced_tokens%s\n",
		t->o->breakdown ? ",model" : "", t->o->breakdown ? "" : ",models");
	for (i = 0; i < t->n; i++) {
		const rp_row *r = &t->rows[i];
		if (t->o->breakdown) {
			for (j = 0; j < r->nmodels; j++) {
				csv_field(out, r->key);
				fputc(',', out);
				csv_field(out, r->models[j].key);
				csv_sums(out, t, &r->models[j].sums);
				fputc('\n', out);
			}
			continue;
		}
		csv_field(out, r->key);
		csv_sums(out, t, &r->sums);
		fputc(',', out);
		{
			lc_buf b;
			lc_buf_init(&b, 1 << 20);
			for (j = 0; j < r->nmodels; j++)
				if ((j && lc_buf_puts(&b, ";")) || lc_buf_puts(&b, r->models[j].key))
					break;
			csv_field(out, b.data ? b.data : "");
			lc_buf_free(&b);
		}
		fputc('\n', out);
	}
	return ferror(out) ? LC_IO : LC_OK;
}

int rp_render(const rp_table *t, FILE *out, lc_error *err)
{
	int rc;
	switch (t->o->output) {
	case LC_OUT_JSON: rc = render_json(t, out); break;
	case LC_OUT_CSV: rc = render_csv(t, out); break;
	default: rc = render_table(t, out); break;
	}
	if (rc)
		return lc_error_set(err, rc, "cannot write the report: %s", lc_strerror(rc));
	return LC_OK;
}
