/*
 * sqlite_rollup.c - the SQLite ledger's rollup table: exact sums of the records per UTC
 * half hour, source kind, provider, model, currency and priced flag (schema v3,
 * docs/formats/ledger.md), so that a daily report reads a few thousand sums instead of
 * every record (bench/claude: the re-run of `llmcost claude daily` is mostly this read).
 *
 * The sums are derived data kept in step with `records`: a connection counts each record
 * it really inserts in an in-memory table (one entry per rollup key) and adds that table
 * into `rollup` just before COMMIT, in the same transaction, so a crash or a rollback loses
 * both or neither. Sums are checked 64-bit integers and exact decimal money added in C:
 * SQLite's own `+` would silently turn an overflowing integer into a REAL.
 */
#include <stdlib.h>
#include <string.h>

#include "ledger/sqlite_internal.h"

#define NTOK 6 /* input, cache_read, cache_write_5m, cache_write_1h, output, reasoning */

#define SUM_COLUMNS                                                                        \
	"calls, input_tokens, cache_read_tokens, cache_write_5m_tokens, cache_write_1h_tokens," \
	" output_tokens, reasoning_tokens, cost_total"
#define ALL_COLUMNS "bucket, kind, provider, model, currency, priced, " SUM_COLUMNS
#define ALL_VALUES "?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14"
#define KEY_WHERE                                                                          \
	"bucket = ?1 AND kind = ?2 AND provider = ?3 AND model = ?4 AND currency = ?5"     \
	" AND priced = ?6"

/*
 * The statements of a flush, prepared once per connection: a gateway commits a batch
 * every few milliseconds, and parsing these ten statements each time was a visible part
 * of its writer's CPU.
 */
enum { Q_COVERED, Q_MAX_ROWID, Q_TOP, Q_LOW, Q_COUNT_ROWS, Q_BELOW, Q_STATE_PUT, Q_INS, Q_GET,
       Q_REP, Q_COUNT };
static const char *const queries[Q_COUNT] = {
	"SELECT records FROM rollup_state WHERE id = 1",
	"SELECT max_rowid FROM rollup_state WHERE id = 1",
	"SELECT coalesce(max(rowid), 0) FROM records",
	"SELECT coalesce(min(rowid), 1) FROM records",
	"SELECT count(*) FROM records",
	"SELECT coalesce(max(rowid), 0) FROM records WHERE rowid < ?1",
	"INSERT OR REPLACE INTO rollup_state (id, records, max_rowid) VALUES (1, ?1, ?2)",
	"INSERT OR IGNORE INTO rollup (" ALL_COLUMNS ") VALUES (" ALL_VALUES ")",
	"SELECT " SUM_COLUMNS " FROM rollup WHERE " KEY_WHERE,
	"INSERT OR REPLACE INTO rollup (" ALL_COLUMNS ") VALUES (" ALL_VALUES ")",
};

typedef struct rl_ent {
	int64_t bucket;
	uint64_t hash;
	size_t key, keylen; /* "kind\0provider\0model\0currency\0" in the arena */
	int priced;
	int64_t calls, tok[NTOK];
	lc_money cost;
} rl_ent;

struct lc_rollup_acc {
	rl_ent *v;
	size_t n, cap;
	uint32_t *index; /* open addressing: entry + 1, 0 = empty */
	size_t index_cap;
	lc_buf arena;
	int64_t inserted;    /* records counted since the last flush */
	int64_t first_rowid; /* rowid of the first of them */
	int64_t last_rowid;  /* and of the last */
	sqlite3 *db;         /* the connection the statements below belong to */
	sqlite3_stmt *st[Q_COUNT]; /* prepared on first use, kept until the acc is freed */
};

lc_rollup_acc *lc_rollup_acc_new(void)
{
	lc_rollup_acc *a = calloc(1, sizeof *a);
	if (a)
		lc_buf_init(&a->arena, (size_t)1 << 30);
	return a;
}

void lc_rollup_acc_clear(lc_rollup_acc *a)
{
	if (!a)
		return;
	a->n = 0;
	a->inserted = 0;
	if (a->index)
		memset(a->index, 0, a->index_cap * sizeof *a->index);
	lc_buf_reset(&a->arena);
}

/* Finalize the statements prepared for a->db. */
static void forget_statements(lc_rollup_acc *a)
{
	int q;
	for (q = 0; q < Q_COUNT; q++) {
		sqlite3_finalize(a->st[q]);
		a->st[q] = NULL;
	}
	a->db = NULL;
}

/* Statement q for db, prepared on first use; NULL (err set) when it cannot be. */
static sqlite3_stmt *stmt(lc_rollup_acc *a, sqlite3 *db, int q, lc_error *err)
{
	if (a->db != db) {
		forget_statements(a);
		a->db = db;
	}
	if (!a->st[q] && sqlite3_prepare_v3(db, queries[q], -1, SQLITE_PREPARE_PERSISTENT,
					    &a->st[q], NULL) != SQLITE_OK) {
		lc_sqlite_error(db, err, "rollup");
		return NULL;
	}
	return a->st[q];
}

void lc_rollup_acc_free(lc_rollup_acc *a)
{
	if (!a)
		return;
	forget_statements(a);
	free(a->v);
	free(a->index);
	lc_buf_free(&a->arena);
	free(a);
}

/* floor(t / LC_ROLLUP_MS), for times before 1970 too */
static int64_t bucket_of(lc_time_ms t)
{
	int64_t b = t / LC_ROLLUP_MS;
	return t % LC_ROLLUP_MS < 0 ? b - 1 : b;
}

/* The source's kind: up to and including its first ':' ("claude-code:"), else "". */
static size_t kind_len(const char *source)
{
	const char *c = strchr(source, ':');
	return c ? (size_t)(c - source) + 1 : 0;
}

static uint64_t hash_bytes(uint64_t h, const void *p, size_t n)
{
	const unsigned char *s = p;
	while (n--)
		h = (h ^ *s++) * 1099511628211ull; /* FNV-1a, 64-bit */
	return h;
}

static int reindex(lc_rollup_acc *a, size_t cap)
{
	uint32_t *idx = calloc(cap, sizeof *idx);
	size_t i, j;
	if (!idx)
		return LC_NOMEM;
	for (i = 0; i < a->n; i++) {
		for (j = a->v[i].hash & (cap - 1); idx[j]; j = (j + 1) & (cap - 1))
			;
		idx[j] = (uint32_t)i + 1;
	}
	free(a->index);
	a->index = idx;
	a->index_cap = cap;
	return LC_OK;
}

static int add_sums(rl_ent *e, int64_t calls, const int64_t tok[NTOK], lc_money cost)
{
	int k;
	if (__builtin_add_overflow(e->calls, calls, &e->calls))
		return LC_RANGE;
	for (k = 0; k < NTOK; k++)
		if (__builtin_add_overflow(e->tok[k], tok[k], &e->tok[k]))
			return LC_RANGE;
	return lc_money_add(e->cost, cost, &e->cost) ? LC_RANGE : LC_OK;
}

/* The entry for a key, created (with zero sums) when new; NULL when out of memory. */
static rl_ent *entry(lc_rollup_acc *a, int64_t bucket, int priced, const char *key,
		     size_t keylen)
{
	uint64_t h = hash_bytes(hash_bytes(14695981039346656037ull, &bucket, sizeof bucket), key,
				keylen) ^ (uint64_t)priced;
	rl_ent *e;
	size_t j;

	if ((a->n + 1) * 2 > a->index_cap && reindex(a, a->index_cap ? a->index_cap * 2 : 256))
		return NULL;
	for (j = h & (a->index_cap - 1); a->index[j]; j = (j + 1) & (a->index_cap - 1)) {
		e = &a->v[a->index[j] - 1];
		if (e->hash == h && e->bucket == bucket && e->priced == priced &&
		    e->keylen == keylen && memcmp(a->arena.data + e->key, key, keylen) == 0)
			return e;
	}
	if (a->n == a->cap) {
		size_t cap = a->cap ? a->cap * 2 : 256;
		rl_ent *v = a->n < UINT32_MAX - 1 ? realloc(a->v, cap * sizeof *v) : NULL;
		if (!v)
			return NULL;
		a->v = v;
		a->cap = cap;
	}
	e = &a->v[a->n];
	memset(e, 0, sizeof *e);
	e->bucket = bucket;
	e->priced = priced;
	e->hash = h;
	e->key = a->arena.len;
	e->keylen = keylen;
	if (lc_buf_append(&a->arena, key, keylen) < 0)
		return NULL;
	a->index[j] = (uint32_t)++a->n;
	return e;
}

int lc_rollup_acc_add(lc_rollup_acc *a, int64_t rowid, const char *source,
		      const char *provider, const char *model, const char *currency, int priced,
		      lc_time_ms t, const int64_t tok[NTOK], lc_money cost)
{
	char key[LC_SOURCE_MAX + LC_PROVIDER_MAX + LC_MODEL_MAX + 16];
	size_t k = kind_len(source), np = strlen(provider), nm = strlen(model),
	       nc = strlen(currency), n = 0;
	rl_ent *e;

	if (k + np + nm + nc + 4 > sizeof key)
		return LC_LIMIT;
	memcpy(key, source, k), n += k, key[n++] = '\0';
	memcpy(key + n, provider, np), n += np, key[n++] = '\0';
	memcpy(key + n, model, nm), n += nm, key[n++] = '\0';
	memcpy(key + n, currency, nc), n += nc, key[n++] = '\0';
	if (!(e = entry(a, bucket_of(t), priced != 0, key, n)))
		return LC_NOMEM;
	if (!a->inserted++)
		a->first_rowid = rowid;
	a->last_rowid = rowid;
	return add_sums(e, 1, tok, cost);
}

/* ------------------------------------------------------------------ flush */

static const lc_rollup_acc *sort_acc; /* qsort has no context argument */

static int by_key(const void *x, const void *y)
{
	const rl_ent *a = x, *b = y;
	size_t n = a->keylen < b->keylen ? a->keylen : b->keylen;
	int c;
	if (a->bucket != b->bucket)
		return a->bucket < b->bucket ? -1 : 1;
	c = memcmp(sort_acc->arena.data + a->key, sort_acc->arena.data + b->key, n);
	if (c)
		return c;
	if (a->keylen != b->keylen)
		return a->keylen < b->keylen ? -1 : 1;
	return a->priced - b->priced;
}

/* One integer from query q with an optional integer parameter ?1; *found says whether a
 * row came back (NULL counts as 0). */
static int query_i64(lc_rollup_acc *a, sqlite3 *db, int q, const int64_t *arg, int64_t *out,
		     int *found, lc_error *err)
{
	sqlite3_stmt *st = stmt(a, db, q, err);
	int rc = LC_OK, step;

	*out = 0;
	if (found)
		*found = 0;
	if (!st)
		return LC_DB;
	if (arg)
		sqlite3_bind_int64(st, 1, *arg);
	step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		*out = sqlite3_column_int64(st, 0);
		if (found)
			*found = 1;
	} else if (step != SQLITE_DONE) {
		rc = lc_sqlite_error(db, err, "rollup");
	}
	sqlite3_reset(st);
	return rc;
}

/*
 * Whether the stored sums, plus the `inserted` rows this transaction added with rowids
 * first..last (not yet in the sums), cover exactly the rows of records; *count and *top
 * receive count(*) and max(rowid) of records when they do.
 *
 * The plain answer, count(*), reads the whole of the smallest index: at a million records
 * that was 4-12 ms per gateway transaction of 512 rows, ten times the inserts' own cost
 * (bench/ledger-put). When the sums were last written over rowids exactly 1..M (the stored
 * count equals the stored max: the usual case, as llmcost only inserts and SQLite numbers
 * new rows max + 1), three index probes decide instead: those M rows are all still there
 * (a delete or update stales the sums through the triggers), no row lies below rowid 1,
 * and above M there are exactly this transaction's rows, numbered on from M + 1 without
 * a gap. Then count(*) is M + inserted, and no row can have been added unseen: the only
 * free rowids are outside 1..M, which the probes cover. Otherwise (a ledger with gaps,
 * left by deletes) the rows are counted.
 */
static int sums_cover(lc_rollup_acc *a, sqlite3 *db, int64_t inserted, int64_t first,
		      int64_t last, int64_t *count, int64_t *top, int *exact, lc_error *err)
{
	int64_t covered, max_rowid, low, below;
	int found, rc;

	*exact = 0;
	if ((rc = query_i64(a, db, Q_COVERED, NULL, &covered, &found, err)) || !found ||
	    (rc = query_i64(a, db, Q_MAX_ROWID, NULL, &max_rowid, NULL, err)) ||
	    (rc = query_i64(a, db, Q_TOP, NULL, top, NULL, err)))
		return rc;
	if (covered >= 0 && covered == max_rowid && max_rowid < INT64_MAX - inserted) {
		if ((rc = query_i64(a, db, Q_LOW, NULL, &low, NULL, err)))
			return rc;
		if (low >= 1 && (inserted ? first == max_rowid + 1 && last == *top &&
						    last - first + 1 == inserted
					  : *top == max_rowid)) {
			*count = max_rowid + inserted;
			*exact = 1;
			return LC_OK;
		}
	}
	/* count, and the highest rowid before this transaction's first */
	if (!inserted)
		first = INT64_MAX;
	if ((rc = query_i64(a, db, Q_COUNT_ROWS, NULL, count, NULL, err)) ||
	    (rc = query_i64(a, db, Q_BELOW, &first, &below, NULL, err)))
		return rc;
	if (!inserted)
		below = *top;
	*exact = covered == *count - inserted && max_rowid == below;
	return LC_OK;
}

/* Record what the sums now cover: `count` rows of records, the highest numbered `top`. */
static int state_put(lc_rollup_acc *a, sqlite3 *db, int64_t count, int64_t top, lc_error *err)
{
	sqlite3_stmt *st = stmt(a, db, Q_STATE_PUT, err);
	int rc = LC_OK;

	if (!st)
		return LC_DB;
	sqlite3_bind_int64(st, 1, count);
	sqlite3_bind_int64(st, 2, top);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = lc_sqlite_error(db, err, "rollup");
	sqlite3_reset(st);
	return rc;
}

/* Record what the sums cover, counting the records (after a rebuild). */
static int state_count(sqlite3 *db, lc_error *err)
{
	if (sqlite3_exec(db,
			 "INSERT OR REPLACE INTO rollup_state (id, records, max_rowid) SELECT 1,"
			 " (SELECT count(*) FROM records), (SELECT coalesce(max(rowid), 0) FROM records)",
			 NULL, NULL, NULL) != SQLITE_OK)
		return lc_sqlite_error(db, err, "rollup");
	return LC_OK;
}

/* Bind e's key (?1..?6) and, when sums, its sums (?7..?14; money is the text buffer). */
static int bind_entry(sqlite3_stmt *st, const lc_rollup_acc *a, const rl_ent *e, int sums,
		      char money[LC_MONEY_STRMAX])
{
	const char *kind = a->arena.data + e->key, *prov = kind + strlen(kind) + 1,
		   *model = prov + strlen(prov) + 1, *cur = model + strlen(model) + 1;
	int k;

	sqlite3_bind_int64(st, 1, e->bucket);
	sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, prov, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, model, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, cur, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 6, e->priced);
	if (!sums)
		return LC_OK;
	sqlite3_bind_int64(st, 7, e->calls);
	for (k = 0; k < NTOK; k++)
		sqlite3_bind_int64(st, 8 + k, e->tok[k]);
	if (lc_sqlite_money_text(e->cost, money, LC_MONEY_STRMAX))
		return LC_RANGE;
	sqlite3_bind_text(st, 14, money, -1, SQLITE_STATIC);
	return LC_OK;
}

/* e's key already has a row: add the stored sums into e (checked), then replace the row. */
static int merge_entry(sqlite3 *db, sqlite3_stmt *get, sqlite3_stmt *rep,
		       const lc_rollup_acc *a, rl_ent *e, lc_error *err)
{
	char money[LC_MONEY_STRMAX];
	int64_t old[NTOK];
	lc_money cost;
	const char *t;
	int k;

	bind_entry(get, a, e, 0, money);
	if (sqlite3_step(get) != SQLITE_ROW)
		return lc_sqlite_error(db, err, "rollup");
	t = (const char *)sqlite3_column_text(get, 7);
	for (k = 0; k < NTOK; k++)
		old[k] = sqlite3_column_int64(get, k + 1);
	if (!t || lc_money_parse(t, (size_t)sqlite3_column_bytes(get, 7), &cost))
		return lc_error_set(err, LC_DB, "rollup: damaged cost sum");
	if (add_sums(e, sqlite3_column_int64(get, 0), old, cost))
		return lc_error_set(err, LC_RANGE, "rollup: token or cost sums overflow");
	if (bind_entry(rep, a, e, 1, money))
		return lc_error_set(err, LC_RANGE, "rollup: cost sum out of range");
	if (sqlite3_step(rep) != SQLITE_DONE)
		return lc_sqlite_error(db, err, "rollup");
	return LC_OK;
}

/*
 * Add a's sums into the rollup table. Most keys are new (an import brings recent hours),
 * so each is first inserted as it is; only a key that has a row already is read, added
 * to and written back.
 */
static int write_sums(lc_rollup_acc *a, sqlite3 *db, lc_error *err)
{
	sqlite3_stmt *ins, *get, *rep;
	char money[LC_MONEY_STRMAX];
	size_t i;
	int rc = LC_OK;

	if (!a->n)
		return LC_OK; /* (qsort's pointer must not be NULL, even for nothing) */
	if (!(ins = stmt(a, db, Q_INS, err)) || !(get = stmt(a, db, Q_GET, err)) ||
	    !(rep = stmt(a, db, Q_REP, err)))
		return LC_DB;
	/* key order: the inserts walk the table's b-tree from left to right */
	sort_acc = a;
	qsort(a->v, a->n, sizeof *a->v, by_key);
	for (i = 0; i < a->n && rc == LC_OK; i++) {
		if (bind_entry(ins, a, &a->v[i], 1, money)) {
			rc = lc_error_set(err, LC_RANGE, "rollup: cost sum out of range");
			break;
		}
		if (sqlite3_step(ins) != SQLITE_DONE)
			rc = lc_sqlite_error(db, err, "rollup");
		else if (sqlite3_changes(db) == 0)
			rc = merge_entry(db, get, rep, a, &a->v[i], err);
		sqlite3_reset(ins);
		sqlite3_reset(get);
		sqlite3_reset(rep);
	}
	/* the texts were bound SQLITE_STATIC from a's arena and this frame */
	sqlite3_clear_bindings(ins);
	sqlite3_clear_bindings(get);
	sqlite3_clear_bindings(rep);
	return rc;
}

/*
 * Before adding, check that the stored sums covered exactly the records that were there
 * before this transaction's inserts (sums_cover); when another program changed records
 * meanwhile, recompute every sum from the records instead.
 */
int lc_rollup_acc_flush(lc_rollup_acc *a, sqlite3 *db, lc_error *err)
{
	int64_t count, top;
	int exact, rc;

	if (!a || !a->inserted)
		return LC_OK;
	if ((rc = sums_cover(a, db, a->inserted, a->first_rowid, a->last_rowid, &count, &top,
			     &exact, err)))
		goto out;
	if (!exact)
		rc = lc_rollup_rebuild(db, err);
	else if ((rc = write_sums(a, db, err)) == LC_OK)
		rc = state_put(a, db, count, top, err);
out:
	lc_rollup_acc_clear(a);
	return rc;
}

/* ------------------------------------------------------------------ rebuild */

int lc_rollup_rebuild(sqlite3 *db, lc_error *err)
{
	lc_rollup_acc *a = lc_rollup_acc_new();
	sqlite3_stmt *st = NULL;
	int rc = LC_OK, step, k;

	if (!a)
		return lc_error_set(err, LC_NOMEM, "out of memory");
	if (sqlite3_exec(db, "DELETE FROM rollup", NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db,
			       "SELECT time_ms, source, provider, model, priced, currency,"
			       " input_tokens, cache_read_tokens, cache_write_5m_tokens,"
			       " cache_write_1h_tokens, output_tokens, reasoning_tokens, cost_total"
			       " FROM records",
			       -1, &st, NULL) != SQLITE_OK) {
		rc = lc_sqlite_error(db, err, "rollup");
		goto out;
	}
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		int priced = sqlite3_column_int(st, 4) != 0;
		const char *t = (const char *)sqlite3_column_text(st, 12);
		lc_money cost = lc_money_zero();
		int64_t tok[NTOK];
		for (k = 0; k < NTOK; k++)
			tok[k] = sqlite3_column_int64(st, 6 + k);
		if (priced && (!t || lc_money_parse(t, (size_t)sqlite3_column_bytes(st, 12), &cost))) {
			rc = lc_error_set(err, LC_DB, "records: damaged cost_total");
			goto out;
		}
		rc = lc_rollup_acc_add(a, 0, (const char *)sqlite3_column_text(st, 1),
				       (const char *)sqlite3_column_text(st, 2),
				       (const char *)sqlite3_column_text(st, 3),
				       priced ? (const char *)sqlite3_column_text(st, 5) : "", priced,
				       sqlite3_column_int64(st, 0), tok, cost);
		if (rc) {
			rc = lc_error_set(err, rc, "rollup: %s", lc_strerror(rc));
			goto out;
		}
	}
	if (step != SQLITE_DONE) {
		rc = lc_sqlite_error(db, err, "rollup");
		goto out;
	}
	if ((rc = write_sums(a, db, err)) == LC_OK)
		rc = state_count(db, err);
out:
	sqlite3_finalize(st);
	lc_rollup_acc_free(a);
	return rc;
}

/* ------------------------------------------------------------------ reading */

/* The bucket bound for a filter time; -1 when t is not on a half hour. */
static int bound(lc_time_ms t, int64_t none, int64_t *out)
{
	if (!t) {
		*out = none;
		return 0;
	}
	if (t % LC_ROLLUP_MS)
		return -1;
	*out = t / LC_ROLLUP_MS;
	return 0;
}

int lc_rollup_each(sqlite3 *db, lc_rollup_acc *a, const char *path, const lc_filter *f,
		   lc_rollup_fn fn, void *ctx, lc_error *err)
{
	sqlite3_stmt *st = NULL;
	const char *p = f->source_prefix;
	int64_t lo, hi;
	int rc = LC_OK, step;
	lc_rollup r;

	/* a prefix is one kind when its only ':' is its last byte */
	if (p && (!*p || strchr(p, ':') != p + strlen(p) - 1))
		return LC_UNSUPPORTED;
	if (bound(f->since, INT64_MIN, &lo) || bound(f->until, INT64_MAX, &hi))
		return LC_UNSUPPORTED;
	/* the sums must cover exactly the records there are */
	{
		int64_t count, top;
		int exact;
		if ((rc = sums_cover(a, db, 0, 0, 0, &count, &top, &exact, err)))
			return rc;
		if (!exact)
			return LC_UNSUPPORTED;
	}
	if (sqlite3_prepare_v2(db,
			       "SELECT bucket, provider, model, currency, priced, calls,"
			       " input_tokens, cache_read_tokens, cache_write_5m_tokens,"
			       " cache_write_1h_tokens, output_tokens, reasoning_tokens, cost_total"
			       " FROM rollup WHERE bucket >= ?1 AND bucket < ?2"
			       " AND (?3 IS NULL OR provider = ?3) AND (?4 IS NULL OR model = ?4)"
			       " AND (?5 IS NULL OR kind = ?5) ORDER BY bucket",
			       -1, &st, NULL) != SQLITE_OK)
		return lc_sqlite_error(db, err, path);
	sqlite3_bind_int64(st, 1, lo);
	sqlite3_bind_int64(st, 2, hi);
	if (f->provider)
		sqlite3_bind_text(st, 3, f->provider, -1, SQLITE_STATIC);
	if (f->model)
		sqlite3_bind_text(st, 4, f->model, -1, SQLITE_STATIC);
	if (p)
		sqlite3_bind_text(st, 5, p, -1, SQLITE_STATIC);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(st, 12);
		int64_t b = sqlite3_column_int64(st, 0);
		if (b < INT64_MIN / LC_ROLLUP_MS || b > INT64_MAX / LC_ROLLUP_MS - 1 || !t ||
		    lc_money_parse(t, (size_t)sqlite3_column_bytes(st, 12), &r.cost)) {
			rc = lc_error_set(err, LC_DB, "%s: rollup row is damaged", path);
			goto out;
		}
		r.start = b * LC_ROLLUP_MS;
		r.provider = (const char *)sqlite3_column_text(st, 1);
		r.model = (const char *)sqlite3_column_text(st, 2);
		r.currency = (const char *)sqlite3_column_text(st, 3);
		r.priced = sqlite3_column_int(st, 4) != 0;
		r.calls = sqlite3_column_int64(st, 5);
		r.input_tokens = sqlite3_column_int64(st, 6);
		r.cache_read_tokens = sqlite3_column_int64(st, 7);
		r.cache_write_5m_tokens = sqlite3_column_int64(st, 8);
		r.cache_write_1h_tokens = sqlite3_column_int64(st, 9);
		r.output_tokens = sqlite3_column_int64(st, 10);
		r.reasoning_tokens = sqlite3_column_int64(st, 11);
		if (!r.provider || !r.model || !r.currency) {
			rc = lc_error_set(err, LC_DB, "%s: rollup row is damaged", path);
			goto out;
		}
		if ((rc = fn(&r, ctx)) != 0)
			goto out;
	}
	if (step != SQLITE_DONE)
		rc = lc_sqlite_error(db, err, path);
out:
	sqlite3_finalize(st);
	return rc;
}
