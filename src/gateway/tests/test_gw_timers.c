/*
 * test_gw_timers.c - the gateway's lazy timers (server.c, upstream.c): a timer armed for an
 * earlier deadline that fires while a later one is pending must re-arm, not act; one that
 * fires while a request is served must do nothing; and the real deadlines still hold (an
 * idle keep-alive connection closes, a silent upstream gives 502).
 */
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "gateway/tests/gwtest.h"
#include "tests/harness.h"

static double now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void sleep_ms(int ms)
{
	struct timespec t = {ms / 1000, (long)(ms % 1000) * 1000000L};
	nanosleep(&t, NULL);
}

/* One GET /healthz on an open connection: 1 when a 200 came back. */
static int health(int fd)
{
	static const char req[] = "GET /healthz HTTP/1.1\r\nHost: a\r\n\r\n";
	char buf[1024];
	ssize_t k;
	if (send(fd, req, sizeof req - 1, 0) != (ssize_t)sizeof req - 1)
		return 0;
	k = recv(fd, buf, sizeof buf - 1, 0);
	if (k < 12)
		return 0;
	buf[k] = '\0';
	return strncmp(buf, "HTTP/1.1 200", 12) == 0 && strstr(buf, "\"ok\"") != NULL;
}

/* header timeout 200 ms, idle 600 ms: after a request the connection outlives the header
 * timeout (the timer fires at 200 ms, finds the idle deadline later and re-arms), serves
 * again, and is closed at the idle deadline - not before, and not never. */
TEST(gw_timer_idle_after_header)
{
	rig r;
	char buf[64];
	ssize_t k;
	double t0;
	int fd;
	CHECK_INT(rig_start(&r, "limits:\n  header_timeout_ms: 200\n  idle_timeout_ms: 600\n"), 0);
	fd = gw_dial(r.port);
	CHECK(fd >= 0);
	CHECK(health(fd));
	sleep_ms(350);
	CHECK(health(fd)); /* past the header timeout: still open */
	t0 = now_s();
	k = recv(fd, buf, sizeof buf, 0); /* closed by the gateway at the idle deadline */
	CHECK_INT(k, 0);
	CHECK(now_s() - t0 > 0.45);
	CHECK(now_s() - t0 < 3.0);
	close(fd);
	rig_stop(&r);
}

/* upstream timeout 300 ms on a pooled connection: a reply after 150 ms is fine even when
 * the timer of the previous exchange fires meanwhile; silence gives 502 at the timeout. */
TEST(gw_timer_upstream)
{
	rig r;
	resp x;
	double t0;
	const char *quick = "{\"model\":\"gpt-4o-mini\",\"messages\":[],\"max_tokens\":5}";
	const char *slowish = "{\"model\":\"gpt-4o-mini\",\"messages\":[],\"max_tokens\":5,"
			      "\"x\":\"[mock:delay=150]\"}";
	const char *silent = "{\"model\":\"gpt-4o-mini\",\"messages\":[],\"max_tokens\":5,"
			     "\"x\":\"[mock:delay=1000]\"}";
	CHECK_INT(rig_start(&r, "limits:\n  upstream_timeout_ms: 300\n"), 0);
	CHECK_INT(http_post(r.port, "/v1/chat/completions", r.key, NULL, quick, &x), 0);
	CHECK_INT(x.status, 200);
	resp_free(&x);
	sleep_ms(200); /* the pooled connection's timer is due 100 ms into the next exchange */
	CHECK_INT(http_post(r.port, "/v1/chat/completions", r.key, NULL, slowish, &x), 0);
	CHECK_INT(x.status, 200);
	resp_free(&x);
	t0 = now_s();
	CHECK_INT(http_post(r.port, "/v1/chat/completions", r.key, NULL, silent, &x), 0);
	CHECK_INT(x.status, 502);
	/* max_attempts (3) attempts of 300 ms: a request that timed out may have been
	 * processed, so it gets no free "stale connection" retry on top */
	CHECK(now_s() - t0 > 0.85);
	CHECK(now_s() - t0 < 1.15);
	resp_free(&x);
	rig_stop(&r);
}
