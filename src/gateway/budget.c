/*
 * budget.c - budgets that hold: reserve-then-settle over calendar periods.
 *
 * A budget is either a key's own (from the key store) or a rule on a tag (team=ml) from the
 * configuration. Before a request is forwarded, its worst-case cost is reserved on every
 * budget that applies, all or nothing; a hard budget refuses when spent + reserved + amount
 * would pass its limit. After the request, the reservation is replaced by the actual cost.
 * Since the reservation is an upper bound of the actual cost, concurrent requests cannot
 * overspend (T1.1, T1.6). All of this runs on the event-loop thread: the check and the
 * reservation are one step with nothing in between.
 *
 * Which budgets apply is decided by the key alone: its own budget, and the tag budgets its
 * own tags (from the key store) select. A client's x-llmcost-tags label rows but never
 * select or spend a tag budget: otherwise any key could claim team=ml and spend (and lock)
 * team ml's budget. Keys are found through a hash of their ids, so syncing a key, reserving
 * and replaying a row cost O(1) whatever the number of keys.
 *
 * Periods are calendar days, ISO weeks (from Monday) or months in the budget's time zone;
 * a request is charged to the period it was reserved in (its ledger row carries that start
 * time): a call that ends after midnight counts in the old day, as a restart's replay from
 * the ledger (gateway.c) counts it, and the new day starts from nothing.
 */
#include <stdlib.h>
#include <string.h>

#include "gateway/gw.h"

typedef struct bud {
	char key_id[LC_KEY_ID_MAX];   /* key budget, or "" */
	char tag_key[LC_TAG_KEY_MAX]; /* tag budget, or "" */
	char tag_val[LC_TAG_VAL_MAX];
	lc_money limit;               /* < 0: removed, never applies */
	char period[8];
	char zone[64];
	int soft;
	lc_time_ms pstart, pend;      /* current period [pstart, pend) */
	lc_money spent, reserved;
	int64_t alerts;               /* soft: requests admitted past the limit */
} bud;

/* What the gateway knows of a key: its budget and the tag budgets its own tags select. */
typedef struct kent {
	char id[LC_KEY_ID_MAX];
	int bud;                      /* index of its own budget in v, or -1 */
	uint32_t rules;               /* bit i: tag rule rule[i] applies */
	char *tags;                   /* the key's tags ("k=v,k=v"), or NULL */
} kent;
_Static_assert(GW_MAX_BUDGETS <= 32, "kent.rules has a bit per tag budget");

struct gw_budgets {
	bud *v;
	int n, cap;
	int rule[GW_MAX_BUDGETS];     /* indices in v of the tag budgets */
	int nrules;
	kent *k;
	int nk, kcap;
	int *slot;                    /* open addressing: kent index + 1, 0 = empty */
	size_t nslot;                 /* a power of two, at least twice nk */
	lc_money reserved_total;
};

int gw_budgets_new(gw_budgets **out)
{
	*out = calloc(1, sizeof **out);
	return *out ? 0 : LC_NOMEM;
}

void gw_budgets_free(gw_budgets *b)
{
	if (!b)
		return;
	for (int i = 0; i < b->nk; i++)
		free(b->k[i].tags);
	free(b->k);
	free(b->slot);
	free(b->v);
	free(b);
}

/* Compute the period containing t. Unknown zones fall back to UTC (validated at config). */
static void period_of(bud *x, lc_time_ms t)
{
	lc_date d, s;
	const char *tz = x->zone[0] ? x->zone : "UTC";
	if (lc_time_to_date(t, tz, &d)) {
		tz = "UTC";
		lc_time_to_date(t, tz, &d);
	}
	s = d;
	if (!strcmp(x->period, "month"))
		s.day = 1;
	else if (!strcmp(x->period, "week"))
		s.day -= (d.wday + 6) % 7;
	lc_date_to_time(&s, tz, &x->pstart);
	if (!strcmp(x->period, "month"))
		s.month += 1;
	else if (!strcmp(x->period, "week"))
		s.day += 7;
	else
		s.day += 1;
	lc_date_to_time(&s, tz, &x->pend);
}

/* Roll a budget into the period of t; spend of a past period no longer counts. */
static void roll(bud *x, lc_time_ms t)
{
	if (t >= x->pstart && t < x->pend)
		return;
	period_of(x, t);
	x->spent = lc_money_zero();
}

/* v (n used of *cap elements of size sz), moved if needed to hold one more; NULL when out
 * of memory (v is then unchanged). */
static void *room(void *v, int n, int *cap, size_t sz)
{
	void *nv;
	int ncap;
	if (n < *cap)
		return v;
	ncap = *cap ? *cap * 2 : 16;
	if (!(nv = realloc(v, (size_t)ncap * sz)))
		return NULL;
	*cap = ncap;
	return nv;
}

static bud *add(gw_budgets *b)
{
	bud *nv = room(b->v, b->n, &b->cap, sizeof *b->v);
	if (!nv)
		return NULL;
	b->v = nv;
	memset(&b->v[b->n], 0, sizeof b->v[0]);
	return &b->v[b->n++];
}

/* ------------------------------------------------------------------ keys by id */

static size_t hash_id(const char *s)
{
	uint32_t h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

/* The slot holding id, or the empty slot where it would go. */
static int *slot_of(gw_budgets *b, const char *id)
{
	size_t i = hash_id(id) & (b->nslot - 1);
	while (b->slot[i] && strcmp(b->k[b->slot[i] - 1].id, id))
		i = (i + 1) & (b->nslot - 1);
	return &b->slot[i];
}

static kent *find_key(gw_budgets *b, const char *id)
{
	int *s;
	if (!b->nslot || !id || !id[0])
		return NULL;
	s = slot_of(b, id);
	return *s ? &b->k[*s - 1] : NULL;
}

static int grow_slots(gw_budgets *b)
{
	size_t n = b->nslot ? b->nslot * 2 : 64;
	int *old = b->slot;
	b->slot = calloc(n, sizeof *b->slot);
	if (!b->slot) {
		b->slot = old;
		return -1;
	}
	b->nslot = n;
	free(old);
	for (int i = 0; i < b->nk; i++)
		*slot_of(b, b->k[i].id) = i + 1;
	return 0;
}

static kent *add_key(gw_budgets *b, const char *id)
{
	kent *e;
	if ((size_t)(b->nk + 1) * 2 > b->nslot && grow_slots(b))
		return NULL;
	if (!(e = room(b->k, b->nk, &b->kcap, sizeof *b->k)))
		return NULL;
	b->k = e;
	e = &b->k[b->nk++];
	memset(e, 0, sizeof *e);
	snprintf(e->id, sizeof e->id, "%s", id);
	e->bud = -1;
	*slot_of(b, id) = b->nk;
	return e;
}

/* Does "k=v,k=v" give name the value val? The last pair of a name counts (as when the
 * gateway tags a row with them). */
static int tags_say(const char *tags, const char *name, const char *val)
{
	size_t nl = strlen(name);
	int yes = 0;
	for (const char *s = tags; s && *s;) {
		const char *e = strchr(s, ',');
		size_t n = e ? (size_t)(e - s) : strlen(s);
		if (n > nl && !memcmp(s, name, nl) && s[nl] == '=')
			yes = n - nl - 1 == strlen(val) && !memcmp(s + nl + 1, val, n - nl - 1);
		s = e ? e + 1 : NULL;
	}
	return yes;
}

static void match_rules(gw_budgets *b, kent *e)
{
	e->rules = 0;
	for (int i = 0; i < b->nrules; i++)
		if (e->tags && tags_say(e->tags, b->v[b->rule[i]].tag_key, b->v[b->rule[i]].tag_val))
			e->rules |= 1u << i;
}

void gw_budgets_sync_key(gw_budgets *b, const lc_key_info *k)
{
	kent *e = find_key(b, k->id);
	bud *x;
	if (!e && !k->has_budget && !k->tags[0])
		return; /* nothing of it matters here */
	if (!e && !(e = add_key(b, k->id)))
		return;
	if (!e->tags || strcmp(e->tags, k->tags)) {
		free(e->tags);
		e->tags = k->tags[0] ? strdup(k->tags) : NULL;
		match_rules(b, e);
	}
	if (!k->has_budget) {
		if (e->bud >= 0)
			b->v[e->bud].limit.atto = -1; /* removed: never refuses */
		return;
	}
	if (e->bud < 0) {
		if (!(x = add(b)))
			return;
		e->bud = (int)(x - b->v);
		snprintf(x->key_id, sizeof x->key_id, "%s", k->id);
	}
	x = &b->v[e->bud];
	x->limit = k->budget;
	x->soft = k->soft;
	snprintf(x->period, sizeof x->period, "%s", k->period[0] ? k->period : "month");
	snprintf(x->zone, sizeof x->zone, "%s", k->zone);
}

void gw_budgets_add_rule(gw_budgets *b, const gw_budget_rule *r)
{
	bud *x;
	if (b->nrules >= GW_MAX_BUDGETS || !(x = add(b)))
		return;
	snprintf(x->tag_key, sizeof x->tag_key, "%s", r->tag_key);
	snprintf(x->tag_val, sizeof x->tag_val, "%s", r->tag_val);
	x->limit = r->limit;
	x->soft = r->soft;
	snprintf(x->period, sizeof x->period, "%s", r->period);
	snprintf(x->zone, sizeof x->zone, "%s", r->zone);
	b->rule[b->nrules++] = (int)(x - b->v);
	for (int i = 0; i < b->nk; i++)
		match_rules(b, &b->k[i]);
}

/* The budgets that apply to key_id, in idx (at most 1 + GW_MAX_BUDGETS). */
static int applying(gw_budgets *b, const char *key_id, int *idx)
{
	kent *e = find_key(b, key_id);
	int n = 0;
	if (!e)
		return 0;
	if (e->bud >= 0 && b->v[e->bud].limit.atto >= 0)
		idx[n++] = e->bud;
	for (int i = 0; i < b->nrules; i++)
		if ((e->rules >> i) & 1 && b->v[b->rule[i]].limit.atto >= 0)
			idx[n++] = b->rule[i];
	return n;
}

int gw_budgets_reserve(gw_budgets *b, const char *key_id, lc_money amount, lc_time_ms now,
		       gw_hold *h, char *which, size_t wcap)
{
	int idx[1 + GW_MAX_BUDGETS], n = applying(b, key_id, idx);
	h->n = 0;
	h->soft_over = 0;
	h->amount = amount;
	for (int j = 0; j < n; j++) {
		bud *x = &b->v[idx[j]];
		lc_money after;
		roll(x, now);
		if (x->soft) {
			/* soft: admit, but say so (the row is tagged, the metric counts it) */
			if (lc_money_add(x->spent, x->reserved, &after) == 0 &&
			    lc_money_add(after, amount, &after) == 0 && lc_money_cmp(after, x->limit) > 0) {
				h->soft_over = 1;
				x->alerts++;
			}
		} else if (lc_money_add(x->spent, x->reserved, &after) ||
			   lc_money_add(after, amount, &after) || lc_money_cmp(after, x->limit) > 0) {
			char lim[LC_MONEY_STRMAX];
			lc_money_format(x->limit, 2, lim, sizeof lim);
			snprintf(which, wcap, "%s %s budget of %s USD", x->key_id[0] ? "key" : x->tag_key,
				 x->period, lim);
			h->n = 0;
			return LC_BUDGET;
		}
	}
	for (int j = 0; j < n; j++) {
		bud *x = &b->v[idx[j]];
		lc_money_add(x->reserved, amount, &x->reserved);
		h->idx[j] = idx[j];
		h->pstart[j] = x->pstart;
	}
	h->n = n;
	{
		lc_money t;
		if (lc_money_mul_int(amount, h->n, &t) == 0)
			lc_money_add(b->reserved_total, t, &b->reserved_total);
	}
	return 0;
}

void gw_budgets_settle(gw_budgets *b, gw_hold *h, lc_money actual)
{
	lc_money total = lc_money_zero();
	for (int j = 0; j < h->n; j++) {
		bud *x = &b->v[h->idx[j]];
		lc_money_sub(x->reserved, h->amount, &x->reserved);
		lc_money_add(total, h->amount, &total);
		/* The budget still in the hold's period: the cost is spent there. Rolled on to
		 * a later one: the cost belongs to a finished period, as a replay would count it. */
		if (x->pstart == h->pstart[j])
			lc_money_add(x->spent, actual, &x->spent);
	}
	lc_money_sub(b->reserved_total, total, &b->reserved_total);
	h->n = 0;
}

void gw_budgets_replay(gw_budgets *b, const lc_record *r)
{
	int idx[1 + GW_MAX_BUDGETS], n = applying(b, lc_usage_get_tag(&r->usage, "key"), idx);
	lc_time_ms now = lc_time_now();
	for (int j = 0; j < n; j++) {
		bud *x = &b->v[idx[j]];
		roll(x, now);
		if (r->usage.time >= x->pstart && r->usage.time < x->pend)
			lc_money_add(x->spent, r->cost.total, &x->spent);
	}
}
lc_money gw_budgets_reserved(gw_budgets *b)
{
	return b->reserved_total;
}

/* Prometheus gauges per budget: limit, spent and reserved in the current period, and the
 * soft-budget alert counter - what an alerting rule watches. */
void gw_budgets_render(gw_budgets *b, lc_buf *out)
{
	static const char *what[] = {"limit", "spent", "reserved"};
	for (int k = 0; k < 3; k++) {
		lc_buf_printf(out, "# TYPE llmcost_budget_%s_usd gauge\n", what[k]);
		for (int i = 0; i < b->n; i++) {
			bud *x = &b->v[i];
			char m[LC_MONEY_STRMAX];
			if (x->limit.atto < 0)
				continue;
			lc_money_format(k == 0 ? x->limit : k == 1 ? x->spent : x->reserved, -1, m, sizeof m);
			if (x->key_id[0])
				lc_buf_printf(out, "llmcost_budget_%s_usd{key=\"%s\",period=\"%s\",mode=\"%s\"} %s\n",
					      what[k], x->key_id, x->period, x->soft ? "soft" : "hard", m);
			else
				lc_buf_printf(out, "llmcost_budget_%s_usd{tag=\"%s=%s\",period=\"%s\",mode=\"%s\"} %s\n",
					      what[k], x->tag_key, x->tag_val, x->period,
					      x->soft ? "soft" : "hard", m);
		}
	}
	lc_buf_puts(out, "# TYPE llmcost_budget_soft_alerts_total counter\n");
	for (int i = 0; i < b->n; i++)
		if (b->v[i].soft && b->v[i].limit.atto >= 0)
			lc_buf_printf(out, "llmcost_budget_soft_alerts_total{%s=\"%s%s%s\"} %lld\n",
				      b->v[i].key_id[0] ? "key" : "tag",
				      b->v[i].key_id[0] ? b->v[i].key_id : b->v[i].tag_key,
				      b->v[i].key_id[0] ? "" : "=", b->v[i].key_id[0] ? "" : b->v[i].tag_val,
				      (long long)b->v[i].alerts);
}
