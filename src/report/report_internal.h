/*
 * report_internal.h - what the report files share: the aggregated table (groups of exact
 * sums) built by aggregate.c and drawn by render.c.
 */
#ifndef LC_REPORT_INTERNAL_H
#define LC_REPORT_INTERNAL_H

#include "llmcost/report.h"

#define RP_KEY_MAX 160

/* Exact sums over a set of records. */
typedef struct rp_sums {
	int64_t calls;
	int64_t input, output, cache_create, cache_read, reasoning, total_tokens;
	int64_t priced_calls;
	int64_t unpriced_calls, unpriced_tokens;
	lc_money cost; /* sum of the priced calls, in the report currency */
} rp_sums;

typedef struct rp_row {
	char key[RP_KEY_MAX]; /* group label: "2025-01-03", "claude-sonnet-4-5", "search" */
	rp_sums sums;
	struct rp_row *models; /* per-model rows (the breakdown; also the `models` list) */
	size_t nmodels, capmodels;
} rp_row;

typedef struct rp_table {
	const lc_report_opts *o;
	rp_row *rows;
	size_t n, cap;
	uint32_t *index; /* open addressing: row number + 1, 0 = empty */
	size_t index_cap;
	rp_sums totals;        /* the sum of the rows (so totals = rows, by construction) */
	char currency[4];      /* report currency; "" while no priced record was seen */
	/* day-bucket cache: records arrive in time order, so one zone lookup per bucket */
	lc_time_ms cache_from, cache_to;
	char cache_key[RP_KEY_MAX];
	lc_error *err;
} rp_table;

/* Fill t from the ledger per o. t is zeroed by the caller; free with rp_table_free. */
int rp_aggregate(lc_ledger *lg, const lc_report_opts *o, rp_table *t, lc_error *err);
void rp_table_free(rp_table *t);

/* Draw t in o->output form. */
int rp_render(const rp_table *t, FILE *out, lc_error *err);

/* The JSON array name ("daily") and the row field naming the group ("date"). */
const char *rp_group_array(lc_group g);
const char *rp_group_field(lc_group g);
/* Column title in tables and CSV ("Date", "Week", "Model", the tag key). */
const char *rp_group_title(const lc_report_opts *o);

#endif
