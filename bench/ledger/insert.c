/*
 * insert.c - ledger write and read throughput: N realistic records (Claude-Code-like ids,
 * priced, one tag) put in one transaction, then the same N again (all duplicates), then one
 * time-ordered walk. Prints records/s for each phase. Built and run by bench/ledger/run.sh.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "llmcost.h"

static double clock_s(clockid_t c)
{
	struct timespec ts;
	clock_gettime(c, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Wall time, and this process's CPU time (less disturbed by other jobs on a shared box). */
static double now_s(void) { return clock_s(CLOCK_MONOTONIC); }
static double cpu_s(void) { return clock_s(CLOCK_PROCESS_CPUTIME_ID); }

static void make(lc_record *r, long i)
{
	memset(r, 0, sizeof *r);
	lc_usage_init(&r->usage);
	/* Claude Code dedup keys look like "msg_01ABC...:req_011C..." */
	snprintf(r->usage.id, sizeof r->usage.id, "msg_01%016lx%08lx:req_011C%016lx",
		 (unsigned long)(i * 2654435761UL), (unsigned long)i,
		 (unsigned long)(i * 40503UL));
	r->usage.time = 1735689600000LL + i * 7000;
	snprintf(r->usage.provider, sizeof r->usage.provider, "anthropic");
	snprintf(r->usage.model, sizeof r->usage.model, "claude-sonnet-4-5-20250929");
	snprintf(r->usage.session, sizeof r->usage.session, "0b6f3c5e-4d1a-4f6e-9f0a-%012ld",
		 i / 200);
	r->usage.input_tokens = 3 + i % 17;
	r->usage.cache_read_tokens = 20000 + i % 5000;
	r->usage.cache_write_5m_tokens = 400 + i % 300;
	r->usage.output_tokens = 100 + i % 900;
	lc_usage_set_tag(&r->usage, "project", "web");
	r->cost.priced = 1;
	memcpy(r->cost.currency, "USD", 4);
	lc_money_parse("0.000009", (size_t)-1, &r->cost.input);
	lc_money_parse("0.0060003", (size_t)-1, &r->cost.cache_read);
	lc_money_parse("0.0015", (size_t)-1, &r->cost.cache_write);
	lc_money_parse("0.0015", (size_t)-1, &r->cost.output);
	lc_money_parse("0.0090093", (size_t)-1, &r->cost.total);
	snprintf(r->cost.price_id, sizeof r->cost.price_id, "anthropic/claude-sonnet-4-5@2025-09-29");
	snprintf(r->cost.price_source, sizeof r->cost.price_source, "genai-prices");
	snprintf(r->cost.catalog_version, sizeof r->cost.catalog_version, "gp-2025.11");
	snprintf(r->source, sizeof r->source, "claude-code:/home/u/.claude/projects/web/%ld.jsonl",
		 i / 200);
}

static int counter(const lc_record *r, void *ctx)
{
	(void)r;
	++*(long *)ctx;
	return 0;
}

int main(int argc, char **argv)
{
	long n = argc > 2 ? strtol(argv[2], NULL, 10) : 35000, i, seen = 0;
	lc_ledger *lg = NULL;
	lc_error err = {0};
	lc_record r;
	double t0, t1, t2, t3, c0, c1;
	int ins;
	long added = 0;

	if (argc < 2 || n <= 0) {
		fprintf(stderr, "usage: insert LEDGER.db [N]\n");
		return 2;
	}
	remove(argv[1]);
	if (lc_ledger_open(argv[1], &lg, &err)) {
		fprintf(stderr, "%s\n", err.msg);
		return 1;
	}
	t0 = now_s();
	c0 = cpu_s();
	lc_ledger_begin(lg, &err);
	for (i = 0; i < n; i++) {
		make(&r, i);
		if (lc_ledger_put(lg, &r, &ins, &err)) {
			fprintf(stderr, "%s\n", err.msg);
			return 1;
		}
		added += ins;
	}
	lc_ledger_commit(lg, &err);
	t1 = now_s();
	c1 = cpu_s();
	lc_ledger_begin(lg, &err);
	for (i = 0; i < n; i++) {
		make(&r, i);
		lc_ledger_put(lg, &r, &ins, &err);
		added += ins;
	}
	lc_ledger_commit(lg, &err);
	t2 = now_s();
	lc_ledger_each(lg, NULL, counter, &seen, &err);
	t3 = now_s();
	printf("records %ld new %ld read %ld\n", n, added, seen);
	printf("insert    %.3f s  %.0f records/s  cpu %.3f s  %.0f records/cpu-s\n", t1 - t0,
	       n / (t1 - t0), c1 - c0, n / (c1 - c0));
	printf("duplicate %.3f s  %.0f records/s\n", t2 - t1, n / (t2 - t1));
	printf("walk      %.3f s  %.0f records/s\n", t3 - t2, n / (t3 - t2));
	lc_ledger_close(lg);
	return added == n && seen == n ? 0 : 1;
}
