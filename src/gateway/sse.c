/*
 * sse.c - the incremental SSE framer (see sse.h). The state between calls is two bits and
 * the bytes of the unfinished event, so a stream split at every byte gives the same events
 * as the stream in one piece.
 */
#include <string.h>

#include "gateway/sse.h"

void gw_sse_init(gw_sse *s, size_t max_event)
{
	memset(s, 0, sizeof *s);
	lc_buf_init(&s->raw, max_event);
	s->at_line_start = 1;
	s->max_event = max_event;
}

void gw_sse_free(gw_sse *s)
{
	if (s)
		lc_buf_free(&s->raw);
}

/* Parse the fields of one complete event and call fn. data is joined with '\n' into a
 * buffer of the same cap as the event (it can only be shorter than the raw bytes). */
static int dispatch(gw_sse *s, gw_sse_fn fn, void *ctx)
{
	const char *p = s->raw.data, *end = p + s->raw.len;
	const char *ev = NULL;
	size_t elen = 0;
	lc_buf data;
	int rc = 0, ndata = 0;

	lc_buf_init(&data, s->max_event);
	while (p < end) {
		const char *ls = p, *le, *colon, *v;
		size_t flen, vlen;
		while (p < end && *p != '\r' && *p != '\n')
			p++;
		le = p;
		if (p < end && *p == '\r')
			p++;
		if (p < end && *p == '\n')
			p++; /* LF, or the LF of CRLF */
		if (le == ls || *ls == ':')
			continue;
		colon = memchr(ls, ':', (size_t)(le - ls));
		flen = colon ? (size_t)(colon - ls) : (size_t)(le - ls);
		v = colon ? colon + 1 : le;
		if (v < le && *v == ' ')
			v++;
		vlen = (size_t)(le - v);
		if (flen == 4 && memcmp(ls, "data", 4) == 0) {
			if ((ndata++ && lc_buf_append(&data, "\n", 1)) || lc_buf_append(&data, v, vlen)) {
				rc = LC_LIMIT;
				goto out;
			}
		} else if (flen == 5 && memcmp(ls, "event", 5) == 0) {
			ev = v;
			elen = vlen;
		}
	}
	rc = fn(ctx, s->raw.data, s->raw.len, ev, elen, data.data ? data.data : "", data.len);
out:
	lc_buf_free(&data);
	return rc;
}

static int only_line_ends(const char *p, size_t n)
{
	for (size_t k = 0; k < n; k++)
		if (p[k] != '\r' && p[k] != '\n')
			return 0;
	return 1;
}

int gw_sse_pending(const gw_sse *s)
{
	return !only_line_ends(s->raw.data, s->raw.len);
}

int gw_sse_feed(gw_sse *s, const char *p, size_t n, gw_sse_fn fn, void *ctx)
{
	size_t i = 0, start = 0;

	/* Copy runs of bytes up to each event end, so most bytes are copied once. */
	while (i < n) {
		unsigned char b = (unsigned char)p[i++];
		int term = 0;
		if (b == '\n') {
			if (s->pending_cr)
				s->pending_cr = 0;
			else
				term = 1;
		} else if (b == '\r') {
			term = 1;
			s->pending_cr = 1;
		} else {
			s->pending_cr = 0;
			s->at_line_start = 0;
		}
		if (!term)
			continue;
		if (!s->at_line_start) {
			s->at_line_start = 1;
			continue;
		}
		/* An empty line: the event is complete at byte i (with the LF of a CRLF when it
		 * is already here). */
		if (b == '\r' && i < n && p[i] == '\n') {
			i++;
			s->pending_cr = 0;
		}
		if (lc_buf_append(&s->raw, p + start, i - start))
			return LC_LIMIT;
		start = i;
		if (only_line_ends(s->raw.data, s->raw.len))
			continue; /* blank lines between events travel with the next event */
		{
			int rc = dispatch(s, fn, ctx);
			lc_buf_reset(&s->raw);
			if (rc)
				return rc;
		}
	}
	if (start < n && lc_buf_append(&s->raw, p + start, n - start))
		return LC_LIMIT;
	return 0;
}
