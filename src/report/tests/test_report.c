/*
 * test_report.c - report grouping and sums: day/week buckets across DST changes in a zone,
 * totals equal to the sum of rows (and of records) to the last digit, unpriced calls kept
 * apart, currency conversion, and the JSON / CSV shapes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ledger/tests/ledger_fixture.h"
#include "report/report_internal.h"
#include "tests/harness.h"

static lc_ledger *fresh(void)
{
	lc_ledger *lg = NULL;
	lc_error err = {0};
	if (lc_ledger_open(lc_fixture_path("r.db"), &lg, &err))
		return NULL;
	return lg;
}

/* Store a record at time iso, with total cost `cost` (NULL = unpriced) in currency cur. */
static int put(lc_ledger *lg, int i, const char *iso, const char *model, const char *cost,
	       const char *cur)
{
	lc_record r;
	lc_error err = {0};
	lc_fixture_record(&r, i);
	if (lc_time_parse(iso, (size_t)-1, 0, &r.usage.time))
		return -1;
	snprintf(r.usage.model, sizeof r.usage.model, "%s", model);
	if (!cost) {
		memset(&r.cost, 0, sizeof r.cost);
	} else {
		snprintf(r.cost.currency, sizeof r.cost.currency, "%s", cur);
		if (lc_money_parse(cost, (size_t)-1, &r.cost.total))
			return -1;
	}
	return lc_ledger_put(lg, &r, NULL, &err);
}

static const rp_row *find(const rp_table *t, const char *key)
{
	size_t i;
	for (i = 0; i < t->n; i++)
		if (strcmp(t->rows[i].key, key) == 0)
			return &t->rows[i];
	return NULL;
}

TEST(report_group_names_parse)
{
	lc_group g;
	const char *k;
	CHECK_INT(lc_group_parse("daily", &g, &k), 0);
	CHECK_INT(g, LC_GROUP_DAY);
	CHECK_INT(lc_group_parse("weekly", &g, &k), 0);
	CHECK_INT(g, LC_GROUP_WEEK);
	CHECK_INT(lc_group_parse("tag:team", &g, &k), 0);
	CHECK_INT(g, LC_GROUP_TAG);
	CHECK_STR(k, "team");
	CHECK_INT(lc_group_parse("tag:", &g, &k), LC_NOTFOUND);
	CHECK_INT(lc_group_parse("hourly", &g, &k), LC_NOTFOUND);
}

TEST(report_days_follow_the_zone_across_dst)
{
	lc_ledger *lg = fresh();
	lc_report_opts o;
	rp_table t;
	lc_error err = {0};

	CHECK(lg);
	/* Paris: CET (+1) until 2025-03-30 01:00Z, CEST (+2) until 2025-10-26 01:00Z */
	CHECK_INT(put(lg, 1, "2025-03-29T23:30:00Z", "m", "1", "USD"), 0); /* 03-30 00:30 CET */
	CHECK_INT(put(lg, 2, "2025-03-30T21:30:00Z", "m", "2", "USD"), 0); /* 03-30 23:30 CEST */
	CHECK_INT(put(lg, 3, "2025-03-30T22:30:00Z", "m", "4", "USD"), 0); /* 03-31 00:30 CEST */
	CHECK_INT(put(lg, 4, "2025-10-26T22:59:59Z", "m", "8", "USD"), 0); /* 10-26 23:59 CET */
	CHECK_INT(put(lg, 5, "2025-10-26T23:00:00Z", "m", "16", "USD"), 0); /* 10-27 00:00 CET */
	CHECK_INT(put(lg, 6, "2025-10-25T22:00:00Z", "m", "32", "USD"), 0); /* 10-26 00:00 CEST */

	memset(&o, 0, sizeof o);
	o.group = LC_GROUP_DAY;
	o.tz = "Europe/Paris";
	memset(&t, 0, sizeof t);
	CHECK_INT(rp_aggregate(lg, &o, &t, &err), 0);
	CHECK_INT(t.n, 4);
	CHECK(find(&t, "2025-03-30") && find(&t, "2025-03-30")->sums.calls == 2);
	CHECK_MONEY(find(&t, "2025-03-30")->sums.cost, "3");
	CHECK(find(&t, "2025-03-31") && find(&t, "2025-03-31")->sums.calls == 1);
	CHECK(find(&t, "2025-10-26") && find(&t, "2025-10-26")->sums.calls == 2); /* 25 h day */
	CHECK_MONEY(find(&t, "2025-10-26")->sums.cost, "40");
	CHECK(find(&t, "2025-10-27") && find(&t, "2025-10-27")->sums.calls == 1);
	CHECK_STR(t.rows[0].key, "2025-03-30"); /* time groups are in date order */
	rp_table_free(&t);

	/* the same instants in UTC fall on other days */
	o.tz = "UTC";
	memset(&t, 0, sizeof t);
	CHECK_INT(rp_aggregate(lg, &o, &t, &err), 0);
	CHECK(find(&t, "2025-03-29") && find(&t, "2025-03-29")->sums.calls == 1);
	CHECK(find(&t, "2025-10-25") && find(&t, "2025-10-25")->sums.calls == 1);
	rp_table_free(&t);

	/* ISO weeks start on Monday: Sunday 03-30 is in the week of 03-24 */
	o.group = LC_GROUP_WEEK;
	o.tz = "Europe/Paris";
	memset(&t, 0, sizeof t);
	CHECK_INT(rp_aggregate(lg, &o, &t, &err), 0);
	CHECK(find(&t, "2025-03-24") && find(&t, "2025-03-24")->sums.calls == 2);
	CHECK(find(&t, "2025-03-31") && find(&t, "2025-03-31")->sums.calls == 1);
	CHECK(find(&t, "2025-10-20") && find(&t, "2025-10-20")->sums.calls == 2);
	CHECK(find(&t, "2025-10-27") && find(&t, "2025-10-27")->sums.calls == 1);
	rp_table_free(&t);

	o.group = LC_GROUP_MONTH;
	memset(&t, 0, sizeof t);
	CHECK_INT(rp_aggregate(lg, &o, &t, &err), 0);
	CHECK_INT(t.n, 2);
	CHECK_STR(t.rows[0].key, "2025-03");
	CHECK_MONEY(t.rows[1].sums.cost, "56");
	rp_table_free(&t);
	lc_ledger_close(lg);
}

TEST(report_totals_equal_the_sum_of_rows)
{
	lc_ledger *lg = fresh();
	lc_report_opts o;
	rp_table t;
	lc_error err = {0};
	lc_money want = lc_money_zero(), rows = lc_money_zero();
	int64_t tokens = 0, rowtok = 0;
	char cost[64], iso[32];
	int i;
	size_t k;

	CHECK(lg);
	CHECK_INT(lc_ledger_begin(lg, &err), 0);
	for (i = 0; i < 500; i++) {
		lc_money m;
		lc_record r;
		/* awkward amounts: 18 decimals, values that round differently per row */
		snprintf(cost, sizeof cost, "0.%03d%015d", (i * 7919) % 1000, i * 104729 + 5);
		lc_time_format(1735689600000LL + (int64_t)i * 3 * 3600 * 1000, iso, sizeof iso);
		CHECK_INT(put(lg, i, iso, i % 3 ? "a" : "b", cost, "USD"), 0);
		CHECK_INT(lc_money_parse(cost, (size_t)-1, &m), 0);
		CHECK_INT(lc_money_add(want, m, &want), 0);
		lc_fixture_record(&r, i);
		tokens += r.usage.input_tokens + r.usage.output_tokens + r.usage.cache_read_tokens +
			  r.usage.cache_write_5m_tokens + r.usage.cache_write_1h_tokens;
	}
	CHECK_INT(lc_ledger_commit(lg, &err), 0);
	memset(&o, 0, sizeof o);
	o.group = LC_GROUP_DAY;
	o.tz = "America/New_York";
	o.breakdown = 1;
	memset(&t, 0, sizeof t);
	CHECK_INT(rp_aggregate(lg, &o, &t, &err), 0);
	CHECK(t.n > 50);
	for (k = 0; k < t.n; k++) {
		lc_money sub = lc_money_zero();
		size_t j;
		CHECK_INT(lc_money_add(rows, t.rows[k].sums.cost, &rows), 0);
		rowtok += t.rows[k].sums.total_tokens;
		for (j = 0; j < t.rows[k].nmodels; j++)
			CHECK_INT(lc_money_add(sub, t.rows[k].models[j].sums.cost, &sub), 0);
		CHECK(lc_money_cmp(sub, t.rows[k].sums.cost) == 0); /* breakdown adds up too */
	}
	CHECK(lc_money_cmp(rows, t.totals.cost) == 0);
	CHECK(lc_money_cmp(want, t.totals.cost) == 0);
	CHECK_INT(rowtok, tokens);
	CHECK_INT(t.totals.total_tokens, tokens);
	CHECK_INT(t.totals.calls, 500);
	rp_table_free(&t);
	lc_ledger_close(lg);
}

TEST(report_unpriced_calls_are_counted_not_zero)
{
	lc_ledger *lg = fresh();
	lc_report_opts o;
	char *doc;

	CHECK(lg);
	CHECK_INT(put(lg, 1, "2025-01-01T10:00:00Z", "known", "1.5", "USD"), 0);
	CHECK_INT(put(lg, 2, "2025-01-01T11:00:00Z", "mystery", NULL, NULL), 0);
	CHECK_INT(put(lg, 3, "2025-01-02T11:00:00Z", "mystery", NULL, NULL), 0);
	memset(&o, 0, sizeof o);
	o.group = LC_GROUP_DAY;
	o.tz = "UTC";
	o.output = LC_OUT_JSON;
	doc = lc_fixture_report(lg, &o);
	CHECK(doc);
	/* day 2 has only an unpriced call: cost null, not "0" */
	CHECK(strstr(doc, "{\"date\":\"2025-01-02\",\"calls\":1,") != NULL);
	CHECK(strstr(doc, "\"cost\":null,\"currency\":\"USD\",\"unpriced_calls\":1,"
			  "\"unpriced_tokens\":3855") != NULL);
	CHECK(strstr(doc, "\"totals\":{\"calls\":3,") != NULL);
	CHECK(strstr(doc, "\"cost\":\"1.5\",\"currency\":\"USD\",\"unpriced_calls\":2,") != NULL);
	free(doc);

	o.output = LC_OUT_TABLE;
	doc = lc_fixture_report(lg, &o);
	CHECK(doc);
	CHECK(strstr(doc, "Unpriced: 2 calls (7,705 tokens)") != NULL);
	free(doc);
	lc_ledger_close(lg);
}

static int fx_cny_usd(lc_money m, const char *from, const char *to, lc_time_ms at,
		      lc_money *out, void *ctx, lc_error *err)
{
	lc_money rate;
	(void)ctx;
	if (strcmp(from, "CNY") || strcmp(to, "USD"))
		return lc_error_set(err, LC_NOTFOUND, "no rate %s->%s", from, to);
	/* a dated table: the rate changes on 2025-01-02 */
	lc_money_parse(at < 1735776000000LL ? "0.14" : "0.1375", (size_t)-1, &rate);
	return lc_money_mul_dec(m, rate, out);
}

TEST(report_converts_currency_per_record)
{
	lc_ledger *lg = fresh();
	lc_report_opts o;
	rp_table t;
	lc_error err = {0};

	CHECK(lg);
	CHECK_INT(put(lg, 1, "2025-01-01T10:00:00Z", "deepseek-chat", "7", "CNY"), 0);
	CHECK_INT(put(lg, 2, "2025-01-02T10:00:00Z", "deepseek-chat", "7", "CNY"), 0);
	CHECK_INT(put(lg, 3, "2025-01-02T11:00:00Z", "gpt-4o", "1.000000000000000001", "USD"), 0);
	memset(&o, 0, sizeof o);
	o.group = LC_GROUP_MODEL;

	/* mixed currencies with no way to convert: refused, not silently added */
	memset(&t, 0, sizeof t);
	CHECK_INT(rp_aggregate(lg, &o, &t, &err), LC_NOTFOUND);
	CHECK(strstr(err.msg, "--currency") != NULL);
	rp_table_free(&t);

	o.currency = "USD";
	o.fx = fx_cny_usd;
	memset(&t, 0, sizeof t);
	CHECK_INT(rp_aggregate(lg, &o, &t, &err), 0);
	CHECK_STR(t.currency, "USD");
	CHECK_MONEY(find(&t, "deepseek-chat")->sums.cost, "1.9425"); /* 7*0.14 + 7*0.1375 */
	CHECK_MONEY(t.totals.cost, "2.942500000000000001");
	rp_table_free(&t);

	o.currency = "EUR"; /* no rate known: an error naming the pair */
	memset(&t, 0, sizeof t);
	CHECK_INT(rp_aggregate(lg, &o, &t, &err), LC_NOTFOUND);
	CHECK(strstr(err.msg, "CNY->EUR") != NULL);
	rp_table_free(&t);
	lc_ledger_close(lg);
}

TEST(report_csv_and_tag_groups)
{
	lc_ledger *lg = fresh();
	lc_report_opts o;
	lc_error err = {0};
	lc_record r;
	char *doc;

	CHECK(lg);
	lc_fixture_record(&r, 1);
	lc_usage_set_tag(&r.usage, "team", "a,b");
	CHECK_INT(lc_ledger_put(lg, &r, NULL, &err), 0);
	lc_fixture_record(&r, 2);
	r.usage.ntags = 0;
	CHECK_INT(lc_ledger_put(lg, &r, NULL, &err), 0);
	memset(&o, 0, sizeof o);
	o.group = LC_GROUP_TAG;
	o.tag_key = "team";
	o.output = LC_OUT_CSV;
	doc = lc_fixture_report(lg, &o);
	CHECK(doc);
	CHECK(strncmp(doc, "team,calls,input_tokens,", 24) == 0);
	CHECK(strstr(doc, "\n\"a,b\",1,1001,501,342,2001,101,3845,1234567.000000000000000007,USD,0,0,"
			  "claude-x-1\n") != NULL);
	CHECK(strstr(doc, "\n(untagged),1,") != NULL);
	free(doc);
	lc_ledger_close(lg);
}
