/*
 * put.c - the gateway writer's ledger pattern, measured alone: records shaped like the ones
 * `llmcost serve` meters (source "gateway", one unique request id each, provider and model,
 * a few tags, priced by the bundled catalog) put in transactions of 512 into a ledger opened
 * with LC_LEDGER_SMALL_CACHE, as the gateway's writer does (src/gateway/meter.c). Prints
 * the CPU microseconds per row spent between begin and commit (records are built outside
 * that window) for a fresh ledger, and again once it holds `deep` rows (a deeper id index).
 * Checks the answers first: every row inserted once, a repeated batch inserts nothing, the
 * rollup sums count every row and add up to the exact total cost. Built by run.sh.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "llmcost.h"

#define BATCH 512

static const char *const models[] = {"gpt-4o-mini", "gpt-4o", "gpt-4.1-mini"};

static double clock_s(clockid_t c)
{
	struct timespec ts;
	clock_gettime(c, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Request i as the gateway meters it (forward.c: base_usage, meter). Ids are
 * "gw-<instance>-<seq>" (server.c: gw_new_id): the rows past `restart` come from a second
 * gateway process, with its own instance and its sequence from 1 again. */
static long restart = -1;

static void make(const lc_catalog *cat, lc_record *r, long i)
{
	lc_error err;
	lc_usage *u = &r->usage;

	memset(r, 0, sizeof *r);
	lc_usage_init(u);
	if (restart >= 0 && i >= restart)
		snprintf(u->id, sizeof u->id, "gw-3c0ffee1-%ld", i - restart + 1);
	else
		snprintf(u->id, sizeof u->id, "gw-78135263-%ld", i + 1);
	u->time = 1764374400000LL + i * 3; /* ~33k requests a second */
	snprintf(u->provider, sizeof u->provider, "openai");
	snprintf(u->model, sizeof u->model, "%s", models[i % 3]);
	u->input_tokens = 20 + i % 700;
	u->cache_read_tokens = i % 5 ? 0 : 512;
	u->output_tokens = 5 + i % 300;
	lc_usage_set_tag(u, "key", i % 4 ? "k_3f9a2c71" : "k_b01d44e2");
	lc_usage_set_tag(u, "team", "search");
	lc_usage_set_tag(u, "project", "web");
	snprintf(r->source, sizeof r->source, "gateway");
	if (lc_price_usage(cat, u, &r->cost, &err) || !r->cost.priced) {
		fprintf(stderr, "put: cannot price %s: %s\n", u->model, err.msg);
		exit(1);
	}
}

typedef struct sums {
	int64_t calls;
	lc_money cost;
} sums;

static int add_rollup(const lc_rollup *r, void *ctx)
{
	sums *s = ctx;
	s->calls += r->calls;
	return lc_money_add(s->cost, r->cost, &s->cost);
}

static double sys_s(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
}

static double sys_in_tx; /* of which in the kernel (writing the WAL, checkpoints) */

/* Put rows [from, to) in batches; CPU seconds spent inside the transactions. */
static double put_rows(lc_ledger *lg, const lc_catalog *cat, long from, long to, lc_record *b,
		       long *added, lc_money *total)
{
	double cpu = 0;
	lc_error err;
	long i, k, n;
	int ins;

	for (i = from; i < to; i += n) {
		double c0, s0;
		n = to - i < BATCH ? to - i : BATCH;
		for (k = 0; k < n; k++)
			make(cat, &b[k], i + k);
		s0 = sys_s();
		c0 = clock_s(CLOCK_PROCESS_CPUTIME_ID);
		if (lc_ledger_begin(lg, &err))
			goto fail;
		for (k = 0; k < n; k++) {
			if (lc_ledger_put(lg, &b[k], &ins, &err))
				goto fail;
			*added += ins;
		}
		if (lc_ledger_commit(lg, &err))
			goto fail;
		cpu += clock_s(CLOCK_PROCESS_CPUTIME_ID) - c0;
		sys_in_tx += sys_s() - s0;
		for (k = 0; k < n; k++)
			lc_money_add(*total, b[k].cost.total, total);
	}
	return cpu;
fail:
	fprintf(stderr, "put: %s\n", err.msg);
	exit(1);
}

static void report(const char *what, long rows, double cpu, double wall)
{
	printf("%-10s %8ld rows  cpu %.3f s  %.2f us/row (sys %.2f)  %.0f rows/cpu-s  %.0f rows/s\n",
	       what, rows, cpu, cpu * 1e6 / (double)rows, sys_in_tx * 1e6 / (double)rows,
	       (double)rows / cpu, (double)rows / wall);
	sys_in_tx = 0;
}

int main(int argc, char **argv)
{
	long n = argc > 2 ? strtol(argv[2], NULL, 10) : 500000;
	long deep = argc > 3 ? strtol(argv[3], NULL, 10) : 0, added = 0, dup = 0, i;
	lc_catalog *cat = NULL;
	lc_ledger *lg = NULL;
	lc_record *b;
	lc_error err;
	lc_money total = lc_money_zero(), ignored = lc_money_zero();
	sums s = {0, lc_money_zero()};
	double cpu, wall, end;
	char t1[64], t2[64];
	struct rusage ru;
	int ins;

	if (argc < 2 || n < BATCH || (deep && deep < n)) {
		fprintf(stderr, "usage: put LEDGER.db [N [DEEP]]\n");
		return 2;
	}
	b = calloc(BATCH, sizeof *b);
	if (!b || lc_catalog_open_bundled(&cat, &err)) {
		fprintf(stderr, "put: no catalog\n");
		return 1;
	}
	remove(argv[1]);
	if (lc_ledger_open_flags(argv[1], LC_LEDGER_SMALL_CACHE, &lg, &err)) {
		fprintf(stderr, "put: %s\n", err.msg);
		return 1;
	}
	wall = clock_s(CLOCK_MONOTONIC);
	cpu = put_rows(lg, cat, 0, n, b, &added, &total);
	report("fresh", n, cpu, clock_s(CLOCK_MONOTONIC) - wall);
	if (deep) {
		put_rows(lg, cat, n, deep, b, &added, &total);
		restart = deep;
		sys_in_tx = 0;
		end = deep + n / 5;
		wall = clock_s(CLOCK_MONOTONIC);
		cpu = put_rows(lg, cat, deep, (long)end, b, &added, &total);
		snprintf(t1, sizeof t1, "at %ldk", deep / 1000);
		report(t1, (long)end - deep, cpu, clock_s(CLOCK_MONOTONIC) - wall);
		n = (long)end;
	}
	/* the checks: a batch of known ids again (inserts nothing), then the sums */
	put_rows(lg, cat, n - BATCH, n, b, &dup, &ignored);
	lc_ledger_begin(lg, &err);
	for (i = 0; i < BATCH; i++) {
		lc_ledger_put(lg, &b[i], &ins, &err); /* twice in one transaction too */
		dup += ins;
	}
	lc_ledger_commit(lg, &err);
	if (lc_ledger_rollup_each(lg, NULL, add_rollup, &s, &err)) {
		fprintf(stderr, "put: rollups: %s\n", err.msg);
		return 1;
	}
	lc_money_format(total, -1, t1, sizeof t1);
	lc_money_format(s.cost, -1, t2, sizeof t2);
	getrusage(RUSAGE_SELF, &ru);
	printf("check      added %ld of %ld, repeats added %ld, rollup calls %lld cost %s (records %s)"
	       " maxrss %ld KB\n",
	       added, n, dup, (long long)s.calls, t2, t1, ru.ru_maxrss);
	lc_ledger_close(lg);
	lc_catalog_free(cat);
	free(b);
	return added == n && dup == 0 && s.calls == n && lc_money_cmp(s.cost, total) == 0 ? 0 : 1;
}
