/*
 * memsink.h - an in-memory al_sink for the agentlog tests: records dedup by id as the
 * ledger does, cursors keyed by path, and a transaction that can be rolled back.
 */
#ifndef LLMCOST_AGENTLOG_MEMSINK_H
#define LLMCOST_AGENTLOG_MEMSINK_H

#include <stddef.h>

#include "agentlog/agentlog_int.h"

#define MS_MAX 256

typedef struct memsink {
	lc_usage rec[MS_MAX];
	char src[MS_MAX][LC_SOURCE_MAX];
	int nrec;
	lc_cursor cur[64];
	int ncur;
	int in_txn, commits;
	int fail_after;          /* > 0: the record call after this many stored fails (LC_DB) */
	int txn_nrec, txn_ncur;  /* what rollback returns to */
} memsink;

void memsink_bind(memsink *m, al_sink *s);
const lc_usage *memsink_find(const memsink *m, const char *id);
/* Sum of a token field over all records (offset of the int64 field in lc_usage). */
int64_t memsink_sum(const memsink *m, size_t field);
#define MS_SUM(m, f) memsink_sum((m), offsetof(lc_usage, f))

#endif
