/*
 * test_ledger.c - the SQLite ledger: round trips, idempotence, transactions, cursors,
 * filters and order, the default location, and migrations.
 * Crash safety and concurrent writers are in test_ledger_crash.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <sqlite3.h>

#include "ledger/sqlite_internal.h"
#include "ledger/tests/ledger_fixture.h"
#include "tests/harness.h"

static int count_cb(const lc_record *r, void *ctx)
{
	(void)r;
	++*(int64_t *)ctx;
	return 0;
}

TEST(ledger_roundtrip_keeps_every_field)
{
	lc_ledger *lg = NULL;
	lc_record r, *got = calloc(1, sizeof *got);
	lc_error err = {0};
	int ins = -1;

	CHECK(got);
	CHECK_INT(lc_ledger_open(lc_fixture_path("a.db"), &lg, &err), 0);
	lc_fixture_record(&r, 7);
	CHECK_INT(lc_ledger_put(lg, &r, &ins, &err), 0);
	CHECK_INT(ins, 1);
	CHECK_INT(lc_ledger_each(lg, NULL, lc_fixture_copy_cb, got, &err), 0);
	CHECK_STR(got->usage.id, r.usage.id);
	CHECK_INT(got->usage.time, r.usage.time);
	CHECK_STR(got->usage.provider, "anthropic");
	CHECK_STR(got->usage.model, r.usage.model);
	CHECK_STR(got->usage.session, r.usage.session);
	CHECK_INT(got->usage.tier, LC_TIER_BATCH);
	CHECK_INT(got->usage.flags, LC_USAGE_ESTIMATED);
	CHECK_INT(got->usage.input_tokens, r.usage.input_tokens);
	CHECK_INT(got->usage.cache_read_tokens, r.usage.cache_read_tokens);
	CHECK_INT(got->usage.cache_write_5m_tokens, r.usage.cache_write_5m_tokens);
	CHECK_INT(got->usage.cache_write_1h_tokens, r.usage.cache_write_1h_tokens);
	CHECK_INT(got->usage.output_tokens, r.usage.output_tokens);
	CHECK_INT(got->usage.reasoning_tokens, r.usage.reasoning_tokens);
	CHECK_INT(got->cost.priced, 1);
	CHECK_STR(got->cost.currency, "USD");
	CHECK_MONEY(got->cost.input, "0.000000000000000001");
	CHECK_MONEY(got->cost.total, "1234567.000000000000000007");
	CHECK_STR(got->cost.price_id, "anthropic/claude-x@2025-01-01");
	CHECK_STR(got->cost.catalog_version, "test-1");
	CHECK_INT(got->usage.has_source_cost, 1);
	CHECK_MONEY(got->usage.source_cost, "0.5");
	CHECK_STR(got->source, "test:fixture");
	CHECK_INT(got->usage.ntags, 2);
	CHECK_STR(lc_usage_get_tag(&got->usage, "team"), "search \"core\"");
	CHECK_STR(lc_usage_get_tag(&got->usage, "project"), "web");
	lc_ledger_close(lg);
	free(got);
}

TEST(ledger_unpriced_stays_unpriced)
{
	lc_ledger *lg = NULL;
	lc_record r, *got = calloc(1, sizeof *got);
	lc_error err = {0};

	CHECK(got);
	CHECK_INT(lc_ledger_open(lc_fixture_path("a.db"), &lg, &err), 0);
	lc_fixture_record(&r, 1);
	memset(&r.cost, 0, sizeof r.cost);
	CHECK_INT(lc_ledger_put(lg, &r, NULL, &err), 0);
	CHECK_INT(lc_ledger_each(lg, NULL, lc_fixture_copy_cb, got, &err), 0);
	CHECK_INT(got->cost.priced, 0);
	CHECK_STR(got->cost.currency, "");
	CHECK(lc_money_is_zero(got->cost.total));
	lc_ledger_close(lg);
	free(got);
}

TEST(ledger_put_is_idempotent)
{
	lc_ledger *lg = NULL;
	lc_record r;
	lc_error err = {0};
	int ins = -1, i;
	int64_t n = 0;

	CHECK_INT(lc_ledger_open(lc_fixture_path("a.db"), &lg, &err), 0);
	for (i = 0; i < 3; i++) {
		CHECK_INT(lc_ledger_begin(lg, &err), 0);
		lc_fixture_record(&r, 1);
		CHECK_INT(lc_ledger_put(lg, &r, &ins, &err), 0);
		CHECK_INT(ins, i == 0);
		lc_fixture_record(&r, 2);
		CHECK_INT(lc_ledger_put(lg, &r, &ins, &err), 0);
		CHECK_INT(ins, i == 0);
		CHECK_INT(lc_ledger_commit(lg, &err), 0);
	}
	CHECK_INT(lc_ledger_each(lg, NULL, count_cb, &n, &err), 0);
	CHECK_INT(n, 2);
	lc_ledger_close(lg);
	/* and across connections */
	CHECK_INT(lc_ledger_open(lc_fixture_path("a.db"), &lg, &err), 0);
	CHECK_INT(lc_ledger_put(lg, &r, &ins, &err), 0);
	CHECK_INT(ins, 0);
	lc_ledger_close(lg);
}

TEST(ledger_rollback_discards_the_batch)
{
	lc_ledger *lg = NULL;
	lc_record r;
	lc_cursor c;
	lc_error err = {0};
	int64_t n = 0;
	int i;

	CHECK_INT(lc_ledger_open(lc_fixture_path("a.db"), &lg, &err), 0);
	CHECK_INT(lc_ledger_begin(lg, &err), 0);
	CHECK(lc_ledger_begin(lg, &err) != 0); /* no nesting */
	for (i = 0; i < 100; i++) {
		lc_fixture_record(&r, i);
		CHECK_INT(lc_ledger_put(lg, &r, NULL, &err), 0);
	}
	memset(&c, 0, sizeof c);
	snprintf(c.path, sizeof c.path, "/logs/a.jsonl");
	c.offset = 10;
	CHECK_INT(lc_ledger_cursor_put(lg, &c, &err), 0);
	lc_ledger_rollback(lg);
	CHECK_INT(lc_ledger_each(lg, NULL, count_cb, &n, &err), 0);
	CHECK_INT(n, 0);
	CHECK_INT(lc_ledger_cursor_get(lg, "/logs/a.jsonl", &c, &err), LC_NOTFOUND);
	CHECK(lc_ledger_commit(lg, &err) != 0); /* nothing open any more */
	lc_ledger_close(lg);
}

TEST(ledger_cursors_round_trip_and_replace)
{
	lc_ledger *lg = NULL;
	lc_cursor c, got;
	lc_error err = {0};

	CHECK_INT(lc_ledger_open(lc_fixture_path("a.db"), &lg, &err), 0);
	CHECK_INT(lc_ledger_cursor_get(lg, "/x/y.jsonl", &got, &err), LC_NOTFOUND);
	memset(&c, 0, sizeof c);
	snprintf(c.path, sizeof c.path, "/x/y.jsonl");
	c.size = 1000;
	c.mtime_ns = 1700000000123456789LL;
	c.offset = 990;
	snprintf(c.state, sizeof c.state, "{\"s1\":[1,2,3]}");
	CHECK_INT(lc_ledger_cursor_put(lg, &c, &err), 0);
	CHECK_INT(lc_ledger_cursor_get(lg, "/x/y.jsonl", &got, &err), 0);
	CHECK_STR(got.path, "/x/y.jsonl");
	CHECK_INT(got.size, 1000);
	CHECK_INT(got.mtime_ns, 1700000000123456789LL);
	CHECK_INT(got.offset, 990);
	CHECK_STR(got.state, "{\"s1\":[1,2,3]}");
	c.offset = 1000;
	c.state[0] = '\0';
	CHECK_INT(lc_ledger_cursor_put(lg, &c, &err), 0);
	CHECK_INT(lc_ledger_cursor_get(lg, "/x/y.jsonl", &got, &err), 0);
	CHECK_INT(got.offset, 1000);
	CHECK_STR(got.state, "");
	lc_ledger_close(lg);
}

struct walk {
	lc_time_ms last;
	int64_t n, stop_at;
	int ordered;
};

static int walk_cb(const lc_record *r, void *ctx)
{
	struct walk *w = ctx;
	if (w->n && r->usage.time < w->last)
		w->ordered = 0;
	w->last = r->usage.time;
	if (++w->n == w->stop_at)
		return 42;
	return 0;
}

TEST(ledger_each_is_time_ordered_and_filtered)
{
	lc_ledger *lg = NULL;
	lc_record r;
	lc_error err = {0};
	lc_filter f;
	struct walk w;
	int i;

	CHECK_INT(lc_ledger_open(lc_fixture_path("a.db"), &lg, &err), 0);
	CHECK_INT(lc_ledger_begin(lg, &err), 0);
	for (i = 0; i < 50; i++) {
		/* ids in one order, times in a scrambled one */
		lc_fixture_record(&r, i);
		r.usage.time = 1700000000000LL + (int64_t)((i * 37) % 50) * 1000;
		snprintf(r.usage.provider, sizeof r.usage.provider, "%s",
			 i % 2 ? "openai" : "anthropic");
		snprintf(r.source, sizeof r.source, "%s", i % 5 ? "claude-code:/a" : "openai-batch:/b");
		CHECK_INT(lc_ledger_put(lg, &r, NULL, &err), 0);
	}
	CHECK_INT(lc_ledger_commit(lg, &err), 0);

	memset(&w, 0, sizeof w);
	w.ordered = 1;
	CHECK_INT(lc_ledger_each(lg, NULL, walk_cb, &w, &err), 0);
	CHECK_INT(w.n, 50);
	CHECK(w.ordered);

	memset(&f, 0, sizeof f);
	f.since = 1700000000000LL + 10000; /* inclusive */
	f.until = 1700000000000LL + 20000; /* exclusive */
	memset(&w, 0, sizeof w);
	CHECK_INT(lc_ledger_each(lg, &f, walk_cb, &w, &err), 0);
	CHECK_INT(w.n, 10);

	memset(&f, 0, sizeof f);
	f.provider = "openai";
	memset(&w, 0, sizeof w);
	CHECK_INT(lc_ledger_each(lg, &f, walk_cb, &w, &err), 0);
	CHECK_INT(w.n, 25);

	memset(&f, 0, sizeof f);
	f.source_prefix = "openai-batch:";
	memset(&w, 0, sizeof w);
	CHECK_INT(lc_ledger_each(lg, &f, walk_cb, &w, &err), 0);
	CHECK_INT(w.n, 10);

	memset(&w, 0, sizeof w);
	w.stop_at = 3;
	CHECK_INT(lc_ledger_each(lg, NULL, walk_cb, &w, &err), 42);
	CHECK_INT(w.n, 3);
	lc_ledger_close(lg);
}

TEST(ledger_default_location_is_created)
{
	char want[1024];
	struct stat sb;
	lc_ledger *lg = NULL;
	lc_error err = {0};

	snprintf(want, sizeof want, "%s/xdg/llmcost/ledger.db", lc_test_tmpdir());
	setenv("XDG_DATA_HOME", lc_fixture_path("xdg"), 1);
	unsetenv("LLMCOST_LEDGER");
	CHECK_INT(lc_ledger_open(NULL, &lg, &err), 0);
	CHECK_STR(lc_ledger_url(lg), want);
	CHECK_INT(stat(want, &sb), 0);
	lc_ledger_close(lg);
	setenv("LLMCOST_LEDGER", lc_fixture_path("env.db"), 1);
	CHECK_INT(lc_ledger_open(NULL, &lg, &err), 0);
	CHECK_STR(lc_ledger_url(lg), lc_fixture_path("env.db"));
	lc_ledger_close(lg);
	CHECK_INT(lc_ledger_open("postgres://db/x", &lg, &err), LC_UNSUPPORTED);
	CHECK(lg == NULL);
}

TEST(ledger_file_is_wal)
{
	lc_ledger *lg = NULL;
	lc_error err = {0};

	CHECK_INT(lc_ledger_open(lc_fixture_path("w.db"), &lg, &err), 0);
	lc_ledger_close(lg);
	CHECK_STR(lc_fixture_sql(lc_fixture_path("w.db"), "PRAGMA journal_mode"), "wal");
}

TEST(ledger_migrates_v1_file_keeping_records)
{
	sqlite3 *db;
	lc_error err = {0};
	lc_ledger *lg = NULL;
	lc_record *got = calloc(1, sizeof *got);
	int v;

	CHECK(got);
	CHECK_INT(sqlite3_open(lc_fixture_path("old.db"), &db), SQLITE_OK);
	CHECK_INT(lc_sqlite_configure(db, "old.db", &err), 0);
	CHECK_INT(lc_sqlite_migrate(db, 1, &err), 0);
	CHECK_INT(lc_sqlite_schema_version(db, &v, &err), 0);
	CHECK_INT(v, 1);
	CHECK_INT(sqlite3_exec(db,
			       "INSERT INTO records (id, time_ms, provider, model, priced, currency,"
			       " cost_total) VALUES ('old-1', 1000, 'openai', 'gpt-4o', 1, 'USD',"
			       " '0.25')",
			       NULL, NULL, NULL),
		  SQLITE_OK);
	sqlite3_close(db);

	CHECK_INT(lc_ledger_open(lc_fixture_path("old.db"), &lg, &err), 0);
	CHECK_INT(lc_ledger_each(lg, NULL, lc_fixture_copy_cb, got, &err), 0);
	CHECK_STR(got->usage.id, "old-1");
	CHECK_MONEY(got->cost.total, "0.25");
	lc_ledger_close(lg);

	CHECK_INT(sqlite3_open(lc_fixture_path("old.db"), &db), SQLITE_OK);
	CHECK_INT(lc_sqlite_schema_version(db, &v, &err), 0);
	CHECK_INT(v, LC_SQLITE_SCHEMA_VERSION);
	sqlite3_close(db);
	CHECK_STR(lc_fixture_sql(lc_fixture_path("old.db"),
				 "SELECT count(*) FROM sqlite_master WHERE type='index'"
				 " AND name='records_time'"),
		  "1");
	/* v3 computed the rollup sums from the records already there */
	CHECK_STR(lc_fixture_sql(lc_fixture_path("old.db"),
				 "SELECT bucket || ' ' || kind || ' ' || calls || ' ' || cost_total"
				 " FROM rollup"),
		  "0  1 0.25");
	CHECK_STR(lc_fixture_sql(lc_fixture_path("old.db"),
				 "SELECT records || ' ' || max_rowid FROM rollup_state"),
		  "1 1");
	free(got);
}

TEST(ledger_refuses_a_newer_schema)
{
	sqlite3 *db;
	lc_error err = {0};
	lc_ledger *lg = NULL;

	CHECK_INT(lc_ledger_open(lc_fixture_path("new.db"), &lg, &err), 0);
	lc_ledger_close(lg);
	CHECK_INT(sqlite3_open(lc_fixture_path("new.db"), &db), SQLITE_OK);
	CHECK_INT(sqlite3_exec(db, "INSERT INTO schema_version VALUES (99, 0)", NULL, NULL, NULL),
		  SQLITE_OK);
	sqlite3_close(db);
	CHECK_INT(lc_ledger_open(lc_fixture_path("new.db"), &lg, &err), LC_UNSUPPORTED);
	CHECK(strstr(err.msg, "version 99") != NULL);
}

TEST(ledger_rejects_a_record_without_id)
{
	lc_ledger *lg = NULL;
	lc_record r;
	lc_error err = {0};

	CHECK_INT(lc_ledger_open(lc_fixture_path("a.db"), &lg, &err), 0);
	lc_fixture_record(&r, 1);
	r.usage.id[0] = '\0';
	CHECK_INT(lc_ledger_put(lg, &r, NULL, &err), LC_INVAL);
	lc_ledger_close(lg);
}

TEST(ledger_money_text_is_exact)
{
	static const char *const amounts[] = {
		"0", "1", "-1", "0.1", "-0.000000000000000001", "12.5", "1000000",
		"18446744073709551615.999999999999999999", "18446744073709551616",
		"-98765432109876543210.123456789012345678", "0.0033475", "100.000000000000000001",
		/* around 2^64 atto-units, where the 64-bit fast path ends */
		"18.446744073709551615", "18.446744073709551616", "-18.446744073709551615",
		"18.44674407370955161", "0.000000000000000001", "0.5", "10",
	};
	lc_ledger *lg = NULL;
	lc_record r, *got = calloc(1, sizeof *got);
	lc_error err = {0};
	size_t i;

	CHECK(got);
	CHECK_INT(lc_ledger_open(lc_fixture_path("m.db"), &lg, &err), 0);
	for (i = 0; i < sizeof amounts / sizeof amounts[0]; i++) {
		lc_fixture_record(&r, (int)i);
		CHECK_INT(lc_money_parse(amounts[i], (size_t)-1, &r.cost.total), 0);
		CHECK_INT(lc_ledger_put(lg, &r, NULL, &err), 0);
		lc_filter f = {0};
		f.since = r.usage.time;
		f.until = r.usage.time + 1;
		CHECK_INT(lc_ledger_each(lg, &f, lc_fixture_copy_cb, got, &err), 0);
		CHECK_MONEY(got->cost.total, amounts[i]);
	}
	lc_ledger_close(lg);
	free(got);
}

/* Stored tags are read by a fast path for the canonical plain form and by json-c for the
 * rest: both must give what the text says. */
TEST(ledger_tags_decode_plain_and_json)
{
	static const struct {
		const char *text;
		int rc;
		const char *want; /* "k=v;k=v;" in order */
	} cases[] = {
		{"{}", LC_OK, ""},
		{"{\"project\":\"web\",\"team\":\"search\"}", LC_OK, "project=web;team=search;"},
		{"{\"a\":\"\"}", LC_OK, "a=;"},
		{"{\"a\":\"b\\\"c\"}", LC_OK, "a=b\"c;"},          /* an escape: json-c */
		{"{ \"a\" : \"b\" }", LC_OK, "a=b;"},              /* spaces: json-c */
		{"{\"a\":\"\xc3\xa9\"}", LC_OK, "a=\xc3\xa9;"},    /* UTF-8: json-c */
		{"{\"a\":\"b\",\"a\":\"c\"}", LC_OK, "a=c;"},      /* repeated key: the last */
		{"{\"a\":1}", LC_PARSE, ""},
		{"{\"a\":\"b\"", LC_PARSE, ""},
		{"{\"\":\"b\"}", LC_PARSE, ""},
		{"[\"a\"]", LC_PARSE, ""},
	};
	size_t i;
	int k;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		lc_usage u;
		char got[512] = "";
		size_t n = 0;
		lc_usage_init(&u);
		CHECK_INT(lc_tags_decode(cases[i].text, &u), cases[i].rc);
		if (cases[i].rc != LC_OK)
			continue;
		for (k = 0; k < u.ntags; k++)
			n += (size_t)snprintf(got + n, sizeof got - n, "%s=%s;", u.tags[k].key,
					      u.tags[k].val);
		CHECK_STR(got, cases[i].want);
	}
}
