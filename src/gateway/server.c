/*
 * server.c - client connections: accept (with a connection cap), read, frame one request at
 * a time (head, then a Content-Length or chunked body), enforce the header/body/idle
 * timeouts and size caps, write responses, keep-alive and pipelining.
 *
 * Nothing of a request reaches the proxy until its head and whole body have passed every
 * check, so a malformed or smuggling request is answered and the connection closed with
 * zero bytes sent upstream. While a request is in flight the connection keeps reading (up to
 * a small cap) only to notice a client that goes away.
 */
#include <stdlib.h>
#include <string.h>

#include "gateway/gw.h"

#define PIPELINE_MAX (64u * 1024) /* bytes buffered beyond the request in flight */
/* Responses queued to a client that does not read them: past WQ_HIGH the connection's
 * further pipelined requests wait (and reading stops) until the queue is under WQ_LOW. */
#define WQ_HIGH (1u << 20)
#define WQ_LOW (256u << 10)

static void on_read(uv_stream_t *s, ssize_t nread, const uv_buf_t *buf);
static void process(gw_conn *c);

/* ------------------------------------------------------------------ lifetime */

static void conn_free(gw_conn *c)
{
	lc_gateway *gw = c->gw;
	if (c->prev)
		c->prev->next = c->next;
	else
		gw->conns = c->next;
	if (c->next)
		c->next->prev = c->prev;
	gw->nconns--;
	lc_buf_free(&c->in);
	free(c);
}

static void on_handle_closed(uv_handle_t *h)
{
	gw_conn *c = h->data;
	if (--c->handles == 0)
		conn_free(c);
}

void gw_conn_close(gw_conn *c)
{
	if (!c || c->closing)
		return;
	c->closing = 1;
	if (c->req) {
		gw_req *r = c->req;
		c->req = NULL;
		gw_req_client_gone(r);
	}
	uv_close((uv_handle_t *)&c->timer, on_handle_closed);
	uv_close((uv_handle_t *)&c->tcp, on_handle_closed);
}

/* Timers are lazy: re-arming for every request cost a heap removal and insertion in
 * libuv (twice per request). arm() only records the deadline when the running timer is
 * due no later; a timer that fires early re-arms for what is left, one that fires with no
 * deadline (a request being served) does nothing. */
static void on_timeout(uv_timer_t *t)
{
	gw_conn *c = t->data;
	uint64_t now = uv_now(t->loop);
	if (!c->deadline)
		return;
	if (now < c->deadline) {
		uv_timer_start(&c->timer, on_timeout, c->deadline - now, 0);
		return;
	}
	c->deadline = 0;
	if (c->state == CONN_HEAD && c->in.len == 0) {
		gw_conn_close(c); /* idle keep-alive connection: close quietly */
		return;
	}
	if (c->state != CONN_BUSY) {
		gw_send_error(c, 408, "timeout", "request not received in time", NULL, NULL, 0);
		return;
	}
}

static void arm(gw_conn *c, int64_t ms)
{
	c->deadline = uv_now(c->timer.loop) + (uint64_t)ms;
	if (!uv_is_active((uv_handle_t *)&c->timer) || uv_timer_get_due_in(&c->timer) > (uint64_t)ms)
		uv_timer_start(&c->timer, on_timeout, (uint64_t)ms, 0);
}

/* Offer the free tail of c->in, growing it (doubling, up to its cap) when short. At the cap
 * the offer is empty, which libuv reports as UV_ENOBUFS: the connection is closed. */
static void alloc_cb(uv_handle_t *h, size_t hint, uv_buf_t *buf)
{
	gw_conn *c = h->data;
	size_t want = 4096, limit = c->in.max + 1; /* small first: most requests are */
	(void)hint;
	if (c->in.cap - c->in.len < want + 1 && c->in.cap < limit) {
		size_t ncap = c->in.cap * 2 > c->in.len + want + 1 ? c->in.cap * 2 : c->in.len + want + 1;
		char *p;
		if (ncap > limit)
			ncap = limit;
		p = realloc(c->in.data, ncap);
		if (p) {
			c->in.data = p;
			c->in.cap = ncap;
		}
	}
	buf->base = c->in.data ? c->in.data + c->in.len : NULL;
	buf->len = c->in.data && c->in.cap > c->in.len + 1 ? c->in.cap - c->in.len - 1 : 0;
}

static void on_connection(uv_stream_t *server, int status)
{
	lc_gateway *gw = server->data;
	gw_conn *c;
	if (status < 0)
		return;
	c = calloc(1, sizeof *c);
	if (!c)
		return;
	c->gw = gw;
	uv_tcp_init(&gw->loop, &c->tcp);
	uv_timer_init(&gw->loop, &c->timer);
	c->tcp.data = c->timer.data = c;
	c->handles = 2;
	c->next = gw->conns;
	if (gw->conns)
		gw->conns->prev = c;
	gw->conns = c;
	gw->nconns++;
	/* head + body + pipelined bytes; the real per-phase caps are checked in process() */
	lc_buf_init(&c->in, gw->cfg.max_head + gw->cfg.max_body + PIPELINE_MAX);
	if (uv_accept(server, (uv_stream_t *)&c->tcp) != 0) {
		gw_conn_close(c);
		return;
	}
	if (gw->nconns > gw->cfg.max_connections || gw->stopping) {
		gw_send_error(c, 503, "overloaded", "too many connections", NULL, NULL, 0);
		return;
	}
	uv_tcp_nodelay(&c->tcp, 1);
	arm(c, gw->cfg.header_timeout_ms);
	c->reading = 1;
	uv_read_start((uv_stream_t *)&c->tcp, alloc_cb, on_read);
}

int gw_server_listen(lc_gateway *gw, lc_error *err);
int gw_server_listen(lc_gateway *gw, lc_error *err)
{
	struct sockaddr_storage ss;
	struct sockaddr_in *a4 = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)&ss;
	int rc, len = sizeof ss;

	memset(&ss, 0, sizeof ss);
	if (uv_ip4_addr(gw->cfg.listen_host, gw->cfg.listen_port, a4) != 0 &&
	    uv_ip6_addr(gw->cfg.listen_host, gw->cfg.listen_port, a6) != 0)
		return lc_error_set(err, LC_INVAL, "listen address must be a numeric IP: %s",
				    gw->cfg.listen_host);
	uv_tcp_init(&gw->loop, &gw->listener);
	gw->listener.data = gw;
	if ((rc = uv_tcp_bind(&gw->listener, (struct sockaddr *)&ss, 0)) != 0 ||
	    (rc = uv_listen((uv_stream_t *)&gw->listener, 1024, on_connection)) != 0)
		return lc_error_set(err, LC_IO, "cannot listen on %s:%d: %s", gw->cfg.listen_host,
				    gw->cfg.listen_port, uv_strerror(rc));
	uv_tcp_getsockname(&gw->listener, (struct sockaddr *)&ss, &len);
	gw->port = ss.ss_family == AF_INET6 ? ntohs(a6->sin6_port) : ntohs(a4->sin_port);
	return 0;
}

/* ------------------------------------------------------------------ writing */

typedef struct wreq {
	uv_write_t w;
	size_t n;
	char data[];
} wreq;

static void on_written(uv_write_t *w, int status)
{
	gw_conn *c = w->handle->data;
	(void)status;
	free(w);
	if (!c || c->closing)
		return;
	if (c->req)
		gw_req_writable(c->req);
	else if (c->wq_wait &&
		 uv_stream_get_write_queue_size((uv_stream_t *)&c->tcp) < WQ_LOW) {
		c->wq_wait = 0;
		if (!c->reading) {
			c->reading = 1;
			uv_read_start((uv_stream_t *)&c->tcp, alloc_cb, on_read);
		}
		process(c);
	}
}

int gw_conn_write(gw_conn *c, const char *p, size_t n)
{
	return gw_conn_write2(c, p, n, NULL, 0);
}

int gw_conn_write2(gw_conn *c, const char *p, size_t n, const char *q, size_t m)
{
	wreq *w;
	uv_buf_t b;
	if (!c || c->closing)
		return -1;
	/* Most responses fit the socket buffer: write now (one writev for head and body),
	 * copy only what is left. */
	if (uv_stream_get_write_queue_size((uv_stream_t *)&c->tcp) == 0) {
		uv_buf_t t[2] = {uv_buf_init((char *)p, (unsigned)n), uv_buf_init((char *)q, (unsigned)m)};
		int k = uv_try_write((uv_stream_t *)&c->tcp, t, m ? 2 : 1);
		if (k == (int)(n + m))
			return 0;
		if (k > 0) {
			size_t d = (size_t)k < n ? (size_t)k : n;
			p += d;
			n -= d;
			if (m) {
				q += (size_t)k - d;
				m -= (size_t)k - d;
			}
		}
	}
	w = malloc(sizeof *w + n + m);
	if (!w)
		return -1;
	memcpy(w->data, p, n);
	if (m)
		memcpy(w->data + n, q, m);
	w->n = n + m;
	b = uv_buf_init(w->data, (unsigned)(n + m));
	if (uv_write(&w->w, (uv_stream_t *)&c->tcp, &b, 1, on_written) != 0) {
		free(w);
		gw_conn_close(c);
		return -1;
	}
	return 0;
}

static void on_shutdown(uv_shutdown_t *s, int status)
{
	gw_conn *c = s->data;
	(void)status;
	free(s);
	gw_conn_close(c);
}

/* The client is not reading its responses: hold its further requests (stop reading) until
 * on_written() sees the queue drained. One field read per request. */
static int wq_full(gw_conn *c)
{
	if (uv_stream_get_write_queue_size((uv_stream_t *)&c->tcp) <= WQ_HIGH)
		return 0;
	c->wq_wait = 1;
	if (c->reading) {
		uv_read_stop((uv_stream_t *)&c->tcp);
		c->reading = 0;
	}
	return 1;
}

void gw_conn_done(gw_conn *c, int keep_alive)
{
	if (!c || c->closing)
		return;
	if (c->req) {
		/* answered by the server itself (413, 408...) before the proxy had it */
		gw_req *r = c->req;
		c->req = NULL;
		gw_req_client_gone(r);
	}
	if (!keep_alive || c->gw->stopping) {
		/* flush queued writes, then close */
		uv_shutdown_t *s = malloc(sizeof *s);
		uv_read_stop((uv_stream_t *)&c->tcp);
		c->state = CONN_BUSY;
		if (!s || uv_shutdown(s, (uv_stream_t *)&c->tcp, on_shutdown) != 0) {
			free(s);
			gw_conn_close(c);
		} else {
			s->data = c;
		}
		return;
	}
	c->state = CONN_HEAD;
	c->scan = 0;
	arm(c, c->in.len ? c->gw->cfg.header_timeout_ms : c->gw->cfg.idle_timeout_ms);
	if (!c->reading && !wq_full(c)) {
		c->reading = 1;
		uv_read_start((uv_stream_t *)&c->tcp, alloc_cb, on_read);
	}
	/* the next pipelined request: run by the process() loop below us on the stack when
	 * there is one (never a recursion per request), else now */
	if (c->in.len)
		process(c);
}

/* ------------------------------------------------------------------ reading */

static void consume(gw_conn *c, size_t n)
{
	memmove(c->in.data, c->in.data + n, c->in.len - n);
	c->in.len -= n;
	c->in.data[c->in.len] = '\0';
}

static int body_append(void *ctx, const char *p, size_t n)
{
	return lc_buf_append(ctx, p, n) ? -1 : 0;
}

static void dispatch(gw_conn *c)
{
	c->state = CONN_BUSY;
	c->deadline = 0; /* the timer may still fire: it finds no deadline */
	gw_req_start(c->req);
}

/* Advance the connection's state machine over the bytes in c->in: one request's head and
 * body at most. */
static void step(gw_conn *c)
{
	lc_gateway *gw = c->gw;

	if (c->state == CONN_HEAD) {
		gw_head h;
		int status = 0;
		lc_error err;
		int n = gw_http_parse_head(c->in.data, c->in.len, 1, &gw->lim, &c->scan, &h, &status);
		if (n == 0)
			return;
		if (n < 0) {
			gw_send_error(c, status, "invalid_request", gw_http_reason(status), NULL, NULL, 0);
			return;
		}
		if (h.content_length > 0 && (uint64_t)h.content_length > gw->cfg.max_body) {
			gw_send_error(c, 413, "invalid_request", "request body too large", NULL, NULL, 0);
			return;
		}
		c->req = gw_req_new(c, &h, &err);
		if (!c->req) {
			gw_send_error(c, err.code == LC_LIMIT ? 431 : 400, "invalid_request", err.msg,
				      NULL, NULL, 0);
			return;
		}
		c->body_left = h.chunked ? -1 : (h.content_length > 0 ? h.content_length : 0);
		memset(&c->ch, 0, sizeof c->ch);
		if (h.expect_continue)
			gw_conn_write(c, "HTTP/1.1 100 Continue\r\n\r\n", 25);
		consume(c, (size_t)n);
		c->state = CONN_BODY;
		arm(c, gw->cfg.header_timeout_ms); /* a slow body is timed like a slow head */
	}
	if (c->state == CONN_BODY) {
		lc_buf *body = gw_req_body(c->req);
		if (c->body_left >= 0) {
			size_t n = c->in.len < (uint64_t)c->body_left ? c->in.len : (size_t)c->body_left;
			if (n && lc_buf_append(body, c->in.data, n)) {
				gw_send_error(c, 413, "invalid_request", "request body too large", NULL,
					      NULL, 0);
				return;
			}
			consume(c, n);
			c->body_left -= (int64_t)n;
			if (c->body_left == 0)
				dispatch(c);
		} else {
			long n = gw_chunked_feed(&c->ch, c->in.data, c->in.len, body_append, body);
			if (n < 0) {
				int too_big = body->len >= body->max;
				gw_send_error(c, too_big ? 413 : 400, "invalid_request",
					      too_big ? "request body too large" : "bad chunked encoding",
					      NULL, NULL, 0);
				return;
			}
			consume(c, (size_t)n);
			if (c->ch.done)
				dispatch(c);
		}
	}
}

/* Run step() over the buffered requests, one after the other. A request answered at once
 * (healthz, a refusal, a cache hit) calls gw_conn_done() -> process() from inside step():
 * that nested call only asks this loop for another turn, so a burst of pipelined requests
 * costs a loop iteration each, not a stack frame each. A new request waits while the
 * client's write queue is over WQ_HIGH. */
static void process(gw_conn *c)
{
	if (c->in_process) {
		c->again = 1;
		return;
	}
	c->in_process = 1;
	do {
		c->again = 0;
		if (c->closing || (c->state == CONN_HEAD && c->in.len && wq_full(c)))
			break;
		step(c);
	} while (c->again);
	c->in_process = 0;
}

static void on_read(uv_stream_t *s, ssize_t nread, const uv_buf_t *buf)
{
	gw_conn *c = s->data;
	(void)buf;
	if (nread < 0) {
		gw_conn_close(c);
		return;
	}
	if (nread == 0)
		return;
	/* The first byte of a head on a kept-alive connection: from now the head is timed by
	 * header_timeout_ms, not by the (longer) idle timeout. */
	if (c->state == CONN_HEAD && c->in.len == 0)
		arm(c, c->gw->cfg.header_timeout_ms);
	c->in.len += (size_t)nread;
	c->in.data[c->in.len] = '\0';
	if (c->state == CONN_BUSY) {
		/* Pipelined bytes wait; too many and we stop reading (flow control). */
		if (c->in.len > PIPELINE_MAX) {
			uv_read_stop(s);
			c->reading = 0;
		}
		return;
	}
	if (c->state == CONN_HEAD && c->in.len > c->gw->cfg.max_head + 4 &&
	    !memmem(c->in.data, c->in.len, "\r\n\r\n", 4)) {
		gw_send_error(c, 431, "invalid_request", "request header too large", NULL, NULL, 0);
		return;
	}
	process(c);
}

void gw_new_id(lc_gateway *gw, char *out, size_t cap)
{
	/* "gw-<instance>-<seq>", built by hand: one per request, and snprintf was ~1k
	 * instructions of it. */
	char tmp[GW_ID_MAX];
	size_t il = strnlen(gw->instance, sizeof gw->instance), n = 0;
	memcpy(tmp, "gw-", 3);
	n = 3;
	memcpy(tmp + n, gw->instance, il);
	n += il;
	tmp[n++] = '-';
	n += gw_fmt_u64(tmp + n, ++gw->seq);
	tmp[n] = '\0';
	gw_copy(out, cap, tmp);
}
