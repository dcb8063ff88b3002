/*
 * test_ledger_rollup.c - the SQLite ledger's rollup sums stay exact: over many transactions
 * with repeats inside and across them and rollbacks between, and when another program
 * writes records by rowid where llmcost's cheap coverage check (three index probes instead
 * of count(*), sqlite_rollup.c: sums_cover) could miss them: below rowid 1, in a gap left
 * by a delete, at the top of the rowid range. The report-level checks are in
 * src/report/tests/test_report_rollup.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ledger/tests/ledger_fixture.h"
#include "tests/harness.h"

typedef struct totals {
	int64_t calls, input, output;
	lc_money cost;
} totals;

static int add_record(const lc_record *r, void *ctx)
{
	totals *t = ctx;
	t->calls++;
	t->input += r->usage.input_tokens;
	t->output += r->usage.output_tokens;
	return lc_money_add(t->cost, r->cost.priced ? r->cost.total : lc_money_zero(), &t->cost);
}

static int add_rollup(const lc_rollup *r, void *ctx)
{
	totals *t = ctx;
	t->calls += r->calls;
	t->input += r->input_tokens;
	t->output += r->output_tokens;
	return lc_money_add(t->cost, r->cost, &t->cost);
}

/* 0 when the sums equal the records' totals, 1 when they differ, LC_UNSUPPORTED when the
 * ledger says its sums do not cover the records; *calls receives the records' count. */
static int sums_match(lc_ledger *lg, int64_t *calls)
{
	totals rec = {0, 0, 0, lc_money_zero()}, sum = {0, 0, 0, lc_money_zero()};
	lc_error err = {0};
	int rc;

	if (lc_ledger_each(lg, NULL, add_record, &rec, &err))
		return -1;
	*calls = rec.calls;
	if ((rc = lc_ledger_rollup_each(lg, NULL, add_rollup, &sum, &err)) != 0)
		return rc;
	return rec.calls == sum.calls && rec.input == sum.input && rec.output == sum.output &&
			       lc_money_cmp(rec.cost, sum.cost) == 0
		       ? 0
		       : 1;
}

/* Put records first..first+n-1 in one transaction; how many were new, or -1. */
static int put_range(lc_ledger *lg, int first, int n)
{
	lc_error err = {0};
	lc_record r;
	int i, ins, added = 0;

	if (lc_ledger_begin(lg, &err))
		return -1;
	for (i = first; i < first + n; i++) {
		lc_fixture_record(&r, i);
		r.usage.input_tokens = i % 97; /* sums that differ from row to row */
		r.cost.total.atto = (lc_i128)i * 1000000000000007;
		if (lc_ledger_put(lg, &r, &ins, &err))
			return -1;
		added += ins;
	}
	return lc_ledger_commit(lg, &err) ? -1 : added;
}

/* New ledger db with records 0..n-1 put by llmcost (one transaction). */
static int fresh(const char *db, int n)
{
	lc_ledger *lg = NULL;
	lc_error err = {0};
	int added;

	if (lc_ledger_open(db, &lg, &err))
		return -1;
	added = put_range(lg, 0, n);
	lc_ledger_close(lg);
	return added;
}

/* llmcost writes records first..first+n-1; the number of records after it when the sums
 * still match them, else -1. */
static int64_t write_exact(const char *db, int first, int n)
{
	lc_ledger *lg = NULL;
	lc_error err = {0};
	int64_t calls = -1;

	if (lc_ledger_open(db, &lg, &err))
		return -1;
	if (put_range(lg, first, n) != n || sums_match(lg, &calls) != 0)
		calls = -1;
	lc_ledger_close(lg);
	return calls;
}

/*
 * Another program inserts a row at `rowid` (SQL text; "NULL" for the next one); llmcost
 * must then say its sums do not cover the records, and its next write (records first..
 * first+n-1) must make them exact again. The number of records after it, or -1.
 */
static int64_t outside_then_write(const char *db, const char *rowid, int first, int n)
{
	lc_ledger *lg = NULL;
	lc_error err = {0};
	int64_t calls = -1;
	char sql[512];

	snprintf(sql, sizeof sql,
		 "INSERT INTO records (rowid, id, time_ms, provider, model, priced, currency,"
		 " cost_total, source, input_tokens) VALUES (%s, 'x-%s', 1735700000000, 'openai',"
		 " 'gpt-5', 1, 'USD', '0.25', 'test:outside', 777)",
		 rowid, rowid);
	if (strcmp(lc_fixture_sql(db, sql), "") != 0 || lc_ledger_open(db, &lg, &err))
		return -1;
	if (sums_match(lg, &calls) != LC_UNSUPPORTED || put_range(lg, first, n) != n ||
	    sums_match(lg, &calls) != 0)
		calls = -1;
	lc_ledger_close(lg);
	return calls;
}

TEST(rollup_exact_over_many_transactions_with_repeats)
{
	const char *db = lc_fixture_path("many.db");
	lc_ledger *lg = NULL;
	lc_error err = {0};
	int64_t calls = 0;
	int k, total = 0;

	CHECK_INT(lc_ledger_open_flags(db, LC_LEDGER_SMALL_CACHE, &lg, &err), 0);
	for (k = 0; k < 30; k++) {
		/* each batch overlaps the previous one by 10 ids, and repeats itself */
		int added = put_range(lg, k * 40, 50);
		CHECK_INT(added, k ? 40 : 50);
		CHECK_INT(put_range(lg, k * 40, 50), 0);
		total += added;
		if (k % 7 == 3) { /* a rolled-back batch adds nothing */
			lc_record r;
			CHECK_INT(lc_ledger_begin(lg, &err), 0);
			lc_fixture_record(&r, 100000 + k);
			CHECK_INT(lc_ledger_put(lg, &r, NULL, &err), 0);
			lc_ledger_rollback(lg);
		}
		CHECK_INT(sums_match(lg, &calls), 0);
		CHECK_INT(calls, total);
	}
	lc_ledger_close(lg);
	/* the state says what the sums cover: every row, numbered 1..count */
	CHECK_STR(lc_fixture_sql(db, "SELECT records || ' ' || max_rowid FROM rollup_state"),
		  "1210 1210");
	CHECK_STR(lc_fixture_sql(db, "SELECT count(*) || ' ' || max(rowid) FROM records"),
		  "1210 1210");
}

TEST(rollup_sees_outside_rows_below_rowid_1)
{
	const char *db = lc_fixture_path("below.db");

	CHECK_INT(fresh(db, 20), 20);
	CHECK_INT(outside_then_write(db, "-7", 20, 5), 26);
	CHECK_INT(outside_then_write(db, "0", 25, 5), 32);
	/* later transactions keep the sums exact (the rowids are no longer 1..n) */
	CHECK_INT(write_exact(db, 30, 5), 37);
}

TEST(rollup_sees_outside_rows_in_a_gap)
{
	const char *db = lc_fixture_path("gap.db");
	lc_ledger *lg = NULL;
	lc_error err = {0};
	int64_t calls = 0;

	CHECK_INT(fresh(db, 10), 10);
	/* a delete leaves a gap at rowid 3 (and stales the sums) */
	CHECK_STR(lc_fixture_sql(db, "DELETE FROM records WHERE rowid = 3"), "");
	CHECK_INT(lc_ledger_open(db, &lg, &err), 0);
	CHECK_INT(sums_match(lg, &calls), LC_UNSUPPORTED);
	lc_ledger_close(lg);
	CHECK_INT(write_exact(db, 10, 1), 10); /* recomputed: 10 rows, highest rowid 11 */
	CHECK_STR(lc_fixture_sql(db, "SELECT records || ' ' || max_rowid FROM rollup_state"),
		  "10 11");
	/* a row put into the gap changes neither the highest nor the lowest rowid */
	CHECK_INT(outside_then_write(db, "3", 11, 3), 14);
}

TEST(rollup_sees_outside_rows_appended_and_at_the_top)
{
	const char *db = lc_fixture_path("top.db");

	CHECK_INT(fresh(db, 10), 10);
	/* appended the ordinary way (rowid 11) */
	CHECK_INT(outside_then_write(db, "NULL", 10, 4), 15);
	/* at the largest rowid: SQLite then numbers new rows at random below it */
	CHECK_INT(outside_then_write(db, "9223372036854775807", 14, 6), 22);
	CHECK_INT(write_exact(db, 20, 6), 28);
}
