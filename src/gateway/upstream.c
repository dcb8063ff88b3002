/*
 * upstream.c - the upstream HTTP/1.1 client over libuv TCP, with a keep-alive pool per
 * provider. It writes a request prepared by the proxy, parses the response with the same
 * strict codec as client requests (http.c), and hands the head and the de-chunked body to
 * the proxy as they arrive, so streams pass through without buffering.
 *
 * A pooled connection the server closed while idle fails before its first response byte;
 * such a failure is reported with got_bytes == 0 so the proxy may retry on a fresh one.
 * Provider addresses are resolved once at start-up (gateway.c): a client can never choose
 * where a request goes, and DNS cannot be re-pointed under a running gateway.
 */
#include <stdlib.h>
#include <string.h>

#include "gateway/gw.h"

#define UP_HEAD_MAX (64u * 1024)
#define UP_IDLE_MAX 256 /* pooled connections per provider */

static void up_read(uv_stream_t *s, ssize_t nread, const uv_buf_t *buf);
static void up_timeout(uv_timer_t *t);

/* Time an exchange: fail it after upstream_timeout_ms without a read. Lazy, like the
 * client timers (server.c): a read only records its time, the end of an exchange only
 * clears `timing`, and a timer that fires early re-arms for what is left. */
static void up_arm(gw_ups *u)
{
	u->timing = 1;
	u->last_io = uv_now(&u->gw->loop);
	if (!uv_is_active((uv_handle_t *)&u->timer))
		uv_timer_start(&u->timer, up_timeout, (uint64_t)u->gw->cfg.upstream_timeout_ms, 0);
}

static void up_closed(uv_handle_t *h)
{
	gw_ups *u = h->data;
	if (--u->handles == 0) {
		lc_buf_free(&u->in);
		free(u->pending);
		free(u);
	}
}

static void up_close(gw_ups *u)
{
	if (u->closing)
		return;
	u->closing = 1;
	u->req = NULL;
	uv_close((uv_handle_t *)&u->timer, up_closed);
	uv_close((uv_handle_t *)&u->tcp, up_closed);
}

/* Remove u from its provider's idle list (when there). */
static void unpool(gw_ups *u)
{
	gw_ups **pp = &u->gw->idle[u->provider];
	for (; *pp; pp = &(*pp)->next)
		if (*pp == u) {
			*pp = u->next;
			u->gw->nidle[u->provider]--;
			break;
		}
	u->next = NULL;
}

/* The exchange ended: report to the proxy (once), then pool or close.
 * The proxy's free retry ("got nothing": got == 0) is offered only when the request may not
 * have reached the provider: a pooled connection that failed before any byte (the server
 * closed it while idle), or a connect that failed. A fresh connection that took the
 * request, or any exchange that timed out, may have been processed: retrying it would run
 * (and bill) it twice outside max_attempts.
 * A connection whose request is still being written (an upstream that answered early, e.g.
 * 401 after the head) is closed, never pooled: the next request would queue behind, and
 * free, the buffer being written. */
static void finish(gw_ups *u, int err)
{
	gw_req *r = u->req;
	int got = u->got_bytes || u->timed_out || (u->connected && !u->reused);
	u->req = NULL;
	u->timing = 0;
	u->timed_out = 0;
	if (!err && u->keep_alive && !u->closing && !u->gw->stopping && !u->writing &&
	    u->gw->nidle[u->provider] < UP_IDLE_MAX) {
		lc_buf_reset(&u->in);
		u->scan = 0;
		u->have_head = 0;
		u->reused = 1;
		u->next = u->gw->idle[u->provider];
		u->gw->idle[u->provider] = u;
		u->gw->nidle[u->provider]++;
	} else {
		up_close(u);
	}
	if (r)
		gw_proxy_up_done(r, err, got);
}

static void up_timeout(uv_timer_t *t)
{
	gw_ups *u = t->data;
	uint64_t now = uv_now(t->loop), due = u->last_io + (uint64_t)u->gw->cfg.upstream_timeout_ms;
	if (!u->timing)
		return;
	if (now < due) {
		uv_timer_start(&u->timer, up_timeout, due - now, 0);
		return;
	}
	u->timed_out = 1;
	u->keep_alive = 0;
	finish(u, LC_UPSTREAM);
}

static void up_alloc(uv_handle_t *h, size_t hint, uv_buf_t *buf)
{
	static char slab[65536]; /* the loop is single-threaded; data is consumed in up_read */
	(void)h;
	(void)hint;
	buf->base = slab;
	buf->len = sizeof slab;
}

static int body_out(void *ctx, const char *p, size_t n)
{
	gw_ups *u = ctx;
	if (u->req && n)
		gw_proxy_up_body(u->req, p, n);
	return 0;
}

/* Feed body bytes; returns 1 when the response is complete, -1 on a framing error. */
static int feed_body(gw_ups *u, const char *p, size_t n)
{
	if (u->chunked) {
		long k = gw_chunked_feed(&u->ch, p, n, body_out, u);
		if (k < 0)
			return -1;
		if (u->ch.done)
			return (size_t)k == n ? 1 : -1; /* bytes after the body: not ours */
		return 0;
	}
	if (u->remain < 0) {
		body_out(u, p, n);
		return 0;
	}
	if ((uint64_t)n > (uint64_t)u->remain)
		return -1;
	body_out(u, p, n);
	u->remain -= (int64_t)n;
	return u->remain == 0;
}

static void up_read(uv_stream_t *s, ssize_t nread, const uv_buf_t *buf)
{
	gw_ups *u = s->data;
	int rc;

	if (!u->req) {
		/* idle pooled connection: any byte or EOF means it is unusable */
		unpool(u);
		up_close(u);
		return;
	}
	if (nread < 0) {
		/* close-delimited body: EOF is the end */
		if (nread == UV_EOF && u->have_head && !u->chunked && u->remain < 0) {
			u->keep_alive = 0;
			finish(u, 0);
		} else {
			u->keep_alive = 0;
			finish(u, LC_UPSTREAM);
		}
		return;
	}
	if (nread == 0)
		return;
	u->got_bytes = 1;
	u->last_io = uv_now(&u->gw->loop);
	if (!u->have_head) {
		gw_http_limits lim = {UP_HEAD_MAX, GW_HDR_MAX, 8192};
		gw_head h;
		int status = 0, n;
		if (lc_buf_append(&u->in, buf->base, (size_t)nread)) {
			u->keep_alive = 0;
			finish(u, LC_UPSTREAM);
			return;
		}
		n = gw_http_parse_head(u->in.data, u->in.len, 0, &lim, &u->scan, &h, &status);
		if (n == 0)
			return;
		if (n < 0 || h.status < 200) {
			u->keep_alive = 0;
			finish(u, LC_UPSTREAM);
			return;
		}
		u->have_head = 1;
		u->status = h.status;
		u->keep_alive = h.keep_alive;
		u->chunked = h.chunked;
		u->remain = h.chunked ? 0 : h.content_length;
		if (h.status == 204 || h.status == 304)
			u->remain = 0;
		if (u->remain < 0)
			u->keep_alive = 0;
		memset(&u->ch, 0, sizeof u->ch);
		gw_proxy_up_head(u->req, &h);
		if (!u->req) {
			return; /* the proxy aborted */
		}
		if (!u->chunked && u->remain == 0) {
			finish(u, (size_t)n == u->in.len ? 0 : LC_UPSTREAM);
			return;
		}
		rc = feed_body(u, u->in.data + n, u->in.len - (size_t)n);
	} else {
		rc = feed_body(u, buf->base, (size_t)nread);
	}
	if (!u->req)
		return;
	if (rc < 0) {
		u->keep_alive = 0;
		finish(u, LC_UPSTREAM);
	} else if (rc > 0) {
		finish(u, 0);
	}
}

static void up_written(uv_write_t *w, int status)
{
	gw_ups *u = w->data;
	free(w);
	u->writing--;
	if (status < 0 && u->req && !u->closing) {
		u->keep_alive = 0;
		finish(u, LC_UPSTREAM);
	}
}

static int up_write(gw_ups *u, char *data, size_t n)
{
	uv_write_t *w = malloc(sizeof *w);
	uv_buf_t b = uv_buf_init(data, (unsigned)n);
	if (!w)
		return LC_NOMEM;
	w->data = u;
	/* try_write first: on a warm connection the whole request usually fits */
	int k = uv_try_write((uv_stream_t *)&u->tcp, &b, 1);
	if (k == (int)n) {
		free(w);
		free(data);
		return 0;
	}
	if (k > 0) {
		memmove(data, data + k, n - (size_t)k);
		b = uv_buf_init(data, (unsigned)(n - (size_t)k));
	}
	/* the buffer must outlive the write: keep it as pending until the connection closes */
	free(u->pending);
	u->pending = data;
	if (uv_write(w, (uv_stream_t *)&u->tcp, &b, 1, up_written) != 0) {
		free(w);
		return LC_UPSTREAM;
	}
	u->writing++;
	return 0;
}

static void up_connected(uv_connect_t *cr, int status)
{
	gw_ups *u = cr->data;
	char *data = u->pending;
	size_t n = u->npending;
	if (u->closing)
		return;
	if (status < 0) {
		u->keep_alive = 0;
		finish(u, LC_UPSTREAM);
		return;
	}
	u->connected = 1;
	uv_tcp_nodelay(&u->tcp, 1);
	u->pending = NULL;
	uv_read_start((uv_stream_t *)&u->tcp, up_alloc, up_read);
	if (up_write(u, data, n)) {
		u->keep_alive = 0;
		finish(u, LC_UPSTREAM);
	}
}

int gw_ups_send(lc_gateway *gw, int provider, gw_req *r, const char *data, size_t len,
		gw_ups **out)
{
	gw_ups *u = gw->idle[provider];
	char *copy;

	if (u) {
		uv_buf_t t = uv_buf_init((char *)data, (unsigned)len);
		int k;
		unpool(u);
		u->req = r;
		u->got_bytes = 0;
		u->status = 0;
		*out = u;
		up_arm(u);
		/* a warm connection usually takes the whole request at once: no copy */
		k = uv_try_write((uv_stream_t *)&u->tcp, &t, 1);
		if (k == (int)len)
			return 0;
		if (k > 0) {
			data += k;
			len -= (size_t)k;
		}
		if (!(copy = malloc(len ? len : 1))) {
			*out = NULL;
			u->req = NULL;
			up_close(u);
			return LC_NOMEM;
		}
		memcpy(copy, data, len);
		if (up_write(u, copy, len)) {
			*out = NULL;
			u->req = NULL;
			up_close(u);
			return LC_UPSTREAM;
		}
		return 0;
	}
	copy = malloc(len ? len : 1);
	u = calloc(1, sizeof *u);
	if (!u || !copy) {
		free(u);
		free(copy);
		return LC_NOMEM;
	}
	memcpy(copy, data, len);
	u->gw = gw;
	u->provider = provider;
	u->req = r;
	lc_buf_init(&u->in, UP_HEAD_MAX);
	uv_tcp_init(&gw->loop, &u->tcp);
	uv_timer_init(&gw->loop, &u->timer);
	u->tcp.data = u->timer.data = u->creq.data = u;
	u->handles = 2;
	u->pending = copy;
	u->npending = len;
	up_arm(u);
	if (uv_tcp_connect(&u->creq, &u->tcp, (struct sockaddr *)&gw->up_addr[provider],
			   up_connected) != 0) {
		u->req = NULL;
		up_close(u);
		return LC_UPSTREAM;
	}
	*out = u;
	return 0;
}

void gw_ups_abort(gw_ups *u)
{
	if (!u)
		return;
	u->req = NULL;
	u->keep_alive = 0;
	u->timing = 0;
	uv_timer_stop(&u->timer);
	up_close(u);
}

void gw_ups_pause(gw_ups *u, int on)
{
	if (!u || u->closing)
		return;
	/* Paused, the upstream cannot be idle by its own fault: the exchange is not timed
	 * while we do not read (a slow client is not a dead provider), and timed afresh from
	 * the resume. */
	if (on) {
		uv_read_stop((uv_stream_t *)&u->tcp);
		u->timing = 0;
	} else {
		uv_read_start((uv_stream_t *)&u->tcp, up_alloc, up_read);
		if (u->req)
			up_arm(u);
	}
}

void gw_ups_close_idle(lc_gateway *gw)
{
	for (int i = 0; i < GW_MAX_PROVIDERS; i++)
		while (gw->idle[i]) {
			gw_ups *u = gw->idle[i];
			unpool(u);
			up_close(u);
		}
}
