/*
 * sqlite.c - the SQLite ledger backend: one WAL-mode file, records keyed by their id.
 *
 * Speed comes from three habits: statements are prepared once per connection and reset
 * between uses; an import wraps a whole batch in one IMMEDIATE transaction (the caller's
 * lc_ledger_begin/commit); and a record's parameters are bound only when they differ from
 * the previous record's (sqlite_insert.c). Idempotence is INSERT OR
 * IGNORE on the primary key, with sqlite3_changes() saying whether the row is new; the
 * records really inserted are added to the rollup sums (sqlite_rollup.c).
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ledger/sqlite_internal.h"

enum { ST_INSERT, ST_CURSOR_GET, ST_CURSOR_PUT, ST_BEGIN, ST_COMMIT, ST_EMPTY, ST_COUNT };

/* Each statement is parenthesized: it is one string spread over lines, not a missing comma. */
static const char *const statements[ST_COUNT] = {
	lc_sqlite_insert_sql, /* sqlite_insert.c */
	"SELECT size, mtime_ns, offset, state FROM cursors WHERE path = ?1",
	("INSERT OR REPLACE INTO cursors (path, size, mtime_ns, offset, state)"
	 " VALUES (?1, ?2, ?3, ?4, ?5)"),
	/* a gateway opens and commits a transaction every few milliseconds: these are not
	 * parsed again each time (sqlite3_exec would) */
	"BEGIN IMMEDIATE",
	"COMMIT",
	"SELECT NOT EXISTS (SELECT 1 FROM records)",
};

/* Column order of the SELECT in sq_each (read_record follows it). */
#define RECORD_COLUMNS                                                                     \
	"id, time_ms, provider, model, session, tier, flags, input_tokens, cache_read_tokens," \
	" cache_write_5m_tokens, cache_write_1h_tokens, output_tokens, reasoning_tokens,"     \
	" web_search_requests, priced, currency, cost_input, cost_cache_read,"                \
	" cost_cache_write, cost_output, cost_other, cost_total, price_provider, price_model," \
	" price_id, price_source, catalog_version, source_cost, source_currency, source, tags"

typedef struct sq {
	sqlite3 *db;
	sqlite3_stmt *st[ST_COUNT];
	lc_sqlite_binds *binds; /* what the insert's parameters hold (sqlite_insert.c) */
	lc_rollup_acc *rollup; /* sums of the records inserted in the open transaction */
	int in_tx;
	int time_index_dropped; /* by bulk_begin, for this transaction */
	char path[4096];
} sq;

static void sq_close(void *impl)
{
	sq *s = impl;
	int i;
	if (!s)
		return;
	for (i = 0; i < ST_COUNT; i++)
		sqlite3_finalize(s->st[i]);
	lc_rollup_acc_free(s->rollup); /* finalizes its statements: before the close */
	sqlite3_close(s->db);
	lc_sqlite_binds_free(s->binds);
	free(s);
}

/* Once per process, before SQLite initializes: no global allocation statistics. SQLite
 * counts every malloc under a global mutex when they are on, which nothing here reads
 * (SQLite's own advice: SQLITE_DEFAULT_MEMSTATUS=0). */
static void sqlite_setup(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

static int sq_open(const char *where, unsigned flags, void **impl, lc_error *err)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	sq *s;
	int rc, i;

	*impl = NULL;
	pthread_once(&once, sqlite_setup);
	s = calloc(1, sizeof *s);
	if (!s)
		return lc_error_set(err, LC_NOMEM, "out of memory");
	snprintf(s->path, sizeof s->path, "%s", where);
	if (!(s->rollup = lc_rollup_acc_new()) || !(s->binds = lc_sqlite_binds_new())) {
		rc = lc_error_set(err, LC_NOMEM, "out of memory");
		goto fail;
	}
	if (sqlite3_open_v2(where, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL) !=
	    SQLITE_OK) {
		rc = lc_error_set(err, LC_DB, "%s: cannot open ledger: %s", where,
				  s->db ? sqlite3_errmsg(s->db) : "out of memory");
		goto fail;
	}
	rc = lc_sqlite_configure(s->db, where, err);
	if (rc)
		goto fail;
	/* A cache: commits stay atomic (the WAL is written before COMMIT returns) but are not
	 * fsynced; only an OS crash can cost them, and the logs rebuild the cache. */
	if ((flags & LC_LEDGER_CACHE) &&
	    sqlite3_exec(s->db, "PRAGMA synchronous=OFF", NULL, NULL, NULL) != SQLITE_OK) {
		rc = lc_sqlite_error(s->db, err, where);
		goto fail;
	}
	/* An appending connection (the gateway's writer) needs the pages its inserts touch,
	 * not the 64 MB that was most of the gateway's memory (see LC_LEDGER_SMALL_CACHE). */
	if ((flags & LC_LEDGER_SMALL_CACHE) &&
	    sqlite3_exec(s->db, "PRAGMA cache_size=-4096", NULL, NULL, NULL) != SQLITE_OK) {
		rc = lc_sqlite_error(s->db, err, where);
		goto fail;
	}
	if ((flags & LC_LEDGER_SMALL_CHECKPOINTS) &&
	    sqlite3_exec(s->db, "PRAGMA wal_autocheckpoint=128", NULL, NULL, NULL) != SQLITE_OK) {
		rc = lc_sqlite_error(s->db, err, where);
		goto fail;
	}
	rc = lc_sqlite_migrate(s->db, LC_SQLITE_SCHEMA_VERSION, err);
	if (rc) {
		lc_error_prefix(err, "%s: ", where);
		goto fail;
	}
	for (i = 0; i < ST_COUNT; i++) {
		if (sqlite3_prepare_v3(s->db, statements[i], -1, SQLITE_PREPARE_PERSISTENT,
				       &s->st[i], NULL) != SQLITE_OK) {
			rc = lc_sqlite_error(s->db, err, where);
			goto fail;
		}
	}
	*impl = s;
	return LC_OK;
fail:
	sq_close(s);
	return rc;
}

static void sq_rollback_tx(sq *s)
{
	sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	lc_rollup_acc_clear(s->rollup);
	s->time_index_dropped = 0; /* the rollback restored it */
	s->in_tx = 0;
}

static void sq_rollback(void *impl)
{
	sq *s = impl;
	if (s && s->in_tx)
		sq_rollback_tx(s);
}

/*
 * A first import into an empty ledger (the cold `llmcost claude` run) inserts rows in no
 * particular time order; building the time index once after the rows are in is cheaper
 * than keeping it sorted row by row. The index is dropped inside the transaction
 * and built again before COMMIT, so no reader and no crash ever sees the ledger without
 * it (a rollback brings it back too).
 */
static int bulk_begin(sq *s, lc_error *err)
{
	sqlite3_stmt *q = s->st[ST_EMPTY];
	int empty = 0;

	if (sqlite3_step(q) != SQLITE_ROW) {
		int rc = lc_sqlite_error(s->db, err, s->path);
		sqlite3_reset(q);
		sq_rollback_tx(s);
		return rc;
	}
	empty = sqlite3_column_int(q, 0);
	sqlite3_reset(q);
	if (!empty)
		return LC_OK;
	if (sqlite3_exec(s->db, "DROP INDEX records_time", NULL, NULL, NULL) != SQLITE_OK) {
		int rc = lc_sqlite_error(s->db, err, s->path);
		sq_rollback_tx(s);
		return rc;
	}
	s->time_index_dropped = 1;
	return LC_OK;
}

/* Step a statement that returns no rows, as sqlite3_exec would: SQLITE_OK when done. The
 * reset keeps the error for sqlite3_errmsg. */
static int run(sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

static int sq_begin(void *impl, lc_error *err)
{
	sq *s = impl;
	if (s->in_tx)
		return lc_error_set(err, LC_INVAL, "a ledger transaction is already open");
	/* IMMEDIATE takes the write lock now, so two writers queue on busy_timeout instead
	 * of deadlocking on a read-to-write upgrade. */
	if (run(s->st[ST_BEGIN]) != SQLITE_OK)
		return lc_sqlite_error(s->db, err, s->path);
	s->in_tx = 1;
	return bulk_begin(s, err);
}

static int sq_commit(void *impl, lc_error *err)
{
	sq *s = impl;
	int rc = LC_OK;
	if (!s->in_tx)
		return lc_error_set(err, LC_INVAL, "no ledger transaction is open");
	if (s->time_index_dropped &&
	    sqlite3_exec(s->db, "CREATE INDEX records_time ON records(time_ms)", NULL, NULL,
			 NULL) != SQLITE_OK)
		rc = lc_sqlite_error(s->db, err, s->path);
	/* the sums of this transaction's records commit with them */
	if (rc || (rc = lc_rollup_acc_flush(s->rollup, s->db, err)) != LC_OK ||
	    run(s->st[ST_COMMIT]) != SQLITE_OK) {
		if (rc == LC_OK)
			rc = lc_sqlite_error(s->db, err, s->path);
		sq_rollback_tx(s);
		return rc;
	}
	s->time_index_dropped = 0;
	s->in_tx = 0;
	return LC_OK;
}

static void bind_text(sqlite3_stmt *st, int i, const char *s)
{
	sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
}

static int put_row(sq *s, const lc_record *r, int *inserted, lc_error *err)
{
	sqlite3_stmt *st = s->st[ST_INSERT];
	const lc_usage *u = &r->usage;
	const lc_cost *c = &r->cost;
	int rc, p = c->priced;

	if ((rc = lc_sqlite_bind_record(s->binds, st, r, err)) != LC_OK)
		goto out;
	if (sqlite3_step(st) != SQLITE_DONE) {
		rc = lc_sqlite_error(s->db, err, s->path);
		goto out;
	}
	if (sqlite3_changes(s->db) > 0) {
		const int64_t tok[6] = {u->input_tokens,	  u->cache_read_tokens,
					u->cache_write_5m_tokens, u->cache_write_1h_tokens,
					u->output_tokens,	  u->reasoning_tokens};
		rc = lc_rollup_acc_add(s->rollup, sqlite3_last_insert_rowid(s->db), r->source,
				       u->provider, u->model, p ? c->currency : "", p, u->time,
				       tok, p ? c->total : lc_money_zero());
		if (rc) {
			rc = lc_error_set(err, rc, "record %s: rollup sums: %s", u->id,
					  lc_strerror(rc));
			goto out;
		}
		if (inserted)
			*inserted = 1;
	} else if (inserted) {
		*inserted = 0;
	}
out:
	sqlite3_reset(st);
	return rc;
}

/* Outside a transaction a put is its own: the record and its rollup sums commit together. */
static int sq_put(void *impl, const lc_record *r, int *inserted, lc_error *err)
{
	sq *s = impl;
	int rc;

	if (s->in_tx)
		return put_row(s, r, inserted, err);
	if ((rc = sq_begin(s, err)) != LC_OK)
		return rc;
	if ((rc = put_row(s, r, inserted, err)) != LC_OK) {
		sq_rollback(s);
		return rc;
	}
	return sq_commit(s, err);
}

static int sq_rollup_each(void *impl, const lc_filter *f, lc_rollup_fn fn, void *ctx,
			  lc_error *err)
{
	sq *s = impl;
	int rc;

	if (s->in_tx)
		return lc_rollup_each(s->db, s->rollup, s->path, f, fn, ctx, err);
	/* one read transaction: the coverage check and the sums see the same commit */
	if (sqlite3_exec(s->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
		return lc_sqlite_error(s->db, err, s->path);
	rc = lc_rollup_each(s->db, s->rollup, s->path, f, fn, ctx, err);
	sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
	return rc;
}

/* Copy column i into dst (cap bytes); LC_DB when the stored text does not fit. */
static int col_text(sqlite3_stmt *st, int i, char *dst, size_t cap)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	size_t n = t ? (size_t)sqlite3_column_bytes(st, i) : 0;
	if (n >= cap)
		return LC_DB;
	if (n)
		memcpy(dst, t, n);
	dst[n] = '\0';
	return LC_OK;
}

static int col_money(sqlite3_stmt *st, int i, lc_money *m)
{
	const char *t = (const char *)sqlite3_column_text(st, i);
	*m = lc_money_zero();
	if (!t)
		return LC_OK;
	return lc_money_parse(t, (size_t)sqlite3_column_bytes(st, i), m);
}

/* The last tags text decoded in a walk and its tags: most records of a file share their
 * tags, and parsing JSON per record was a third of a session report's time. */
typedef struct tags_cache {
	int valid;
	int ntags;
	lc_tag tags[LC_TAGS_MAX];
	char text[1024];
} tags_cache;

static int read_tags(const char *text, lc_usage *u, tags_cache *tc)
{
	size_t n = text ? strlen(text) : 0;

	if (tc->valid && memcmp(tc->text, text ? text : "", n + 1) == 0) {
		u->ntags = tc->ntags;
		memcpy(u->tags, tc->tags, (size_t)tc->ntags * sizeof *u->tags);
		return LC_OK;
	}
	tc->valid = 0;
	if (lc_tags_decode(text, u) != LC_OK)
		return LC_DB;
	if (n < sizeof tc->text) {
		memcpy(tc->text, text ? text : "", n + 1);
		tc->ntags = u->ntags;
		memcpy(tc->tags, u->tags, (size_t)u->ntags * sizeof *u->tags);
		tc->valid = 1;
	}
	return LC_OK;
}

/* Fill r from the row. Every field of r is assigned (no 2 KB clear per record). */
static int read_record(sqlite3_stmt *st, lc_record *r, tags_cache *tc)
{
	lc_usage *u = &r->usage;
	lc_cost *c = &r->cost;
	char tier[32];
	const char *tags;

	if (col_text(st, 0, u->id, sizeof u->id) || col_text(st, 2, u->provider, sizeof u->provider) ||
	    col_text(st, 3, u->model, sizeof u->model) ||
	    col_text(st, 4, u->session, sizeof u->session) || col_text(st, 5, tier, sizeof tier) ||
	    col_text(st, 15, c->currency, sizeof c->currency) ||
	    col_text(st, 22, c->provider, sizeof c->provider) ||
	    col_text(st, 23, c->model, sizeof c->model) ||
	    col_text(st, 24, c->price_id, sizeof c->price_id) ||
	    col_text(st, 25, c->price_source, sizeof c->price_source) ||
	    col_text(st, 26, c->catalog_version, sizeof c->catalog_version) ||
	    col_text(st, 28, u->source_currency, sizeof u->source_currency) ||
	    col_text(st, 29, r->source, sizeof r->source))
		return LC_DB;
	u->time = sqlite3_column_int64(st, 1);
	if (lc_tier_parse(tier, &u->tier) != LC_OK)
		u->tier = LC_TIER_STANDARD;
	u->flags = (uint32_t)sqlite3_column_int64(st, 6);
	u->input_tokens = sqlite3_column_int64(st, 7);
	u->cache_read_tokens = sqlite3_column_int64(st, 8);
	u->cache_write_5m_tokens = sqlite3_column_int64(st, 9);
	u->cache_write_1h_tokens = sqlite3_column_int64(st, 10);
	u->output_tokens = sqlite3_column_int64(st, 11);
	u->reasoning_tokens = sqlite3_column_int64(st, 12);
	u->web_search_requests = sqlite3_column_int64(st, 13);
	c->priced = sqlite3_column_int(st, 14) != 0;
	if (col_money(st, 16, &c->input) || col_money(st, 17, &c->cache_read) ||
	    col_money(st, 18, &c->cache_write) || col_money(st, 19, &c->output) ||
	    col_money(st, 20, &c->other) || col_money(st, 21, &c->total) ||
	    col_money(st, 27, &u->source_cost))
		return LC_DB;
	u->has_source_cost = sqlite3_column_type(st, 27) != SQLITE_NULL;
	tags = (const char *)sqlite3_column_text(st, 30);
	return read_tags(tags, u, tc);
}

static int sq_each(void *impl, const lc_filter *f, lc_record_fn fn, void *ctx, lc_error *err)
{
	sq *s = impl;
	sqlite3_stmt *st = NULL;
	lc_record *r = NULL;
	tags_cache *tc = NULL;
	int rc = LC_OK, step;

	if (sqlite3_prepare_v2(s->db,
			       "SELECT " RECORD_COLUMNS " FROM records"
			       " WHERE time_ms >= ?1 AND time_ms < ?2"
			       " AND (?3 IS NULL OR provider = ?3) AND (?4 IS NULL OR model = ?4)"
			       " AND (?5 IS NULL OR substr(source, 1, length(?5)) = ?5)"
			       " ORDER BY time_ms, id",
			       -1, &st, NULL) != SQLITE_OK)
		return lc_sqlite_error(s->db, err, s->path);
	sqlite3_bind_int64(st, 1, f->since ? f->since : INT64_MIN);
	sqlite3_bind_int64(st, 2, f->until ? f->until : INT64_MAX);
	if (f->provider)
		bind_text(st, 3, f->provider);
	if (f->model)
		bind_text(st, 4, f->model);
	if (f->source_prefix)
		bind_text(st, 5, f->source_prefix);
	r = calloc(1, sizeof *r);
	tc = calloc(1, sizeof *tc);
	if (!r || !tc) {
		rc = lc_error_set(err, LC_NOMEM, "out of memory");
		goto out;
	}
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		if (read_record(st, r, tc) != LC_OK) {
			rc = lc_error_set(err, LC_DB, "%s: record %s is damaged", s->path,
					  (const char *)sqlite3_column_text(st, 0));
			goto out;
		}
		rc = fn(r, ctx);
		if (rc)
			goto out;
	}
	if (step != SQLITE_DONE)
		rc = lc_sqlite_error(s->db, err, s->path);
out:
	free(r);
	free(tc);
	sqlite3_finalize(st);
	return rc;
}

static int sq_cursor_get(void *impl, const char *path, lc_cursor *out, lc_error *err)
{
	sq *s = impl;
	sqlite3_stmt *st = s->st[ST_CURSOR_GET];
	int rc = LC_OK, step;

	memset(out, 0, sizeof *out);
	bind_text(st, 1, path);
	step = sqlite3_step(st);
	if (step == SQLITE_DONE) {
		rc = LC_NOTFOUND; /* never read: a normal answer, no message needed */
		goto out;
	}
	if (step != SQLITE_ROW) {
		rc = lc_sqlite_error(s->db, err, s->path);
		goto out;
	}
	if (strlen(path) >= sizeof out->path || col_text(st, 3, out->state, sizeof out->state)) {
		rc = lc_error_set(err, LC_DB, "%s: cursor for %s is damaged", s->path, path);
		goto out;
	}
	memcpy(out->path, path, strlen(path) + 1);
	out->size = sqlite3_column_int64(st, 0);
	out->mtime_ns = sqlite3_column_int64(st, 1);
	out->offset = sqlite3_column_int64(st, 2);
out:
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc;
}

static int sq_cursor_put(void *impl, const lc_cursor *c, lc_error *err)
{
	sq *s = impl;
	sqlite3_stmt *st = s->st[ST_CURSOR_PUT];
	int rc = LC_OK;

	bind_text(st, 1, c->path);
	sqlite3_bind_int64(st, 2, c->size);
	sqlite3_bind_int64(st, 3, c->mtime_ns);
	sqlite3_bind_int64(st, 4, c->offset);
	bind_text(st, 5, c->state);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = lc_sqlite_error(s->db, err, s->path);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc;
}

const lc_ledger_backend lc_ledger_sqlite_backend = {
	"sqlite",   sq_open,  sq_close,      sq_begin,      sq_commit,
	sq_rollback, sq_put,  sq_cursor_get, sq_cursor_put, sq_each,
	sq_rollup_each,
};
