/*
 * sse.h - incremental Server-Sent Events framer (private to src/gateway).
 *
 * Bytes arrive in arbitrary splits; the framer hands back each complete event exactly as
 * it was received (so the proxy can forward it byte for byte, or hold it back) together with
 * its parsed `event:` name and joined `data:` lines, as the WHATWG algorithm defines them:
 * lines end in CRLF, LF or CR; an empty line dispatches; one space after the colon is
 * dropped; comment lines start with ':'. Every event is capped.
 */
#ifndef LC_GW_SSE_H
#define LC_GW_SSE_H

#include "llmcost/core.h"

typedef struct gw_sse {
	lc_buf raw;       /* bytes of the event being received */
	int at_line_start;
	int pending_cr;   /* last byte was CR: a following LF belongs to it */
	size_t max_event;
} gw_sse;

/* Called once per complete event; non-zero stops feeding and is returned. */
typedef int (*gw_sse_fn)(void *ctx, const char *raw, size_t rawlen, const char *event,
			 size_t elen, const char *data, size_t dlen);

void gw_sse_init(gw_sse *s, size_t max_event);
void gw_sse_free(gw_sse *s);
/* Feed bytes. LC_LIMIT when one event exceeds max_event. */
int gw_sse_feed(gw_sse *s, const char *p, size_t n, gw_sse_fn fn, void *ctx);
/* Non-zero when an event is incomplete (a stream cut mid-event); line ends left over
 * between events do not count. */
int gw_sse_pending(const gw_sse *s);

#endif
