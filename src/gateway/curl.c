/*
 * curl.c - the HTTPS upstream client: libcurl's multi interface driven by the gateway's
 * libuv loop (uv_poll per socket, one uv_timer for curl's timeouts), so TLS providers get
 * pooled keep-alive connections without a thread. It speaks to the proxy exactly like the
 * plain-TCP client in upstream.c: head, de-chunked body bytes as they arrive, done.
 *
 * The proxy prepares one raw HTTP/1.1 request for both clients; here it is taken apart into
 * URL, headers and body. HTTP/2 is offered to https providers (ALPN; `http2: false` forces
 * HTTP/1.1), and concurrent calls are multiplexed on one connection; the answer's status
 * line is rewritten to HTTP/1.1's form for the same strict head codec. Redirects are not
 * followed, only http and https are allowed, and the provider's address is pinned to the
 * one resolved and checked at start-up (CURLOPT_RESOLVE), so DNS cannot be re-pointed at a
 * private address under a running gateway. Certificates are always
 * verified (peer and host name), against the provider's ca_file when it names one; a failed
 * verification is reported as LC_DENIED so the client's 502 says why.
 */
#include <curl/curl.h>
#include <stdlib.h>
#include <string.h>

#include "gateway/gw.h"

struct gw_curl {
	CURLM *multi;
	uv_timer_t timer;
	lc_gateway *gw;
	int closing;
};

typedef struct xfer {
	CURL *easy;
	gw_curl *c;
	gw_req *req;             /* NULL once aborted */
	struct curl_slist *headers, *resolve;
	char *body;
	lc_buf head;             /* response header block, parsed at its blank line */
	int got_head, got_bytes;
} xfer;

typedef struct sock {
	uv_poll_t poll;
	curl_socket_t fd;
	gw_curl *c;
} sock;

/* ------------------------------------------------------------------ completion */

static void xfer_free(xfer *x)
{
	curl_multi_remove_handle(x->c->multi, x->easy);
	curl_easy_cleanup(x->easy);
	curl_slist_free_all(x->headers);
	curl_slist_free_all(x->resolve);
	free(x->body);
	lc_buf_free(&x->head);
	free(x);
}

static void check_done(gw_curl *c)
{
	CURLMsg *m;
	int left;
	while ((m = curl_multi_info_read(c->multi, &left))) {
		xfer *x = NULL;
		gw_req *r;
		int ok;
		if (m->msg != CURLMSG_DONE)
			continue;
		curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&x);
		ok = m->data.result == CURLE_OK && x->got_head;
		r = x->req;
		x->req = NULL;
		{
			/* The proxy's free retry (got == 0) only when the request cannot have been
			 * processed: nothing received, and either the connect failed or a reused
			 * connection failed (closed while idle). A timeout, or a fresh connection
			 * that took the request, counts as an attempt (see upstream.c: finish). */
			CURLcode rc = m->data.result;
			int got = x->got_bytes || rc == CURLE_OPERATION_TIMEDOUT;
			int why = rc == CURLE_PEER_FAILED_VERIFICATION ? LC_DENIED : LC_UPSTREAM;
			if (!got && !ok && rc != CURLE_COULDNT_CONNECT) {
				long conns = 0;
				curl_easy_getinfo(m->easy_handle, CURLINFO_NUM_CONNECTS, &conns);
				got = conns > 0;
			}
			xfer_free(x);
			if (r)
				gw_proxy_up_done(r, ok ? 0 : why, got);
		}
	}
}

/* ------------------------------------------------------------------ libuv glue */

static void on_poll(uv_poll_t *p, int status, int events)
{
	sock *s = p->data;
	int running, flags = 0;
	if (status < 0)
		flags = CURL_CSELECT_ERR;
	if (events & UV_READABLE)
		flags |= CURL_CSELECT_IN;
	if (events & UV_WRITABLE)
		flags |= CURL_CSELECT_OUT;
	curl_multi_socket_action(s->c->multi, s->fd, flags, &running);
	check_done(s->c);
}

static void on_timer(uv_timer_t *t)
{
	gw_curl *c = t->data;
	int running;
	curl_multi_socket_action(c->multi, CURL_SOCKET_TIMEOUT, 0, &running);
	check_done(c);
}

static int timer_cb(CURLM *multi, long ms, void *userp)
{
	gw_curl *c = userp;
	(void)multi;
	if (ms < 0)
		uv_timer_stop(&c->timer);
	else
		uv_timer_start(&c->timer, on_timer, (uint64_t)ms, 0);
	return 0;
}

static void sock_closed(uv_handle_t *h)
{
	free(h->data);
}

static int socket_cb(CURL *easy, curl_socket_t fd, int what, void *userp, void *socketp)
{
	gw_curl *c = userp;
	sock *s = socketp;
	int ev = 0;
	(void)easy;
	if (what == CURL_POLL_REMOVE) {
		if (s) {
			uv_poll_stop(&s->poll);
			uv_close((uv_handle_t *)&s->poll, sock_closed);
			curl_multi_assign(c->multi, fd, NULL);
		}
		return 0;
	}
	if (!s) {
		s = calloc(1, sizeof *s);
		if (!s)
			return -1;
		s->fd = fd;
		s->c = c;
		uv_poll_init_socket(&c->gw->loop, &s->poll, fd);
		s->poll.data = s;
		curl_multi_assign(c->multi, fd, s);
	}
	if (what == CURL_POLL_IN || what == CURL_POLL_INOUT)
		ev |= UV_READABLE;
	if (what == CURL_POLL_OUT || what == CURL_POLL_INOUT)
		ev |= UV_WRITABLE;
	uv_poll_start(&s->poll, ev, on_poll);
	return 0;
}

/* ------------------------------------------------------------------ response */

static size_t on_header(char *p, size_t size, size_t n, void *userp)
{
	xfer *x = userp;
	size_t len = size * n;
	if (!x->req)
		return 0;
	x->got_bytes = 1;
	if (len >= 5 && !memcmp(p, "HTTP/", 5))
		lc_buf_reset(&x->head); /* a new status line (after 100 Continue) */
	if (len >= 10 && (!memcmp(p, "HTTP/2 ", 7) || !memcmp(p, "HTTP/3 ", 7))) {
		/* curl shows an HTTP/2 answer as "HTTP/2 200": the head parser (HTTP/1.1 only,
		 * strict) gets the same status as a 1.1 line; the framing is curl's business */
		char line[16];
		memcpy(line, "HTTP/1.1 ", 9);
		memcpy(line + 9, p + 7, 3);
		memcpy(line + 12, "\r\n", 2);
		if (lc_buf_append(&x->head, line, 14))
			return 0;
		return len;
	}
	if (lc_buf_append(&x->head, p, len))
		return 0;
	if (len == 2 && p[0] == '\r' && p[1] == '\n') {
		gw_http_limits lim = {64u << 10, GW_HDR_MAX, 8192};
		gw_head h;
		size_t scan = 0;
		int status = 0;
		if (gw_http_parse_head(x->head.data, x->head.len, 0, &lim, &scan, &h, &status) <= 0)
			return 0;
		if (h.status < 200)
			return len;
		x->got_head = 1;
		gw_proxy_up_head(x->req, &h);
	}
	return len;
}

static size_t on_body(char *p, size_t size, size_t n, void *userp)
{
	xfer *x = userp;
	if (!x->req)
		return 0; /* aborted: make curl stop */
	gw_proxy_up_body(x->req, p, size * n);
	return x->req ? size * n : 0;
}

/* ------------------------------------------------------------------ requests */

int gw_curl_new(lc_gateway *gw, gw_curl **out, lc_error *err)
{
	gw_curl *c = calloc(1, sizeof *c);
	*out = NULL;
	if (!c || curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK || !(c->multi = curl_multi_init())) {
		free(c);
		return lc_error_set(err, LC_INTERNAL, "cannot initialise libcurl");
	}
	c->gw = gw;
	uv_timer_init(&gw->loop, &c->timer);
	uv_unref((uv_handle_t *)&c->timer); /* transfers keep the loop alive, not the timer */
	c->timer.data = c;
	curl_multi_setopt(c->multi, CURLMOPT_SOCKETFUNCTION, socket_cb);
	curl_multi_setopt(c->multi, CURLMOPT_SOCKETDATA, c);
	curl_multi_setopt(c->multi, CURLMOPT_TIMERFUNCTION, timer_cb);
	curl_multi_setopt(c->multi, CURLMOPT_TIMERDATA, c);
	curl_multi_setopt(c->multi, CURLMOPT_MAX_HOST_CONNECTIONS, 256L);
	curl_multi_setopt(c->multi, CURLMOPT_PIPELINING, (long)CURLPIPE_MULTIPLEX);
	*out = c;
	return 0;
}

static void timer_closed(uv_handle_t *h)
{
	gw_curl *c = h->data;
	curl_multi_cleanup(c->multi);
	free(c);
}

void gw_curl_free(gw_curl *c)
{
	if (!c || c->closing)
		return;
	c->closing = 1;
	uv_timer_stop(&c->timer);
	uv_close((uv_handle_t *)&c->timer, timer_closed);
}

/* Take the proxy's raw request apart: the request line gives the target, the header lines
 * go to curl except the ones it sets itself, the rest is the body. */
int gw_curl_send(gw_curl *c, int provider, gw_req *r, const char *raw, size_t len, void **out)
{
	lc_gateway *gw = c->gw;
	gw_provider *p = &gw->cfg.providers[provider];
	const char *sp1 = memchr(raw, ' ', len), *sp2, *eol, *end, *line;
	char url[1024], pin[300], ip[64] = "";
	xfer *x;

	*out = NULL;
	end = memmem(raw, len, "\r\n\r\n", 4);
	if (!sp1 || !end || !(sp2 = memchr(sp1 + 1, ' ', (size_t)(end - sp1))))
		return LC_INTERNAL;
	eol = memmem(raw, len, "\r\n", 2);
	x = calloc(1, sizeof *x);
	if (!x || !(x->easy = curl_easy_init())) {
		free(x);
		return LC_NOMEM;
	}
	x->c = c;
	x->req = r;
	lc_buf_init(&x->head, 64u << 10);
	snprintf(url, sizeof url, "%s://%s:%d%.*s", p->tls ? "https" : "http", p->host, p->port,
		 (int)(sp2 - sp1 - 1), sp1 + 1);
	for (line = eol + 2; line < end; line = eol + 2) {
		char h[1024];
		eol = memmem(line, (size_t)(end + 2 - line), "\r\n", 2);
		if ((size_t)(eol - line) >= sizeof h)
			continue;
		if (!strncasecmp(line, "Host:", 5) || !strncasecmp(line, "Content-Length:", 15))
			continue;
		snprintf(h, sizeof h, "%.*s", (int)(eol - line), line);
		x->headers = curl_slist_append(x->headers, h);
	}
	x->headers = curl_slist_append(x->headers, "Expect:"); /* no 100-continue round trip */
	x->body = malloc(len - (size_t)(end + 4 - raw) + 1);
	if (!x->body) {
		xfer_free(x);
		return LC_NOMEM;
	}
	memcpy(x->body, end + 4, len - (size_t)(end + 4 - raw));
	{
		const struct sockaddr *sa = (const struct sockaddr *)&gw->up_addr[provider];
		if (sa->sa_family == AF_INET)
			uv_ip4_name((const struct sockaddr_in *)sa, ip, sizeof ip);
		else if (sa->sa_family == AF_INET6)
			uv_ip6_name((const struct sockaddr_in6 *)sa, ip, sizeof ip);
		if (ip[0]) {
			snprintf(pin, sizeof pin, sa->sa_family == AF_INET6 ? "%s:%d:[%s]" : "%s:%d:%s",
				 p->host, p->port, ip);
			x->resolve = curl_slist_append(NULL, pin);
			curl_easy_setopt(x->easy, CURLOPT_RESOLVE, x->resolve);
		}
	}
	curl_easy_setopt(x->easy, CURLOPT_URL, url);
	curl_easy_setopt(x->easy, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(x->easy, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(x->easy, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(x->easy, CURLOPT_SSL_VERIFYHOST, 2L);
	if (p->ca_file[0])
		curl_easy_setopt(x->easy, CURLOPT_CAINFO, p->ca_file);
	if (p->http2) {
		/* HTTP/2 when the provider's TLS handshake offers it (ALPN), else HTTP/1.1; a
		 * call waits for a connection's HTTP/2 answer rather than opening another, so
		 * concurrent calls share one connection instead of one each. */
		curl_easy_setopt(x->easy, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_2TLS);
		curl_easy_setopt(x->easy, CURLOPT_PIPEWAIT, 1L);
	} else {
		curl_easy_setopt(x->easy, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_1_1);
	}
	curl_easy_setopt(x->easy, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(x->easy, CURLOPT_POST, 1L);
	curl_easy_setopt(x->easy, CURLOPT_POSTFIELDS, x->body);
	curl_easy_setopt(x->easy, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)(len - (size_t)(end + 4 - raw)));
	curl_easy_setopt(x->easy, CURLOPT_HTTPHEADER, x->headers);
	curl_easy_setopt(x->easy, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(x->easy, CURLOPT_HEADERDATA, x);
	curl_easy_setopt(x->easy, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(x->easy, CURLOPT_WRITEDATA, x);
	curl_easy_setopt(x->easy, CURLOPT_PRIVATE, x);
	curl_easy_setopt(x->easy, CURLOPT_ACCEPT_ENCODING, NULL);
	/* nothing received for this long fails the call; a long stream that keeps talking is fine */
	curl_easy_setopt(x->easy, CURLOPT_LOW_SPEED_LIMIT, 1L);
	curl_easy_setopt(x->easy, CURLOPT_LOW_SPEED_TIME, (long)(gw->cfg.upstream_timeout_ms / 1000 + 1));
	curl_easy_setopt(x->easy, CURLOPT_CONNECTTIMEOUT_MS, 10000L);
	if (curl_multi_add_handle(c->multi, x->easy) != CURLM_OK) {
		xfer_free(x);
		return LC_UPSTREAM;
	}
	*out = x;
	return 0;
}

void gw_curl_pause(void *handle, int on)
{
	xfer *x = handle;
	if (x)
		curl_easy_pause(x->easy, on ? CURLPAUSE_RECV : CURLPAUSE_CONT);
}

void gw_curl_abort(void *handle)
{
	xfer *x = handle;
	if (x)
		x->req = NULL; /* the next callback returns 0; curl ends it and check_done frees */
}
