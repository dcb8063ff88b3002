/*
 * llmcost/report.h - reports over the ledger: group records by day, week, month, session,
 * model, provider or a tag, total them exactly, and render a table, JSON or CSV.
 */
#ifndef LLMCOST_REPORT_H
#define LLMCOST_REPORT_H

#include <stdio.h>

#include "ledger.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum lc_group {
	LC_GROUP_DAY = 0,
	LC_GROUP_WEEK,
	LC_GROUP_MONTH,
	LC_GROUP_SESSION,
	LC_GROUP_MODEL,
	LC_GROUP_PROVIDER,
	LC_GROUP_TAG
} lc_group;

typedef enum lc_output { LC_OUT_TABLE = 0, LC_OUT_JSON, LC_OUT_CSV } lc_output;

/*
 * Currency conversion at a date: *out = m (in `from`) expressed in `to` at instant `at`,
 * rounded as the rate source documents. Returns LC_OK, or an error (LC_NOTFOUND when no rate
 * is known, with a message). Reports convert each record at its own time, then sum, so the
 * totals stay exact sums of the rows. The CLI wires pricing.h's lc_fx_convert here.
 */
typedef int (*lc_fx_fn)(lc_money m, const char *from, const char *to, lc_time_ms at,
			lc_money *out, void *ctx, lc_error *err);

typedef struct lc_report_opts {
	lc_group group;
	const char *tag_key;  /* for LC_GROUP_TAG */
	const char *tz;       /* IANA zone for day/week/month buckets; NULL = local */
	lc_filter filter;     /* since/until/provider/model/source */
	int breakdown;        /* per-model rows inside each group */
	lc_output output;
	int color;            /* ANSI colour in tables */
	const char *currency; /* convert to this currency; NULL = as recorded */
	const char *fx_file;  /* dated FX table for conversion; NULL = $LLMCOST_FX */
	lc_fx_fn fx;          /* the rate source used to convert (the CLI wires the catalog's
			       * FX table here); NULL = no conversion possible */
	void *fx_ctx;
} lc_report_opts;

/* Build the report from lg and write it to out. */
int lc_report_run(lc_ledger *lg, const lc_report_opts *o, FILE *out, lc_error *err);

/* "daily" -> LC_GROUP_DAY, ..., "tag:team" -> LC_GROUP_TAG with *tag_key = "team"
 * (pointing into name). LC_NOTFOUND for unknown names. */
int lc_group_parse(const char *name, lc_group *out, const char **tag_key);

#ifdef __cplusplus
}
#endif
#endif
