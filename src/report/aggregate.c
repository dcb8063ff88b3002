/*
 * aggregate.c - turning ledger records into report groups with exact sums.
 *
 * Each record lands in one group (its day/week/month in the report's zone, its session,
 * model, provider or tag value) and, inside it, one per-model row. Token counts add as
 * checked 64-bit integers and costs as lc_money, converted per record (at the record's own
 * time) when the report asks for another currency. The totals are the sum of the rows, so
 * a total can never disagree with its rows. Unpriced calls are counted apart, never as 0.
 */
#include <stdlib.h>
#include <string.h>

#include "report/report_internal.h"

/* ------------------------------------------------------------------ group names */

int lc_group_parse(const char *name, lc_group *out, const char **tag_key)
{
	static const struct {
		const char *name;
		lc_group g;
	} names[] = {
		{"daily", LC_GROUP_DAY},       {"day", LC_GROUP_DAY},
		{"weekly", LC_GROUP_WEEK},     {"week", LC_GROUP_WEEK},
		{"monthly", LC_GROUP_MONTH},   {"month", LC_GROUP_MONTH},
		{"session", LC_GROUP_SESSION}, {"sessions", LC_GROUP_SESSION},
		{"model", LC_GROUP_MODEL},     {"models", LC_GROUP_MODEL},
		{"provider", LC_GROUP_PROVIDER}, {"providers", LC_GROUP_PROVIDER},
	};
	size_t i;

	if (tag_key)
		*tag_key = NULL;
	if (strncmp(name, "tag:", 4) == 0) {
		size_t n = strlen(name + 4);
		if (n == 0 || n >= LC_TAG_KEY_MAX)
			return LC_NOTFOUND;
		*out = LC_GROUP_TAG;
		if (tag_key)
			*tag_key = name + 4;
		return LC_OK;
	}
	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (strcmp(name, names[i].name) == 0) {
			*out = names[i].g;
			return LC_OK;
		}
	}
	return LC_NOTFOUND;
}

const char *rp_group_array(lc_group g)
{
	static const char *const a[] = {"daily", "weekly", "monthly", "sessions",
					"models", "providers", "tags"};
	return (unsigned)g < 7 ? a[g] : "groups";
}

const char *rp_group_field(lc_group g)
{
	static const char *const f[] = {"date", "week", "month", "session",
					"model", "provider", "tag"};
	return (unsigned)g < 7 ? f[g] : "group";
}

const char *rp_group_title(const lc_report_opts *o)
{
	static const char *const t[] = {"Date", "Week", "Month", "Session", "Model", "Provider"};
	if (o->group == LC_GROUP_TAG)
		return o->tag_key;
	return (unsigned)o->group < 6 ? t[o->group] : "Group";
}

/* ------------------------------------------------------------------ buckets */

/* The civil date at instant t in the report zone, and the instants its day starts and
 * ends (a DST day is 23 or 25 hours long: the zone decides, not 86400 s). */
static int day_of(rp_table *t, lc_time_ms at, lc_date *d, lc_time_ms *from, lc_time_ms *to)
{
	lc_date next;
	int rc = lc_time_to_date(at, t->o->tz, d);
	if (rc)
		return lc_error_set(t->err, rc, "unknown time zone '%s'", t->o->tz ? t->o->tz : "");
	next = *d;
	next.day++; /* mktime normalizes the 32nd into the next month */
	if (lc_date_to_time(d, t->o->tz, from) || lc_date_to_time(&next, t->o->tz, to))
		return lc_error_set(t->err, LC_RANGE, "date out of range");
	return LC_OK;
}

/* The Monday (ISO week start) of civil date d, as a date. Steps back from noon, so the
 * days crossed may be 23 or 25 hours long without landing on the wrong date. */
static int monday_of(rp_table *t, const lc_date *d, lc_date *mon)
{
	lc_time_ms midnight;
	int back = (d->wday + 6) % 7;
	if (lc_date_to_time(d, t->o->tz, &midnight))
		return lc_error_set(t->err, LC_RANGE, "date out of range");
	if (lc_time_to_date(midnight + 12 * 3600000LL - (lc_time_ms)back * 86400000LL, t->o->tz,
			    mon))
		return lc_error_set(t->err, LC_RANGE, "date out of range");
	return LC_OK;
}

/* The day/week/month label of instant at into key; afterwards the local day holding at
 * is [t->cache_from, t->cache_to). */
static int time_bucket(rp_table *t, lc_time_ms at, char *key)
{
	const lc_report_opts *o = t->o;
	lc_date d, w;
	int rc;

	if (t->cache_key[0] && at >= t->cache_from && at < t->cache_to) {
		memcpy(key, t->cache_key, RP_KEY_MAX);
		return LC_OK;
	}
	rc = day_of(t, at, &d, &t->cache_from, &t->cache_to);
	if (rc)
		return rc;
	if (o->group == LC_GROUP_DAY) {
		snprintf(key, RP_KEY_MAX, "%04d-%02d-%02d", d.year, d.month, d.day);
	} else if (o->group == LC_GROUP_MONTH) {
		snprintf(key, RP_KEY_MAX, "%04d-%02d", d.year, d.month);
	} else {
		rc = monday_of(t, &d, &w);
		if (rc)
			return rc;
		snprintf(key, RP_KEY_MAX, "%04d-%02d-%02d", w.year, w.month, w.day);
	}
	memcpy(t->cache_key, key, RP_KEY_MAX);
	return LC_OK;
}

/* The group label of r into key. */
static int bucket(rp_table *t, const lc_record *r, char *key)
{
	const lc_report_opts *o = t->o;
	const char *s;

	switch (o->group) {
	case LC_GROUP_DAY:
	case LC_GROUP_WEEK:
	case LC_GROUP_MONTH:
		return time_bucket(t, r->usage.time, key);
	case LC_GROUP_SESSION:
		s = r->usage.session[0] ? r->usage.session : "(no session)";
		break;
	case LC_GROUP_MODEL:
		s = r->usage.model[0] ? r->usage.model : "(unknown)";
		break;
	case LC_GROUP_PROVIDER:
		s = r->usage.provider[0] ? r->usage.provider : "(unknown)";
		break;
	case LC_GROUP_TAG:
		s = lc_usage_get_tag(&r->usage, o->tag_key);
		if (!s)
			s = "(untagged)";
		break;
	default:
		return lc_error_set(t->err, LC_INVAL, "unknown report grouping");
	}
	{ /* snprintf(key, RP_KEY_MAX, "%s", s), without the printf machinery per record */
		size_t n = strnlen(s, RP_KEY_MAX - 1);
		memcpy(key, s, n);
		key[n] = '\0';
	}
	return LC_OK;
}

/* ------------------------------------------------------------------ sums */

static int add_i64(int64_t *acc, int64_t v)
{
	return __builtin_add_overflow(*acc, v, acc) ? LC_RANGE : LC_OK;
}

/* Add one record (its cost already in the report currency) into s. */
static int sums_add_record(rp_sums *s, const lc_record *r, const lc_money *cost)
{
	const lc_usage *u = &r->usage;
	int64_t create = 0, tokens = 0;

	if (add_i64(&create, u->cache_write_5m_tokens) || add_i64(&create, u->cache_write_1h_tokens) ||
	    add_i64(&tokens, u->input_tokens) || add_i64(&tokens, u->output_tokens) ||
	    add_i64(&tokens, create) || add_i64(&tokens, u->cache_read_tokens))
		return LC_RANGE;
	if (add_i64(&s->calls, 1) || add_i64(&s->input, u->input_tokens) ||
	    add_i64(&s->output, u->output_tokens) || add_i64(&s->cache_create, create) ||
	    add_i64(&s->cache_read, u->cache_read_tokens) ||
	    add_i64(&s->reasoning, u->reasoning_tokens) || add_i64(&s->total_tokens, tokens))
		return LC_RANGE;
	if (!cost)
		return add_i64(&s->unpriced_calls, 1) || add_i64(&s->unpriced_tokens, tokens) ? LC_RANGE
											 : LC_OK;
	if (add_i64(&s->priced_calls, 1) || lc_money_add(s->cost, *cost, &s->cost))
		return LC_RANGE;
	return LC_OK;
}


static int rp_sums_add(rp_sums *acc, const rp_sums *s)
{
	if (add_i64(&acc->calls, s->calls) || add_i64(&acc->input, s->input) ||
	    add_i64(&acc->output, s->output) || add_i64(&acc->cache_create, s->cache_create) ||
	    add_i64(&acc->cache_read, s->cache_read) || add_i64(&acc->reasoning, s->reasoning) ||
	    add_i64(&acc->total_tokens, s->total_tokens) ||
	    add_i64(&acc->priced_calls, s->priced_calls) ||
	    add_i64(&acc->unpriced_calls, s->unpriced_calls) ||
	    add_i64(&acc->unpriced_tokens, s->unpriced_tokens) ||
	    lc_money_add(acc->cost, s->cost, &acc->cost))
		return LC_RANGE;
	return LC_OK;
}

/* ------------------------------------------------------------------ rows */

static uint32_t hash_key(const char *s)
{
	uint32_t h = 2166136261u; /* FNV-1a */
	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

static int reindex(rp_table *t, size_t cap)
{
	uint32_t *idx = calloc(cap, sizeof *idx);
	size_t i, j;
	if (!idx)
		return LC_NOMEM;
	for (i = 0; i < t->n; i++) {
		for (j = hash_key(t->rows[i].key) & (cap - 1); idx[j]; j = (j + 1) & (cap - 1))
			;
		idx[j] = (uint32_t)i + 1;
	}
	free(t->index);
	t->index = idx;
	t->index_cap = cap;
	return LC_OK;
}

/* The row for key, created when new. */
static rp_row *table_row(rp_table *t, const char *key)
{
	size_t j;
	rp_row *row;

	if ((t->n + 1) * 2 > t->index_cap && reindex(t, t->index_cap ? t->index_cap * 2 : 64))
		return NULL;
	for (j = hash_key(key) & (t->index_cap - 1); t->index[j]; j = (j + 1) & (t->index_cap - 1))
		if (strcmp(t->rows[t->index[j] - 1].key, key) == 0)
			return &t->rows[t->index[j] - 1];
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 32;
		rp_row *rows = realloc(t->rows, cap * sizeof *rows);
		if (!rows || t->n >= UINT32_MAX - 1)
			return NULL;
		t->rows = rows;
		t->cap = cap;
	}
	row = &t->rows[t->n];
	memset(row, 0, sizeof *row);
	snprintf(row->key, sizeof row->key, "%s", key);
	t->index[j] = (uint32_t)++t->n;
	return row;
}

/* The per-model sub-row of row (a handful per group: a linear search is the fast one). */
static rp_row *model_row(rp_row *row, const char *model)
{
	size_t i;
	for (i = 0; i < row->nmodels; i++)
		if (strcmp(row->models[i].key, model) == 0)
			return &row->models[i];
	if (row->nmodels == row->capmodels) {
		size_t cap = row->capmodels ? row->capmodels * 2 : 4;
		rp_row *m = realloc(row->models, cap * sizeof *m);
		if (!m)
			return NULL;
		row->models = m;
		row->capmodels = cap;
	}
	memset(&row->models[row->nmodels], 0, sizeof row->models[0]);
	snprintf(row->models[row->nmodels].key, RP_KEY_MAX, "%s", model);
	return &row->models[row->nmodels++];
}

void rp_table_free(rp_table *t)
{
	size_t i;
	if (!t)
		return;
	for (i = 0; i < t->n; i++)
		free(t->rows[i].models);
	free(t->rows);
	free(t->index);
	memset(t, 0, sizeof *t);
}

/* ------------------------------------------------------------------ the walk */

/* r's cost in the report currency into *out; converts when the currencies differ. */
static int report_cost(rp_table *t, const lc_record *r, lc_money *out)
{
	const char *want = t->o->currency && *t->o->currency ? t->o->currency : t->currency;

	if (!*want) { /* the first priced record fixes the currency of an unconverted report */
		snprintf(t->currency, sizeof t->currency, "%s", r->cost.currency);
		want = t->currency;
	}
	if (!t->currency[0])
		snprintf(t->currency, sizeof t->currency, "%s", want);
	if (strcmp(r->cost.currency, want) == 0) {
		*out = r->cost.total;
		return LC_OK;
	}
	if (!t->o->fx && t->o->currency && *t->o->currency)
		return lc_error_set(t->err, LC_NOTFOUND,
				    "no exchange rate to convert %s to %s: give a dated FX table "
				    "(--fx FILE or $LLMCOST_FX)",
				    r->cost.currency, want);
	if (!t->o->fx)
		return lc_error_set(t->err, LC_NOTFOUND,
				    "records are priced in %s and %s: pass --currency with an FX "
				    "table to convert",
				    want, r->cost.currency);
	return t->o->fx(r->cost.total, r->cost.currency, want, r->usage.time, out, t->o->fx_ctx,
			t->err);
}

static int visit(const lc_record *r, void *ctx)
{
	rp_table *t = ctx;
	char key[RP_KEY_MAX];
	lc_money cost;
	rp_row *row, *m;
	int rc;

	rc = bucket(t, r, key);
	if (rc)
		return rc;
	if (r->cost.priced) {
		rc = report_cost(t, r, &cost);
		if (rc)
			return rc;
	}
	row = table_row(t, key);
	m = row ? model_row(row, r->usage.model[0] ? r->usage.model : "(unknown)") : NULL;
	if (!m)
		return lc_error_set(t->err, LC_NOMEM, "out of memory");
	if (sums_add_record(&row->sums, r, r->cost.priced ? &cost : NULL) ||
	    sums_add_record(&m->sums, r, r->cost.priced ? &cost : NULL))
		return lc_error_set(t->err, LC_RANGE, "token or cost sums overflow");
	return LC_OK;
}

/* ------------------------------------------------------------------ from rollups */

/*
 * Day, week and month reports add up the ledger's half-hour sums (lc_ledger_rollup_each)
 * instead of every record: the same exact totals, read from a few thousand rows. The walk
 * gives up (RP_FALLBACK, and the records are walked instead) when sums cannot give the very
 * answer the records would: a half hour that straddles a local midnight (a zone offset
 * that is not whole half hours, as Nepal's +05:45), or a cost in another currency than the report's (each
 * record is converted at its own time).
 */
#define RP_FALLBACK 1

static int sums_add_rollup(rp_sums *s, const lc_rollup *r)
{
	int64_t create = 0, tokens = 0;

	if (add_i64(&create, r->cache_write_5m_tokens) || add_i64(&create, r->cache_write_1h_tokens) ||
	    add_i64(&tokens, r->input_tokens) || add_i64(&tokens, r->output_tokens) ||
	    add_i64(&tokens, create) || add_i64(&tokens, r->cache_read_tokens))
		return LC_RANGE;
	if (add_i64(&s->calls, r->calls) || add_i64(&s->input, r->input_tokens) ||
	    add_i64(&s->output, r->output_tokens) || add_i64(&s->cache_create, create) ||
	    add_i64(&s->cache_read, r->cache_read_tokens) ||
	    add_i64(&s->reasoning, r->reasoning_tokens) || add_i64(&s->total_tokens, tokens))
		return LC_RANGE;
	if (!r->priced)
		return add_i64(&s->unpriced_calls, r->calls) || add_i64(&s->unpriced_tokens, tokens)
			       ? LC_RANGE
			       : LC_OK;
	if (add_i64(&s->priced_calls, r->calls) || lc_money_add(s->cost, r->cost, &s->cost))
		return LC_RANGE;
	return LC_OK;
}

static int visit_rollup(const lc_rollup *r, void *ctx)
{
	rp_table *t = ctx;
	char key[RP_KEY_MAX];
	rp_row *row, *m;
	int rc;

	rc = time_bucket(t, r->start, key);
	if (rc)
		return rc;
	if (r->start + LC_ROLLUP_MS > t->cache_to)
		return RP_FALLBACK; /* the half hour ends in the next local day */
	if (r->priced) { /* as report_cost, without conversion */
		const char *want = t->o->currency && *t->o->currency ? t->o->currency : t->currency;
		if (!*want) {
			snprintf(t->currency, sizeof t->currency, "%s", r->currency);
			want = t->currency;
		}
		if (!t->currency[0])
			snprintf(t->currency, sizeof t->currency, "%s", want);
		if (strcmp(r->currency, want) != 0)
			return RP_FALLBACK;
	}
	row = table_row(t, key);
	m = row ? model_row(row, r->model[0] ? r->model : "(unknown)") : NULL;
	if (!m)
		return lc_error_set(t->err, LC_NOMEM, "out of memory");
	if (sums_add_rollup(&row->sums, r) || sums_add_rollup(&m->sums, r))
		return lc_error_set(t->err, LC_RANGE, "token or cost sums overflow");
	return LC_OK;
}

/* Fill t from the rollup sums; RP_FALLBACK (t emptied again) when they cannot answer. */
static int aggregate_rollup(lc_ledger *lg, const lc_report_opts *o, rp_table *t, lc_error *err)
{
	int rc = lc_ledger_rollup_each(lg, &o->filter, visit_rollup, t, err);
	if (rc != RP_FALLBACK && rc != LC_UNSUPPORTED)
		return rc;
	rp_table_free(t);
	t->o = o;
	t->err = err;
	if (o->currency && *o->currency)
		snprintf(t->currency, sizeof t->currency, "%s", o->currency);
	return RP_FALLBACK;
}

static int by_key(const void *a, const void *b)
{
	return strcmp(((const rp_row *)a)->key, ((const rp_row *)b)->key);
}

/* Most expensive first; then most tokens (unpriced rows); then by name. */
static int by_cost(const void *a, const void *b)
{
	const rp_row *x = a, *y = b;
	int c = lc_money_cmp(y->sums.cost, x->sums.cost);
	if (c)
		return c;
	if (x->sums.total_tokens != y->sums.total_tokens)
		return x->sums.total_tokens < y->sums.total_tokens ? 1 : -1;
	return strcmp(x->key, y->key);
}

int rp_aggregate(lc_ledger *lg, const lc_report_opts *o, rp_table *t, lc_error *err)
{
	size_t i;
	int rc, timed = o->group == LC_GROUP_DAY || o->group == LC_GROUP_WEEK ||
			o->group == LC_GROUP_MONTH;

	t->o = o;
	t->err = err;
	if (o->group == LC_GROUP_TAG && (!o->tag_key || !*o->tag_key))
		return lc_error_set(err, LC_INVAL, "tag grouping needs a key (tag:KEY)");
	if (o->currency && *o->currency)
		snprintf(t->currency, sizeof t->currency, "%s", o->currency);
	rc = timed ? aggregate_rollup(lg, o, t, err) : RP_FALLBACK;
	if (rc == RP_FALLBACK)
		rc = lc_ledger_each(lg, &o->filter, visit, t, err);
	if (rc)
		return rc;
	/* every row's index entry dies with the sort; the index is not used after this */
	if (t->n) /* qsort's pointer must not be NULL, even for no rows */
		qsort(t->rows, t->n, sizeof *t->rows, timed ? by_key : by_cost);
	for (i = 0; i < t->n; i++) {
		qsort(t->rows[i].models, t->rows[i].nmodels, sizeof *t->rows[i].models, by_cost);
		if (rp_sums_add(&t->totals, &t->rows[i].sums))
			return lc_error_set(err, LC_RANGE, "totals overflow");
	}
	return LC_OK;
}

int lc_report_run(lc_ledger *lg, const lc_report_opts *o, FILE *out, lc_error *err)
{
	rp_table t;
	int rc;

	memset(&t, 0, sizeof t);
	rc = rp_aggregate(lg, o, &t, err);
	if (rc == LC_OK)
		rc = rp_render(&t, out, err);
	rp_table_free(&t);
	return rc;
}
