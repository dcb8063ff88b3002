/*
 * ledger.c - the public ledger front (include/llmcost/ledger.h): where the ledger lives
 * (--ledger, $LLMCOST_LEDGER, or $XDG_DATA_HOME/llmcost/ledger.db), which backend serves
 * it, and the forwarding of every call to that backend's vtable (backend.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ledger/backend.h"

struct lc_ledger {
	const lc_ledger_backend *ops;
	void *impl;
	char url[4096];
};

/* mkdir -p for the folders above path (not path itself). */
static int make_parents(const char *path, lc_error *err)
{
	char tmp[4096];
	size_t n = strlen(path), i;

	if (n >= sizeof tmp)
		return lc_error_set(err, LC_LIMIT, "ledger path too long");
	memcpy(tmp, path, n + 1);
	for (i = 1; i < n; i++) {
		if (tmp[i] != '/')
			continue;
		tmp[i] = '\0';
		if (mkdir(tmp, 0700) != 0 && errno != EEXIST)
			return lc_error_set(err, LC_IO, "%s: cannot create folder: %s", tmp,
					    strerror(errno));
		tmp[i] = '/';
	}
	return LC_OK;
}

/* The default location: $XDG_DATA_HOME/llmcost/ledger.db, else ~/.local/share/... */
static int default_path(char *buf, size_t cap, lc_error *err)
{
	const char *xdg = getenv("XDG_DATA_HOME"), *home = getenv("HOME");
	int n;

	if (xdg && *xdg)
		n = snprintf(buf, cap, "%s/llmcost/ledger.db", xdg);
	else if (home && *home)
		n = snprintf(buf, cap, "%s/.local/share/llmcost/ledger.db", home);
	else
		return lc_error_set(err, LC_NOTFOUND,
				    "no ledger location: set --ledger, LLMCOST_LEDGER or HOME");
	if (n < 0 || (size_t)n >= cap)
		return lc_error_set(err, LC_LIMIT, "ledger path too long");
	return make_parents(buf, err);
}

int lc_ledger_open(const char *url, lc_ledger **out, lc_error *err)
{
	return lc_ledger_open_flags(url, 0, out, err);
}

int lc_ledger_open_flags(const char *url, unsigned flags, lc_ledger **out, lc_error *err)
{
	lc_ledger *lg;
	const char *where;
	int rc;

	*out = NULL;
	lg = calloc(1, sizeof *lg);
	if (!lg)
		return lc_error_set(err, LC_NOMEM, "out of memory");
	if (!url || !*url) {
		url = getenv("LLMCOST_LEDGER");
		if (!url || !*url) {
			rc = default_path(lg->url, sizeof lg->url, err);
			if (rc)
				goto fail;
			url = lg->url;
		}
	}
	if (url != lg->url) {
		if (strlen(url) >= sizeof lg->url) {
			rc = lc_error_set(err, LC_LIMIT, "ledger URL too long");
			goto fail;
		}
		memcpy(lg->url, url, strlen(url) + 1);
	}
	if (strncmp(lg->url, "postgres://", 11) == 0 || strncmp(lg->url, "postgresql://", 13) == 0) {
		rc = lc_error_set(err, LC_UNSUPPORTED,
				  "%s: this llmcost was built without PostgreSQL support", lg->url);
		goto fail;
	}
	where = lg->url;
	if (strncmp(where, "sqlite:", 7) == 0)
		where += 7;
	lg->ops = &lc_ledger_sqlite_backend;
	rc = lg->ops->open(where, flags, &lg->impl, err);
	if (rc)
		goto fail;
	*out = lg;
	return LC_OK;
fail:
	free(lg);
	return rc;
}

void lc_ledger_close(lc_ledger *lg)
{
	if (!lg)
		return;
	lg->ops->close(lg->impl);
	free(lg);
}

const char *lc_ledger_url(const lc_ledger *lg)
{
	return lg->url;
}

int lc_ledger_begin(lc_ledger *lg, lc_error *err)
{
	return lg->ops->begin(lg->impl, err);
}

int lc_ledger_commit(lc_ledger *lg, lc_error *err)
{
	return lg->ops->commit(lg->impl, err);
}

void lc_ledger_rollback(lc_ledger *lg)
{
	if (lg)
		lg->ops->rollback(lg->impl);
}

int lc_ledger_put(lc_ledger *lg, const lc_record *r, int *inserted, lc_error *err)
{
	if (!r->usage.id[0])
		return lc_error_set(err, LC_INVAL, "record without an id cannot be stored");
	return lg->ops->put(lg->impl, r, inserted, err);
}

int lc_ledger_cursor_get(lc_ledger *lg, const char *path, lc_cursor *out, lc_error *err)
{
	return lg->ops->cursor_get(lg->impl, path, out, err);
}

int lc_ledger_cursor_put(lc_ledger *lg, const lc_cursor *c, lc_error *err)
{
	return lg->ops->cursor_put(lg->impl, c, err);
}

int lc_ledger_each(lc_ledger *lg, const lc_filter *f, lc_record_fn fn, void *ctx, lc_error *err)
{
	static const lc_filter all;
	return lg->ops->each(lg->impl, f ? f : &all, fn, ctx, err);
}

int lc_ledger_rollup_each(lc_ledger *lg, const lc_filter *f, lc_rollup_fn fn, void *ctx,
			  lc_error *err)
{
	static const lc_filter all;
	if (!lg->ops->rollup_each)
		return LC_UNSUPPORTED;
	return lg->ops->rollup_each(lg->impl, f ? f : &all, fn, ctx, err);
}
