/*
 * sqlite_internal.h - what the SQLite backend's files share, and what its unit tests
 * reach: the schema version and the migration runner.
 */
#ifndef LC_LEDGER_SQLITE_INTERNAL_H
#define LC_LEDGER_SQLITE_INTERNAL_H

#include <sqlite3.h>

#include "ledger/backend.h"

/* The schema version this build writes; docs/formats/ledger.md describes each one. */
#define LC_SQLITE_SCHEMA_VERSION 2

/* Set the connection's pragmas (WAL, synchronous=NORMAL, busy timeout, cache). */
int lc_sqlite_configure(sqlite3 *db, const char *path, lc_error *err);

/* Bring the schema up to version `upto` (1..LC_SQLITE_SCHEMA_VERSION) in one IMMEDIATE
 * transaction; a database newer than this build is refused with LC_UNSUPPORTED. */
int lc_sqlite_migrate(sqlite3 *db, int upto, lc_error *err);

/* The schema version stored in db (0 for an empty file). */
int lc_sqlite_schema_version(sqlite3 *db, int *version, lc_error *err);

/* lc_error_set with the connection's message; returns LC_DB. */
int lc_sqlite_error(sqlite3 *db, lc_error *err, const char *what);

#endif
