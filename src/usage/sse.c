/*
 * sse.c - an incremental Server-Sent Events parser (the WHATWG event-stream rules), fed
 * bytes in whatever pieces the network delivers: a byte at a time must give the same
 * events as the whole stream at once. The gateway runs proxied streams through it; the
 * usage accumulator (stream.c) sits on top. Lines and events are capped (lc_buf limits).
 */
#include <string.h>

#include "llmcost/usage.h"

void lc_sse_init(lc_sse *p, size_t max_line, size_t max_event)
{
	memset(p, 0, sizeof *p);
	lc_buf_init(&p->line, max_line ? max_line : LC_SSE_LINE_MAX);
	p->max_event = max_event ? max_event : LC_SSE_EVENT_MAX;
	lc_buf_init(&p->data, p->max_event);
	p->data_line = 0;
}

void lc_sse_free(lc_sse *p)
{
	if (!p)
		return;
	lc_buf_free(&p->line);
	lc_buf_free(&p->data);
}

static void reset_event(lc_sse *p)
{
	lc_buf_reset(&p->data);
	p->type[0] = '\0';
	p->ev_line = p->data_line = p->data_col = 0;
}

static int dispatch(lc_sse *p, lc_sse_fn fn, void *ctx)
{
	lc_sse_event ev;
	int rc;

	ev.type = p->type;
	ev.data = p->data.data ? p->data.data : "";
	ev.data_len = p->data.len;
	ev.id = p->id;
	ev.line = p->ev_line;
	ev.data_line = p->data_line;
	ev.data_col = p->data_col;
	rc = fn ? fn(&ev, ctx) : 0;
	reset_event(p);
	return rc;
}

/* Copy a field value into a fixed buffer; over-long values are cut (they are names). */
static void set_field(char *dst, size_t cap, const char *v, size_t n)
{
	if (n >= cap)
		n = cap - 1;
	memcpy(dst, v, n);
	dst[n] = '\0';
}

/* One complete line (without its end) in p->line. */
static int process_line(lc_sse *p, lc_sse_fn fn, void *ctx, lc_error *err)
{
	const char *l = p->line.data ? p->line.data : "";
	size_t n = p->line.len, flen, voff;
	const char *colon;
	int rc = LC_OK;

	p->lineno++;
	if (n == 0) {
		if (p->data_line)
			rc = dispatch(p, fn, ctx);
		else
			reset_event(p); /* an event without data is not dispatched */
		goto out;
	}
	if (l[0] == ':')
		goto out; /* comment (keep-alive) */
	colon = memchr(l, ':', n);
	flen = colon ? (size_t)(colon - l) : n;
	voff = colon ? flen + 1 : n;
	if (voff < n && l[voff] == ' ')
		voff++;
	if (!p->ev_line)
		p->ev_line = p->lineno;
	if (flen == 4 && memcmp(l, "data", 4) == 0) {
		if (p->data_line) {
			rc = lc_buf_append(&p->data, "\n", 1);
		} else {
			p->data_line = p->lineno;
			p->data_col = (int64_t)voff + 1;
			rc = lc_buf_append(&p->data, "", 0);
		}
		if (rc == LC_OK)
			rc = lc_buf_append(&p->data, l + voff, n - voff);
		if (rc != LC_OK) {
			rc = lc_error_set(err, rc, "line %lld: SSE event larger than %zu bytes",
					  (long long)p->lineno, p->max_event);
			goto out;
		}
	} else if (flen == 5 && memcmp(l, "event", 5) == 0) {
		set_field(p->type, sizeof p->type, l + voff, n - voff);
	} else if (flen == 2 && memcmp(l, "id", 2) == 0) {
		if (!memchr(l + voff, '\0', n - voff))
			set_field(p->id, sizeof p->id, l + voff, n - voff);
	} /* "retry" and unknown fields are ignored, as the spec says */
out:
	lc_buf_reset(&p->line);
	return rc;
}

int lc_sse_feed(lc_sse *p, const char *bytes, size_t n, lc_sse_fn fn, void *ctx, lc_error *err)
{
	size_t i = 0, start;
	int rc;

	if (n && p->cr_pending) {
		p->cr_pending = 0;
		if (bytes[0] == '\n')
			i = 1;
	}
	while (i < n) {
		start = i;
		while (i < n && bytes[i] != '\n' && bytes[i] != '\r')
			i++;
		if (i > start && lc_buf_append(&p->line, bytes + start, i - start) != LC_OK)
			return lc_error_set(err, LC_LIMIT, "line %lld: SSE line longer than %zu bytes",
					    (long long)p->lineno + 1, p->line.max);
		if (i == n)
			break;
		if (bytes[i] == '\r') {
			if (i + 1 < n) {
				if (bytes[i + 1] == '\n')
					i++;
			} else {
				p->cr_pending = 1;
			}
		}
		i++;
		if ((rc = process_line(p, fn, ctx, err)) != LC_OK)
			return rc;
	}
	return LC_OK;
}

int lc_sse_finish(lc_sse *p, lc_sse_fn fn, void *ctx, lc_error *err)
{
	(void)err;
	p->cr_pending = 0;
	if (p->line.len > 0) {
		/* the input stopped inside a line: that line and its event are incomplete */
		p->truncated = 1;
		lc_buf_reset(&p->line);
		reset_event(p);
		return LC_OK;
	}
	if (p->data_line)
		return dispatch(p, fn, ctx);
	reset_event(p);
	return LC_OK;
}
