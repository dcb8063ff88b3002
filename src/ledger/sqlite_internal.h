/*
 * sqlite_internal.h - what the SQLite backend's files share, and what its unit tests
 * reach: the schema version and the migration runner.
 */
#ifndef LC_LEDGER_SQLITE_INTERNAL_H
#define LC_LEDGER_SQLITE_INTERNAL_H

#include <sqlite3.h>

#include "ledger/backend.h"

/* The schema version this build writes; docs/formats/ledger.md describes each one. */
#define LC_SQLITE_SCHEMA_VERSION 3

/* Set the connection's pragmas (WAL, synchronous=NORMAL, busy timeout, cache). */
int lc_sqlite_configure(sqlite3 *db, const char *path, lc_error *err);

/*
 * Wait up to ms for a lock held by another connection, retrying every millisecond. SQLite's
 * own busy timeout sleeps 1, 2, 5, 10 ... 100 ms between tries, and against a writer that
 * frees the lock a few ms at a time (the gateway's ledger writer, meter.c) it kept missing
 * the gaps: waits of 0.1-2.6 s for an insert of one key. Also used by the gateway's key
 * store, which shares the file.
 */
void lc_sqlite_busy_wait(sqlite3 *db, int ms);

/* Bring the schema up to version `upto` (1..LC_SQLITE_SCHEMA_VERSION) in one IMMEDIATE
 * transaction; a database newer than this build is refused with LC_UNSUPPORTED. */
int lc_sqlite_migrate(sqlite3 *db, int upto, lc_error *err);

/* The schema version stored in db (0 for an empty file). */
int lc_sqlite_schema_version(sqlite3 *db, int *version, lc_error *err);

/* lc_error_set with the connection's message; returns LC_DB. */
int lc_sqlite_error(sqlite3 *db, lc_error *err, const char *what);

/* Exact decimal text of m (lc_money_format(m, -1)'s text, faster); LC_LIMIT when cap is
 * too small. */
int lc_sqlite_money_text(lc_money m, char *buf, size_t cap);

/*
 * The record insert (sqlite_insert.c): its SQL (INSERT OR IGNORE, ?1..?31), and what a
 * connection last bound to it, so that lc_sqlite_bind_record binds only the parameters
 * whose value changed since the previous record. One lc_sqlite_binds per statement.
 */
extern const char lc_sqlite_insert_sql[];
typedef struct lc_sqlite_binds lc_sqlite_binds;
lc_sqlite_binds *lc_sqlite_binds_new(void);
void lc_sqlite_binds_free(lc_sqlite_binds *b);
/* Bind r to st; LC_INVAL (tags too long) or LC_RANGE (an amount out of range), with a
 * message naming the record. */
int lc_sqlite_bind_record(lc_sqlite_binds *b, sqlite3_stmt *st, const lc_record *r,
			  lc_error *err);

/*
 * Rollup sums (sqlite_rollup.c). A connection accumulates the sums of the records it
 * inserts in memory (lc_rollup_acc_add) and writes them into the rollup table just before
 * its transaction commits (lc_rollup_acc_flush), so sums and records commit together.
 */
typedef struct lc_rollup_acc lc_rollup_acc;
lc_rollup_acc *lc_rollup_acc_new(void);
/* Frees a and finalizes the statements it prepared: call it before closing their db. */
void lc_rollup_acc_free(lc_rollup_acc *a);
void lc_rollup_acc_clear(lc_rollup_acc *a); /* forget (rollback) */
/* Count one record; LC_NOMEM, or LC_RANGE when a sum would overflow. */
int lc_rollup_acc_add(lc_rollup_acc *a, int64_t rowid, const char *source,
		      const char *provider, const char *model, const char *currency, int priced,
		      lc_time_ms t, const int64_t tok[6], lc_money cost);
/* Add the accumulated sums into the rollup table (inside the caller's transaction), or
 * recompute them all when records were changed by another program, and clear the
 * accumulator. */
int lc_rollup_acc_flush(lc_rollup_acc *a, sqlite3 *db, lc_error *err);
/* Recompute the whole rollup table from records (migration to v3). */
int lc_rollup_rebuild(sqlite3 *db, lc_error *err);
/* The backend's rollup_each (a: the connection's accumulator, for its statements). */
int lc_rollup_each(sqlite3 *db, lc_rollup_acc *a, const char *path, const lc_filter *f,
		   lc_rollup_fn fn, void *ctx, lc_error *err);

#endif
