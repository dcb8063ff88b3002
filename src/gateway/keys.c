/*
 * keys.c - virtual keys: creation, lookup by secret, revocation, listing (lc_keys_*).
 *
 * A key's secret is "lck-" + 40 lowercase hex digits from getrandom(2). Only its SHA-256
 * (libnettle) is stored, with a display hint of the prefix and the last four characters; the
 * secret is returned once by lc_keys_create and exists nowhere else. The table lives in a
 * SQLite file (by default the ledger's), in WAL mode so the CLI can create or revoke keys
 * while a gateway serves. Every row carries a change number, `changed`, set by triggers in
 * the file itself (so a key written by any version or process gets one): one more than the
 * highest so far, on insert and on every update. A gateway compares lc_keys_version (the
 * highest, an index probe) once a second and re-reads only the keys changed since
 * (lc_keys_each_since), a bounded number per tick - not the whole table whenever the
 * file changed (the ledger in the same file commits all the time).
 *
 * A key's tags label every row of its calls and select tag budgets, so they are checked at
 * creation (lc_key_tags_check): k=v pairs of plain characters, each name once, and never a
 * name the gateway sets on rows itself (key, cache, reason, budget, saved_usd,
 * reported_model) - a key
 * tagged key=search would relabel its rows away from its id, and its spend would escape
 * its budget at the next start. Such a tag found in an older store is dropped when read.
 */
#include <nettle/sha2.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "ledger/sqlite_internal.h"
#include "llmcost/gateway.h"

struct lc_keys {
	sqlite3 *db;
};

static const char *SCHEMA =
	"CREATE TABLE IF NOT EXISTS gateway_keys ("
	" id TEXT PRIMARY KEY, hash BLOB NOT NULL UNIQUE, hint TEXT NOT NULL,"
	" name TEXT NOT NULL DEFAULT '', tags TEXT NOT NULL DEFAULT '',"
	" models TEXT NOT NULL DEFAULT '', budget TEXT, period TEXT NOT NULL DEFAULT 'month',"
	" zone TEXT NOT NULL DEFAULT '', soft INTEGER NOT NULL DEFAULT 0,"
	" rpm INTEGER NOT NULL DEFAULT 0, tpm INTEGER NOT NULL DEFAULT 0,"
	" admin INTEGER NOT NULL DEFAULT 0, created INTEGER NOT NULL,"
	" expires INTEGER NOT NULL DEFAULT 0, revoked INTEGER NOT NULL DEFAULT 0,"
	" changed INTEGER NOT NULL DEFAULT 0);";

/* Change numbers (see the top); run once per file, after `changed` exists. The update
 * trigger's WHEN keeps its own update (and the insert trigger's) from counting twice. */
static const char *CHANGES =
	"CREATE INDEX IF NOT EXISTS gateway_keys_changed ON gateway_keys(changed);"
	"CREATE TRIGGER IF NOT EXISTS gateway_keys_ins AFTER INSERT ON gateway_keys BEGIN"
	" UPDATE gateway_keys SET changed=(SELECT coalesce(max(changed),0)+1 FROM gateway_keys)"
	" WHERE rowid=NEW.rowid; END;"
	"CREATE TRIGGER IF NOT EXISTS gateway_keys_upd AFTER UPDATE ON gateway_keys"
	" WHEN NEW.changed=OLD.changed BEGIN"
	" UPDATE gateway_keys SET changed=(SELECT coalesce(max(changed),0)+1 FROM gateway_keys)"
	" WHERE rowid=NEW.rowid; END;";

static int has(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st = NULL;
	int yes = sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK &&
		  sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) > 0;
	sqlite3_finalize(st);
	return yes;
}

/* A store made before change numbers gets them (once, under the write lock: two processes
 * may open it at the same moment). Its rows start at 0: a gateway reads them all at start. */
static int migrate(sqlite3 *db)
{
	static const char *done = "SELECT count(*) FROM sqlite_master WHERE type='trigger' AND"
				  " name='gateway_keys_upd'";
	int rc;
	if (has(db, done))
		return SQLITE_OK;
	if ((rc = sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL)) != SQLITE_OK)
		return rc;
	if (!has(db, "SELECT count(*) FROM pragma_table_info('gateway_keys') WHERE name='changed'"))
		rc = sqlite3_exec(db, "ALTER TABLE gateway_keys ADD COLUMN changed INTEGER NOT NULL"
				      " DEFAULT 0", NULL, NULL, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(db, CHANGES, NULL, NULL, NULL);
	if (rc == SQLITE_OK)
		return sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

#define COLS "id,hint,name,tags,models,budget,period,zone,soft,rpm,tpm,admin,created,expires,revoked"

static int dberr(lc_keys *ks, lc_error *err, const char *what)
{
	return lc_error_set(err, LC_DB, "key store: %s: %s", what, sqlite3_errmsg(ks->db));
}

int lc_keys_open(const char *path, lc_keys **out, lc_error *err)
{
	lc_keys *ks;
	*out = NULL;
	ks = calloc(1, sizeof *ks);
	if (!ks)
		return lc_error_set(err, LC_NOMEM, "out of memory");
	if (sqlite3_open_v2(path, &ks->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
					      SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		int rc = lc_error_set(err, LC_DB, "cannot open key store %s: %s", path,
				      ks->db ? sqlite3_errmsg(ks->db) : "out of memory");
		lc_keys_close(ks);
		return rc;
	}
	lc_sqlite_busy_wait(ks->db, 5000); /* retries every ms: see sqlite_internal.h */
	if (sqlite3_exec(ks->db, "PRAGMA journal_mode=WAL;", NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_exec(ks->db, SCHEMA, NULL, NULL, NULL) != SQLITE_OK ||
	    migrate(ks->db) != SQLITE_OK) {
		int rc = dberr(ks, err, path);
		lc_keys_close(ks);
		return rc;
	}
	*out = ks;
	return 0;
}

void lc_keys_close(lc_keys *ks)
{
	if (!ks)
		return;
	sqlite3_close(ks->db);
	free(ks);
}

static void sha256(const char *s, size_t n, uint8_t out[SHA256_DIGEST_SIZE])
{
	struct sha256_ctx c;
	sha256_init(&c);
	sha256_update(&c, n, (const uint8_t *)s);
	sha256_digest(&c, SHA256_DIGEST_SIZE, out);
}

static void copy_col(sqlite3_stmt *st, int i, char *out, size_t cap)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	snprintf(out, cap, "%s", t ? (const char *)t : "");
}

/* Names the gateway sets on a row itself: neither a key nor a client may set them (one
 * list, used by forward.c's x-llmcost-tags reader too). */
static const char *const RESERVED[] = {"key", "cache", "reason", "budget", "saved_usd",
				       "reported_model"};

int lc_key_tag_reserved(const char *name, size_t n)
{
	for (size_t i = 0; i < sizeof RESERVED / sizeof RESERVED[0]; i++)
		if (strlen(RESERVED[i]) == n && !memcmp(RESERVED[i], name, n))
			return 1;
	return 0;
}

static int tag_char_ok(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
	       (ch && strchr("-_.:/@ ", ch));
}

int lc_key_tags_check(const char *tags, lc_error *err)
{
	for (const char *s = tags; s && *s;) {
		const char *e = strchr(s, ','), *eq;
		size_t n = e ? (size_t)(e - s) : strlen(s), kn;
		eq = memchr(s, '=', n);
		if (!eq || eq == s)
			return lc_error_set(err, LC_INVAL, "tags must be K=V pairs separated by commas");
		kn = (size_t)(eq - s);
		if (kn >= LC_TAG_KEY_MAX || n - kn - 1 >= LC_TAG_VAL_MAX)
			return lc_error_set(err, LC_INVAL, "tag '%.*s' is too long", (int)kn, s);
		for (const char *p = s; p < s + n; p++)
			if (p != eq && !tag_char_ok(*p))
				return lc_error_set(err, LC_INVAL, "tag '%.*s' holds a character other "
						    "than letters, digits, space and -_.:/@", (int)kn, s);
		if (lc_key_tag_reserved(s, kn))
			return lc_error_set(err, LC_INVAL, "tag name '%.*s' is reserved (the gateway "
					    "sets key, cache, reason, budget, saved_usd and "
					    "reported_model itself)",
					    (int)kn, s);
		for (const char *p = tags; p < s;) { /* each name once */
			const char *pe = strchr(p, ',');
			if ((size_t)(strchr(p, '=') - p) == kn && !memcmp(p, s, kn))
				return lc_error_set(err, LC_INVAL, "tag '%.*s' is given twice", (int)kn, s);
			p = pe + 1;
		}
		s = e ? e + 1 : NULL;
		if (e && !*s)
			return lc_error_set(err, LC_INVAL, "tags must be K=V pairs separated by commas");
	}
	return 0;
}

/* Tags as read from the store, less any reserved name an older version let in. */
static void copy_tags(sqlite3_stmt *st, int i, char *out, size_t cap)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	size_t len = 0;
	out[0] = '\0';
	for (const char *s = t ? (const char *)t : ""; *s;) {
		const char *e = strchr(s, ','), *eq;
		size_t n = e ? (size_t)(e - s) : strlen(s);
		eq = memchr(s, '=', n);
		if (!(eq && lc_key_tag_reserved(s, (size_t)(eq - s))) && len + n + 2 <= cap) {
			if (len)
				out[len++] = ',';
			memcpy(out + len, s, n);
			out[len += n] = '\0';
		}
		s = e ? e + 1 : s + n;
	}
}

static void row_to_info(sqlite3_stmt *st, lc_key_info *k)
{
	const unsigned char *b;
	memset(k, 0, sizeof *k);
	copy_col(st, 0, k->id, sizeof k->id);
	copy_col(st, 1, k->hint, sizeof k->hint);
	copy_col(st, 2, k->name, sizeof k->name);
	copy_tags(st, 3, k->tags, sizeof k->tags);
	copy_col(st, 4, k->models, sizeof k->models);
	b = sqlite3_column_text(st, 5);
	if (b && lc_money_parse((const char *)b, (size_t)-1, &k->budget) == 0)
		k->has_budget = 1;
	copy_col(st, 6, k->period, sizeof k->period);
	copy_col(st, 7, k->zone, sizeof k->zone);
	k->soft = sqlite3_column_int(st, 8);
	k->rpm = sqlite3_column_int64(st, 9);
	k->tpm = sqlite3_column_int64(st, 10);
	k->admin = sqlite3_column_int(st, 11);
	k->created = sqlite3_column_int64(st, 12);
	k->expires = sqlite3_column_int64(st, 13);
	k->revoked = sqlite3_column_int64(st, 14);
}

int lc_keys_create(lc_keys *ks, lc_key_info *k, char *secret, lc_error *err)
{
	static const char hex[] = "0123456789abcdef";
	uint8_t rnd[20], h[SHA256_DIGEST_SIZE];
	char budget[LC_MONEY_STRMAX] = "";
	sqlite3_stmt *st = NULL;
	size_t n;
	int rc = 0;

	if ((rc = lc_key_tags_check(k->tags, err)))
		return rc;
	if (getrandom(rnd, sizeof rnd, 0) != (ssize_t)sizeof rnd)
		return lc_error_set(err, LC_IO, "getrandom failed");
	memcpy(secret, "lck-", 4);
	for (size_t i = 0; i < sizeof rnd; i++) {
		secret[4 + 2 * i] = hex[rnd[i] >> 4];
		secret[5 + 2 * i] = hex[rnd[i] & 15];
	}
	n = 4 + 2 * sizeof rnd;
	secret[n] = '\0';
	sha256(secret, n, h);
	/* The id derives from the hash, not the secret's text, so it reveals nothing. */
	memcpy(k->id, "key_", 4);
	for (int i = 0; i < 6; i++) {
		k->id[4 + 2 * i] = hex[h[i] >> 4];
		k->id[5 + 2 * i] = hex[h[i] & 15];
	}
	k->id[16] = '\0';
	snprintf(k->hint, sizeof k->hint, "lck-...%s", secret + n - 4);
	k->created = lc_time_now();
	if (!k->period[0])
		snprintf(k->period, sizeof k->period, "month");
	if (k->has_budget)
		lc_money_format(k->budget, -1, budget, sizeof budget);

	if (sqlite3_prepare_v2(ks->db, "INSERT INTO gateway_keys(" COLS ",hash) VALUES"
			       "(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,0,?15)",
			       -1, &st, NULL) != SQLITE_OK) {
		rc = dberr(ks, err, "create");
		goto out;
	}
	sqlite3_bind_text(st, 1, k->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, k->hint, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, k->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, k->tags, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, k->models, -1, SQLITE_STATIC);
	if (k->has_budget)
		sqlite3_bind_text(st, 6, budget, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, k->period, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, k->zone, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 9, k->soft);
	sqlite3_bind_int64(st, 10, k->rpm);
	sqlite3_bind_int64(st, 11, k->tpm);
	sqlite3_bind_int(st, 12, k->admin);
	sqlite3_bind_int64(st, 13, k->created);
	sqlite3_bind_int64(st, 14, k->expires);
	sqlite3_bind_blob(st, 15, h, sizeof h, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = dberr(ks, err, "create");
out:
	sqlite3_finalize(st);
	if (rc)
		memset(secret, 0, LC_KEY_SECRET_MAX);
	return rc;
}

static int get_one(lc_keys *ks, const char *sql, const void *arg, int argn, lc_key_info *out,
		   lc_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc;
	if (sqlite3_prepare_v2(ks->db, sql, -1, &st, NULL) != SQLITE_OK)
		return dberr(ks, err, "lookup");
	if (argn >= 0)
		sqlite3_bind_blob(st, 1, arg, argn, SQLITE_STATIC);
	else
		sqlite3_bind_text(st, 1, arg, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		row_to_info(st, out);
		rc = 0;
	} else if (rc == SQLITE_DONE) {
		rc = lc_error_set(err, LC_NOTFOUND, "no such key");
	} else {
		rc = dberr(ks, err, "lookup");
	}
	sqlite3_finalize(st);
	return rc;
}

int lc_keys_lookup(lc_keys *ks, const char *secret, size_t len, lc_key_info *out, lc_error *err)
{
	uint8_t h[SHA256_DIGEST_SIZE];
	if (len < 8 || len > LC_KEY_SECRET_MAX)
		return lc_error_set(err, LC_NOTFOUND, "no such key");
	sha256(secret, len, h);
	/* Looking up by the hash (an index probe) leaks nothing useful about the secret:
	 * an attacker who can time it learns about hashes of guesses, not of the key. */
	return get_one(ks, "SELECT " COLS " FROM gateway_keys WHERE hash=?1", h, (int)sizeof h,
		       out, err);
}

int lc_keys_get(lc_keys *ks, const char *id, lc_key_info *out, lc_error *err)
{
	return get_one(ks, "SELECT " COLS " FROM gateway_keys WHERE id=?1", id, -1, out, err);
}

int lc_keys_revoke(lc_keys *ks, const char *id, lc_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = 0;
	if (sqlite3_prepare_v2(ks->db, "UPDATE gateway_keys SET revoked=?2 WHERE id=?1 AND revoked=0",
			       -1, &st, NULL) != SQLITE_OK)
		return dberr(ks, err, "revoke");
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, lc_time_now());
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = dberr(ks, err, "revoke");
	else if (sqlite3_changes(ks->db) == 0)
		rc = lc_error_set(err, LC_NOTFOUND, "no active key with id %s", id);
	sqlite3_finalize(st);
	return rc;
}

/* fn for each key of the query (bound to since, limit; or neither); *last = its highest
 * change number. */
static int each(lc_keys *ks, const char *sql, int64_t since, int limit, lc_key_fn fn, void *ctx,
		int64_t *last, lc_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = 0, s;
	lc_key_info k;
	if (sqlite3_prepare_v2(ks->db, sql, -1, &st, NULL) != SQLITE_OK)
		return dberr(ks, err, "list");
	if (last) {
		sqlite3_bind_int64(st, 1, since);
		sqlite3_bind_int(st, 2, limit);
		*last = since;
	}
	while ((s = sqlite3_step(st)) == SQLITE_ROW) {
		row_to_info(st, &k);
		if (last)
			*last = sqlite3_column_int64(st, 15);
		if ((rc = fn(&k, ctx)))
			break;
	}
	if (!rc && s != SQLITE_DONE)
		rc = dberr(ks, err, "list");
	sqlite3_finalize(st);
	return rc;
}

int lc_keys_each(lc_keys *ks, lc_key_fn fn, void *ctx, lc_error *err)
{
	return each(ks, "SELECT " COLS " FROM gateway_keys ORDER BY created, id", 0, 0, fn, ctx,
		    NULL, err);
}

int lc_keys_each_since(lc_keys *ks, int64_t since, int max, lc_key_fn fn, void *ctx,
		       int64_t *last, lc_error *err)
{
	return each(ks, "SELECT " COLS ",changed FROM gateway_keys WHERE changed>?1"
			" ORDER BY changed LIMIT ?2", since, max, fn, ctx, last, err);
}

int64_t lc_keys_version(lc_keys *ks)
{
	sqlite3_stmt *st = NULL;
	int64_t v = -1;
	if (sqlite3_prepare_v2(ks->db, "SELECT coalesce(max(changed),0) FROM gateway_keys", -1, &st,
			       NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}
