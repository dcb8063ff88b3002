/*
 * test_gateway.c - black-box tests of `llmcost serve` on loopback: a real gateway in front of
 * the deterministic mock (gwtest.h), checked through HTTP responses, the mock's log of what
 * reached it, the ledger and the access log. Named after RELIABILITY.md's cases.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "gateway/proxy.h"
#include "gwtest.h"
#include "tests/harness.h"

#define CHAT "/v1/chat/completions"

static const lc_record *row_by_id(const lc_record *v, int n, const char *id)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(v[i].usage.id, id))
			return &v[i];
	return NULL;
}

/* T2.1/T2.5/T2.6: every endpoint, JSON and SSE: one row per gateway request id with the
 * tokens the mock reported, priced; the client's stream has no extra usage chunk. */
TEST(gw_meters_every_endpoint)
{
	rig r;
	resp x;
	lc_record *rows;
	int n;
	char ids[6][GW_ID_MAX];
	static const struct {
		const char *path, *body;
		int stream;
	} calls[] = {
		{CHAT, "{\"model\":\"gpt-4o-mini\",\"messages\":[],\"max_tokens\":10,\"x\":\"[mock:usage=120/7]\"}", 0},
		{CHAT, "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"messages\":[],\"x\":\"[mock:usage=50/9]\"}", 1},
		{"/v1/responses", "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"input\":\"[mock:usage=30/4]\"}", 1},
		{"/v1/embeddings", "{\"model\":\"text-embedding-3-small\",\"input\":\"[mock:usage=8/0]\"}", 0},
		{"/v1/messages", "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":100,\"stream\":true,"
				 "\"messages\":[],\"x\":\"[mock:usage=40/11][mock:cache=5/6]\"}", 1},
		{"/v1/messages", "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":100,\"messages\":[],"
				 "\"x\":\"[mock:usage=41/12]\"}", 0},
	};
	CHECK_INT(rig_start(&r, NULL), 0);
	for (int i = 0; i < 6; i++) {
		CHECK_INT(http_post(r.port, calls[i].path, r.key, "x-llmcost-tags: project=alpha\r\n",
				    calls[i].body, &x), 0);
		CHECK_INT(x.status, 200);
		CHECK(x.complete);
		snprintf(ids[i], sizeof ids[i], "%.40s", resp_header(&x, "x-llmcost-request-id"));
		CHECK(ids[i][0]);
		if (i == 1) {
			/* usage was injected upstream, and held back from the client */
			CHECK(strstr(x.body.data, "[DONE]") != NULL);
			CHECK(strstr(x.body.data, "\"usage\"") == NULL);
		}
		resp_free(&x);
	}
	rig_stop(&r);
	CHECK_INT(mock_count(&r, "stream=1"), 3);
	CHECK_INT(rig_rows(&r, &rows, &n), 0);
	CHECK_INT(n, 6);
	{
		const lc_record *a = row_by_id(rows, n, ids[0]);
		CHECK(a != NULL);
		CHECK_INT(a->usage.input_tokens, 120);
		CHECK_INT(a->usage.output_tokens, 7);
		CHECK(a->cost.priced);
		CHECK_STR(a->source, "gateway");
		CHECK_STR(lc_usage_get_tag(&a->usage, "project"), "alpha");
		CHECK_STR(lc_usage_get_tag(&a->usage, "key"), r.key_id);
		a = row_by_id(rows, n, ids[1]);
		CHECK_INT(a->usage.input_tokens, 50);
		CHECK_INT(a->usage.output_tokens, 9);
		CHECK_INT(a->usage.flags & (LC_USAGE_PARTIAL | LC_USAGE_ESTIMATED), 0);
		a = row_by_id(rows, n, ids[2]);
		CHECK_INT(a->usage.input_tokens, 30);
		CHECK_INT(a->usage.output_tokens, 4);
		a = row_by_id(rows, n, ids[3]);
		CHECK_INT(a->usage.input_tokens, 8);
		a = row_by_id(rows, n, ids[4]);
		CHECK_INT(a->usage.input_tokens, 40);
		CHECK_INT(a->usage.cache_read_tokens, 5);
		CHECK_INT(a->usage.cache_write_5m_tokens, 6);
		CHECK_INT(a->usage.output_tokens, 11);
		CHECK_INT(a->usage.flags & (LC_USAGE_PARTIAL | LC_USAGE_ESTIMATED), 0);
		CHECK(a->cost.priced);
		a = row_by_id(rows, n, ids[5]);
		CHECK_INT(a->usage.output_tokens, 12);
	}
	/* the mock saw exactly these ids */
	for (int i = 0; i < 6; i++) {
		char needle[GW_ID_MAX + 8];
		snprintf(needle, sizeof needle, "id=%.40s ", ids[i]);
		CHECK_INT(mock_count(&r, needle), 1);
	}
	free(rows);
}

/* T5.1: smuggling attempts are refused, the connection closed, nothing reaches the mock. */
TEST(gw_smuggling_reaches_nothing)
{
	rig r;
	resp x;
	char req[1024];
	static const char *heads[] = {
		"Content-Length: 5\r\nTransfer-Encoding: chunked\r\n",
		"Transfer-Encoding: chunked\r\nContent-Length: 5\r\n",
		"Content-Length: 5\r\nContent-Length: 6\r\n",
		"Content-Length: +5\r\n",
		"Transfer-Encoding: xchunked\r\n",
		"Transfer-Encoding: chunked\r\nTransfer-Encoding: identity\r\n",
		"X: a\r\n folded: b\r\n",
		"X_Forwarded: 1\r\nContent-Length: 5\r\n",
		"Bad Name: 1\r\nContent-Length: 5\r\n",
	};
	CHECK_INT(rig_start(&r, NULL), 0);
	for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++) {
		int n = snprintf(req, sizeof req, "POST " CHAT " HTTP/1.1\r\nHost: a\r\n"
						  "Authorization: Bearer %s\r\n%s\r\n0\r\n\r\n{}",
				 r.key, heads[i]);
		CHECK_INT(http_raw(r.port, req, (size_t)n, &x), 0);
		CHECK(x.status == 400 || x.status == 501);
		CHECK_STR(resp_header(&x, "Connection"), "close");
		resp_free(&x);
	}
	/* a bad chunk size inside a well-framed head */
	{
		int n = snprintf(req, sizeof req, "POST " CHAT " HTTP/1.1\r\nHost: a\r\nAuthorization: "
						  "Bearer %s\r\nTransfer-Encoding: chunked\r\n\r\n2;x=y\r\n{}\r\n0\r\n\r\n",
				 r.key);
		CHECK_INT(http_raw(r.port, req, (size_t)n, &x), 0);
		CHECK_INT(x.status, 400);
		resp_free(&x);
	}
	rig_stop(&r);
	CHECK_INT(mock_count(&r, "id="), 0);
}

/* T5.2: 61 KiB of headers and 101 headers give 431; a body over the cap gives 413. */
TEST(gw_limits)
{
	rig r;
	resp x;
	lc_buf b;
	CHECK_INT(rig_start(&r, "limits:\n  max_body_bytes: 4096\n"), 0);
	lc_buf_init(&b, 0);
	lc_buf_puts(&b, "GET /healthz HTTP/1.1\r\nHost: a\r\nX-Big: ");
	for (int i = 0; i < 61 * 1024; i++)
		lc_buf_puts(&b, "a");
	lc_buf_puts(&b, "\r\n\r\n");
	CHECK_INT(http_raw(r.port, b.data, b.len, &x), 0);
	CHECK_INT(x.status, 431);
	resp_free(&x);
	lc_buf_reset(&b);
	lc_buf_puts(&b, "GET /healthz HTTP/1.1\r\nHost: a\r\n");
	for (int i = 0; i < 100; i++)
		lc_buf_printf(&b, "X-%d: v\r\n", i);
	lc_buf_puts(&b, "\r\n");
	CHECK_INT(http_raw(r.port, b.data, b.len, &x), 0);
	CHECK_INT(x.status, 431);
	resp_free(&x);
	lc_buf_reset(&b);
	lc_buf_printf(&b, "POST " CHAT " HTTP/1.1\r\nHost: a\r\nContent-Length: 5000\r\n\r\n");
	CHECK_INT(http_raw(r.port, b.data, b.len, &x), 0);
	CHECK_INT(x.status, 413);
	resp_free(&x);
	lc_buf_free(&b);
	rig_stop(&r);
	CHECK_INT(mock_count(&r, "id="), 0);
}

/* T5.3 (scaled down): a client that stops sending its head gets 408 at the header timeout,
 * and keep-alive requests still work meanwhile. */
TEST(gw_header_timeout)
{
	rig r;
	resp x;
	struct sockaddr_in a;
	char buf[512];
	ssize_t k;
	int fd;
	CHECK_INT(rig_start(&r, "limits:\n  header_timeout_ms: 200\n"), 0);
	fd = socket(AF_INET, SOCK_STREAM, 0);
	memset(&a, 0, sizeof a);
	a.sin_family = AF_INET;
	a.sin_port = htons((uint16_t)r.port);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	CHECK_INT(connect(fd, (struct sockaddr *)&a, sizeof a), 0);
	CHECK_INT(send(fd, "GET /healthz HTTP/1.1\r\nHo", 25, 0), 25);
	CHECK_INT(http_raw(r.port, "GET /healthz HTTP/1.1\r\nHost: a\r\n\r\n", 34, &x), 0);
	CHECK_INT(x.status, 200);
	resp_free(&x);
	k = recv(fd, buf, sizeof buf - 1, 0); /* waits for the timeout (SO_RCVTIMEO unset: blocks) */
	CHECK(k > 12);
	buf[k] = '\0';
	CHECK(strncmp(buf, "HTTP/1.1 408", 12) == 0);
	close(fd);
	rig_stop(&r);
}

/* T6.1: every route of the table x every credential. */
TEST(gw_auth_matrix)
{
	rig r;
	resp x;
	lc_key_info k;
	char revoked[LC_KEY_SECRET_MAX], admin[LC_KEY_SECRET_MAX], expired[LC_KEY_SECRET_MAX];
	lc_keys *ks;
	lc_error err;
	CHECK_INT(rig_start(&r, NULL), 0);
	memset(&k, 0, sizeof k);
	CHECK_INT(rig_key(&r, &k, revoked), 0);
	CHECK_INT(lc_keys_open(r.ledger, &ks, &err), 0);
	CHECK_INT(lc_keys_revoke(ks, k.id, &err), 0);
	lc_keys_close(ks);
	memset(&k, 0, sizeof k);
	k.admin = 1;
	CHECK_INT(rig_key(&r, &k, admin), 0);
	memset(&k, 0, sizeof k);
	k.expires = 1000;
	CHECK_INT(rig_key(&r, &k, expired), 0);
	usleep(1200 * 1000); /* the gateway notices key-store changes within a second */
	for (const gw_route *rt = gw_routes; rt->path; rt++) {
		const char *creds[] = {NULL, "malformed", "lck-unknown00000000000000000000000000000000",
				       revoked, expired, r.key, admin, "admin-secret-0000"};
		for (int c = 0; c < 8; c++) {
			char req[1024];
			const char *body = "{\"model\":\"gpt-4o-mini\",\"messages\":[],\"max_tokens\":1}";
			int want, n;
			if (rt->kind == GW_R_MESSAGES)
				body = "{\"model\":\"claude-sonnet-4-5\",\"messages\":[],\"max_tokens\":1}";
			if (rt->kind == GW_R_ADMIN_CREATE)
				body = "{\"name\":\"made-by-test\"}";
			if (rt->kind == GW_R_ADMIN_REVOKE)
				body = "{\"id\":\"key_nonexistent\"}";
			char auth[256] = "";
			if (c == 1)
				snprintf(auth, sizeof auth, "Authorization: Basic Zm9v\r\n");
			else if (creds[c])
				snprintf(auth, sizeof auth, "Authorization: Bearer %s\r\n", creds[c]);
			n = snprintf(req, sizeof req,
				     "%s %s HTTP/1.1\r\nHost: a\r\nConnection: close\r\n%s"
				     "Content-Length: %zu\r\n\r\n%s",
				     rt->method, rt->path, auth, strlen(body), body);
			CHECK_INT(http_raw(r.port, req, (size_t)n, &x), 0);
			if (rt->auth == GW_AUTH_NONE)
				want = 200;
			else if (c <= 4 || (c == 7 && rt->auth == GW_AUTH_KEY))
				want = 401;
			else if (rt->auth == GW_AUTH_ADMIN && c == 5)
				want = 403;
			else if (rt->kind == GW_R_ADMIN_CREATE)
				want = 201;
			else if (rt->kind == GW_R_ADMIN_REVOKE)
				want = 404;
			else
				want = 200;
			if (x.status != want) {
				lc_test_fail(__FILE__, __LINE__, "%s %s cred %d: %d, want %d", rt->method,
					     rt->path, c, x.status, want);
				return;
			}
			resp_free(&x);
		}
	}
	rig_stop(&r);
}

/* T6.2: a key limited to model A is refused model B on every endpoint; nothing forwarded. */
TEST(gw_model_allowlist)
{
	rig r;
	resp x;
	lc_key_info k;
	char key[LC_KEY_SECRET_MAX];
	CHECK_INT(rig_start(&r, NULL), 0);
	memset(&k, 0, sizeof k);
	snprintf(k.models, sizeof k.models, "gpt-4o-mini");
	CHECK_INT(rig_key(&r, &k, key), 0);
	CHECK_INT(http_post(r.port, CHAT, key, NULL, "{\"model\":\"gpt-4o\",\"messages\":[]}", &x), 0);
	CHECK_INT(x.status, 403);
	resp_free(&x);
	CHECK_INT(http_post(r.port, "/v1/responses", key, NULL, "{\"model\":\"gpt-4o\",\"input\":\"\"}", &x), 0);
	CHECK_INT(x.status, 403);
	resp_free(&x);
	CHECK_INT(http_post(r.port, "/v1/messages", key, NULL,
			    "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":5,\"messages\":[]}", &x), 0);
	CHECK_INT(x.status, 403);
	resp_free(&x);
	CHECK_INT(mock_count(&r, "id="), 0);
	CHECK_INT(http_post(r.port, CHAT, key, NULL, "{\"model\":\"gpt-4o-mini\",\"messages\":[]}", &x), 0);
	CHECK_INT(x.status, 200);
	resp_free(&x);
	rig_stop(&r);
	CHECK_INT(mock_count(&r, "id="), 1);
}

/* T1.5: a model without a price is refused before any upstream call. */
TEST(gw_unpriced_refused)
{
	rig r;
	resp x;
	CHECK_INT(rig_start(&r, NULL), 0);
	CHECK_INT(http_post(r.port, CHAT, r.key, NULL, "{\"model\":\"no-such-model-xyz\",\"messages\":[]}", &x), 0);
	CHECK_INT(x.status, 400);
	CHECK(strstr(x.body.data, "no price") != NULL);
	resp_free(&x);
	rig_stop(&r);
	CHECK_INT(mock_count(&r, "id="), 0);
}

typedef struct burst {
	rig *r;
	const char *key;
	const char *body;
	int status;
} burst;

static void *burst_one(void *arg)
{
	burst *b = arg;
	resp x;
	b->status = -1;
	if (http_post(b->r->port, CHAT, b->key, NULL, b->body, &x) == 0)
		b->status = x.status;
	resp_free(&x);
	return NULL;
}

/* T1.6 and T1.1 (b)-(c): 20 simultaneous requests on a fresh key whose budget is 3 x C_max:
 * at most 3 admitted, the rest refused with 402 before reaching the mock; spend <= budget. */
TEST(gw_budget_burst)
{
	rig r;
	lc_key_info k;
	char key[LC_KEY_SECRET_MAX];
	const char *body = "{\"model\":\"gpt-4o-mini\",\"messages\":[],\"max_tokens\":1000,"
			   "\"x\":\"[mock:delay=300]\"}";
	lc_catalog *cat;
	lc_usage u;
	lc_cost c;
	lc_error err;
	pthread_t t[20];
	burst b[20];
	int ok = 0, refused = 0, n;
	lc_record *rows;
	lc_money spent = lc_money_zero();

	CHECK_INT(lc_catalog_open_default(&cat, &err), 0);
	lc_usage_init(&u);
	u.time = lc_time_now();
	snprintf(u.provider, sizeof u.provider, "openai");
	snprintf(u.model, sizeof u.model, "gpt-4o-mini");
	u.input_tokens = (int64_t)strlen(body);
	u.output_tokens = 1000;
	CHECK_INT(lc_price_usage(cat, &u, &c, &err), 0);
	lc_catalog_free(cat);

	CHECK_INT(rig_start(&r, NULL), 0);
	memset(&k, 0, sizeof k);
	k.has_budget = 1;
	CHECK_INT(lc_money_mul_int(c.total, 3, &k.budget), 0);
	snprintf(k.period, sizeof k.period, "day");
	CHECK_INT(rig_key(&r, &k, key), 0);
	for (int i = 0; i < 20; i++) {
		b[i] = (burst){&r, key, body, 0};
		pthread_create(&t[i], NULL, burst_one, &b[i]);
	}
	for (int i = 0; i < 20; i++) {
		pthread_join(t[i], NULL);
		ok += b[i].status == 200;
		refused += b[i].status == 402;
	}
	CHECK(ok >= 1 && ok <= 3);
	CHECK_INT(ok + refused, 20);
	rig_stop(&r);
	CHECK_INT(mock_count(&r, "id="), ok);
	CHECK_INT(rig_rows(&r, &rows, &n), 0);
	CHECK_INT(n, ok);
	for (int i = 0; i < n; i++)
		lc_money_add(spent, rows[i].cost.total, &spent);
	CHECK(lc_money_cmp(spent, k.budget) <= 0);
	free(rows);
}

/* T1.7: R requests per minute, then 429 with Retry-After; nothing more forwarded. */
TEST(gw_rate_limit)
{
	rig r;
	resp x;
	lc_key_info k;
	char key[LC_KEY_SECRET_MAX];
	int ok = 0;
	CHECK_INT(rig_start(&r, NULL), 0);
	memset(&k, 0, sizeof k);
	k.rpm = 5;
	CHECK_INT(rig_key(&r, &k, key), 0);
	for (int i = 0; i < 8; i++) {
		CHECK_INT(http_post(r.port, CHAT, key, NULL, "{\"model\":\"gpt-4o-mini\",\"messages\":[]}", &x), 0);
		if (x.status == 200)
			ok++;
		else {
			CHECK_INT(x.status, 429);
			CHECK(strtol(resp_header(&x, "Retry-After"), NULL, 10) >= 1);
		}
		resp_free(&x);
	}
	rig_stop(&r);
	/* a minute boundary inside the loop may admit a few more; never more than 2 windows */
	CHECK(ok == 5 || (ok > 5 && ok <= 8 && mock_count(&r, "id=") == ok));
	CHECK_INT(mock_count(&r, "id="), ok);
}

/* T1.8: 500 then 200 on a fallback chain: 2 upstream calls, one row with the usage that
 * was actually returned. */
TEST(gw_fallback)
{
	rig r;
	resp x;
	lc_record *rows;
	int n;
	CHECK_INT(rig_start(&r, "aliases:\n  smart: [openai/gpt-4o-mini, openai/gpt-4o]\n"
				"limits:\n  max_attempts: 2\n"), 0);
	CHECK_INT(http_post(r.port, CHAT, r.key, NULL,
			    "{\"model\":\"smart\",\"messages\":[],\"x\":\"[mock:fail_once=a1][mock:usage=10/3]\"}", &x), 0);
	CHECK_INT(x.status, 200);
	resp_free(&x);
	/* both attempts fail: the client gets the last error, still one row, $0 */
	CHECK_INT(http_post(r.port, CHAT, r.key, NULL,
			    "{\"model\":\"smart\",\"messages\":[],\"x\":\"[mock:status=503]\"}", &x), 0);
	CHECK_INT(x.status, 503);
	resp_free(&x);
	rig_stop(&r);
	CHECK_INT(mock_count(&r, "status=500"), 1);
	CHECK_INT(mock_count(&r, "model=gpt-4o status=200"), 1);
	CHECK_INT(mock_count(&r, "status=503"), 2);
	CHECK_INT(rig_rows(&r, &rows, &n), 0);
	CHECK_INT(n, 2);
	CHECK_STR(rows[0].usage.model, "gpt-4o");
	CHECK_INT(rows[0].usage.input_tokens, 10);
	CHECK_INT(rows[0].usage.output_tokens, 3);
	CHECK(lc_money_is_zero(rows[1].cost.total));
	free(rows);
}

/* Header rules of an alias: a request whose header has the rule's exact value goes to the
 * rule's deployment, any other to the alias's own; the response cache keeps the two apart
 * (the same body routed to another model is another question) and still hits per route. */
TEST(gw_header_routing)
{
	rig r;
	resp x;
	lc_record *rows;
	int n, mini = 0, big = 0, hits = 0;
	static const struct {
		const char *hdr, *model;
	} calls[] = {
		{"X-Tier: economy\r\n", "gpt-4o-mini"}, {NULL, "gpt-4o"},
		{"x-tier: Economy\r\n", "gpt-4o"},      {"X-TIER: economy\r\n", "gpt-4o-mini"},
		{"x-tier: economy-plus\r\n", "gpt-4o"},
	};
	const char *body = "{\"model\":\"smart\",\"messages\":[],\"x\":\"[mock:usage=10/2]\"}";
	CHECK_INT(rig_start(&r, "aliases:\n  smart:\n    to: openai/gpt-4o\n    headers:\n"
				"      - {header: X-Tier, value: economy, to: openai/gpt-4o-mini}\n"
				"cache:\n  ttl_s: 60\n"), 0);
	for (size_t i = 0; i < sizeof calls / sizeof calls[0]; i++) {
		CHECK_INT(http_post(r.port, CHAT, r.key, calls[i].hdr, body, &x), 0);
		CHECK_INT(x.status, 200);
		resp_free(&x);
	}
	rig_stop(&r);
	/* the first of each route reached the mock; the repeats were cache hits */
	CHECK_INT(mock_count(&r, "model=gpt-4o-mini "), 1);
	CHECK_INT(mock_count(&r, "model=gpt-4o "), 1);
	CHECK_INT(rig_rows(&r, &rows, &n), 0);
	CHECK_INT(n, 5);
	for (int j = 0; j < n; j++) {
		mini += !strcmp(rows[j].usage.model, "gpt-4o-mini");
		big += !strcmp(rows[j].usage.model, "gpt-4o");
		hits += lc_usage_get_tag(&rows[j].usage, "cache") != NULL;
	}
	CHECK_INT(mini, 2);
	CHECK_INT(big, 3);
	CHECK_INT(hits, 3);
	free(rows);
}

/* Read the response head and k SSE events, then close. */
static void read_events_then_close(int port, const char *key, const char *body, int k)
{
	char req[2048], buf[8192];
	lc_buf in;
	int n = snprintf(req, sizeof req, "POST " CHAT " HTTP/1.1\r\nHost: a\r\nAuthorization: Bearer %s\r\n"
					  "Content-Length: %zu\r\n\r\n%s", key, strlen(body), body);
	struct sockaddr_in a;
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	memset(&a, 0, sizeof a);
	a.sin_family = AF_INET;
	a.sin_port = htons((uint16_t)port);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0 || send(fd, req, (size_t)n, 0) != n) {
		close(fd);
		return;
	}
	lc_buf_init(&in, 1 << 20);
	for (;;) {
		int events = 0;
		const char *p = in.data;
		while (p && (p = strstr(p, "\n\n"))) {
			events++;
			p += 2;
		}
		if (in.len && events >= k + 1) /* +1: the head's blank line is CRLF, not counted */
			break;
		ssize_t got = recv(fd, buf, sizeof buf, 0);
		if (got <= 0)
			break;
		lc_buf_append(&in, buf, (size_t)got);
		if (k == 0)
			break;
	}
	lc_buf_free(&in);
	close(fd);
}

/* T2.3 / T1.3: the client disconnects after k events, for several k: exactly one row each,
 * with the full usage (the gateway drains the stream), tagged with the reason. */
TEST(gw_disconnect_mid_stream)
{
	rig r;
	lc_record *rows;
	int n, ks[] = {0, 1, 3, 7, 12};
	const char *body = "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"messages\":[],"
			   "\"x\":\"[mock:events=12][mock:drip=10][mock:usage=77/12]\"}";
	CHECK_INT(rig_start(&r, NULL), 0);
	for (size_t i = 0; i < sizeof ks / sizeof ks[0]; i++)
		read_events_then_close(r.port, r.key, body, ks[i]);
	usleep(400 * 1000); /* the drained streams end */
	rig_stop(&r);
	CHECK_INT(rig_rows(&r, &rows, &n), 0);
	CHECK_INT(n, 5);
	for (int i = 0; i < n; i++) {
		CHECK_INT(rows[i].usage.input_tokens, 77);
		CHECK_INT(rows[i].usage.output_tokens, 12);
		CHECK(rows[i].cost.priced);
	}
	CHECK(lc_usage_get_tag(&rows[0].usage, "reason") != NULL);
	free(rows);
}

/* T2.4: the upstream cuts the stream before usage: one row, estimated and partial, not $0. */
TEST(gw_upstream_cut)
{
	rig r;
	resp x;
	lc_record *rows;
	int n;
	const char *body = "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"messages\":[{\"role\":\"user\","
			   "\"content\":\"How many tokens is this sentence, roughly?\"}],"
			   "\"x\":\"[mock:events=5][mock:cut=2]\"}";
	lc_tok_model tm;
	size_t want = 0;
	CHECK_INT(lc_tok_model_find("gpt-4o-mini", &tm, NULL), 0);
	CHECK_INT(lc_tok_count_chat(&tm, body, strlen(body), &want, NULL, NULL), 0);
	CHECK_INT(rig_start(&r, NULL), 0);
	CHECK_INT(http_post(r.port, CHAT, r.key, NULL, body, &x), 0);
	CHECK_INT(x.status, 200);
	CHECK(!x.complete); /* the client can tell: the chunked body never ends */
	resp_free(&x);
	rig_stop(&r);
	CHECK_INT(rig_rows(&r, &rows, &n), 0);
	CHECK_INT(n, 1);
	CHECK(rows[0].usage.flags & LC_USAGE_ESTIMATED);
	CHECK(rows[0].usage.flags & LC_USAGE_PARTIAL);
	CHECK_INT(rows[0].usage.input_tokens, (int64_t)want); /* the tokenizer's count */
	CHECK(rows[0].usage.output_tokens > 0);
	CHECK(rows[0].cost.priced);
	CHECK(!lc_money_is_zero(rows[0].cost.total));
	free(rows);
}

/* T6.5: cache hits per tenant only; errors never cached; a hit is a row with $0 and the
 * saving. */
TEST(gw_cache_isolation)
{
	rig r;
	resp x;
	lc_key_info k;
	char other[LC_KEY_SECRET_MAX];
	lc_record *rows;
	int n, hits = 0;
	const char *a = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
	const char *a2 = "{ \"messages\":[{\"content\":\"hi\",\"role\":\"user\"}], \"model\":\"gpt-4o-mini\"}";
	const char *bad = "{\"model\":\"gpt-4o-mini\",\"messages\":[],\"x\":\"[mock:status=500]\"}";
	CHECK_INT(rig_start(&r, "cache:\n  ttl_s: 60\nlimits:\n  max_attempts: 1\n"), 0);
	memset(&k, 0, sizeof k);
	CHECK_INT(rig_key(&r, &k, other), 0);
	CHECK_INT(http_post(r.port, CHAT, r.key, NULL, a, &x), 0);
	CHECK_INT(x.status, 200);
	resp_free(&x);
	CHECK_INT(http_post(r.port, CHAT, r.key, NULL, a2, &x), 0); /* same request, reordered */
	CHECK_INT(x.status, 200);
	CHECK_STR(resp_header(&x, "x-llmcost-cache"), "hit");
	resp_free(&x);
	CHECK_INT(http_post(r.port, CHAT, other, NULL, a, &x), 0); /* another tenant: a miss */
	CHECK_STR(resp_header(&x, "x-llmcost-cache"), "");
	resp_free(&x);
	for (int i = 0; i < 2; i++) {
		CHECK_INT(http_post(r.port, CHAT, r.key, NULL, bad, &x), 0);
		CHECK_INT(x.status, 500);
		resp_free(&x);
	}
	rig_stop(&r);
	CHECK_INT(mock_count(&r, "id="), 4);
	CHECK_INT(rig_rows(&r, &rows, &n), 0);
	CHECK_INT(n, 5);
	for (int i = 0; i < n; i++)
		if (lc_usage_get_tag(&rows[i].usage, "cache")) {
			hits++;
			CHECK(lc_money_is_zero(rows[i].cost.total));
			CHECK(lc_usage_get_tag(&rows[i].usage, "saved_usd") != NULL);
		}
	CHECK_INT(hits, 1);
	free(rows);
}

/* T6.4: no full secret in the access log, the ledger, metrics or error bodies. */
TEST(gw_secret_hygiene)
{
	rig r;
	resp x;
	char revoked_key[LC_KEY_SECRET_MAX], path[700];
	lc_key_info k;
	CHECK_INT(rig_start(&r, NULL), 0);
	memset(&k, 0, sizeof k);
	k.has_budget = 1; /* zero budget: refused */
	CHECK_INT(rig_key(&r, &k, revoked_key), 0);
	CHECK_INT(http_post(r.port, CHAT, r.key, NULL, "{\"model\":\"gpt-4o-mini\",\"messages\":[]}", &x), 0);
	CHECK(strstr(x.body.data, r.key) == NULL);
	resp_free(&x);
	CHECK_INT(http_post(r.port, CHAT, revoked_key, NULL, "{\"model\":\"gpt-4o-mini\",\"messages\":[]}", &x), 0);
	CHECK_INT(x.status, 402);
	CHECK(strstr(x.body.data, revoked_key) == NULL);
	resp_free(&x);
	CHECK_INT(http_post(r.port, CHAT, "lck-wrong", NULL, "{\"model\":\"gpt-4o-mini\",\"messages\":[]}", &x), 0);
	CHECK_INT(x.status, 401);
	CHECK(strstr(x.body.data, "lck-wrong") == NULL);
	resp_free(&x);
	CHECK_INT(http_raw(r.port, "GET /metrics HTTP/1.1\r\nHost: a\r\n\r\n", 35, &x), 0);
	CHECK(strstr(x.body.data, r.key) == NULL);
	CHECK(strstr(x.body.data, r.key_id) != NULL);
	resp_free(&x);
	rig_stop(&r);
	CHECK(file_has(r.access_log, r.key_id));
	for (int i = 0; i < 3; i++) {
		const char *f = i == 0 ? r.access_log : i == 1 ? r.ledger : r.mock_log;
		CHECK(!file_has(f, r.key));
		CHECK(!file_has(f, revoked_key));
		CHECK(!file_has(f, "sk-upstream-VERYSECRET"));
	}
	snprintf(path, sizeof path, "%s-wal", r.ledger);
	CHECK(!file_has(path, r.key));
}

typedef struct load {
	int port;
	const char *key;
	char ids[4000][GW_ID_MAX];
	int n;
} load;

static void *load_main(void *arg)
{
	load *l = arg;
	while (l->n < 4000) {
		resp x;
		if (http_post(l->port, CHAT, l->key, NULL,
			      "{\"model\":\"gpt-4o-mini\",\"messages\":[],\"max_tokens\":5}", &x) != 0)
			break;
		if (x.status == 200 && x.complete)
			snprintf(l->ids[l->n++], GW_ID_MAX, "%.40s", resp_header(&x, "x-llmcost-request-id"));
		resp_free(&x);
	}
	return NULL;
}

/* T3.1 (one iteration): SIGKILL the gateway under load; after a restart every request whose
 * response completed has its row (replayed from the crash spool), none twice. */
TEST(gw_kill9_loses_no_answered_row)
{
	int fds[2], n;
	pid_t child;
	rig r;
	load *l = calloc(1, sizeof *l);
	pthread_t t;
	lc_record *rows;

	CHECK(pipe(fds) == 0);
	child = fork();
	CHECK(child >= 0);
	if (child == 0) {
		rig c;
		char msg[LC_KEY_SECRET_MAX + 16];
		close(fds[0]);
		if (rig_start(&c, NULL))
			_exit(1);
		snprintf(msg, sizeof msg, "%d %s\n", c.port, c.key);
		if (write(fds[1], msg, strlen(msg)) < 0)
			_exit(1);
		for (;;)
			pause();
	}
	close(fds[1]);
	{
		char msg[128] = "";
		static char key[LC_KEY_SECRET_MAX];
		FILE *f = fdopen(fds[0], "r");
		CHECK(f && fgets(msg, sizeof msg, f));
		fclose(f);
		CHECK(sscanf(msg, "%d %63s", &l->port, key) == 2);
		l->key = key;
	}
	pthread_create(&t, NULL, load_main, l);
	usleep(300 * 1000);
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
	pthread_join(t, NULL);
	CHECK(l->n > 0);
	/* restart on the same ledger: the spool is replayed */
	CHECK_INT(rig_start(&r, NULL), 0);
	rig_stop(&r);
	CHECK_INT(rig_rows(&r, &rows, &n), 0);
	CHECK(n >= l->n);
	for (int i = 0; i < l->n; i++)
		if (!row_by_id(rows, n, l->ids[i])) {
			lc_test_fail(__FILE__, __LINE__, "answered request %s has no row (%d answered, %d rows)",
				     l->ids[i], l->n, n);
			return;
		}
	for (int i = 1; i < n; i++)
		CHECK(strcmp(rows[i].usage.id, rows[i - 1].usage.id) != 0 || 0);
	free(rows);
	free(l);
}

/* T6.3: admin-configured upstreams on private addresses, in every spelling, are refused at
 * start-up unless allowed; the client can name no upstream at all. */
TEST(gw_ssrf_private_upstreams_refused)
{
	static const char *hosts[] = {"169.254.169.254", "127.0.0.1", "10.1.2.3", "172.16.0.1",
				      "192.168.1.1", "100.64.0.1", "0.0.0.0", "2130706433",
				      "0x7f000001", "0177.0.0.1", "[::1]", "[::ffff:127.0.0.1]",
				      "[fd00::1]", "[fe80::1]", "localhost"};
	char yaml[512];
	for (size_t i = 0; i < sizeof hosts / sizeof hosts[0]; i++) {
		lc_gw_config *cfg;
		lc_gateway *gw = NULL;
		lc_error err;
		snprintf(yaml, sizeof yaml,
			 "listen: 127.0.0.1:0\nledger: %s/l.db\nproviders:\n  - name: openai\n"
			 "    base_url: http://%s:9/v1\n", lc_test_tmpdir(), hosts[i]);
		CHECK_INT(lc_gw_config_parse(yaml, strlen(yaml), "t.yaml", &cfg, &err), 0);
		if (lc_gw_create(cfg, &gw, &err) != LC_DENIED) {
			lc_test_fail(__FILE__, __LINE__, "%s was not refused: %s", hosts[i], err.msg);
			lc_gw_free(gw);
			lc_gw_config_free(cfg);
			return;
		}
		CHECK(strstr(err.msg, "private address") != NULL);
		lc_gw_config_free(cfg);
	}
}

/* Tag budgets from the configuration (team=ml, hard, and team=web, soft) apply to every
 * key carrying the tag; a key's own tags, not the client's header, decide. */
TEST(gw_tag_budgets)
{
	rig r;
	resp x;
	lc_key_info k;
	char ml[LC_KEY_SECRET_MAX], web[LC_KEY_SECRET_MAX], k_ml_id[LC_KEY_ID_MAX];
	const char *body = "{\"model\":\"gpt-4o-mini\",\"messages\":[],\"max_tokens\":10}";
	CHECK_INT(rig_start(&r, "budgets:\n  - tag: team=ml\n    limit: \"0.000001\"\n    period: day\n"
				"  - tag: team=web\n    limit: \"0.000001\"\n    mode: soft\n"), 0);
	memset(&k, 0, sizeof k);
	snprintf(k.tags, sizeof k.tags, "team=ml");
	CHECK_INT(rig_key(&r, &k, ml), 0);
	snprintf(k_ml_id, sizeof k_ml_id, "%s", k.id);
	memset(&k, 0, sizeof k);
	snprintf(k.tags, sizeof k.tags, "team=web");
	CHECK_INT(rig_key(&r, &k, web), 0);
	CHECK_INT(http_post(r.port, CHAT, ml, NULL, body, &x), 0);
	CHECK_INT(x.status, 402);
	CHECK(strstr(x.body.data, "team day budget") != NULL);
	resp_free(&x);
	CHECK_INT(http_post(r.port, CHAT, web, NULL, body, &x), 0);
	CHECK_INT(x.status, 200); /* soft: recorded, not refused */
	resp_free(&x);
	/* a client cannot dodge its key's tag: team stays ml */
	CHECK_INT(http_post(r.port, CHAT, ml, "x-llmcost-tags: team=web\r\n", body, &x), 0);
	CHECK_INT(x.status, 402);
	resp_free(&x);
	CHECK_INT(http_post(r.port, CHAT, r.key, NULL, body, &x), 0);
	CHECK_INT(x.status, 200);
	resp_free(&x);
	CHECK_INT(http_raw(r.port, "GET /metrics HTTP/1.1\r\nHost: a\r\n\r\n", 35, &x), 0);
	CHECK(strstr(x.body.data, "llmcost_budget_soft_alerts_total{tag=\"team=web\"} 1\n") != NULL);
	CHECK(strstr(x.body.data, "llmcost_budget_limit_usd{tag=\"team=ml\",period=\"day\",mode=\"hard\"} 0.000001\n") != NULL);
	{ /* both refusals of the ml key, counted under its id (never its secret) */
		char want[200];
		snprintf(want, sizeof want,
			 "llmcost_refused_total{key=\"%s\",code=\"402\",type=\"budget_exceeded\"} 2\n",
			 k_ml_id);
		CHECK(strstr(x.body.data, want) != NULL);
	}
	resp_free(&x);
	rig_stop(&r);
	CHECK_INT(mock_count(&r, "id="), 2);
	{
		lc_record *rows;
		int n, over = 0;
		CHECK_INT(rig_rows(&r, &rows, &n), 0);
		CHECK_INT(n, 2);
		for (int i = 0; i < n; i++)
			if (lc_usage_get_tag(&rows[i].usage, "budget")) {
				CHECK_STR(lc_usage_get_tag(&rows[i].usage, "team"), "web");
				over++;
			}
		CHECK_INT(over, 1);
		free(rows);
	}
}

/* The libcurl client (used for https providers) against the same mock over http: JSON and
 * SSE metering, the held-back usage chunk, fallback on 500, a cut stream. */
TEST(gw_curl_client)
{
	rig r;
	resp x;
	lc_record *rows;
	int n;
	char ids[4][GW_ID_MAX];
	static const char *bodies[] = {
		"{\"model\":\"gpt-4o-mini\",\"messages\":[],\"x\":\"[mock:usage=120/7]\"}",
		"{\"model\":\"gpt-4o-mini\",\"stream\":true,\"messages\":[],\"x\":\"[mock:usage=50/9]\"}",
		"{\"model\":\"smart\",\"messages\":[],\"x\":\"[mock:fail_once=c1][mock:usage=10/3]\"}",
		"{\"model\":\"gpt-4o-mini\",\"stream\":true,\"messages\":[],\"x\":\"[mock:events=5][mock:cut=2]\"}",
	};
	rig_client = "curl";
	CHECK_INT(rig_start(&r, "aliases:\n  smart: [openai/gpt-4o-mini, openai/gpt-4o]\n"), 0);
	for (int i = 0; i < 4; i++) {
		CHECK_INT(http_post(r.port, CHAT, r.key, NULL, bodies[i], &x), 0);
		CHECK_INT(x.status, 200);
		CHECK_INT(x.complete, i != 3);
		snprintf(ids[i], sizeof ids[i], "%.40s", resp_header(&x, "x-llmcost-request-id"));
		if (i == 1)
			CHECK(strstr(x.body.data, "\"usage\"") == NULL && strstr(x.body.data, "[DONE]"));
		resp_free(&x);
	}
	rig_stop(&r);
	CHECK_INT(rig_rows(&r, &rows, &n), 0);
	CHECK_INT(n, 4);
	CHECK_INT(row_by_id(rows, n, ids[0])->usage.input_tokens, 120);
	CHECK_INT(row_by_id(rows, n, ids[1])->usage.output_tokens, 9);
	CHECK_INT(row_by_id(rows, n, ids[1])->usage.flags & LC_USAGE_PARTIAL, 0);
	CHECK_STR(row_by_id(rows, n, ids[2])->usage.model, "gpt-4o");
	CHECK(row_by_id(rows, n, ids[3])->usage.flags & LC_USAGE_PARTIAL);
	CHECK_INT(mock_count(&r, "status=500"), 1);
	free(rows);
}

typedef struct client {
	rig *r;
	const char *key;
	unsigned seed;
	int ok, refused, other;
} client;

static void *client_main(void *arg)
{
	client *c = arg;
	for (int i = 0; i < 20; i++) {
		char body[256];
		resp x;
		/* real providers count at most one input token per body byte: so does this */
		int p = 1 + (int)(rand_r(&c->seed) % 100), o = 1 + (int)(rand_r(&c->seed) % 200);
		snprintf(body, sizeof body,
			 "{\"model\":\"gpt-4o-mini\",\"messages\":[],\"max_tokens\":200,"
			 "\"x\":\"[mock:usage=%d/%d]\"}", p, o);
		if (http_post(c->r->port, CHAT, c->key, NULL, body, &x) != 0) {
			c->other++;
			continue;
		}
		if (x.status == 200)
			c->ok++;
		else if (x.status == 402)
			c->refused++;
		else
			c->other++;
		resp_free(&x);
	}
	return NULL;
}

/* T1.1 (scaled: 16 clients x 20 requests, random usage): (a) the ledger's spend for the key
 * equals, to the atto-dollar, the price of what the mock says it served; (b) the spend stays
 * within the budget (+0: the reservation is an upper bound); (c) refused requests never
 * reached the mock; (d) after the drain nothing is reserved. */
TEST(gw_budget_exact_under_concurrency)
{
	rig r;
	lc_key_info k;
	char key[LC_KEY_SECRET_MAX], line[512];
	client cl[16];
	pthread_t t[16];
	lc_record *rows;
	int n, ok = 0, refused = 0, other = 0;
	lc_money ledger = lc_money_zero(), mock = lc_money_zero();
	lc_catalog *cat;
	lc_error err;
	FILE *f;

	CHECK_INT(rig_start(&r, NULL), 0);
	memset(&k, 0, sizeof k);
	k.has_budget = 1;
	CHECK_INT(lc_money_parse("0.005", (size_t)-1, &k.budget), 0);
	CHECK_INT(rig_key(&r, &k, key), 0);
	for (int i = 0; i < 16; i++) {
		cl[i] = (client){&r, key, (unsigned)i * 7919u + 1, 0, 0, 0};
		pthread_create(&t[i], NULL, client_main, &cl[i]);
	}
	for (int i = 0; i < 16; i++) {
		pthread_join(t[i], NULL);
		ok += cl[i].ok;
		refused += cl[i].refused;
		other += cl[i].other;
	}
	CHECK_INT(other, 0);
	CHECK(ok > 0 && refused > 0);
	CHECK(lc_money_is_zero(gw_budgets_reserved(r.gw->budgets))); /* (d) */
	rig_stop(&r);
	CHECK_INT(mock_count(&r, "id="), ok); /* (c) */
	CHECK_INT(rig_rows(&r, &rows, &n), 0);
	CHECK_INT(n, ok);
	for (int i = 0; i < n; i++)
		lc_money_add(ledger, rows[i].cost.total, &ledger);
	/* price what the mock logged, independently of the gateway */
	CHECK_INT(lc_catalog_open_default(&cat, &err), 0);
	f = fopen(r.mock_log, "r");
	CHECK(f != NULL);
	while (fgets(line, sizeof line, f)) {
		lc_usage u;
		lc_cost c;
		long long p, o;
		const char *s = strstr(line, "prompt="), *e = strstr(line, "completion=");
		CHECK(s && e);
		p = strtoll(s + 7, NULL, 10);
		o = strtoll(e + 11, NULL, 10);
		lc_usage_init(&u);
		u.time = rows[0].usage.time;
		snprintf(u.provider, sizeof u.provider, "openai");
		snprintf(u.model, sizeof u.model, "gpt-4o-mini");
		u.input_tokens = p;
		u.output_tokens = o;
		CHECK_INT(lc_price_usage(cat, &u, &c, &err), 0);
		lc_money_add(mock, c.total, &mock);
	}
	fclose(f);
	lc_catalog_free(cat);
	CHECK_INT(lc_money_cmp(ledger, mock), 0); /* (a), exactly */
	CHECK(lc_money_cmp(ledger, k.budget) <= 0); /* (b) */
	free(rows);
}

/* A client that reads slower than its upstream streams: the gateway stops reading upstream
 * while more than 1 MiB waits for the client (bounded memory per stream), and the stream
 * still arrives whole and is metered once. */
TEST(gw_slow_client_backpressure)
{
	rig r;
	char req[512], buf[65536];
	const char *body = "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"messages\":[],"
			   "\"x\":\"[mock:events=60000][mock:usage=5/60000]\"}";
	struct sockaddr_in a;
	lc_buf in;
	lc_record *rows;
	int fd, n;
	CHECK_INT(rig_start(&r, NULL), 0);
	n = snprintf(req, sizeof req, "POST " CHAT " HTTP/1.1\r\nHost: a\r\nAuthorization: Bearer %s\r\n"
				      "Connection: close\r\nContent-Length: %zu\r\n\r\n%s",
		     r.key, strlen(body), body);
	fd = socket(AF_INET, SOCK_STREAM, 0);
	memset(&a, 0, sizeof a);
	a.sin_family = AF_INET;
	a.sin_port = htons((uint16_t)r.port);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	CHECK_INT(connect(fd, (struct sockaddr *)&a, sizeof a), 0);
	CHECK_INT(send(fd, req, (size_t)n, 0), n);
	/* not reading yet: until the gateway pauses the upstream (5 s at most; a loaded machine
	 * under ASan may take longer than a fixed wait to fill the buffers) */
	for (int i = 0; i < 100 && r.gw->npaused < 1; i++)
		usleep(50 * 1000);
	lc_buf_init(&in, 64u << 20);
	for (;;) {
		ssize_t k = recv(fd, buf, sizeof buf, 0);
		if (k <= 0)
			break;
		lc_buf_append(&in, buf, (size_t)k);
	}
	close(fd);
	CHECK(in.len > 10u << 20);
	CHECK(memmem(in.data, in.len, "tok59999 ", 9) != NULL);
	CHECK(memcmp(in.data + in.len - 5, "0\r\n\r\n", 5) == 0);
	lc_buf_free(&in);
	CHECK(r.gw->npaused >= 1);
	rig_stop(&r);
	CHECK_INT(rig_rows(&r, &rows, &n), 0);
	CHECK_INT(n, 1);
	CHECK_INT(rows[0].usage.output_tokens, 60000);
	free(rows);
}

static int dial_raw(int port)
{
	struct sockaddr_in a;
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	memset(&a, 0, sizeof a);
	a.sin_family = AF_INET;
	a.sin_port = htons((uint16_t)port);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd >= 0 && connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/* T5.3 (scaled: 150 slowloris connections, 30 s -> 300 ms timeout) and the connection cap:
 * normal requests are served meanwhile, every slow client gets 408, and connections past
 * the cap get 503. */
TEST(gw_slowloris_and_connection_cap)
{
	rig r;
	resp x;
	int fds[150], got408 = 0;
	char buf[256];
	CHECK_INT(rig_start(&r, "limits:\n  header_timeout_ms: 300\n  max_connections: 160\n"), 0);
	for (int i = 0; i < 150; i++) {
		fds[i] = dial_raw(r.port);
		CHECK(fds[i] >= 0);
		CHECK_INT(send(fds[i], "POST /v1/chat/completions HTTP/1.1\r\nHo", 38, 0), 38);
	}
	for (int i = 0; i < 5; i++) {
		CHECK_INT(http_post(r.port, CHAT, r.key, NULL, "{\"model\":\"gpt-4o-mini\",\"messages\":[]}", &x), 0);
		CHECK_INT(x.status, 200);
		resp_free(&x);
	}
	/* past the cap: 150 slow + up to 10 more, the 11th extra is refused */
	{
		int more[12], refused = 0;
		for (int i = 0; i < 12; i++) {
			more[i] = dial_raw(r.port);
			CHECK(more[i] >= 0);
		}
		usleep(100 * 1000);
		for (int i = 0; i < 12; i++) {
			struct timeval tv = {0, 200000};
			ssize_t k;
			setsockopt(more[i], SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
			k = recv(more[i], buf, sizeof buf - 1, 0);
			if (k > 12 && !strncmp(buf, "HTTP/1.1 503", 12))
				refused++;
			close(more[i]);
		}
		CHECK(refused >= 2);
	}
	for (int i = 0; i < 150; i++) {
		struct timeval tv = {3, 0};
		ssize_t k;
		setsockopt(fds[i], SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
		k = recv(fds[i], buf, sizeof buf - 1, 0);
		if (k > 12 && !strncmp(buf, "HTTP/1.1 408", 12))
			got408++;
		close(fds[i]);
	}
	CHECK_INT(got408, 150);
	rig_stop(&r);
	CHECK_INT(mock_count(&r, "id="), 5);
}

/* One request on an open keep-alive connection; returns the status (-1 on error). The
 * response body is read by its Content-Length and dropped. */
static int ka_get(int fd, const char *path, const char *key)
{
	char req[512], buf[16384];
	size_t have = 0;
	int n = snprintf(req, sizeof req, "GET %s HTTP/1.1\r\nHost: a\r\nAuthorization: Bearer %s\r\n\r\n",
			 path, key);
	char *end, *cl;
	long body;
	if (n <= 0 || send(fd, req, (size_t)n, 0) != n)
		return -1;
	for (;;) {
		ssize_t k = recv(fd, buf + have, sizeof buf - 1 - have, 0);
		if (k <= 0)
			return -1;
		have += (size_t)k;
		buf[have] = '\0';
		if (!(end = strstr(buf, "\r\n\r\n")))
			continue;
		cl = strstr(buf, "Content-Length: ");
		body = cl && cl < end ? strtol(cl + 16, NULL, 10) : 0;
		if ((long)(have - (size_t)(end + 4 - buf)) >= body)
			break;
	}
	return (int)strtol(buf + 9, NULL, 10);
}

/* A connection remembers the hash of the secret it presented last (gw_key_find): another
 * key of the same length on the same connection, the right key again, and the same key
 * after it was revoked must each be judged afresh. */
TEST(gw_key_per_connection)
{
	rig r;
	lc_key_info k;
	char other[LC_KEY_SECRET_MAX], wrong[LC_KEY_SECRET_MAX];
	struct sockaddr_in a;
	lc_keys *ks;
	lc_error err;
	int fd;
	CHECK_INT(rig_start(&r, NULL), 0);
	memset(&k, 0, sizeof k);
	CHECK_INT(rig_key(&r, &k, other), 0);
	snprintf(wrong, sizeof wrong, "%s", r.key);
	wrong[strlen(wrong) - 1] ^= 1; /* same length, last byte differs */
	fd = socket(AF_INET, SOCK_STREAM, 0);
	memset(&a, 0, sizeof a);
	a.sin_family = AF_INET;
	a.sin_port = htons((uint16_t)r.port);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	CHECK_INT(connect(fd, (struct sockaddr *)&a, sizeof a), 0);
	CHECK_INT(ka_get(fd, "/v1/models", r.key), 200);
	CHECK_INT(ka_get(fd, "/v1/models", r.key), 200);
	CHECK_INT(ka_get(fd, "/v1/models", wrong), 401);
	CHECK_INT(ka_get(fd, "/v1/models", r.key), 200);
	CHECK_INT(ka_get(fd, "/v1/models", other), 200);
	CHECK_INT(lc_keys_open(r.ledger, &ks, &err), 0);
	CHECK_INT(lc_keys_revoke(ks, k.id, &err), 0);
	lc_keys_close(ks);
	usleep(1200 * 1000); /* the gateway notices key-store changes within a second */
	CHECK_INT(ka_get(fd, "/v1/models", other), 401);
	CHECK_INT(ka_get(fd, "/v1/models", r.key), 200);
	close(fd);
	rig_stop(&r);
}
