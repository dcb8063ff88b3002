/*
 * ratelimit.c - requests and tokens per minute per key, on fixed windows aligned to the
 * minute. Fixed windows make the promise exact and easy to check: at most R requests are
 * admitted per window (+0). Tokens are reserve-then-settle, like budgets: a request is
 * admitted while the window's used tokens plus the tokens reserved by requests in flight
 * are below T, and reserves its own worst case (input estimate + max output) until it ends;
 * then the reservation is replaced by the tokens it used, counted in the window it was
 * admitted in. Concurrent requests therefore see each other, and the overshoot is at most
 * one request's tokens (T1.7). A reservation outlives its window (the call is still
 * running); the tokens of a call that ends in a later window are not counted again. A
 * refusal says when the window ends (Retry-After, whole seconds, at least 1).
 */
#include <stdlib.h>
#include <string.h>

#include "gateway/gw.h"

#define NBUCKETS 1024

typedef struct win {
	struct win *next;
	char key_id[LC_KEY_ID_MAX];
	lc_time_ms start;        /* window start (ms, multiple of 60000) */
	int64_t requests;
	int64_t tokens;          /* used by requests admitted in this window */
	int64_t reserved;        /* held by requests in flight, whatever their window */
} win;

struct gw_rates {
	win *b[NBUCKETS];
};

int gw_rates_new(gw_rates **out)
{
	*out = calloc(1, sizeof **out);
	return *out ? 0 : LC_NOMEM;
}

void gw_rates_free(gw_rates *r)
{
	if (!r)
		return;
	for (int i = 0; i < NBUCKETS; i++)
		while (r->b[i]) {
			win *w = r->b[i];
			r->b[i] = w->next;
			free(w);
		}
	free(r);
}

static win **bucket(gw_rates *r, const char *key_id)
{
	uint32_t h = 2166136261u;
	for (const char *p = key_id; *p; p++)
		h = (h ^ (unsigned char)*p) * 16777619u;
	return &r->b[h % NBUCKETS];
}

static win *lookup(gw_rates *r, const char *key_id)
{
	win *w;
	for (w = *bucket(r, key_id); w; w = w->next)
		if (!strcmp(w->key_id, key_id))
			break;
	return w;
}

/* The key's window at now (created, or rolled on to now's minute). */
static win *find(gw_rates *r, const char *key_id, lc_time_ms now)
{
	win *w = lookup(r, key_id);
	if (!w) {
		win **b = bucket(r, key_id);
		w = calloc(1, sizeof *w);
		if (!w)
			return NULL;
		snprintf(w->key_id, sizeof w->key_id, "%s", key_id);
		w->next = *b;
		*b = w;
	}
	if (now - w->start >= 60000 || now < w->start) {
		w->start = now - now % 60000;
		w->requests = w->tokens = 0;
	}
	return w;
}

int gw_rates_admit(gw_rates *r, const lc_key_info *k, int64_t tokens, lc_time_ms now,
		   gw_rate_hold *h, int *retry_after_s)
{
	win *w;
	h->tokens = 0;
	if (!k->rpm && !k->tpm)
		return 0;
	if (!(w = find(r, k->id, now)))
		return LC_NOMEM;
	if ((k->rpm && w->requests >= k->rpm) ||
	    (k->tpm && (w->tokens >= k->tpm || w->reserved >= k->tpm - w->tokens))) {
		int64_t left = w->start + 60000 - now;
		*retry_after_s = (int)((left + 999) / 1000);
		if (*retry_after_s < 1)
			*retry_after_s = 1;
		return LC_LIMIT;
	}
	w->requests++;
	if (k->tpm && tokens > 0) {
		w->reserved += tokens;
		h->tokens = tokens;
		h->window = w->start;
	}
	return 0;
}

void gw_rates_settle(gw_rates *r, const char *key_id, gw_rate_hold *h, int64_t used)
{
	win *w;
	if (!h->tokens)
		return;
	if ((w = lookup(r, key_id))) {
		w->reserved -= h->tokens;
		if (w->start == h->window && used > 0)
			w->tokens += used;
	}
	h->tokens = 0;
}
