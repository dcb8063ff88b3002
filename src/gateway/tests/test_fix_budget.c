/*
 * test_fix_budget.c - regression tests for review findings (2026-11-29), budgets and rate
 * limits: tokens per minute reserved at admission, a call charged to the budget period it
 * was reserved in, the once-a-second key re-sync bounded, tag budgets selected only by the
 * key's own tags, reserved tag names refused in key tags. Black-box where the bug was seen
 * from outside (gwtest.h rig), unit-level where it is a property of budget.c.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "gateway/proxy.h"
#include "gwtest.h"
#include "tests/harness.h"

#define CHAT "/v1/chat/completions"

/* What the ledger rows of key id cost in all. */
static lc_money spent_of(rig *r, const char *id)
{
	lc_record *rows;
	int n;
	lc_money t = lc_money_zero();
	if (rig_rows(r, &rows, &n))
		return t;
	for (int i = 0; i < n; i++) {
		const char *k = lc_usage_get_tag(&rows[i].usage, "key");
		if (k && !strcmp(k, id))
			lc_money_add(t, rows[i].cost.total, &t);
	}
	free(rows);
	return t;
}

/*
 * Tokens per minute are reserve-then-settle, like budgets: admission counts the tokens of
 * requests still in flight (each reserves its input estimate + max output until it ends), so
 * concurrent requests cannot all pass a tokens-per-minute limit. 8 requests of 100 tokens
 * at once on tpm 100: one is admitted (the overshoot is at most one request's tokens).
 */
TEST(gw_tpm_reserved_at_admission)
{
	rig r;
	lc_key_info k;
	char key[LC_KEY_SECRET_MAX];
	const char *body = "{\"model\":\"gpt-4o-mini\",\"messages\":[],\"max_tokens\":50,"
			   "\"x\":\"[mock:delay=400][mock:usage=50/50]\"}";
	pthread_t t[8];
	gw_shot b[8];
	int ok = 0;

	CHECK_INT(rig_start(&r, NULL), 0);
	memset(&k, 0, sizeof k);
	k.tpm = 100;
	CHECK_INT(rig_key(&r, &k, key), 0);
	for (int i = 0; i < 8; i++) {
		b[i] = (gw_shot){&r, key, NULL, body, 0};
		pthread_create(&t[i], NULL, gw_shot_one, &b[i]);
	}
	for (int i = 0; i < 8; i++) {
		pthread_join(t[i], NULL);
		ok += b[i].status == 200;
	}
	rig_stop(&r);
	fprintf(stderr, "tpm 100, 8 concurrent requests of 100 tokens: %d admitted\n", ok);
	/* 100 tokens a request, tpm 100: one request (two if a minute boundary falls inside
	 * the burst; "overshoot at most one request" allows one more) */
	CHECK(ok <= 3);
	CHECK_INT(mock_count(&r, "id="), ok);
}

/*
 * Tag budgets of the configuration (`budgets: - tag: team=ml`) are selected by the key's
 * own tags only: a client's x-llmcost-tags label its rows but never select or spend a tag
 * budget its key does not carry. Another tenant's key claiming team=ml spends nothing of
 * ml's budget, and team ml's own key still has room for its request.
 */
TEST(gw_tag_budget_selected_by_key_tags_only)
{
	rig r;
	resp x;
	lc_key_info k;
	char ml[LC_KEY_SECRET_MAX], yaml[256], lim[LC_MONEY_STRMAX];
	const char *body = "{\"model\":\"gpt-4o-mini\",\"messages\":[],\"max_tokens\":10}";
	lc_money one = price_mini((int64_t)strlen(body), 10), budget;

	/* room for one request of this body, not two */
	lc_money_mul_int(one, 3, &budget);
	lc_money_div_int(budget, 2, &budget);
	lc_money_format(budget, -1, lim, sizeof lim);
	snprintf(yaml, sizeof yaml, "budgets:\n  - tag: team=ml\n    limit: \"%s\"\n    period: day\n",
		 lim);
	CHECK_INT(rig_start(&r, yaml), 0);
	memset(&k, 0, sizeof k);
	snprintf(k.tags, sizeof k.tags, "team=ml");
	CHECK_INT(rig_key(&r, &k, ml), 0);
	/* another tenant's plain key (no tags) claims team=ml */
	CHECK_INT(http_post(r.port, CHAT, r.key, "x-llmcost-tags: team=ml\r\n", body, &x), 0);
	CHECK_INT(x.status, 200);
	resp_free(&x);
	/* team ml's own key must still have its budget */
	CHECK_INT(http_post(r.port, CHAT, ml, NULL, body, &x), 0);
	CHECK_INT(x.status, 200);
	resp_free(&x);
	CHECK_INT(http_post(r.port, CHAT, ml, NULL, body, &x), 0);
	CHECK_INT(x.status, 402); /* which holds for its own key */
	resp_free(&x);
	rig_stop(&r);
	/* after a restart the replay agrees: ml spent its one request, the claim counts for
	 * nothing (its row is still tagged team=ml), and ml's exhausted budget refuses nobody
	 * else */
	CHECK_INT(rig_start(&r, yaml), 0);
	CHECK_INT(http_raw(r.port, "GET /metrics HTTP/1.1\r\nHost: a\r\n\r\n", 35, &x), 0);
	{
		char want[256], m[LC_MONEY_STRMAX];
		lc_money_format(spent_of(&r, k.id), -1, m, sizeof m);
		snprintf(want, sizeof want,
			 "llmcost_budget_spent_usd{tag=\"team=ml\",period=\"day\",mode=\"hard\"} %s\n", m);
		CHECK(strstr(x.body.data, want) != NULL);
	}
	resp_free(&x);
	CHECK_INT(http_post(r.port, CHAT, r.key, "x-llmcost-tags: team=ml\r\n", body, &x), 0);
	CHECK_INT(x.status, 200);
	resp_free(&x);
	CHECK_INT(http_post(r.port, CHAT, ml, NULL, body, &x), 0);
	CHECK_INT(x.status, 402);
	resp_free(&x);
	rig_stop(&r);
}


/*
 * A call is charged to the budget period it was reserved in - the time its ledger row
 * carries - not the one it ends in: budgets agree with the ledger (and with a restart's
 * replay) at a period boundary. A call from 23:59:59 to 00:00:01 (Europe/Paris) counts in
 * the old day; the new day starts from nothing. A call reserved and settled within one
 * period is charged there.
 */
TEST(gw_budget_settle_charges_the_reserved_period)
{
	gw_budgets *b;
	lc_key_info k;
	gw_hold h1, h2, h3;
	char which[128];
	lc_date d = {0};
	lc_time_ms midnight;
	lc_money limit, amount;

	d.year = 2026, d.month = 11, d.day = 29;
	CHECK_INT(lc_date_to_time(&d, "Europe/Paris", &midnight), 0);
	CHECK_INT(gw_budgets_new(&b), 0);
	memset(&k, 0, sizeof k);
	snprintf(k.id, sizeof k.id, "key_test");
	k.has_budget = 1;
	lc_money_parse("1.00", (size_t)-1, &limit);
	k.budget = limit;
	snprintf(k.period, sizeof k.period, "day");
	snprintf(k.zone, sizeof k.zone, "Europe/Paris");
	gw_budgets_sync_key(b, &k);
	lc_money_parse("0.60", (size_t)-1, &amount);
	/* starts at 23:59:59 on the 28th, ends at 00:00:01 on the 29th, costs 0.60 */
	CHECK_INT(gw_budgets_reserve(b, "key_test", amount, midnight - 1000, &h1, which,
				     sizeof which), 0);
	gw_budgets_settle(b, &h1, amount);
	/* the 29th has spent nothing yet: a 0.60 call started on the 29th fits its 1.00 */
	CHECK_INT(gw_budgets_reserve(b, "key_test", amount, midnight + 2000, &h2, which,
				     sizeof which), 0);
	gw_budgets_settle(b, &h2, amount);
	/* ... and is charged to the 29th: a second one does not fit */
	CHECK_INT(gw_budgets_reserve(b, "key_test", amount, midnight + 3000, &h3, which,
				     sizeof which), LC_BUDGET);
	CHECK(strstr(which, "day budget") != NULL);
	CHECK(lc_money_is_zero(gw_budgets_reserved(b)));
	gw_budgets_free(b);
}

/*
 * A key's own tags never use the names the gateway sets on rows itself (key, cache, reason,
 * budget, saved_usd): lc_keys_create (so `llmcost keys create` and POST /admin/keys)
 * refuses them. A store written before that check may hold one: it is ignored when read, so
 * the key's rows keep key=<its id> and its spend is replayed onto its budget after a restart
 * (a key tagged key=search used to start every restart from $0).
 */
TEST(gw_key_tags_reserved_names)
{
	rig r;
	resp x;
	lc_key_info k;
	lc_keys *ks;
	lc_error err;
	sqlite3 *db;
	char key[LC_KEY_SECRET_MAX], sql[256];
	const char *body = "{\"model\":\"gpt-4o-mini\",\"messages\":[],\"max_tokens\":10}";
	static const char *bad[] = {"key=search", "team=ml,cache=hit", "budget=x", "reason=a",
				    "saved_usd=1", "team=ml,team=web", "team", "=ml", "team=ml,",
				    "te\"am=ml", "team=m\nl"};
	lc_money one = price_mini((int64_t)strlen(body), 10);
	lc_record *rows;
	int n;

	CHECK_INT(rig_start(&r, NULL), 0);
	/* refused at creation, with a reason */
	CHECK_INT(lc_keys_open(r.ledger, &ks, &err), 0);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		memset(&k, 0, sizeof k);
		snprintf(k.tags, sizeof k.tags, "%s", bad[i]);
		CHECK_INT(lc_keys_create(ks, &k, key, &err), LC_INVAL);
	}
	snprintf(k.tags, sizeof k.tags, "key=search");
	lc_keys_create(ks, &k, key, &err);
	CHECK(strstr(err.msg, "reserved") != NULL);
	memset(&k, 0, sizeof k);
	snprintf(k.tags, sizeof k.tags, "team=ml,project=a b:c/d@e.f-g_h,empty=");
	CHECK_INT(lc_keys_create(ks, &k, key, &err), 0);
	lc_keys_close(ks);
	/* ... and by the admin API */
	CHECK_INT(http_post(r.port, "/admin/keys", "admin-secret-0000", NULL,
			    "{\"name\":\"x\",\"tags\":\"key=key_000000000000\"}", &x), 0);
	CHECK_INT(x.status, 400);
	CHECK(strstr(x.body.data, "reserved") != NULL);
	resp_free(&x);
	rig_stop(&r);

	/* an older store holds one: a budgeted key tagged key=search */
	memset(&k, 0, sizeof k);
	k.has_budget = 1;
	lc_money_mul_int(one, 3, &k.budget);
	lc_money_div_int(k.budget, 2, &k.budget); /* room for one request, not two */
	snprintf(k.period, sizeof k.period, "day");
	snprintf(k.tags, sizeof k.tags, "team=ml");
	CHECK_INT(rig_key(&r, &k, key), 0);
	CHECK_INT(sqlite3_open(r.ledger, &db), SQLITE_OK);
	snprintf(sql, sizeof sql, "UPDATE gateway_keys SET tags='key=search,team=ml,cache=hit' "
		 "WHERE id='%s'", k.id);
	CHECK_INT(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	CHECK_INT(rig_start(&r, NULL), 0);
	CHECK_INT(http_post(r.port, CHAT, key, NULL, body, &x), 0);
	CHECK_INT(x.status, 200);
	resp_free(&x);
	CHECK_INT(http_post(r.port, CHAT, key, NULL, body, &x), 0);
	CHECK_INT(x.status, 402); /* holds while the gateway runs */
	resp_free(&x);
	rig_stop(&r);
	/* restart on the same ledger: the spend is replayed from the row's key tag */
	CHECK_INT(rig_start(&r, NULL), 0);
	CHECK_INT(http_post(r.port, CHAT, key, NULL, body, &x), 0);
	CHECK_INT(x.status, 402);
	resp_free(&x);
	rig_stop(&r);
	CHECK_INT(rig_rows(&r, &rows, &n), 0);
	CHECK_INT(n, 1);
	CHECK_STR(lc_usage_get_tag(&rows[0].usage, "key"), k.id);
	CHECK_STR(lc_usage_get_tag(&rows[0].usage, "team"), "ml");
	CHECK(lc_usage_get_tag(&rows[0].usage, "cache") == NULL);
	free(rows);
}

/* Plant n keys with budgets in the store at path, in one transaction (a fleet of per-user
 * keys, made quickly); the triggers give each a change number as lc_keys_create would. */
static int plant_keys(const char *path, int n)
{
	lc_keys *ks;
	lc_error err;
	sqlite3 *db;
	int rc;
	if (lc_keys_open(path, &ks, &err))
		return -1;
	lc_keys_close(ks); /* the table, its index and triggers */
	if (sqlite3_open(path, &db) != SQLITE_OK)
		return -1;
	sqlite3_busy_timeout(db, 5000);
	rc = sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
	for (int i = 0; i < n && rc == SQLITE_OK; i++) {
		char sql[256];
		snprintf(sql, sizeof sql, "INSERT INTO gateway_keys(id,hash,hint,budget,created) "
			 "VALUES('key_p%011d',randomblob(32),'lck-...0000','10',1)", i);
		rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
	}
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	sqlite3_close(db);
	return rc == SQLITE_OK ? 0 : -1;
}

typedef struct mass {
	const char *path;
	int rc;
} mass;

/* Another process changes every key at once (a script raising all budgets). */
static void *change_all(void *arg)
{
	mass *m = arg;
	sqlite3 *db;
	usleep(500000);
	m->rc = -1;
	if (sqlite3_open(m->path, &db) != SQLITE_OK)
		return NULL;
	sqlite3_busy_timeout(db, 5000);
	m->rc = sqlite3_exec(db, "UPDATE gateway_keys SET budget='11' WHERE id LIKE 'key_p%'",
			     NULL, NULL, NULL);
	sqlite3_close(db);
	return NULL;
}

/*
 * The event loop never stalls on key changes: the once-a-second tick re-reads only the keys
 * changed since the last tick (change numbers kept by the store, not the file's
 * data_version, which every ledger commit bumps), at most a bounded number per tick, and
 * syncing a key's budget is O(1) (keys hashed by id). With 20,000 budgeted keys, 3 s of
 * metered traffic, and another process changing all 20,000 keys at once in the middle,
 * no round trip (a call and /healthz) takes 200 ms.
 */
TEST(gw_tick_key_resync_bounded)
{
	rig r;
	uint64_t worst = 0, t_end;
	int slow = 0, trips = 0;
	pthread_t t;
	mass m;
	CHECK_INT(rig_start(&r, NULL), 0);
	rig_stop(&r); /* the ledger exists; add the keys offline, then start again */
	CHECK_INT(plant_keys(r.ledger, 20000), 0);
	CHECK_INT(rig_start(&r, NULL), 0);
	m = (mass){r.ledger, 0};
	pthread_create(&t, NULL, change_all, &m);
	/* traffic: metered calls make the writer commit; time /healthz meanwhile */
	t_end = uv_hrtime() + 3000000000ull;
	while (uv_hrtime() < t_end) {
		resp x;
		uint64_t t0 = uv_hrtime(), d;
		CHECK_INT(http_post(r.port, CHAT, r.key, NULL, "{\"model\":\"gpt-4o-mini\",\"messages\":[]}",
				    &x), 0);
		resp_free(&x);
		CHECK_INT(http_raw(r.port, "GET /healthz HTTP/1.1\r\nHost: a\r\n\r\n", 35, &x), 0);
		resp_free(&x);
		d = uv_hrtime() - t0;
		if (d > worst)
			worst = d;
		slow += d > 100000000ull;
		trips++;
	}
	pthread_join(t, NULL);
	rig_stop(&r);
	fprintf(stderr, "20,000 budgeted keys, all changed once, 3 s of traffic: %d round trips, "
		"%d over 100 ms, worst %llu ms\n", trips, slow, (unsigned long long)(worst / 1000000));
	CHECK_INT(m.rc, SQLITE_OK);
	CHECK(worst < 200000000ull); /* 200 ms */
}

static int count_key(const lc_key_info *k, void *ctx)
{
	(void)k;
	++*(int *)ctx;
	return 0;
}

static int last_revoked(const lc_key_info *k, void *ctx)
{
	*(int *)ctx = k->revoked != 0;
	return 0;
}

/*
 * The key store's change numbers: each key created or changed (here revoked) gets the next
 * one; ledger commits in the same file change nothing; lc_keys_each_since walks the changed
 * keys in order, a bounded number at a time. A store made before change numbers gets them
 * when opened.
 */
TEST(gw_keys_change_numbers)
{
	char path[600], secret[LC_KEY_SECRET_MAX];
	lc_keys *ks;
	lc_ledger *lg;
	lc_record rec;
	lc_error err;
	lc_key_info k[3];
	sqlite3 *db;
	int64_t v0, last;
	int n = 0, rev = 0, ins;

	snprintf(path, sizeof path, "%s/old.db", lc_test_tmpdir());
	/* a store of the previous schema, one key in it */
	CHECK_INT(sqlite3_open(path, &db), SQLITE_OK);
	CHECK_INT(sqlite3_exec(db, "CREATE TABLE gateway_keys (id TEXT PRIMARY KEY, hash BLOB NOT "
			       "NULL UNIQUE, hint TEXT NOT NULL, name TEXT NOT NULL DEFAULT '', tags "
			       "TEXT NOT NULL DEFAULT '', models TEXT NOT NULL DEFAULT '', budget TEXT, "
			       "period TEXT NOT NULL DEFAULT 'month', zone TEXT NOT NULL DEFAULT '', "
			       "soft INTEGER NOT NULL DEFAULT 0, rpm INTEGER NOT NULL DEFAULT 0, tpm "
			       "INTEGER NOT NULL DEFAULT 0, admin INTEGER NOT NULL DEFAULT 0, created "
			       "INTEGER NOT NULL, expires INTEGER NOT NULL DEFAULT 0, revoked INTEGER "
			       "NOT NULL DEFAULT 0); INSERT INTO gateway_keys(id,hash,hint,created) "
			       "VALUES('key_old',x'00','lck-...0000',1);", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	CHECK_INT(lc_keys_open(path, &ks, &err), 0);
	CHECK_INT(lc_ledger_open(path, &lg, &err), 0);
	v0 = lc_keys_version(ks);
	CHECK_INT(v0, 0);
	CHECK_INT(lc_keys_each(ks, count_key, &n, &err), 0);
	CHECK_INT(n, 1);
	/* a ledger commit is no key change */
	memset(&rec, 0, sizeof rec);
	lc_usage_init(&rec.usage);
	rec.usage.time = lc_time_now();
	snprintf(rec.usage.id, sizeof rec.usage.id, "r1");
	snprintf(rec.source, sizeof rec.source, "gateway");
	CHECK_INT(lc_ledger_put(lg, &rec, &ins, &err), 0);
	CHECK_INT(lc_keys_version(ks), v0);
	for (int i = 0; i < 3; i++) {
		memset(&k[i], 0, sizeof k[i]);
		CHECK_INT(lc_keys_create(ks, &k[i], secret, &err), 0);
	}
	CHECK_INT(lc_keys_version(ks), v0 + 3);
	n = 0;
	CHECK_INT(lc_keys_each_since(ks, v0, 2, count_key, &n, &last, &err), 0);
	CHECK_INT(n, 2);
	CHECK_INT(last, v0 + 2);
	n = 0;
	CHECK_INT(lc_keys_each_since(ks, last, 2, count_key, &n, &last, &err), 0);
	CHECK_INT(n, 1);
	CHECK_INT(last, v0 + 3);
	n = 0;
	CHECK_INT(lc_keys_each_since(ks, last, 2, count_key, &n, &last, &err), 0);
	CHECK_INT(n, 0);
	CHECK_INT(last, v0 + 3);
	/* a revocation is a change: the revoked key comes next */
	CHECK_INT(lc_keys_revoke(ks, k[0].id, &err), 0);
	CHECK_INT(lc_keys_version(ks), v0 + 4);
	CHECK_INT(lc_keys_each_since(ks, last, 10, last_revoked, &rev, &last, &err), 0);
	CHECK_INT(rev, 1);
	CHECK_INT(last, v0 + 4);
	lc_ledger_close(lg);
	lc_keys_close(ks);
}
