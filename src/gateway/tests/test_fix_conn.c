/*
 * test_fix_conn.c - regression tests for review findings, connection layer (the adversarial
 * review of 2026-11-29: server.c, upstream.c, curl.c, gateway.c). Each TEST pins a behaviour
 * the review showed missing - bounded memory and stack for pipelined requests, timeouts that
 * measure the right party, no resend of a delivered request, a bounded graceful stop, no body
 * buffered for an unauthenticated request - on the black-box rig (gwtest.h): a real gateway
 * in front of the mock upstream (or a raw one) on loopback.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "gateway/proxy.h"
#include "gwtest.h"
#include "tests/harness.h"

#define CHAT "/v1/chat/completions"

/*
 * A stream paused for a slow client (flow control: forward.c pauses the upstream when over
 * 1 MiB is queued to the client) is not timed as upstream idleness: upstream.c stops the
 * exchange timer while paused (gw_ups_pause) and times afresh from the resume, as libcurl
 * does for a paused transfer. A client that reads after 1.5 s, with upstream_timeout_ms 300,
 * gets the whole stream, properly terminated, and the row has the stream's full usage
 * (no reason=upstream_cut estimate). Both upstream clients (plain TCP and curl) are tested.
 */
static void slow_reader(void)
{
	rig r;
	char req[512], buf[65536];
	const char *body = "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"messages\":[],"
			   "\"x\":\"[mock:events=60000][mock:usage=5/60000]\"}";
	lc_buf in;
	lc_record *rows;
	int fd, n;
	CHECK_INT(rig_start(&r, "limits:\n  upstream_timeout_ms: 300\n"), 0);
	n = snprintf(req, sizeof req, "POST " CHAT " HTTP/1.1\r\nHost: a\r\nAuthorization: Bearer %s\r\n"
				      "Connection: close\r\nContent-Length: %zu\r\n\r\n%s",
		     r.key, strlen(body), body);
	fd = gw_dial(r.port);
	CHECK(fd >= 0);
	CHECK_INT(send(fd, req, (size_t)n, 0), n);
	for (int i = 0; i < 100 && r.gw->npaused < 1; i++)
		usleep(50 * 1000);
	CHECK(r.gw->npaused >= 1);
	usleep(1500 * 1000); /* a slow client: 1.5 s without reading (> upstream_timeout_ms) */
	lc_buf_init(&in, 64u << 20);
	for (;;) {
		ssize_t k = recv(fd, buf, sizeof buf, 0);
		if (k <= 0)
			break;
		lc_buf_append(&in, buf, (size_t)k);
	}
	close(fd);
	rig_stop(&r);
	CHECK_INT(rig_rows(&r, &rows, &n), 0);
	CHECK_INT(n, 1);
	/* today: reason=upstream_cut, an estimate from the bytes delivered */
	CHECK(lc_usage_get_tag(&rows[0].usage, "reason") == NULL);
	CHECK_INT(rows[0].usage.output_tokens, 60000);
	free(rows);
	/* the whole stream, properly terminated (today: cut, queued bytes dropped) */
	CHECK(in.len > 5 && memcmp(in.data + in.len - 5, "0\r\n\r\n", 5) == 0);
	lc_buf_free(&in);
}

TEST(gw_conn_slow_reader_metered_as_upstream_cut)
{
	slow_reader();
}

/* The same through the libcurl client (https providers): PASSES - libcurl's pause stops
 * its low-speed clock. The plain-TCP client should behave the same. */
TEST(gw_conn_slow_reader_curl)
{
	rig_client = "curl";
	slow_reader();
}

/* A client that takes no byte of its stream for idle_timeout_ms is closed (the paused
 * upstream is no longer timed, so without this bound such a client would hold an upstream
 * connection for ever); the drain policy then reads the stream to its end and the row has
 * its full usage, tagged reason=client_disconnect. */
TEST(gw_conn_stalled_reader_closed_after_idle_timeout)
{
	rig r;
	char req[512];
	const char *body = "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"messages\":[],"
			   "\"x\":\"[mock:events=60000][mock:usage=5/60000]\"}";
	lc_record *rows;
	int fd, n, i;
	CHECK_INT(rig_start(&r, "limits:\n  upstream_timeout_ms: 300\n  idle_timeout_ms: 600\n"), 0);
	n = snprintf(req, sizeof req, "POST " CHAT " HTTP/1.1\r\nHost: a\r\nAuthorization: Bearer %s\r\n"
				      "Connection: close\r\nContent-Length: %zu\r\n\r\n%s",
		     r.key, strlen(body), body);
	fd = gw_dial(r.port);
	CHECK(fd >= 0);
	CHECK_INT(send(fd, req, (size_t)n, 0), n);
	for (i = 0; i < 100 && r.gw->npaused < 1; i++)
		usleep(50 * 1000);
	CHECK(r.gw->npaused >= 1);
	/* never read: closed after idle_timeout_ms without progress */
	for (i = 0; i < 60 && r.gw->nconns > 0; i++)
		usleep(50 * 1000);
	CHECK_INT(r.gw->nconns, 0);
	close(fd);
	rig_stop(&r);
	CHECK_INT(rig_rows(&r, &rows, &n), 0);
	CHECK_INT(n, 1);
	CHECK_STR(lc_usage_get_tag(&rows[0].usage, "reason"), "client_disconnect");
	CHECK_INT(rows[0].usage.output_tokens, 60000);
	free(rows);
}

/*
 * Pipelined requests answered at once (here GET /metrics, no key needed) from a client that
 * never reads its answers cannot grow the gateway's memory: while a connection's write queue
 * is over 1 MiB (server.c WQ_HIGH) its further requests wait and the gateway stops reading
 * it (TCP pushes back on the client); it resumes when the queue drains under 256 KiB.
 */
TEST(gw_conn_pipelined_responses_unbounded_write_queue)
{
	rig r;
	const char one[] = "GET /metrics HTTP/1.1\r\nHost: a\r\n\r\n";
	size_t per = sizeof one - 1, batch = 256;
	char *buf = malloc(per * batch);
	struct timeval tv = {3, 0};
	size_t queued = 0, sent = 0;
	int fd;

	CHECK(buf != NULL);
	for (size_t i = 0; i < batch; i++)
		memcpy(buf + i * per, one, per);
	CHECK_INT(rig_start(&r, NULL), 0);
	fd = gw_dial(r.port);
	CHECK(fd >= 0);
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
	/* 40,000 pipelined GET /metrics (1.4 MB), never reading an answer */
	for (int k = 0; k < 40000 / (int)batch; k++) {
		ssize_t w = send(fd, buf, per * batch, 0);
		if (w <= 0)
			break; /* the gateway stopped reading us: what a fixed gateway does */
		sent += (size_t)w;
	}
	/* let the gateway work through what it read */
	for (int i = 0; i < 40; i++) {
		size_t q;
		usleep(100 * 1000);
		q = r.gw->conns ? uv_stream_get_write_queue_size((uv_stream_t *)&r.gw->conns->tcp) : 0;
		if (q == queued && q)
			break;
		queued = q;
	}
	fprintf(stderr, "sent %zu request bytes; %zu response bytes queued in the gateway\n", sent,
		queued);
	close(fd);
	rig_stop(&r);
	free(buf);
	CHECK(queued <= (8u << 20));
}

/* ------------------------------------------------------------------ a raw upstream */

/* A one-gw_shot upstream for answers the mock cannot give: accepts connections, reads one
 * request each (head + Content-Length body), writes `reply` (the first `send_n` bytes of
 * it) and closes. */
/*
 * A burst of pipelined requests answered at once (thousands of tiny 404s buffered behind a
 * slow LLM call) is served by a loop, not a recursion: gw_conn_done() called from inside
 * server.c process() only asks the loop for another turn, so the stack depth does not grow
 * with the number of pipelined requests (the ASan build, with its big frames, overflowed
 * before). The gateway still answers /healthz afterwards.
 */
TEST(gw_conn_pipelined_burst_overflows_stack)
{
	rig r;
	const char one[] = "A / HTTP/1.1\r\nHost:\r\n\r\n"; /* 24 bytes, answered 404 */
	const char *body = "{\"model\":\"gpt-4o-mini\",\"messages\":[],\"x\":\"[mock:delay=500]\"}";
	size_t per = sizeof one - 1, count = 200000 / per, n;
	char head[512], *buf;
	struct timeval tv = {3, 0};
	int fd, alive = 0;
	resp x;

	CHECK_INT(rig_start(&r, NULL), 0);
	n = (size_t)snprintf(head, sizeof head,
			     "POST " CHAT " HTTP/1.1\r\nHost: a\r\nAuthorization: Bearer %s\r\n"
			     "Content-Length: %zu\r\n\r\n%s",
			     r.key, strlen(body), body);
	buf = malloc(n + per * count);
	CHECK(buf != NULL);
	memcpy(buf, head, n);
	for (size_t i = 0; i < count; i++)
		memcpy(buf + n + i * per, one, per);
	fd = gw_dial(r.port);
	CHECK(fd >= 0);
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
	/* one slow LLM call, then ~64-128 KiB of 404s wait in the connection's buffer */
	(void)!send(fd, buf, n + per * count, MSG_NOSIGNAL);
	sleep(2); /* the call ends at 500 ms: the buffered requests are answered recursively */
	close(fd);
	free(buf);
	/* still serving? (under ASan the process is already dead here: stack-overflow) */
	if (http_raw(r.port, "GET /healthz HTTP/1.1\r\nHost: a\r\n\r\n", 35, &x) == 0)
		alive = x.status == 200;
	resp_free(&x);
	CHECK(alive);
	rig_stop(&r);
}

/*
 * A request that may have reached the provider is never sent again outside max_attempts:
 * the "stale pooled connection" free retry is given only when nothing was received and the
 * request was on a connection from the pool (closed by the server while idle) or the
 * connect itself failed. A fresh connection whose request was written and then timed out
 * (upstream_timeout_ms without a byte) is one failed attempt: with max_attempts 1 the
 * provider sees exactly one call.
 */
TEST(gw_conn_timeout_resends_delivered_request)
{
	rawup u;
	rig r;
	resp x;
	char yaml[512];
	const char *reply = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}";
	CHECK_INT(rawup_start(&u, reply, strlen(reply)), 0);
	u.delay_ms = 700; /* a long generation: no byte before 700 ms */
	snprintf(yaml, sizeof yaml,
		 "  - name: raw\n    base_url: http://127.0.0.1:%d/v1\n    allow_private: true\n"
		 "    catalog_provider: openai\nlimits:\n  upstream_timeout_ms: 300\n  max_attempts: 1\n",
		 u.port);
	CHECK_INT(rig_start(&r, yaml), 0);
	CHECK_INT(http_post(r.port, CHAT, r.key, NULL,
			    "{\"model\":\"raw/gpt-4o-mini\",\"messages\":[],\"max_tokens\":10}", &x), 0);
	CHECK_INT(x.status, 502);
	resp_free(&x);
	usleep(1600 * 1000); /* the upstream reads whatever reached it */
	rig_stop(&r);
	rawup_stop(&u);
	/* max_attempts: 1 - one call may reach the provider; today: 2 */
	CHECK_INT(u.served, 1);
}

typedef struct streamer {
	rig *r;
	const char *body;
	int got_head;
} streamer;

static void *stream_one(void *arg)
{
	streamer *s = arg;
	resp x;
	if (http_post(s->r->port, CHAT, s->r->key, NULL, s->body, &x) == 0)
		s->got_head = x.status;
	resp_free(&x);
	return NULL;
}

/*
 * A graceful stop is bounded by its grace period (10 s; shortened here through the test
 * hook gw->grace_ms): when it ends, the client connections are closed AND the upstream
 * exchanges the drain policy would keep reading are cut (gateway.c on_grace ->
 * gw_req_cut_all), so a long stream cannot keep a stopping gateway alive for minutes. The
 * cut stream still gets its row: an estimate, tagged reason=shutdown.
 */
static void stop_bounded(void)
{
	rig r;
	pthread_t t;
	streamer s;
	uint64_t t0, ms;
	lc_record *rows;
	int n;
	CHECK_INT(rig_start(&r, NULL), 0);
	s = (streamer){&r, "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"messages\":[],"
			  "\"x\":\"[mock:events=300][mock:drip=50]\"}", 0};
	pthread_create(&t, NULL, stream_one, &s);
	usleep(500 * 1000);
	r.gw->grace_ms = 300;
	t0 = uv_hrtime();
	lc_gw_stop(r.gw);
	pthread_join(r.gt, NULL); /* lc_gw_run returns */
	ms = (uv_hrtime() - t0) / 1000000;
	fprintf(stderr, "stop took %llu ms (grace 300 ms)\n", (unsigned long long)ms);
	lc_gw_free(r.gw);
	r.gw = NULL;
	pthread_join(t, NULL);
	rig_stop(&r);
	CHECK(ms >= 250);
	CHECK(ms <= 1500);
	CHECK_INT(s.got_head, 200);
	CHECK_INT(rig_rows(&r, &rows, &n), 0);
	CHECK_INT(n, 1);
	CHECK_STR(lc_usage_get_tag(&rows[0].usage, "reason"), "shutdown");
	CHECK(rows[0].usage.flags & LC_USAGE_ESTIMATED);
	CHECK(rows[0].usage.output_tokens > 0);
	free(rows);
}

TEST(gw_conn_stop_bounded_by_grace)
{
	stop_bounded();
}

TEST(gw_conn_stop_bounded_by_grace_curl)
{
	rig_client = "curl";
	stop_bounded();
}

/* An upstream that answers 401 as soon as a request's head has arrived (as servers that
 * check credentials first do), keeps the connection alive, and reads the rest of the
 * body only `lag_ms` later; then it serves one more request on the same connection. */
typedef struct early {
	int lfd, port, lag_ms;
	size_t body_len, bad;    /* body bytes of the first request; bytes that were not 'a' */
	int second;              /* a second request head arrived */
	size_t left;             /* body bytes that never arrived */
	pthread_t t;
} early;

static void *early_main(void *arg)
{
	early *e = arg;
	static char buf[1 << 16];
	size_t have = 0, head = 0, left;
	const char *ans = "HTTP/1.1 401 Unauthorized\r\nContent-Type: application/json\r\n"
			  "Content-Length: 2\r\n\r\n{}";
	int fd = accept(e->lfd, NULL, NULL);
	struct timeval tv = {3, 0};
	char *p, *cl;
	if (fd < 0)
		return NULL;
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	while (!head) {
		ssize_t k = recv(fd, buf + have, sizeof buf - 1 - have, 0);
		if (k <= 0)
			goto out;
		have += (size_t)k;
		buf[have] = '\0';
		if ((p = strstr(buf, "\r\n\r\n")))
			head = (size_t)(p + 4 - buf);
	}
	cl = strcasestr(buf, "content-length:");
	e->body_len = cl ? strtoul(cl + 15, NULL, 10) : 0;
	send(fd, ans, strlen(ans), MSG_NOSIGNAL);
	usleep((useconds_t)e->lag_ms * 1000); /* the gateway's write of the body is in flight */
	/* the rest of the first body: must be the client's bytes, in order */
	left = e->left = e->body_len - (have - head);
	while (left) {
		ssize_t k = recv(fd, buf, left < sizeof buf ? left : sizeof buf, 0);
		if (k <= 0)
			goto out;
		for (ssize_t i = 0; i < k; i++)
			e->bad += buf[i] != 'a' && buf[i] != '"' && buf[i] != '}';
		left -= (size_t)k;
		e->left = left;
	}
	/* the next request on this connection */
	have = 0;
	for (;;) {
		ssize_t k = recv(fd, buf + have, sizeof buf - 1 - have, 0);
		if (k <= 0)
			break;
		have += (size_t)k;
		buf[have] = '\0';
		if (strstr(buf, "\r\n\r\n")) {
			e->second = !strncmp(buf, "POST ", 5);
			send(fd, ans, strlen(ans), MSG_NOSIGNAL);
			break;
		}
	}
out:
	close(fd);
	return NULL;
}

/*
 * An upstream that answers early (401 after the head, keep-alive) while the gateway is still
 * writing the request body: the connection is closed, never pooled while a write is in
 * flight (upstream.c counts them), so the next request to the provider takes a fresh
 * connection: no request is queued behind another client's body, and the buffer being
 * written is never freed under libuv (a heap-use-after-free under ASan before). What the
 * upstream received of the first body is that body, byte for byte.
 */
TEST(gw_conn_early_upstream_answer_pools_mid_write)
{
	early e;
	struct sockaddr_in a;
	socklen_t al = sizeof a;
	int rcv = 4096;
	rig r;
	resp x;
	char yaml[512];
	lc_buf body;
	memset(&e, 0, sizeof e);
	e.lag_ms = 800;
	e.lfd = socket(AF_INET, SOCK_STREAM, 0);
	setsockopt(e.lfd, SOL_SOCKET, SO_RCVBUF, &rcv, sizeof rcv); /* small: the write stays queued */
	memset(&a, 0, sizeof a);
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	CHECK_INT(bind(e.lfd, (struct sockaddr *)&a, sizeof a), 0);
	CHECK_INT(listen(e.lfd, 4), 0);
	getsockname(e.lfd, (struct sockaddr *)&a, &al);
	e.port = ntohs(a.sin_port);
	pthread_create(&e.t, NULL, early_main, &e);
	snprintf(yaml, sizeof yaml,
		 "  - name: raw\n    base_url: http://127.0.0.1:%d/v1\n    allow_private: true\n"
		 "    catalog_provider: openai\n",
		 e.port);
	CHECK_INT(rig_start(&r, yaml), 0);
	lc_buf_init(&body, 0);
	lc_buf_puts(&body, "{\"model\":\"raw/gpt-4o-mini\",\"max_tokens\":1,\"messages\":[],\"pad\":\"");
	while (body.len < (8u << 20))
		lc_buf_puts(&body, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
	lc_buf_puts(&body, "\"}");
	CHECK_INT(http_post(r.port, CHAT, r.key, NULL, body.data, &x), 0);
	CHECK_INT(x.status, 401);
	resp_free(&x);
	lc_buf_free(&body);
	/* a second call while the first body is still being written upstream */
	{
		int rc2 = http_post(r.port, CHAT, r.key, NULL,
				    "{\"model\":\"raw/gpt-4o-mini\",\"max_tokens\":1,\"messages\":[]}", &x);
		fprintf(stderr, "second call: rc %d status %d\n", rc2, rc2 ? -1 : x.status);
		resp_free(&x);
	}
	pthread_join(e.t, NULL);
	shutdown(e.lfd, SHUT_RDWR);
	close(e.lfd);
	rig_stop(&r);
	fprintf(stderr, "first body %zu bytes, %zu corrupt, %zu never arrived; second request on it: %d\n",
		e.body_len, e.bad, e.left, e.second);
	/* the first client's body reached the upstream intact ... */
	CHECK(e.body_len > 0);
	CHECK_INT((int64_t)e.bad, 0);
	/* ... and no other request was queued behind it on that connection */
	CHECK_INT(e.second, 0);
}

/*
 * On a keep-alive connection the idle timeout runs only until the first byte of the next
 * request; from then its head must arrive within header_timeout_ms (408 after), like a new
 * connection's: one valid request does not buy an idle_timeout_ms-long slowloris slot.
 */
TEST(gw_conn_keepalive_head_gets_idle_timeout)
{
	rig r;
	const char first[] = "GET /healthz HTTP/1.1\r\nHost: a\r\n\r\n";
	const char part[] = "GET /healthz HTTP/1.1\r\nHo";
	char buf[4096];
	ssize_t k;
	size_t got = 0;
	uint64_t t0, ms;
	int fd;
	CHECK_INT(rig_start(&r, "limits:\n  header_timeout_ms: 300\n  idle_timeout_ms: 4000\n"), 0);
	fd = gw_dial(r.port);
	CHECK(fd >= 0);
	CHECK_INT(send(fd, first, sizeof first - 1, 0), (ssize_t)(sizeof first - 1));
	k = recv(fd, buf, sizeof buf, 0); /* the first answer */
	CHECK(k > 0);
	usleep(100 * 1000);
	t0 = uv_hrtime();
	CHECK_INT(send(fd, part, sizeof part - 1, 0), (ssize_t)(sizeof part - 1));
	/* the head never completes: 408 after header_timeout_ms (300), not idle (4000) */
	while ((k = recv(fd, buf + got, sizeof buf - 1 - got, 0)) > 0)
		got += (size_t)k;
	ms = (uv_hrtime() - t0) / 1000000;
	buf[got] = '\0';
	fprintf(stderr, "answer after %llu ms: %.12s\n", (unsigned long long)ms, buf);
	close(fd);
	rig_stop(&r);
	CHECK(strstr(buf, " 408 ") != NULL);
	CHECK(ms < 2000);
}

static long rss_kb(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	long kb = -1;
	while (f && fgets(line, sizeof line, f))
		if (!strncmp(line, "VmRSS:", 6))
			kb = strtol(line + 6, NULL, 10);
	if (f)
		fclose(f);
	return kb;
}

/*
 * A body is buffered only for a request that may be served: when the body is not all there
 * with the head, the route and the key are checked on the head (server.c -> gw_req_admit),
 * and a missing or invalid key gets its 401 with Connection: close, without the body being
 * read into memory. Eight keyless connections each sending 24 MiB no longer pin 190 MB.
 */
TEST(gw_conn_keyless_bodies_buffered_before_auth)
{
	rig r;
	const size_t body = 24u << 20;
	char head[256], *chunk;
	int fds[8];
	long before, after;
	CHECK_INT(rig_start(&r, NULL), 0);
	chunk = malloc(1 << 20);
	CHECK(chunk != NULL);
	memset(chunk, 'a', 1 << 20);
	before = rss_kb();
	for (int i = 0; i < 8; i++) {
		int n = snprintf(head, sizeof head, "POST " CHAT " HTTP/1.1\r\nHost: a\r\n"
						    "Content-Length: %zu\r\n\r\n", body);
		fds[i] = gw_dial(r.port);
		CHECK(fds[i] >= 0);
		CHECK_INT(send(fds[i], head, (size_t)n, 0), n);
		/* all but the last byte: the gateway keeps it all, waiting for the end */
		for (size_t off = 0; off + 1 < body;) {
			size_t want = body - 1 - off < (1u << 20) ? body - 1 - off : (1u << 20);
			ssize_t w = send(fds[i], chunk, want, MSG_NOSIGNAL);
			if (w <= 0)
				break; /* refused early: what a fixed gateway does */
			off += (size_t)w;
		}
	}
	usleep(300 * 1000);
	after = rss_kb();
	fprintf(stderr, "8 keyless requests of 24 MiB: the process grew by %ld MB\n",
		(after - before) / 1024);
	for (int i = 0; i < 8; i++)
		close(fds[i]);
	free(chunk);
	rig_stop(&r);
	CHECK(after - before < 64 * 1024); /* < 64 MB */
}

/* ... and a client still sending the body of a refused request sees its 401: the gateway
 * answers, then reads and drops the rest (16 MiB or 2 s at most) before closing, instead of
 * resetting a connection with unread bytes. */
TEST(gw_conn_refused_on_head_client_reads_401)
{
	rig r;
	const size_t body = 4u << 20;
	char head[256], *chunk, buf[4096];
	struct timeval tv = {3, 0};
	size_t off = 0, got = 0;
	ssize_t k;
	int fd, n;
	CHECK_INT(rig_start(&r, NULL), 0);
	chunk = malloc(1 << 16);
	CHECK(chunk != NULL);
	memset(chunk, 'a', 1 << 16);
	n = snprintf(head, sizeof head, "POST " CHAT " HTTP/1.1\r\nHost: a\r\n"
					"Authorization: Bearer lck-not-a-key\r\n"
					"Content-Length: %zu\r\n\r\n", body);
	fd = gw_dial(r.port);
	CHECK(fd >= 0);
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
	CHECK_INT(send(fd, head, (size_t)n, 0), n);
	usleep(100 * 1000); /* the head is judged alone */
	while (off < body) {
		ssize_t w = send(fd, chunk, body - off < (1u << 16) ? body - off : (1u << 16), MSG_NOSIGNAL);
		if (w <= 0)
			break;
		off += (size_t)w;
	}
	CHECK(off == body); /* the whole body went out: nothing was reset */
	while (got < sizeof buf - 1 && (k = recv(fd, buf + got, sizeof buf - 1 - got, 0)) > 0)
		got += (size_t)k;
	buf[got] = '\0';
	close(fd);
	free(chunk);
	rig_stop(&r);
	CHECK(strncmp(buf, "HTTP/1.1 401 ", 13) == 0);
	CHECK(strstr(buf, "Connection: close\r\n") != NULL);
}
