/*
 * sqlite_schema.c - the SQLite ledger's schema and its migrations.
 *
 * Each migration is one SQL script, applied once, in order, inside a single IMMEDIATE
 * transaction together with its row in schema_version; so two processes opening a fresh
 * file at once cannot both create it, and a crash mid-migration leaves the old version.
 * Never edit a released migration: add the next one. docs/formats/ledger.md mirrors this.
 */
#include <stdio.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include "ledger/sqlite_internal.h"

static const char *const migrations[LC_SQLITE_SCHEMA_VERSION] = {
	/* v1: records and ingest cursors. Money is decimal TEXT (exact; never REAL). */
	"CREATE TABLE records ("
	"  id TEXT PRIMARY KEY NOT NULL,"        /* dedup key (lc_usage.id) */
	"  time_ms INTEGER NOT NULL,"            /* UTC milliseconds */
	"  provider TEXT NOT NULL,"
	"  model TEXT NOT NULL,"
	"  session TEXT NOT NULL DEFAULT '',"
	"  tier TEXT NOT NULL DEFAULT 'standard',"
	"  flags INTEGER NOT NULL DEFAULT 0,"    /* LC_USAGE_* bits */
	"  input_tokens INTEGER NOT NULL DEFAULT 0,"
	"  cache_read_tokens INTEGER NOT NULL DEFAULT 0,"
	"  cache_write_5m_tokens INTEGER NOT NULL DEFAULT 0,"
	"  cache_write_1h_tokens INTEGER NOT NULL DEFAULT 0,"
	"  output_tokens INTEGER NOT NULL DEFAULT 0,"
	"  reasoning_tokens INTEGER NOT NULL DEFAULT 0,"
	"  web_search_requests INTEGER NOT NULL DEFAULT 0,"
	"  priced INTEGER NOT NULL,"             /* 0 = unpriced: cost columns are NULL */
	"  currency TEXT NOT NULL DEFAULT '',"
	"  cost_input TEXT, cost_cache_read TEXT, cost_cache_write TEXT,"
	"  cost_output TEXT, cost_other TEXT, cost_total TEXT,"
	"  price_provider TEXT NOT NULL DEFAULT '',"
	"  price_model TEXT NOT NULL DEFAULT '',"
	"  price_id TEXT NOT NULL DEFAULT '',"
	"  price_source TEXT NOT NULL DEFAULT '',"
	"  catalog_version TEXT NOT NULL DEFAULT '',"
	"  source_cost TEXT,"                    /* cost the source itself reported, if any */
	"  source_currency TEXT NOT NULL DEFAULT '',"
	"  source TEXT NOT NULL DEFAULT '',"
	"  tags TEXT NOT NULL DEFAULT '{}'"      /* canonical JSON object, keys sorted */
	");"
	"CREATE TABLE cursors ("
	"  path TEXT PRIMARY KEY NOT NULL,"
	"  size INTEGER NOT NULL,"
	"  mtime_ns INTEGER NOT NULL,"
	"  offset INTEGER NOT NULL,"
	"  state TEXT NOT NULL DEFAULT ''"
	");",
	/* v2: reports walk records in time order and filter by time range. */
	"CREATE INDEX records_time ON records(time_ms);",
	/* v3: exact sums per UTC half hour for day/week/month reports (sqlite_rollup.c
	 * keeps them in step with records; the migration fills them from the records). */
	("CREATE TABLE rollup ("
	 "  bucket INTEGER NOT NULL,"   /* floor(time_ms / 1800000) */
	 "  kind TEXT NOT NULL,"        /* source up to and including its first ':', else '' */
	 "  provider TEXT NOT NULL,"
	 "  model TEXT NOT NULL,"
	 "  currency TEXT NOT NULL,"    /* '' when unpriced */
	 "  priced INTEGER NOT NULL,"
	 "  calls INTEGER NOT NULL,"
	 "  input_tokens INTEGER NOT NULL,"
	 "  cache_read_tokens INTEGER NOT NULL,"
	 "  cache_write_5m_tokens INTEGER NOT NULL,"
	 "  cache_write_1h_tokens INTEGER NOT NULL,"
	 "  output_tokens INTEGER NOT NULL,"
	 "  reasoning_tokens INTEGER NOT NULL,"
	 "  cost_total TEXT NOT NULL,"  /* exact decimal sum of cost_total; '0' when unpriced */
	 "  PRIMARY KEY (bucket, kind, provider, model, currency, priced)"
	 ") WITHOUT ROWID;"
	 /* what the sums cover: count(*) and max(rowid) of records. A record inserted by
	  * another program (sqlite3) shows as a mismatch; one deleted or updated sets
	  * records = -1 (llmcost itself only inserts). Reports then walk the records, and
	  * the next llmcost write rebuilds the sums. */
	 "CREATE TABLE rollup_state ("
	 "  id INTEGER PRIMARY KEY CHECK (id = 1),"
	 "  records INTEGER NOT NULL,"
	 "  max_rowid INTEGER NOT NULL"
	 ");"
	 "CREATE TRIGGER records_delete_stales_rollup AFTER DELETE ON records"
	 " BEGIN UPDATE rollup_state SET records = -1; END;"
	 "CREATE TRIGGER records_update_stales_rollup AFTER UPDATE ON records"
	 " BEGIN UPDATE rollup_state SET records = -1; END;"),
};

int lc_sqlite_error(sqlite3 *db, lc_error *err, const char *what)
{
	return lc_error_set(err, LC_DB, "%s: %s", what, db ? sqlite3_errmsg(db) : "no database");
}

static int exec(sqlite3 *db, const char *sql, lc_error *err, const char *what)
{
	if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return lc_sqlite_error(db, err, what);
	return LC_OK;
}

static int busy(void *arg, int tries)
{
	struct timespec ts = {0, 1000000};
	if ((intptr_t)arg <= tries)
		return 0; /* SQLITE_BUSY to the caller */
	nanosleep(&ts, NULL);
	return 1;
}

void lc_sqlite_busy_wait(sqlite3 *db, int ms)
{
	/* tries ~ ms: a try is a sleep of 1 ms (a little more), so the bound errs long */
	sqlite3_busy_handler(db, busy, (void *)(intptr_t)ms);
}

int lc_sqlite_configure(sqlite3 *db, const char *path, lc_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = LC_OK;

	lc_sqlite_busy_wait(db, 10000); /* two writers wait for each other, up to 10 s */
	/* 16 KB pages for a new file (no effect on an existing one): a record is ~600 bytes,
	 * and bigger pages mean fewer b-tree splits and WAL frames per record (bench/claude:
	 * about 10% less CPU for a cold import). */
	if (sqlite3_exec(db, "PRAGMA page_size=16384", NULL, NULL, NULL) != SQLITE_OK)
		return lc_sqlite_error(db, err, path);
	if (sqlite3_prepare_v2(db, "PRAGMA journal_mode=WAL", -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_ROW) {
		rc = lc_error_set(err, LC_DB, "%s: cannot open ledger: %s", path, sqlite3_errmsg(db));
		goto out;
	}
	/* An in-memory database answers "memory"; anything else must be WAL. */
	if (strcmp((const char *)sqlite3_column_text(st, 0), "wal") != 0 &&
	    strcmp((const char *)sqlite3_column_text(st, 0), "memory") != 0) {
		rc = lc_error_set(err, LC_DB, "%s: cannot switch the ledger to WAL mode", path);
		goto out;
	}
	/* synchronous=NORMAL in WAL keeps every commit atomic and the file consistent after a
	 * crash; only the last commits before a power loss may be lost (and re-imported). */
	rc = exec(db,
		  "PRAGMA synchronous=NORMAL;"
		  "PRAGMA cache_size=-65536;"
		  "PRAGMA temp_store=MEMORY;",
		  err, path);
out:
	sqlite3_finalize(st);
	return rc;
}

int lc_sqlite_schema_version(sqlite3 *db, int *version, lc_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = LC_OK;

	*version = 0;
	if (sqlite3_prepare_v2(db,
			       "SELECT count(*) FROM sqlite_master WHERE type='table' AND "
			       "name='schema_version'",
			       -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_ROW) {
		rc = lc_sqlite_error(db, err, "schema version");
		goto out;
	}
	if (sqlite3_column_int(st, 0) == 0)
		goto out;
	sqlite3_finalize(st);
	st = NULL;
	if (sqlite3_prepare_v2(db, "SELECT coalesce(max(version), 0) FROM schema_version", -1, &st,
			       NULL) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_ROW) {
		rc = lc_sqlite_error(db, err, "schema version");
		goto out;
	}
	*version = sqlite3_column_int(st, 0);
out:
	sqlite3_finalize(st);
	return rc;
}

int lc_sqlite_migrate(sqlite3 *db, int upto, lc_error *err)
{
	char sql[128];
	int rc, v, cur;

	if (upto < 1 || upto > LC_SQLITE_SCHEMA_VERSION)
		return lc_error_set(err, LC_INVAL, "no ledger schema version %d", upto);
	rc = exec(db, "BEGIN IMMEDIATE", err, "migrate");
	if (rc)
		return rc;
	rc = exec(db,
		  "CREATE TABLE IF NOT EXISTS schema_version ("
		  "  version INTEGER PRIMARY KEY, applied_ms INTEGER NOT NULL)",
		  err, "migrate");
	if (rc)
		goto fail;
	rc = lc_sqlite_schema_version(db, &cur, err);
	if (rc)
		goto fail;
	if (cur > LC_SQLITE_SCHEMA_VERSION) {
		rc = lc_error_set(err, LC_UNSUPPORTED,
				  "ledger schema version %d is newer than this llmcost (%d): upgrade "
				  "llmcost",
				  cur, LC_SQLITE_SCHEMA_VERSION);
		goto fail;
	}
	for (v = cur + 1; v <= upto; v++) {
		rc = exec(db, migrations[v - 1], err, "migrate");
		if (rc == LC_OK && v == 3)
			rc = lc_rollup_rebuild(db, err);
		if (rc)
			goto fail;
		snprintf(sql, sizeof sql, "INSERT INTO schema_version VALUES (%d, %lld)", v,
			 (long long)lc_time_now());
		rc = exec(db, sql, err, "migrate");
		if (rc)
			goto fail;
	}
	return exec(db, "COMMIT", err, "migrate");
fail:
	sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}
