/*
 * ratelimit.c - requests and tokens per minute per key, on fixed windows aligned to the
 * minute. Fixed windows make the promise exact and easy to check: at most R requests are
 * admitted per window (+0), and tokens are admitted while the window's used tokens are below
 * T, so the overshoot is at most one request's tokens (T1.7). A refusal says when the window
 * ends (Retry-After, whole seconds, at least 1).
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
	int64_t tokens;
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

static win *find(gw_rates *r, const char *key_id, lc_time_ms now)
{
	uint32_t h = 2166136261u;
	win *w;
	for (const char *p = key_id; *p; p++)
		h = (h ^ (unsigned char)*p) * 16777619u;
	for (w = r->b[h % NBUCKETS]; w; w = w->next)
		if (!strcmp(w->key_id, key_id))
			break;
	if (!w) {
		w = calloc(1, sizeof *w);
		if (!w)
			return NULL;
		snprintf(w->key_id, sizeof w->key_id, "%s", key_id);
		w->next = r->b[h % NBUCKETS];
		r->b[h % NBUCKETS] = w;
	}
	if (now - w->start >= 60000 || now < w->start) {
		w->start = now - now % 60000;
		w->requests = w->tokens = 0;
	}
	return w;
}

int gw_rates_admit(gw_rates *r, const lc_key_info *k, lc_time_ms now, int *retry_after_s)
{
	win *w;
	if (!k->rpm && !k->tpm)
		return 0;
	if (!(w = find(r, k->id, now)))
		return LC_NOMEM;
	if ((k->rpm && w->requests >= k->rpm) || (k->tpm && w->tokens >= k->tpm)) {
		int64_t left = w->start + 60000 - now;
		*retry_after_s = (int)((left + 999) / 1000);
		if (*retry_after_s < 1)
			*retry_after_s = 1;
		return LC_LIMIT;
	}
	w->requests++;
	return 0;
}

void gw_rates_used(gw_rates *r, const char *key_id, int64_t tokens, lc_time_ms now)
{
	win *w = find(r, key_id, now);
	if (w && tokens > 0)
		w->tokens += tokens;
}
