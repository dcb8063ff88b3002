/*
 * backend.h - the storage interface every ledger backend implements (private to src/ledger).
 *
 * lc_ledger (ledger.c) is a thin front: it resolves the URL, picks a backend and forwards
 * each call through this vtable. A backend owns one opaque `impl` handle. Keeping the
 * surface this small is what makes PostgreSQL "one more file": put a record idempotently,
 * keep ingest cursors, walk records in time order, and group writes in transactions.
 */
#ifndef LC_LEDGER_BACKEND_H
#define LC_LEDGER_BACKEND_H

#include "llmcost/ledger.h"

typedef struct lc_ledger_backend {
	const char *name;
	/* Open (creating and migrating as needed) the store at `where` with LC_LEDGER_* flags;
	 * *impl receives the handle, freed by close(). */
	int (*open)(const char *where, unsigned flags, void **impl, lc_error *err);
	void (*close)(void *impl);
	int (*begin)(void *impl, lc_error *err);
	int (*commit)(void *impl, lc_error *err);
	void (*rollback)(void *impl);
	int (*put)(void *impl, const lc_record *r, int *inserted, lc_error *err);
	int (*cursor_get)(void *impl, const char *path, lc_cursor *out, lc_error *err);
	int (*cursor_put)(void *impl, const lc_cursor *c, lc_error *err);
	int (*each)(void *impl, const lc_filter *f, lc_record_fn fn, void *ctx, lc_error *err);
	int (*rollup_each)(void *impl, const lc_filter *f, lc_rollup_fn fn, void *ctx,
			   lc_error *err);
} lc_ledger_backend;

extern const lc_ledger_backend lc_ledger_sqlite_backend;

/* Tags travel as one canonical text (shared by every backend so that the stored form does
 * not depend on the backend): a JSON object with keys sorted, "{}" when there are none. */
int lc_tags_encode(const lc_usage *u, char *buf, size_t cap);
/* Parse text made by lc_tags_encode back into u->tags (replacing them). LC_PARSE on
 * anything else. */
int lc_tags_decode(const char *s, lc_usage *u);

#endif
