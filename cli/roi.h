/*
 * roi.h - what the `llmcost roi` files share: the computed results of every alternative of
 * a scenario (cmd_roi.c fills them; roi_report.c prints text and JSON; roi_html.c writes
 * the HTML report).
 */
#ifndef LLMCOST_CLI_ROI_H
#define LLMCOST_CLI_ROI_H

#include "cli.h"

#define ROI_MAX_BARS 32

typedef struct roi_alt {
	const char *name;
	lc_roi_metrics m;
	lc_roi_month *months;  /* horizon entries */
	int has_mc;
	lc_mc_result mc;
	int nbars;
	lc_tornado_bar bars[ROI_MAX_BARS];
} roi_alt;

typedef struct roi_run {
	const char *path;
	lc_scenario *sc;
	int nalts;
	roi_alt *alts;
	int64_t trials;
	uint64_t seed;
	int threads;
	int period; /* 'm', 'q' or 'y' for the text table */
	int ledger_months; /* line-months with ledger actuals */
	int64_t ledger_unpriced; /* unpriced ledger records left out of the actuals */
} roi_run;

/* "2026-03" for month m after the scenario's start. */
void roi_month_label(const lc_scenario *sc, int m, char *buf, size_t cap);
/* A period label for month m: "2026-03", "2026-Q1" or "2026". */
void roi_period_label(const lc_scenario *sc, int m, int period, char *buf, size_t cap);
/* Money as a decimal string rounded half-even to cents ("-1234.50"); "" when out of range. */
const char *roi_money(double x, char *buf);

/* Read actual spend of the scenario's ledger lines from the ledger (roi_ledger.c). */
int roi_read_actuals(roi_run *r, lc_error *err);

void roi_print_text(const roi_run *r, FILE *f);
int roi_print_json(const roi_run *r, FILE *f);
/* The JSON document of roi_print_json, appended to b. */
int roi_json(const roi_run *r, lc_buf *b);
int roi_write_html(const roi_run *r, const char *out, lc_error *err);

#endif
