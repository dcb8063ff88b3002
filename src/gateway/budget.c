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
 * Periods are calendar days, ISO weeks (from Monday) or months in the budget's time zone;
 * a request is charged to the period it started in. Spend committed before a restart is
 * replayed from the ledger (gateway.c) so a restart does not reset a budget.
 */
#include <stdlib.h>
#include <string.h>

#include "gateway/gw.h"

typedef struct bud {
	char key_id[LC_KEY_ID_MAX];   /* key budget, or "" */
	char tag_key[LC_TAG_KEY_MAX]; /* tag budget, or "" */
	char tag_val[LC_TAG_VAL_MAX];
	lc_money limit;
	char period[8];
	char zone[64];
	int soft;
	lc_time_ms pstart, pend;      /* current period [pstart, pend) */
	lc_money spent, reserved;
	int64_t alerts;               /* soft: requests admitted past the limit */
} bud;

struct gw_budgets {
	bud *v;
	int n, cap;
	lc_money reserved_total;
};

int gw_budgets_new(gw_budgets **out)
{
	*out = calloc(1, sizeof **out);
	return *out ? 0 : LC_NOMEM;
}

void gw_budgets_free(gw_budgets *b)
{
	if (b) {
		free(b->v);
		free(b);
	}
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

static bud *add(gw_budgets *b)
{
	if (b->n == b->cap) {
		int ncap = b->cap ? b->cap * 2 : 16;
		bud *nv = realloc(b->v, (size_t)ncap * sizeof *nv);
		if (!nv)
			return NULL;
		b->v = nv;
		b->cap = ncap;
	}
	memset(&b->v[b->n], 0, sizeof b->v[0]);
	return &b->v[b->n++];
}

void gw_budgets_sync_key(gw_budgets *b, const lc_key_info *k)
{
	bud *x = NULL;
	for (int i = 0; i < b->n; i++)
		if (!strcmp(b->v[i].key_id, k->id))
			x = &b->v[i];
	if (!k->has_budget) {
		if (x)
			x->limit.atto = -1; /* removed: never refuses */
		return;
	}
	if (!x && !(x = add(b)))
		return;
	if (!x->key_id[0]) {
		snprintf(x->key_id, sizeof x->key_id, "%s", k->id);
		x->pstart = x->pend = 0;
	}
	x->limit = k->budget;
	x->soft = k->soft;
	snprintf(x->period, sizeof x->period, "%s", k->period[0] ? k->period : "month");
	snprintf(x->zone, sizeof x->zone, "%s", k->zone);
}

void gw_budgets_add_rule(gw_budgets *b, const gw_budget_rule *r)
{
	bud *x = add(b);
	if (!x)
		return;
	snprintf(x->tag_key, sizeof x->tag_key, "%s", r->tag_key);
	snprintf(x->tag_val, sizeof x->tag_val, "%s", r->tag_val);
	x->limit = r->limit;
	x->soft = r->soft;
	snprintf(x->period, sizeof x->period, "%s", r->period);
	snprintf(x->zone, sizeof x->zone, "%s", r->zone);
}

static int applies(const bud *x, const char *key_id, const lc_usage *tags)
{
	if (x->limit.atto < 0)
		return 0;
	if (x->key_id[0])
		return key_id && !strcmp(x->key_id, key_id);
	{
		const char *v = lc_usage_get_tag(tags, x->tag_key);
		return v && !strcmp(v, x->tag_val);
	}
}

int gw_budgets_reserve(gw_budgets *b, const char *key_id, const lc_usage *tags, lc_money amount,
		       lc_time_ms now, gw_hold *h, char *which, size_t wcap)
{
	h->n = 0;
	h->soft_over = 0;
	h->amount = amount;
	for (int i = 0; i < b->n; i++) {
		bud *x = &b->v[i];
		lc_money after;
		if (!applies(x, key_id, tags))
			continue;
		roll(x, now);
		if (x->soft) {
			/* soft: admit, but say so (the row is tagged, the metric counts it) */
			if (lc_money_add(x->spent, x->reserved, &after) == 0 &&
			    lc_money_add(after, amount, &after) == 0 && lc_money_cmp(after, x->limit) > 0) {
				h->soft_over = 1;
				x->alerts++;
			}
		} else {
			if (lc_money_add(x->spent, x->reserved, &after) ||
			    lc_money_add(after, amount, &after) || lc_money_cmp(after, x->limit) > 0) {
				char lim[LC_MONEY_STRMAX];
				lc_money_format(x->limit, 2, lim, sizeof lim);
				snprintf(which, wcap, "%s %s budget of %s USD", x->key_id[0] ? "key" : x->tag_key,
					 x->period, lim);
				h->n = 0;
				return LC_BUDGET;
			}
		}
		if (h->n < (int)(sizeof h->idx / sizeof h->idx[0]))
			h->idx[h->n++] = i;
	}
	for (int j = 0; j < h->n; j++)
		lc_money_add(b->v[h->idx[j]].reserved, amount, &b->v[h->idx[j]].reserved);
	{
		lc_money t;
		if (lc_money_mul_int(amount, h->n, &t) == 0)
			lc_money_add(b->reserved_total, t, &b->reserved_total);
	}
	return 0;
}

void gw_budgets_settle(gw_budgets *b, gw_hold *h, lc_money actual, lc_time_ms now)
{
	lc_money total = lc_money_zero();
	for (int j = 0; j < h->n; j++) {
		bud *x = &b->v[h->idx[j]];
		lc_money_sub(x->reserved, h->amount, &x->reserved);
		lc_money_add(total, h->amount, &total);
		roll(x, now);
		lc_money_add(x->spent, actual, &x->spent);
	}
	lc_money_sub(b->reserved_total, total, &b->reserved_total);
	h->n = 0;
}

void gw_budgets_replay(gw_budgets *b, const lc_record *r)
{
	const char *key_id = lc_usage_get_tag(&r->usage, "key");
	for (int i = 0; i < b->n; i++) {
		bud *x = &b->v[i];
		if (!applies(x, key_id, &r->usage))
			continue;
		roll(x, lc_time_now());
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
