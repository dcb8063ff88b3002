/*
 * import.c - lc_agentlog_import: the scan (scan.c) bound to a ledger. Each record is priced
 * with the catalog at its own timestamp and put in the ledger; cursors go in the same
 * transaction, so an interrupted import leaves nothing half-done and the re-run completes it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agentlog/agentlog_int.h"

typedef struct lsink {
	lc_ledger *lg;
	const lc_catalog *cat;
	lc_scan_stats *st;
	lc_record r; /* scratch: a record is ~2 KB, kept off the stack */
} lsink;

static int l_cursor_get(void *ctx, const char *path, lc_cursor *out, lc_error *err)
{
	return lc_ledger_cursor_get(((lsink *)ctx)->lg, path, out, err);
}

static int l_begin(void *ctx, lc_error *err)
{
	return lc_ledger_begin(((lsink *)ctx)->lg, err);
}

static int l_record(void *ctx, const lc_usage *u, const char *source, int *inserted,
		    lc_error *err)
{
	lsink *s = ctx;
	int rc;

	s->r.usage = *u;
	memset(&s->r.cost, 0, sizeof s->r.cost);
	rc = s->cat ? lc_price_usage(s->cat, u, &s->r.cost, err) : LC_UNPRICED;
	if (rc == LC_UNPRICED)
		s->st->records_unpriced++;
	else if (rc != LC_OK)
		return rc;
	if (strcmp(s->r.source, source) != 0) /* the same for every record of a file */
		snprintf(s->r.source, sizeof s->r.source, "%s", source);
	return lc_ledger_put(s->lg, &s->r, inserted, err);
}

static int l_cursor_put(void *ctx, const lc_cursor *c, lc_error *err)
{
	return lc_ledger_cursor_put(((lsink *)ctx)->lg, c, err);
}

static int l_commit(void *ctx, lc_error *err)
{
	return lc_ledger_commit(((lsink *)ctx)->lg, err);
}

static void l_rollback(void *ctx)
{
	lc_ledger_rollback(((lsink *)ctx)->lg);
}

int lc_agentlog_import(lc_ledger *lg, const lc_catalog *cat, lc_agent a, char *const *paths,
		       const lc_scan_opts *o, lc_scan_stats *st, lc_error *err)
{
	static const lc_scan_opts none;
	lc_scan_stats local;
	lsink *s;
	al_sink sink;
	int rc;

	if (!st)
		st = &local;
	if (!(s = calloc(1, sizeof *s)))
		return lc_error_set(err, LC_NOMEM, "out of memory");
	s->lg = lg;
	s->cat = cat;
	s->st = st;
	sink.ctx = s;
	sink.cursor_get = l_cursor_get;
	sink.begin = l_begin;
	sink.record = l_record;
	sink.cursor_put = l_cursor_put;
	sink.commit = l_commit;
	sink.rollback = l_rollback;
	rc = al_scan(&sink, a, paths, o ? o : &none, st, err);
	free(s);
	return rc;
}
