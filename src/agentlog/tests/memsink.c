/*
 * memsink.c - the in-memory sink the agentlog tests scan into (see memsink.h).
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "memsink.h"

static int cget(void *ctx, const char *path, lc_cursor *out, lc_error *err)
{
	memsink *m = ctx;
	int i;
	(void)err;
	for (i = 0; i < m->ncur; i++)
		if (strcmp(m->cur[i].path, path) == 0) {
			*out = m->cur[i];
			return LC_OK;
		}
	return LC_NOTFOUND;
}

static int begin(void *ctx, lc_error *err)
{
	memsink *m = ctx;
	(void)err;
	m->in_txn = 1;
	m->txn_nrec = m->nrec;
	m->txn_ncur = m->ncur;
	return LC_OK;
}

static int record(void *ctx, const lc_usage *u, const char *source, int *inserted, lc_error *err)
{
	memsink *m = ctx;
	if (!m->in_txn)
		return lc_error_set(err, LC_INTERNAL, "record outside a transaction");
	if (memsink_find(m, u->id)) {
		*inserted = 0;
		return LC_OK;
	}
	if (m->nrec == MS_MAX)
		return lc_error_set(err, LC_LIMIT, "memsink full");
	if (m->fail_after > 0 && m->nrec - m->txn_nrec >= m->fail_after)
		return lc_error_set(err, LC_DB, "injected failure");
	m->rec[m->nrec] = *u;
	snprintf(m->src[m->nrec], LC_SOURCE_MAX, "%s", source);
	m->nrec++;
	*inserted = 1;
	return LC_OK;
}

static int cput(void *ctx, const lc_cursor *c, lc_error *err)
{
	memsink *m = ctx;
	int i;
	for (i = 0; i < m->ncur; i++)
		if (strcmp(m->cur[i].path, c->path) == 0)
			break;
	if (i == 64)
		return lc_error_set(err, LC_LIMIT, "memsink cursors full");
	if (i == m->ncur)
		m->ncur++;
	m->cur[i] = *c;
	return LC_OK;
}

static int commit(void *ctx, lc_error *err)
{
	(void)err;
	((memsink *)ctx)->in_txn = 0;
	((memsink *)ctx)->commits++;
	return LC_OK;
}

static void rollback(void *ctx)
{
	memsink *m = ctx;
	m->in_txn = 0;
	m->nrec = m->txn_nrec;
	m->ncur = m->txn_ncur;
}

void memsink_bind(memsink *m, al_sink *s)
{
	memset(s, 0, sizeof *s); /* no price/record_priced: records arrive unpriced */
	s->ctx = m;
	s->cursor_get = cget;
	s->begin = begin;
	s->record = record;
	s->cursor_put = cput;
	s->commit = commit;
	s->rollback = rollback;
}

const lc_usage *memsink_find(const memsink *m, const char *id)
{
	int i;
	for (i = 0; i < m->nrec; i++)
		if (strcmp(m->rec[i].id, id) == 0)
			return &m->rec[i];
	return NULL;
}

int64_t memsink_sum(const memsink *m, size_t field)
{
	int64_t s = 0;
	int i;
	for (i = 0; i < m->nrec; i++)
		s += *(const int64_t *)((const char *)&m->rec[i] + field);
	return s;
}
