/*
 * test_report_rollup.c - day/week/month reports read the ledger's half-hour sums
 * (lc_ledger_rollup_each) instead of every record: the output must be byte for byte the
 * one the record walk gives, in every zone (DST, +05:30, +05:45 falls back), with every
 * filter; and the sums must follow the records through rollbacks and outside writes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ledger/tests/ledger_fixture.h"
#include "tests/harness.h"

/* A deterministic spread of records over 100 days around the 2025 DST changes: several
 * models and sources, some unpriced, some at the edges of half hours. */
static int fill(lc_ledger *lg, int n)
{
	static const char *const sources[] = {"claude-code:/p/a.jsonl", "codex:/s/b.jsonl",
					      "gateway", "claude-code:/p/c.jsonl"};
	uint64_t x = 88172645463325252ull;
	lc_error err = {0};
	lc_record r;
	int i;

	if (lc_ledger_begin(lg, &err))
		return -1;
	for (i = 0; i < n; i++) {
		x ^= x << 13, x ^= x >> 7, x ^= x << 17; /* xorshift64 */
		lc_fixture_record(&r, i);
		r.usage.time = 1740787200000LL /* 2025-03-01 */ + (int64_t)(x % (100ull * 86400000));
		if (i % 7 == 0) /* exactly on a half hour, or just before one */
			r.usage.time -= r.usage.time % LC_ROLLUP_MS + (i % 14 ? 1 : 0);
		snprintf(r.source, sizeof r.source, "%s", sources[i % 4]);
		snprintf(r.usage.model, sizeof r.usage.model, "model-%d", (int)(x >> 40) % 4);
		if (i % 11 == 0)
			memset(&r.cost, 0, sizeof r.cost); /* unpriced */
		else
			r.cost.total.atto = (lc_i128)(x % 1000000007) * 1000000000 + i;
		if (lc_ledger_put(lg, &r, NULL, &err))
			return -1;
	}
	return lc_ledger_commit(lg, &err);
}

static int count_calls(const lc_rollup *r, void *ctx)
{
	*(int64_t *)ctx += r->calls;
	return 0;
}

/* Report shape k of the 6 zones x 3 groupings x 7 variants tried. */
static void shape(size_t k, lc_report_opts *o)
{
	static const char *const zones[] = {"UTC", "America/New_York", "Asia/Kolkata",
					    "Asia/Kathmandu", "Australia/Lord_Howe", "Europe/Berlin"};
	static const lc_group groups[] = {LC_GROUP_DAY, LC_GROUP_WEEK, LC_GROUP_MONTH};
	size_t v = k % 7;

	memset(o, 0, sizeof *o);
	o->tz = zones[k / 21];
	o->group = groups[k / 7 % 3];
	o->output = LC_OUT_JSON;
	o->breakdown = v == 1;
	if (v == 2)
		o->filter.source_prefix = "claude-code:";
	if (v == 3)
		o->filter.source_prefix = "claude"; /* not a kind: walks */
	if (v == 4)
		o->filter.provider = "anthropic", o->filter.model = "model-2";
	if (v == 5) /* on half hours */
		o->filter.since = 1743000000000LL - 1743000000000LL % LC_ROLLUP_MS,
		o->filter.until = o->filter.since + 20 * 86400000LL;
	if (v == 6) /* not: walks */
		o->filter.since = 1743000000001LL;
}
#define SHAPES (6 * 3 * 7)

/* Every report shape we try, rendered from the sums and then from the records. */
TEST(report_from_rollup_equals_record_walk)
{
	const char *db = lc_fixture_path("roll.db");
	lc_ledger *lg = NULL;
	lc_error err = {0};
	char *with[SHAPES], *without[SHAPES];
	lc_report_opts o;
	int64_t calls = 0;
	size_t k;

	CHECK_INT(lc_ledger_open(db, &lg, &err), 0);
	CHECK_INT(fill(lg, 600), 0);
	CHECK_INT(lc_ledger_rollup_each(lg, NULL, count_calls, &calls, &err), 0);
	CHECK_INT(calls, 600);
	for (k = 0; k < SHAPES; k++) {
		shape(k, &o);
		with[k] = lc_fixture_report(lg, &o);
		CHECK(with[k] != NULL);
	}
	lc_ledger_close(lg);
	/* an UPDATE by another program marks the sums stale: reports walk the records */
	CHECK_STR(lc_fixture_sql(db, "UPDATE records SET flags = flags WHERE id = 'rec-1'"), "");
	CHECK_STR(lc_fixture_sql(db, "SELECT records FROM rollup_state"), "-1");
	CHECK_INT(lc_ledger_open(db, &lg, &err), 0);
	CHECK_INT(lc_ledger_rollup_each(lg, NULL, count_calls, &calls, &err), LC_UNSUPPORTED);
	for (k = 0; k < SHAPES; k++) {
		shape(k, &o);
		without[k] = lc_fixture_report(lg, &o);
		CHECK(without[k] != NULL);
		CHECK_STR(with[k], without[k]);
	}
	lc_ledger_close(lg);
	for (k = 0; k < SHAPES; k++)
		free(with[k]), free(without[k]);
}

/* Records written by another program: reports still count them, and the next write by
 * llmcost recomputes the sums. */
TEST(rollup_recovers_from_outside_inserts)
{
	const char *db = lc_fixture_path("out.db");
	lc_ledger *lg = NULL;
	lc_error err = {0};
	lc_record r;
	int64_t calls = 0;

	CHECK_INT(lc_ledger_open(db, &lg, &err), 0);
	CHECK_INT(fill(lg, 50), 0);
	lc_ledger_close(lg);
	CHECK_STR(lc_fixture_sql(db, "INSERT INTO records (id, time_ms, provider, model, priced,"
				     " currency, cost_total, source) VALUES ('x-1', 1741000000000,"
				     " 'openai', 'gpt-5', 1, 'USD', '0.25', 'claude-code:/x')"),
		  "");
	CHECK_INT(lc_ledger_open(db, &lg, &err), 0);
	CHECK_INT(lc_ledger_rollup_each(lg, NULL, count_calls, &calls, &err), LC_UNSUPPORTED);
	lc_fixture_record(&r, 1000);
	CHECK_INT(lc_ledger_put(lg, &r, NULL, &err), 0);
	calls = 0;
	CHECK_INT(lc_ledger_rollup_each(lg, NULL, count_calls, &calls, &err), 0);
	CHECK_INT(calls, 52);
	lc_ledger_close(lg);
	CHECK_STR(lc_fixture_sql(db, "SELECT cost_total FROM rollup WHERE model = 'gpt-5'"), "0.25");
	/* a delete is seen too */
	CHECK_STR(lc_fixture_sql(db, "DELETE FROM records WHERE id = 'x-1'"), "");
	CHECK_INT(lc_ledger_open(db, &lg, &err), 0);
	CHECK_INT(lc_ledger_rollup_each(lg, NULL, count_calls, &calls, &err), LC_UNSUPPORTED);
	lc_ledger_close(lg);
}

/* A rolled-back transaction leaves no sums behind, and a repeated id adds nothing. */
TEST(rollup_follows_rollback_and_dedup)
{
	lc_ledger *lg = NULL;
	lc_error err = {0};
	lc_record r;
	int64_t calls = 0;
	int ins = -1;

	CHECK_INT(lc_ledger_open(lc_fixture_path("rb.db"), &lg, &err), 0);
	CHECK_INT(lc_ledger_begin(lg, &err), 0);
	lc_fixture_record(&r, 1);
	CHECK_INT(lc_ledger_put(lg, &r, NULL, &err), 0);
	lc_ledger_rollback(lg);
	lc_fixture_record(&r, 2);
	CHECK_INT(lc_ledger_put(lg, &r, &ins, &err), 0);
	CHECK_INT(ins, 1);
	CHECK_INT(lc_ledger_put(lg, &r, &ins, &err), 0);
	CHECK_INT(ins, 0);
	CHECK_INT(lc_ledger_rollup_each(lg, NULL, count_calls, &calls, &err), 0);
	CHECK_INT(calls, 1);
	lc_ledger_close(lg);
	CHECK_STR(lc_fixture_sql(lc_fixture_path("rb.db"),
				 "SELECT calls || ' ' || input_tokens || ' ' || cost_total FROM rollup"),
		  "1 1002 1234567.000000000000000007");
}
