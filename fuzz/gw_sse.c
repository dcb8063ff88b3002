/*
 * gw_sse.c - fuzz target for the gateway's SSE framer (src/gateway/sse.c): the input is fed
 * whole and split in two; both must dispatch the same events, and the forwarded bytes plus
 * the unfinished remainder must equal the input byte for byte (the proxy forwards exactly).
 */
#include <stdlib.h>
#include <string.h>

#include "gateway/sse.h"

typedef struct acc {
	lc_buf events, raw;
} acc;

static int on_ev(void *ctx, const char *raw, size_t rawlen, const char *ev, size_t elen,
		 const char *data, size_t dlen)
{
	acc *a = ctx;
	lc_buf_append(&a->raw, raw, rawlen);
	lc_buf_printf(&a->events, "%zu:", elen);
	lc_buf_append(&a->events, ev, elen);
	lc_buf_printf(&a->events, "%zu:", dlen);
	lc_buf_append(&a->events, data, dlen);
	return 0;
}

static void run(const char *s, size_t n, size_t cut, acc *a)
{
	gw_sse p;
	gw_sse_init(&p, 1 << 16);
	lc_buf_init(&a->events, 0);
	lc_buf_init(&a->raw, 0);
	if (gw_sse_feed(&p, s, cut, on_ev, a) == 0 && gw_sse_feed(&p, s + cut, n - cut, on_ev, a) == 0) {
		lc_buf_append(&a->raw, p.raw.data, p.raw.len);
		if (a->raw.len != n || (n && memcmp(a->raw.data, s, n)))
			abort();
	} else {
		lc_buf_reset(&a->events);
		lc_buf_puts(&a->events, "LIMIT");
	}
	gw_sse_free(&p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	acc a, b;
	run((const char *)data, size, size, &a);
	run((const char *)data, size, size / 3, &b);
	if (a.events.len != b.events.len ||
	    (a.events.len && memcmp(a.events.data, b.events.data, a.events.len)))
		abort();
	lc_buf_free(&a.events);
	lc_buf_free(&a.raw);
	lc_buf_free(&b.events);
	lc_buf_free(&b.raw);
	return 0;
}
