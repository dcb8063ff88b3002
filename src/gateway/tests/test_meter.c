/*
 * test_meter.c - the ledger writer's queue on its own (meter.c): every row pushed reaches the
 * ledger exactly once, across blocks and batches, while the writer drains concurrently; the
 * backlog counts what is not committed yet; stopping drains the rest; the spool hears how far
 * rows are committed.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gateway/gw.h"
#include "llmcost/gateway.h"
#include "tests/harness.h"

static void row(lc_record *r, int i)
{
	memset(r, 0, sizeof *r);
	lc_usage_init(&r->usage);
	snprintf(r->usage.id, sizeof r->usage.id, "gw-meter-%d", i);
	r->usage.time = 1700000000000LL + i;
	snprintf(r->usage.provider, sizeof r->usage.provider, "openai");
	snprintf(r->usage.model, sizeof r->usage.model, "gpt-4o-mini");
	r->usage.input_tokens = i;
	r->usage.output_tokens = 1;
	snprintf(r->source, sizeof r->source, "gateway");
}

typedef struct tally {
	int n, dup, bad;
	unsigned char *seen;
	int max;
} tally;

static int count_row(const lc_record *r, void *ctx)
{
	tally *t = ctx;
	int i;
	if (sscanf(r->usage.id, "gw-meter-%d", &i) != 1 || i < 0 || i >= t->max ||
	    r->usage.input_tokens != i) {
		t->bad++;
		return 0;
	}
	t->dup += t->seen[i];
	t->seen[i] = 1;
	t->n++;
	return 0;
}

/* Push n rows (with spool sequence numbers when spooled), stop, and read the ledger back. */
static void run(int n, int batch, int spooled)
{
	char path[512];
	lc_ledger *lg;
	gw_meter *m;
	gw_spool *sp = NULL;
	lc_error err;
	lc_record r;
	lc_filter f;
	tally t = {0, 0, 0, calloc((size_t)n, 1), n};

	snprintf(path, sizeof path, "%s/m.db", lc_test_tmpdir());
	CHECK(lc_ledger_open(path, &lg, &err) == 0);
	if (spooled)
		CHECK_INT(gw_spool_open(path, &sp, &err), 0);
	CHECK_INT(gw_meter_start(lg, sp, 16384, batch, &m, &err), 0);
	for (int i = 0; i < n; i++) {
		uint64_t seq = 0;
		row(&r, i);
		if (sp)
			CHECK_INT(gw_spool_append(sp, &r, &seq), 0);
		CHECK_INT(gw_meter_push(m, &r, seq), 0);
		CHECK(gw_meter_backlog(m) <= (size_t)i + 1);
		if (i % 5000 == 4999) { /* let the writer catch up now and then, mid-block */
			struct timespec ts = {0, 2000000};
			nanosleep(&ts, NULL);
		}
	}
	gw_meter_stop(m); /* drains: closes the ledger */
	if (sp)
		gw_spool_close(sp); /* all committed: the spool files go */
	CHECK(lc_ledger_open(path, &lg, &err) == 0);
	memset(&f, 0, sizeof f);
	CHECK_INT(lc_ledger_each(lg, &f, count_row, &t, &err), 0);
	CHECK_INT(t.n, n);
	CHECK_INT(t.dup, 0);
	CHECK_INT(t.bad, 0);
	lc_ledger_close(lg);
	if (spooled) {
		char spool0[600];
		snprintf(spool0, sizeof spool0, "%s.spool.0", path);
		CHECK(fopen(spool0, "r") == NULL);
	}
	free(t.seen);
}

TEST(meter_every_row_once_across_blocks)
{
	run(1000, 512, 0); /* not a multiple of the 64-row block */
}

TEST(meter_small_batches_and_many_blocks)
{
	run(20011, 37, 0); /* batches that end mid-block, blocks handed back and reused */
}

TEST(meter_with_spool_commits_and_clears_it)
{
	run(30000, 512, 1);
}

TEST(meter_empty_stop)
{
	run(0, 512, 0);
}

/* Another writer of the same file (the admin API's key store, on the event loop; the CLI)
 * must get the write lock promptly while the meter is under steady load. */

typedef struct feed {
	gw_meter *m;
	atomic_int stop;
	int n;
} feed;

static void *feeder(void *arg)
{
	feed *f = arg;
	lc_record r;
	while (!atomic_load(&f->stop)) {
		struct timespec ts = {0, 100000}; /* ~10k rows/s, far below what the writer takes */
		row(&r, f->n++);
		gw_meter_push(f->m, &r, 0);
		nanosleep(&ts, NULL);
	}
	return NULL;
}

static double mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

TEST(meter_other_writer_gets_the_lock)
{
	char path[512];
	lc_ledger *lg;
	lc_keys *ks;
	lc_error err;
	feed f = {0};
	pthread_t th;
	double worst = 0, total = 0;

	snprintf(path, sizeof path, "%s/lock.db", lc_test_tmpdir());
	CHECK(lc_ledger_open(path, &lg, &err) == 0);
	CHECK_INT(lc_keys_open(path, &ks, &err), 0);
	CHECK_INT(gw_meter_start(lg, NULL, 16384, 512, &f.m, &err), 0);
	pthread_create(&th, NULL, feeder, &f);
	{
		struct timespec ts = {0, 50000000};
		nanosleep(&ts, NULL);
	}
	for (int i = 0; i < 10; i++) {
		lc_key_info k;
		struct timespec gap = {0, 30000000}; /* occasional admin calls, not a burst */
		nanosleep(&gap, NULL);
		char secret[LC_KEY_SECRET_MAX];
		double t0 = mono_ms(), dt;
		memset(&k, 0, sizeof k);
		snprintf(k.name, sizeof k.name, "k%d", i);
		CHECK_INT(lc_keys_create(ks, &k, secret, &err), 0);
		dt = mono_ms() - t0;
		total += dt;
		if (dt > worst)
			worst = dt;
	}
	atomic_store(&f.stop, 1);
	pthread_join(th, NULL);
	gw_meter_stop(f.m);
	lc_keys_close(ks);
	if (getenv("METER_V"))
		fprintf(stderr, "worst %.1f avg %.1f\n", worst, total / 10);
	CHECK(worst < 50); /* an always-open transaction made this 0.2-2.6 s; now a few ms */
}

/* A row the ledger refuses by its content is counted and skipped: the rows around it are
 * written, and the writer does not stall on it (it would hold every row behind it). */
TEST(meter_skips_a_row_the_ledger_refuses)
{
	char path[512];
	lc_ledger *lg;
	gw_meter *m;
	lc_error err;
	lc_record r;
	lc_filter f;
	tally t = {0, 0, 0, calloc(100, 1), 100};

	snprintf(path, sizeof path, "%s/p.db", lc_test_tmpdir());
	CHECK(lc_ledger_open(path, &lg, &err) == 0);
	CHECK_INT(gw_meter_start(lg, NULL, 16384, 512, &m, &err), 0);
	for (int i = 0; i < 100; i++) {
		row(&r, i);
		if (i == 50) /* a record the ledger refuses (LC_INVAL): more tags than it has */
			r.usage.ntags = LC_TAGS_MAX + 1;
		CHECK_INT(gw_meter_push(m, &r, 0), 0);
	}
	for (int i = 0; i < 500 && gw_meter_backlog(m); i++) {
		struct timespec ts = {0, 2000000};
		nanosleep(&ts, NULL);
	}
	CHECK_INT(gw_meter_backlog(m), 0);
	CHECK_INT(gw_meter_rejected(m), 1);
	gw_meter_stop(m);
	CHECK(lc_ledger_open(path, &lg, &err) == 0);
	memset(&f, 0, sizeof f);
	CHECK_INT(lc_ledger_each(lg, &f, count_row, &t, &err), 0);
	CHECK_INT(t.n, 99);
	CHECK(!t.seen[50]);
	lc_ledger_close(lg);
	free(t.seen);
}
