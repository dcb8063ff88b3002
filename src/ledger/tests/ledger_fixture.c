/*
 * ledger_fixture.c - shared test fixtures for the ledger and report suites.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "ledger/tests/ledger_fixture.h"
#include "tests/harness.h"

void lc_fixture_record(lc_record *r, int i)
{
	lc_usage *u = &r->usage;
	lc_cost *c = &r->cost;

	memset(r, 0, sizeof *r);
	lc_usage_init(u);
	snprintf(u->id, sizeof u->id, "rec-%d", i);
	u->time = 1735689600000LL + (int64_t)i * 60000; /* 2025-01-01T00:00Z + i minutes */
	snprintf(u->provider, sizeof u->provider, "anthropic");
	snprintf(u->model, sizeof u->model, "claude-x-%d", i % 3);
	snprintf(u->session, sizeof u->session, "sess-%d", i % 4);
	u->tier = LC_TIER_BATCH;
	u->flags = LC_USAGE_ESTIMATED;
	u->input_tokens = 1000 + i;
	u->cache_read_tokens = 2000 + i;
	u->cache_write_5m_tokens = 300 + i;
	u->cache_write_1h_tokens = 40 + i;
	u->output_tokens = 500 + i;
	u->reasoning_tokens = 100 + i;
	u->has_source_cost = 1;
	lc_money_parse("0.5", (size_t)-1, &u->source_cost);
	memcpy(u->source_currency, "USD", 4);
	lc_usage_set_tag(u, "team", "search \"core\"");
	lc_usage_set_tag(u, "project", "web");
	c->priced = 1;
	memcpy(c->currency, "USD", 4);
	lc_money_parse("0.000000000000000001", (size_t)-1, &c->input);
	lc_money_parse("1234567", (size_t)-1, &c->output);
	lc_money_parse("0.000000000000000006", (size_t)-1, &c->cache_read);
	lc_money_parse("1234567.000000000000000007", (size_t)-1, &c->total);
	snprintf(c->provider, sizeof c->provider, "anthropic");
	snprintf(c->model, sizeof c->model, "claude-x");
	snprintf(c->price_id, sizeof c->price_id, "anthropic/claude-x@2025-01-01");
	snprintf(c->price_source, sizeof c->price_source, "genai-prices");
	snprintf(c->catalog_version, sizeof c->catalog_version, "test-1");
	snprintf(r->source, sizeof r->source, "test:fixture");
}

const char *lc_fixture_path(const char *name)
{
	static char buf[1024];
	snprintf(buf, sizeof buf, "%s/%s", lc_test_tmpdir(), name);
	return buf;
}

int lc_fixture_copy_cb(const lc_record *r, void *ctx)
{
	memcpy(ctx, r, sizeof *r);
	return 0;
}

const char *lc_fixture_sql(const char *db, const char *sql)
{
	static char buf[256];
	sqlite3 *h = NULL;
	sqlite3_stmt *st = NULL;
	int step;

	snprintf(buf, sizeof buf, "(error)");
	if (sqlite3_open(db, &h) != SQLITE_OK || sqlite3_prepare_v2(h, sql, -1, &st, NULL) != SQLITE_OK)
		goto out;
	step = sqlite3_step(st);
	if (step == SQLITE_ROW)
		snprintf(buf, sizeof buf, "%s",
			 sqlite3_column_text(st, 0) ? (const char *)sqlite3_column_text(st, 0) : "");
	else if (step == SQLITE_DONE)
		buf[0] = '\0';
out:
	sqlite3_finalize(st);
	sqlite3_close(h);
	return buf;
}

char *lc_fixture_report(lc_ledger *lg, const lc_report_opts *o)
{
	lc_error err = {0};
	char *doc = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&doc, &len);
	int rc;

	if (!f)
		return NULL;
	rc = lc_report_run(lg, o, f, &err);
	fclose(f);
	if (rc) {
		free(doc);
		return NULL;
	}
	return doc;
}
