/*
 * sqlite_insert.c - the SQLite ledger's record insert: its SQL, and binding a record to it.
 * This runs once per stored record (a gateway's writer thread does it tens of thousands of
 * times a second: bench/ledger-put), so it is written to do as little as it can.
 *
 * SQLite keeps a statement's bindings across sqlite3_reset, and most parameters repeat
 * from one record to the next: provider, tier and currency, the price row, the source, the
 * tags, several token counts and cost parts (often zero). So each parameter remembers what
 * it holds (texts in buffers owned here, bound SQLITE_STATIC; numbers and amounts by value)
 * and is bound again only when the record's value differs. Comparing is cheaper than
 * binding, and much cheaper than printing an amount or encoding the tags.
 */
#include <stdlib.h>
#include <string.h>

#include "ledger/sqlite_internal.h"

/* Each line is one string spread over lines, parenthesized: not a missing comma. */
const char lc_sqlite_insert_sql[] =
	("INSERT OR IGNORE INTO records (id, time_ms, provider, model, session, tier, flags,"
	 " input_tokens, cache_read_tokens, cache_write_5m_tokens, cache_write_1h_tokens,"
	 " output_tokens, reasoning_tokens, web_search_requests, priced, currency,"
	 " cost_input, cost_cache_read, cost_cache_write, cost_output, cost_other, cost_total,"
	 " price_provider, price_model, price_id, price_source, catalog_version,"
	 " source_cost, source_currency, source, tags) VALUES"
	 " (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19,"
	 "  ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31)");

#define NPARAM 31

/* The text parameters bound from copies kept here (all but the id and the model, which
 * change from nearly every record to the next: binding them from the record is cheaper). */
enum { T_PROVIDER, T_SESSION, T_TIER, T_CURRENCY, T_PRICE_PROVIDER, T_PRICE_MODEL, T_PRICE_ID,
       T_PRICE_SOURCE, T_CATALOG, T_SOURCE_CURRENCY, T_SOURCE, T_TAGS, T_COUNT };
static const int text_param[T_COUNT] = {3, 5, 6, 16, 23, 24, 25, 26, 27, 29, 30, 31};
#define TEXT_MAX 8192 /* the longest: tags */

/* The amounts: cost parts ?17..?22, then the source's own cost ?28. */
enum { M_COUNT = 7 };
static const int money_param[M_COUNT] = {17, 18, 19, 20, 21, 22, 28};

typedef struct text_slot {
	int bound; /* the parameter holds this text */
	size_t len;
	char text[TEXT_MAX];
} text_slot;

typedef struct money_slot {
	int bound; /* the parameter holds `text` (the exact text of v), or NULL when !present */
	int present;
	lc_money v;
	char text[LC_MONEY_STRMAX];
} money_slot;

struct lc_sqlite_binds {
	text_slot t[T_COUNT];
	money_slot m[M_COUNT];
	int64_t num[NPARAM + 1]; /* integer parameters, by number */
	unsigned char num_bound[NPARAM + 1];
	/* the tag set last encoded into t[T_TAGS] */
	int tags_known, ntags;
	lc_tag tags[LC_TAGS_MAX];
};

lc_sqlite_binds *lc_sqlite_binds_new(void)
{
	return calloc(1, sizeof(lc_sqlite_binds));
}

void lc_sqlite_binds_free(lc_sqlite_binds *b)
{
	free(b);
}

/* Bind text slot k to v unless it already holds that text. */
static void bind_text_slot(lc_sqlite_binds *b, sqlite3_stmt *st, int k, const char *v)
{
	text_slot *t = &b->t[k];
	size_t n;

	if (t->bound && strcmp(t->text, v) == 0) /* one pass when equal, the common case */
		return;
	n = strlen(v);
	if (n >= sizeof t->text) { /* cannot be kept: bind a copy, and bind again next time */
		t->bound = 0;
		sqlite3_bind_text(st, text_param[k], v, (int)n, SQLITE_TRANSIENT);
		return;
	}
	memcpy(t->text, v, n + 1);
	t->len = n;
	t->bound = 1;
	sqlite3_bind_text(st, text_param[k], t->text, (int)n, SQLITE_STATIC);
}

static void bind_num(lc_sqlite_binds *b, sqlite3_stmt *st, int i, int64_t v)
{
	if (b->num_bound[i] && b->num[i] == v)
		return;
	sqlite3_bind_int64(st, i, v);
	b->num[i] = v;
	b->num_bound[i] = 1;
}

/* "00" "01" ... "99": decimal digits two at a time */
static const char two_digits[] = "00010203040506070809101112131415161718192021222324"
				 "25262728293031323334353637383940414243444546474849"
				 "50515253545556575859606162636465666768697071727374"
				 "75767778798081828384858687888990919293949596979899";

/* Write the decimal digits of v (no sign) ending at end; returns the first digit. */
static char *u64_digits(uint64_t v, char *end)
{
	do {
		*--end = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	return end;
}

/*
 * Exact decimal text of m, the same text lc_money_format(m, -1) gives ("0.0033475", "-12",
 * "0"), but several times faster: the 128-bit value is split once into a whole part and an
 * 18-digit fraction, each printed with 64-bit arithmetic. Puts run at hundreds of thousands
 * per second with six amounts each, so this is where the time went.
 */
int lc_sqlite_money_text(lc_money m, char *buf, size_t cap)
{
	static const lc_i128 scale = (lc_i128)1000000000000000000LL;
	unsigned __int128 a = m.atto < 0 ? -(unsigned __int128)m.atto : (unsigned __int128)m.atto;
	unsigned __int128 whole;
	uint64_t frac;
	char tmp[64], *end = tmp + sizeof tmp, *p;
	size_t n;
	int k;

	if (!(a >> 64)) { /* below 18.4 units, as most costs: 64-bit division, not 128-bit */
		whole = (uint64_t)a / 1000000000000000000ull;
		frac = (uint64_t)a % 1000000000000000000ull;
	} else {
		whole = a / (unsigned __int128)scale;
		frac = (uint64_t)(a % (unsigned __int128)scale);
	}
	if (frac) {
		/* the 18 fraction digits, two at a time, then their trailing zeros cut */
		char f[18];
		for (k = 16; k >= 0; k -= 2) {
			memcpy(f + k, two_digits + 2 * (frac % 100), 2);
			frac /= 100;
		}
		for (k = 17; f[k] == '0'; k--)
			;
		end -= k + 1;
		memcpy(end, f, (size_t)k + 1);
		*--end = '.';
	}
	if (whole >> 64) { /* above 1.8e19 whole units: only the slow path will do */
		int r = lc_money_format(m, -1, buf, cap);
		return r < 0 ? r : LC_OK;
	}
	p = u64_digits((uint64_t)whole, end);
	if (m.atto < 0)
		*--p = '-';
	n = (size_t)(tmp + sizeof tmp - p);
	if (n + 1 > cap)
		return LC_LIMIT;
	memcpy(buf, p, n);
	buf[n] = '\0';
	return LC_OK;
}

/* Bind amount slot k: the exact decimal text of v, or NULL when not present. */
static int bind_money_slot(lc_sqlite_binds *b, sqlite3_stmt *st, int k, int present, lc_money v)
{
	money_slot *m = &b->m[k];

	if (m->bound && m->present == present && (!present || m->v.atto == v.atto))
		return LC_OK;
	m->bound = 0;
	if (!present) {
		if (sqlite3_bind_null(st, money_param[k]) != SQLITE_OK)
			return LC_DB;
	} else {
		if (lc_sqlite_money_text(v, m->text, sizeof m->text) != LC_OK)
			return LC_RANGE;
		sqlite3_bind_text(st, money_param[k], m->text, -1, SQLITE_STATIC);
	}
	m->present = present;
	m->v = v;
	m->bound = 1;
	return LC_OK;
}

/* Whether u's tags are the set last encoded (same keys and values in the same order). */
static int same_tags(const lc_sqlite_binds *b, const lc_usage *u)
{
	int i;
	if (!b->tags_known || !b->t[T_TAGS].bound || b->ntags != u->ntags)
		return 0;
	for (i = 0; i < u->ntags; i++)
		if (strcmp(b->tags[i].key, u->tags[i].key) || strcmp(b->tags[i].val, u->tags[i].val))
			return 0;
	return 1;
}

static int bind_tags(lc_sqlite_binds *b, sqlite3_stmt *st, const lc_usage *u)
{
	char text[TEXT_MAX];

	if (same_tags(b, u))
		return LC_OK;
	b->tags_known = 0;
	if (u->ntags < 0 || u->ntags > LC_TAGS_MAX || lc_tags_encode(u, text, sizeof text) < 0)
		return LC_INVAL;
	bind_text_slot(b, st, T_TAGS, text);
	memcpy(b->tags, u->tags, (size_t)u->ntags * sizeof *u->tags);
	b->ntags = u->ntags;
	b->tags_known = 1;
	return LC_OK;
}

int lc_sqlite_bind_record(lc_sqlite_binds *b, sqlite3_stmt *st, const lc_record *r,
			  lc_error *err)
{
	const lc_usage *u = &r->usage;
	const lc_cost *c = &r->cost;
	int p = c->priced;

	if (bind_tags(b, st, u) != LC_OK)
		return lc_error_set(err, LC_INVAL, "record %s: tags too long", u->id);
	if (bind_money_slot(b, st, 0, p, c->input) || bind_money_slot(b, st, 1, p, c->cache_read) ||
	    bind_money_slot(b, st, 2, p, c->cache_write) || bind_money_slot(b, st, 3, p, c->output) ||
	    bind_money_slot(b, st, 4, p, c->other) || bind_money_slot(b, st, 5, p, c->total) ||
	    bind_money_slot(b, st, 6, u->has_source_cost, u->source_cost))
		return lc_error_set(err, LC_RANGE, "record %s: cost out of range", u->id);
	/* the id and model point into r: bound again before every step, so never stale */
	sqlite3_bind_text(st, 1, u->id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, u->time);
	bind_text_slot(b, st, T_PROVIDER, u->provider);
	sqlite3_bind_text(st, 4, u->model, -1, SQLITE_STATIC);
	bind_text_slot(b, st, T_SESSION, u->session);
	bind_text_slot(b, st, T_TIER, lc_tier_name(u->tier));
	bind_num(b, st, 7, u->flags);
	bind_num(b, st, 8, u->input_tokens);
	bind_num(b, st, 9, u->cache_read_tokens);
	bind_num(b, st, 10, u->cache_write_5m_tokens);
	bind_num(b, st, 11, u->cache_write_1h_tokens);
	bind_num(b, st, 12, u->output_tokens);
	bind_num(b, st, 13, u->reasoning_tokens);
	bind_num(b, st, 14, u->web_search_requests);
	bind_num(b, st, 15, p ? 1 : 0);
	bind_text_slot(b, st, T_CURRENCY, p ? c->currency : "");
	bind_text_slot(b, st, T_PRICE_PROVIDER, c->provider);
	bind_text_slot(b, st, T_PRICE_MODEL, c->model);
	bind_text_slot(b, st, T_PRICE_ID, c->price_id);
	bind_text_slot(b, st, T_PRICE_SOURCE, c->price_source);
	bind_text_slot(b, st, T_CATALOG, c->catalog_version);
	bind_text_slot(b, st, T_SOURCE_CURRENCY, u->has_source_cost ? u->source_currency : "");
	bind_text_slot(b, st, T_SOURCE, r->source);
	return LC_OK;
}
