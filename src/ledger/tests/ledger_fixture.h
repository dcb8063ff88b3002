/*
 * ledger_fixture.h - records and paths for the ledger and report unit tests.
 */
#ifndef LC_LEDGER_FIXTURE_H
#define LC_LEDGER_FIXTURE_H

#include "llmcost.h"

/* A full record numbered i (id "rec-<i>"), every field set, priced in USD. */
void lc_fixture_record(lc_record *r, int i);
/* lc_test_tmpdir()/name (static buffer). */
const char *lc_fixture_path(const char *name);
/* An lc_ledger_each callback that copies the last record into ctx (an lc_record *). */
int lc_fixture_copy_cb(const lc_record *r, void *ctx);

/* The first column of the first row of sql run on the SQLite file db, as text (static
 * buffer; "" when no row, "(error)" when the query fails). For checks below the API. */
const char *lc_fixture_sql(const char *db, const char *sql);

/* The report o over lg as text (caller frees), or NULL when it failed. */
char *lc_fixture_report(lc_ledger *lg, const lc_report_opts *o);

#endif
