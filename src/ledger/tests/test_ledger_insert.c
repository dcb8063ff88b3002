/*
 * test_ledger_insert.c - the record insert binds only the parameters that changed since
 * the previous record (sqlite_insert.c): every record must still read back exactly as it
 * was put, whatever repeats, changes, or comes back (texts, tags, numbers, amounts, NULL).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ledger/tests/ledger_fixture.h"
#include "tests/harness.h"

/* Record i: each field follows its own short cycle, so that neighbours share some values
 * and not others, and values come back after a change. */
static void vary(lc_record *r, int i)
{
	static const char *const teams[] = {"search", "ads", "search"};
	lc_usage *u = &r->usage;
	lc_cost *c = &r->cost;

	lc_fixture_record(r, i);
	snprintf(u->provider, sizeof u->provider, "%s", i % 5 == 4 ? "openai" : "anthropic");
	snprintf(u->session, sizeof u->session, "%s", i % 4 < 2 ? "" : "s-1");
	u->tier = i % 6 == 5 ? LC_TIER_PRIORITY : LC_TIER_STANDARD;
	u->flags = (uint32_t)(i % 3 == 0 ? 0 : LC_USAGE_ESTIMATED);
	u->cache_write_1h_tokens = i % 2 ? 0 : 7;
	u->reasoning_tokens = i / 3;
	u->ntags = 0;
	if (i % 7 != 6) {
		lc_usage_set_tag(u, "team", teams[i % 3]);
		if (i % 2)
			lc_usage_set_tag(u, "key", "k1");
	}
	u->has_source_cost = i % 4 == 1;
	if (!u->has_source_cost)
		u->source_currency[0] = '\0';
	c->priced = i % 9 != 8;
	if (!c->priced) {
		memset(c, 0, sizeof *c);
		return;
	}
	c->cache_read.atto = i % 2 ? 0 : (lc_i128)1000000000000 * (i % 3);
	c->other.atto = -(lc_i128)(i % 2);
	c->total.atto = (lc_i128)1000000000000000000LL * 40 * (i % 3) + i % 5; /* past 2^64 */
	snprintf(c->price_id, sizeof c->price_id, "p-%d", i % 2);
}

/* Compare the fields the insert stores (lc_fixture_copy_cb's copy against vary's). */
static int same(const lc_record *a, const lc_record *b)
{
	const lc_usage *x = &a->usage, *y = &b->usage;
	int i;

	if (strcmp(x->id, y->id) || x->time != y->time || strcmp(x->provider, y->provider) ||
	    strcmp(x->model, y->model) || strcmp(x->session, y->session) || x->tier != y->tier ||
	    x->flags != y->flags || x->input_tokens != y->input_tokens ||
	    x->cache_read_tokens != y->cache_read_tokens ||
	    x->cache_write_1h_tokens != y->cache_write_1h_tokens ||
	    x->reasoning_tokens != y->reasoning_tokens || x->has_source_cost != y->has_source_cost ||
	    (x->has_source_cost && lc_money_cmp(x->source_cost, y->source_cost)) ||
	    strcmp(x->source_currency, y->source_currency) || x->ntags != y->ntags ||
	    a->cost.priced != b->cost.priced || strcmp(a->cost.currency, b->cost.currency) ||
	    lc_money_cmp(a->cost.cache_read, b->cost.cache_read) ||
	    lc_money_cmp(a->cost.other, b->cost.other) ||
	    lc_money_cmp(a->cost.total, b->cost.total) || strcmp(a->cost.price_id, b->cost.price_id))
		return 0;
	for (i = 0; i < x->ntags; i++)
		if (!lc_usage_get_tag(y, x->tags[i].key) ||
		    strcmp(lc_usage_get_tag(y, x->tags[i].key), x->tags[i].val))
			return 0;
	return 1;
}

typedef struct walk {
	int next, bad;
} walk;

static int check_cb(const lc_record *got, void *ctx)
{
	walk *w = ctx;
	lc_record want;
	vary(&want, w->next++);
	if (!same(got, &want) && !w->bad)
		w->bad = w->next; /* the first record that differs, plus one */
	return 0;
}

TEST(ledger_insert_binds_follow_every_record)
{
	const char *db = lc_fixture_path("vary.db");
	lc_ledger *lg = NULL;
	lc_error err = {0};
	lc_record r;
	walk w = {0, 0};
	int i, ins, added = 0;

	CHECK_INT(lc_ledger_open(db, &lg, &err), 0);
	CHECK_INT(lc_ledger_begin(lg, &err), 0);
	for (i = 0; i < 200; i++) {
		vary(&r, i);
		CHECK_INT(lc_ledger_put(lg, &r, &ins, &err), 0);
		added += ins;
		if (i % 10 == 9) { /* a repeat between: binds the same id and values again */
			CHECK_INT(lc_ledger_put(lg, &r, &ins, &err), 0);
			CHECK_INT(ins, 0);
		}
	}
	CHECK_INT(lc_ledger_commit(lg, &err), 0);
	CHECK_INT(added, 200);
	CHECK_INT(lc_ledger_each(lg, NULL, check_cb, &w, &err), 0);
	CHECK_INT(w.next, 200);
	CHECK_INT(w.bad, 0);
	lc_ledger_close(lg);
	/* the stored text: NULL for an unpriced record's amounts, exact decimals otherwise */
	CHECK_STR(lc_fixture_sql(db, "SELECT quote(cost_total) || quote(cost_other) || quote(source_cost)"
				     " FROM records WHERE id = 'rec-8'"),
		  "NULLNULLNULL");
	CHECK_STR(lc_fixture_sql(db, "SELECT cost_total || ' ' || cost_other || ' ' || tags"
				     " FROM records WHERE id = 'rec-7'"),
		  "40.000000000000000002 -0.000000000000000001 {\"key\":\"k1\",\"team\":\"ads\"}");
}

/* Size of the ledger's WAL after 60,000 records put in transactions of 512; -1 when a call
 * failed. */
static long wal_after_puts(const char *db, unsigned flags)
{
	lc_ledger *lg;
	lc_error err;
	lc_record r;
	char wal[600];
	FILE *f;
	long size = -1;

	if (lc_ledger_open_flags(db, flags, &lg, &err))
		return -1;
	for (int i = 0; i < 60000; i++) {
		if ((i % 512 == 0 && lc_ledger_begin(lg, &err)) ||
		    (lc_fixture_record(&r, i), lc_ledger_put(lg, &r, NULL, &err)) ||
		    ((i % 512 == 511 || i == 59999) && lc_ledger_commit(lg, &err))) {
			lc_ledger_close(lg);
			return -1;
		}
	}
	snprintf(wal, sizeof wal, "%s-wal", db);
	if ((f = fopen(wal, "rb"))) {
		fseek(f, 0, SEEK_END);
		size = ftell(f);
		fclose(f);
	}
	lc_ledger_close(lg);
	return size;
}

/* LC_LEDGER_SMALL_CHECKPOINTS: the WAL is checkpointed every 128 pages (the file then stays
 * near 2 MB), where SQLite's default lets it grow to 1000 pages (16 MB of 16 KB pages). */
TEST(ledger_small_checkpoints_bound_the_wal)
{
	long small = wal_after_puts(lc_fixture_path("small.db"),
				    LC_LEDGER_SMALL_CACHE | LC_LEDGER_SMALL_CHECKPOINTS);
	long dflt = wal_after_puts(lc_fixture_path("default.db"), LC_LEDGER_SMALL_CACHE);
	CHECK(small > 0 && small <= 3L << 20);
	CHECK(dflt > 8L << 20);
}
