/*
 * test_http.c - unit tests of the gateway's parsers: the strict HTTP/1.1 head parser and
 * chunked decoder (the T5.1 smuggling vectors, table-driven), the SSE framer (split at every
 * byte gives the same events, T2.2 for our framer), the YAML configuration and the key store.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gateway/config.h"
#include "gateway/http.h"
#include "gateway/sse.h"
#include "tests/harness.h"

static const gw_http_limits LIM = {60 * 1024, 100, 8192};

static int parse(const char *s, int *status)
{
	gw_head h;
	size_t scan = 0;
	*status = 0;
	return gw_http_parse_head(s, strlen(s), 1, &LIM, &scan, &h, status);
}

/* Each vector must be refused with the given status (the connection is then closed and
 * nothing is forwarded: server.c never hands a refused head to the proxy). */
static const struct {
	const char *req;
	int status;
} BAD[] = {
	{"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n", 400},
	{"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n", 400},
	{"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\n", 400},
	{"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n", 400},
	{"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: \r\n\r\n", 400},
	{"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: +5\r\n\r\n", 400},
	{"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 0x5\r\n\r\n", 400},
	{"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5,5\r\n\r\n", 400},
	{"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n", 400},
	{"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1234567890123456789\r\n\r\n", 400},
	{"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", 501},
	{"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: identity\r\n\r\n", 501},
	{"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n", 400},
	{"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding : chunked\r\n\r\n", 400},
	{"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding:\tchunked\r\n x\r\n\r\n", 400},
	{"POST / HTTP/1.1\r\nHost: a\r\nX: a\r\n folded\r\n\r\n", 400},
	{"POST / HTTP/1.1\r\nHost: a\nX: b\r\n\r\n", 400},
	{"POST / HTTP/1.1\r\nHost: a\rX: b\r\n\r\n", 400},
	{"POST / HTTP/1.1\nHost: a\r\n\r\n", 400},
	{"GET / HTTP/1.\n\r\nHost: a\r\n\r\n", 400},
	{"GET /a\nb HTTP/1.1\r\nHost: a\r\n\r\n", 400},
	{"GET / HTTP/1.1\r\nHost: a\r\nX\n: 1\r\n\r\n", 400},
	{"GET / HTTP/1.1\r\nHost: a\r\nX:\n1\r\n\r\n", 400},
	{"GET / HTTP/1.1\r\nHost: a\r\nX: 1\n\r\n\r\n", 400},
	{"POST / HTTP/1.1\r\nHost: a\r\nX: a\x01b\r\n\r\n", 400},
	{"POST / HTTP/1.1\r\nHost: a\r\nX_Y: 1\r\n\r\n", 400},
	{"POST / HTTP/1.1\r\nHost: a\r\nX Y: 1\r\n\r\n", 400},
	{"POST / HTTP/1.1\r\nHost: a\r\n: 1\r\n\r\n", 400},
	{"POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n", 400},
	{"GET /\r\n\r\n", 400},
	{"GET / HTTP/2.0\r\nHost: a\r\n\r\n", 505},
	{"GET / HTTP/1.2\r\nHost: a\r\n\r\n", 505},
	{"GET / HTTP/1.1 \r\nHost: a\r\n\r\n", 400},
	{"GET  / HTTP/1.1\r\nHost: a\r\n\r\n", 400},
	{"get / HTTP/1.1\r\nHost: a\r\n\r\n", 400},
	{"GET http://evil/ HTTP/1.1\r\nHost: a\r\n\r\n", 400},
	{"GET * HTTP/1.1\r\nHost: a\r\n\r\n", 400},
	{"GET / HTTP/1.1\r\n\r\n", 400},
	{"POST / HTTP/1.1\r\nHost: a\r\nExpect: 200-ok\r\n\r\n", 417},
};

TEST(http_refuses_smuggling_vectors)
{
	for (size_t i = 0; i < sizeof BAD / sizeof BAD[0]; i++) {
		int status;
		int rc = parse(BAD[i].req, &status);
		if (rc != -1 || status != BAD[i].status) {
			lc_test_fail(__FILE__, __LINE__, "vector %zu: rc %d status %d, want -1/%d", i,
				     rc, status, BAD[i].status);
			return;
		}
	}
}

TEST(http_accepts_plain_requests)
{
	gw_head h;
	size_t scan = 0;
	int status = 0;
	const char *r = "POST /v1/chat/completions?x=1 HTTP/1.1\r\nHost: a\r\nContent-Length: 12\r\n"
			"Authorization:   Bearer k  \r\nConnection: close\r\n\r\nrest";
	CHECK_INT(gw_http_parse_head(r, strlen(r), 1, &LIM, &scan, &h, &status), (int)strlen(r) - 4);
	CHECK_INT(h.content_length, 12);
	CHECK_INT(h.keep_alive, 0);
	CHECK_INT(h.nhdr, 4);
	CHECK(gw_http_find(&h, "AUTHORIZATION"));
	CHECK_INT((int)gw_http_find(&h, "authorization")->vlen, 8);
	/* incomplete: more bytes needed */
	scan = 0;
	CHECK_INT(gw_http_parse_head(r, 20, 1, &LIM, &scan, &h, &status), 0);
}

TEST(http_header_caps_give_431)
{
	lc_buf b;
	int status;
	lc_buf_init(&b, 0);
	lc_buf_puts(&b, "GET / HTTP/1.1\r\nHost: a\r\n");
	for (int i = 0; i < 100; i++)
		lc_buf_printf(&b, "X-%d: v\r\n", i);
	lc_buf_puts(&b, "\r\n");
	CHECK_INT(parse(b.data, &status), -1);
	CHECK_INT(status, 431); /* 101 headers */
	lc_buf_reset(&b);
	lc_buf_puts(&b, "GET / HTTP/1.1\r\nHost: a\r\nX: ");
	for (int i = 0; i < 61 * 1024; i++)
		lc_buf_puts(&b, "a");
	CHECK_INT(parse(b.data, &status), -1); /* no end yet, but over the cap */
	CHECK_INT(status, 431);
	lc_buf_free(&b);
}

static int collect(void *ctx, const char *p, size_t n)
{
	return lc_buf_append(ctx, p, n) ? -1 : 0;
}

TEST(http_chunked_strict)
{
	static const char *bad[] = {"5;ext=1\r\nhello\r\n0\r\n\r\n", "5 \r\nhello\r\n0\r\n\r\n",
				    "5\nhello\r\n0\r\n\r\n", "5\r\nhelloX\r\n0\r\n\r\n",
				    "00000000000000005\r\nhello\r\n0\r\n\r\n", "-5\r\nhello\r\n",
				    "0\r\nTrailer: x\r\n\r\n", "\r\n"};
	const char *good = "5\r\nhello\r\nA\r\n0123456789\r\n0\r\n\r\n";
	lc_buf out;
	gw_chunked c;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		memset(&c, 0, sizeof c);
		lc_buf_init(&out, 0);
		CHECK_INT(gw_chunked_feed(&c, bad[i], strlen(bad[i]), collect, &out) < 0 || !c.done, 1);
		lc_buf_free(&out);
	}
	/* every split point gives the same body */
	for (size_t cut = 0; cut <= strlen(good); cut++) {
		long a, b;
		memset(&c, 0, sizeof c);
		lc_buf_init(&out, 0);
		a = gw_chunked_feed(&c, good, cut, collect, &out);
		b = gw_chunked_feed(&c, good + cut, strlen(good) - cut, collect, &out);
		CHECK_INT(a + b, (long)strlen(good));
		CHECK(c.done);
		CHECK_STR(out.data, "hello0123456789");
		lc_buf_free(&out);
	}
}

/* ------------------------------------------------------------------ SSE */

static int sse_collect(void *ctx, const char *raw, size_t rawlen, const char *ev, size_t elen,
		       const char *data, size_t dlen)
{
	lc_buf *b = ctx;
	lc_buf_printf(b, "[%.*s|%.*s]", (int)elen, ev ? ev : "", (int)dlen, data);
	lc_buf_append(&b[1], raw, rawlen); /* the forwarded bytes, in order */
	return 0;
}

TEST(sse_split_invariance)
{
	const char *s = "event: message_start\ndata: {\"a\":1}\n\n: comment\r\ndata: x\r\ndata:y\r\n\r\n"
			"\n\ndata: [DONE]\r\rid: 7\ndata: z\n\n";
	lc_buf whole[2], part[2];
	gw_sse p;
	lc_buf_init(&whole[0], 0);
	lc_buf_init(&whole[1], 0);
	gw_sse_init(&p, 1 << 20);
	CHECK_INT(gw_sse_feed(&p, s, strlen(s), sse_collect, whole), 0);
	CHECK(!gw_sse_pending(&p));
	gw_sse_free(&p);
	CHECK_STR(whole[0].data, "[message_start|{\"a\":1}][|x\ny][|[DONE]][|z]");
	CHECK_STR(whole[1].data, s);
	for (size_t i = 0; i <= strlen(s); i++)
		for (size_t j = i; j <= strlen(s); j += 3) {
			lc_buf_init(&part[0], 0);
			lc_buf_init(&part[1], 0);
			gw_sse_init(&p, 1 << 20);
			gw_sse_feed(&p, s, i, sse_collect, part);
			gw_sse_feed(&p, s + i, j - i, sse_collect, part);
			gw_sse_feed(&p, s + j, strlen(s) - j, sse_collect, part);
			if (strcmp(part[0].data ? part[0].data : "", whole[0].data) != 0 ||
			    gw_sse_pending(&p)) {
				lc_test_fail(__FILE__, __LINE__, "split %zu/%zu: %s", i, j, part[0].data);
				return;
			}
			/* forwarded bytes + what is left = the input, byte for byte */
			lc_buf_append(&part[1], p.raw.data, p.raw.len);
			CHECK_STR(part[1].data, s);
			gw_sse_free(&p);
			lc_buf_free(&part[0]);
			lc_buf_free(&part[1]);
		}
	lc_buf_free(&whole[0]);
	lc_buf_free(&whole[1]);
}

TEST(sse_event_cap)
{
	gw_sse p;
	lc_buf b[2];
	char big[300];
	memset(big, 'a', sizeof big);
	lc_buf_init(&b[0], 0);
	lc_buf_init(&b[1], 0);
	gw_sse_init(&p, 256);
	CHECK_INT(gw_sse_feed(&p, big, sizeof big, sse_collect, b), LC_LIMIT);
	gw_sse_free(&p);
	lc_buf_free(&b[0]);
	lc_buf_free(&b[1]);
}

/* ------------------------------------------------------------------ config */

TEST(config_parses_and_points_at_errors)
{
	lc_gw_config *c = NULL;
	lc_error err;
	const char *y = "listen: 127.0.0.1:0\nproviders:\n  - name: openai\n    base_url: http://127.0.0.1:9/v1\n"
			"aliases:\n  fast: openai/gpt-4o-mini\n  pool: {to: [openai/a, openai/b], balance: true,"
			" small: openai/tiny, below_tokens: 100}\nbudgets:\n  - tag: team=ml\n    limit: \"5.00\"\n"
			"    period: week\n    zone: Europe/Paris\nlimits:\n  max_headers: 50\ncache:\n  ttl_s: 60\n";
	CHECK_INT(lc_gw_config_parse(y, strlen(y), "t.yaml", &c, &err), 0);
	CHECK_INT(c->listen_port, 0);
	CHECK_INT(c->nproviders, 1);
	CHECK_STR(c->providers[0].host, "127.0.0.1");
	CHECK_INT(c->providers[0].port, 9);
	CHECK_STR(c->providers[0].path_prefix, "/v1");
	CHECK_INT(c->naliases, 2);
	CHECK_INT(c->aliases[1].ntargets, 2);
	CHECK_INT(c->aliases[1].below_tokens, 100);
	CHECK_STR(c->budgets[0].tag_val, "ml");
	CHECK_MONEY(c->budgets[0].limit, "5");
	CHECK_INT(c->max_headers, 50);
	CHECK_INT(c->cache_ttl_ms, 60000);
	lc_gw_config_free(c);

	y = "providers:\n  - name: openai\n    base_url: http://x/v1\nlimits:\n  max_hedaers: 5\n";
	CHECK_INT(lc_gw_config_parse(y, strlen(y), "t.yaml", &c, &err), LC_PARSE);
	CHECK_STR(err.msg, "t.yaml:5:3: unknown limits field 'max_hedaers'");
	y = "aliases:\n  a: nowhere/model\n";
	CHECK_INT(lc_gw_config_parse(y, strlen(y), "t.yaml", &c, &err), LC_PARSE);
	y = "providers:\n  - name: p\n    base_url: ftp://x\n";
	CHECK_INT(lc_gw_config_parse(y, strlen(y), "t.yaml", &c, &err), LC_PARSE);
	y = "providers:\n  - name: p\n    base_url: http://x\n    api_key_env: LC_TEST_SURELY_UNSET\n";
	CHECK_INT(lc_gw_config_parse(y, strlen(y), "t.yaml", &c, &err), LC_PARSE);
	y = "listen: [\n";
	CHECK_INT(lc_gw_config_parse(y, strlen(y), "t.yaml", &c, &err), LC_PARSE);
	/* header rules: names kept in lower case, shared between aliases */
	y = "providers:\n  - name: openai\n    base_url: http://x/v1\naliases:\n"
	    "  a: {to: openai/big, headers: [{header: X-Tier, value: eco, to: openai/small},\n"
	    "      {header: x-team, value: ml, to: [openai/m1, openai/m2]}]}\n"
	    "  b: {to: openai/big, headers: [{header: x-tier, value: cheap, to: openai/tiny}]}\n";
	CHECK_INT(lc_gw_config_parse(y, strlen(y), "t.yaml", &c, &err), 0);
	CHECK_INT(c->nroute_hdrs, 2);
	CHECK_STR(c->route_hdrs[0], "x-tier");
	CHECK_INT(c->aliases[0].nrules, 2);
	CHECK_INT(c->aliases[0].rules[1].hdr, 1);
	CHECK_INT(c->aliases[0].rules[1].ntargets, 2);
	CHECK_STR(c->aliases[0].rules[1].targets[1].model, "m2");
	CHECK_INT(c->aliases[1].rules[0].hdr, 0);
	CHECK_STR(c->aliases[1].rules[0].value, "cheap");
	lc_gw_config_free(c);
	y = "providers:\n  - name: openai\n    base_url: http://x/v1\naliases:\n"
	    "  a: {to: openai/big, headers: [{header: x-tier, to: openai/small}]}\n";
	CHECK_INT(lc_gw_config_parse(y, strlen(y), "t.yaml", &c, &err), LC_PARSE);
	CHECK(strstr(err.msg, "t.yaml:5:") && strstr(err.msg, "needs header, a non-empty value and to"));
	y = "providers:\n  - name: openai\n    base_url: http://x/v1\naliases:\n"
	    "  a: {to: openai/big, headers: [{header: Authorization, value: x, to: openai/s}]}\n";
	CHECK_INT(lc_gw_config_parse(y, strlen(y), "t.yaml", &c, &err), LC_PARSE);
	CHECK(strstr(err.msg, "cannot route by the header 'authorization'") != NULL);
	y = "providers:\n  - name: openai\n    base_url: http://x/v1\naliases:\n"
	    "  a: {to: openai/big, headers: [{header: 'x y', value: x, to: openai/s}]}\n";
	CHECK_INT(lc_gw_config_parse(y, strlen(y), "t.yaml", &c, &err), LC_PARSE);
	y = "providers:\n  - name: openai\n    base_url: http://x/v1\naliases:\n"
	    "  a: {to: openai/big, headers: [{header: h1, value: x, to: openai/s},"
	    " {header: h2, value: x, to: openai/s}, {header: h3, value: x, to: openai/s},"
	    " {header: h4, value: x, to: openai/s}]}\n"
	    "  b: {to: openai/big, headers: [{header: h5, value: x, to: openai/s}]}\n";
	CHECK_INT(lc_gw_config_parse(y, strlen(y), "t.yaml", &c, &err), LC_PARSE);
	CHECK(strstr(err.msg, "at most 4 distinct headers") != NULL);
	y = "providers:\n  - name: openai\n    base_url: http://x/v1\naliases:\n"
	    "  a: {to: openai/big, headers: [{header: h1, value: x, to: nowhere/s}]}\n";
	CHECK_INT(lc_gw_config_parse(y, strlen(y), "t.yaml", &c, &err), LC_PARSE);
	/* a second document would have been ignored without a word */
	y = "listen: 127.0.0.1:9000\n---\nlisten: 0.0.0.0:9000\n";
	CHECK_INT(lc_gw_config_parse(y, strlen(y), "t.yaml", &c, &err), LC_PARSE);
	CHECK_STR(err.msg, "t.yaml:2:1: a second YAML document; this file must be one document "
			   "(remove the extra '---')");
	y = "listen: 127.0.0.1:9000\n---\n";  /* an empty one after it: fine */
	CHECK_INT(lc_gw_config_parse(y, strlen(y), "t.yaml", &c, &err), 0);
	lc_gw_config_free(c);
	y = "listen: 127.0.0.1:9000\n...\n{\n"; /* malformed after the first */
	CHECK_INT(lc_gw_config_parse(y, strlen(y), "t.yaml", &c, &err), LC_PARSE);
}

/* ------------------------------------------------------------------ keys */

TEST(keys_hashed_shown_once_revocable)
{
	char path[512], secret[LC_KEY_SECRET_MAX];
	lc_keys *ks;
	lc_key_info k, got;
	lc_error err;
	FILE *f;
	char *data;
	size_t n;

	snprintf(path, sizeof path, "%s/keys.db", lc_test_tmpdir());
	CHECK_INT(lc_keys_open(path, &ks, &err), 0);
	memset(&k, 0, sizeof k);
	snprintf(k.tags, sizeof k.tags, "team=ml");
	k.has_budget = 1;
	CHECK_INT(lc_money_parse("2.5", (size_t)-1, &k.budget), 0);
	CHECK_INT(lc_keys_create(ks, &k, secret, &err), 0);
	CHECK_INT((int)strlen(secret), 44);
	CHECK_INT(lc_keys_lookup(ks, secret, strlen(secret), &got, &err), 0);
	CHECK_STR(got.id, k.id);
	CHECK_STR(got.tags, "team=ml");
	CHECK_MONEY(got.budget, "2.5");
	CHECK(strstr(got.hint, secret + 40) != NULL);
	CHECK_INT(lc_keys_lookup(ks, "lck-0000000000000000000000000000000000000000", 44, &got, &err),
		  LC_NOTFOUND);
	CHECK_INT(lc_keys_revoke(ks, k.id, &err), 0);
	CHECK_INT(lc_keys_revoke(ks, k.id, &err), LC_NOTFOUND);
	CHECK_INT(lc_keys_get(ks, k.id, &got, &err), 0);
	CHECK(got.revoked > 0);
	lc_keys_close(ks);
	/* the secret is nowhere in the file */
	f = fopen(path, "rb");
	CHECK(f != NULL);
	data = malloc(1 << 20);
	n = fread(data, 1, 1 << 20, f);
	fclose(f);
	CHECK(memmem(data, n, secret, strlen(secret)) == NULL);
	CHECK(memmem(data, n, secret + 4, 20) == NULL);
	free(data);
}

/* An upstream status line or header with a bare LF is refused (502), wherever the LF is. */
TEST(http_response_bare_lf)
{
	static const char *const bad[] = {
		"HTTP/1.1 200 O\nK\r\nContent-Length: 0\r\n\r\n",
		"HTTP/1.1 200 OK\r\nContent-Length: 0\n\r\n\r\n",
		"HTTP/1.1 200 OK\r\nX: a\nb\r\nContent-Length: 0\r\n\r\n",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		gw_head h;
		size_t scan = 0;
		int status = 0;
		CHECK_INT(gw_http_parse_head(bad[i], strlen(bad[i]), 0, &LIM, &scan, &h, &status), -1);
		CHECK_INT(status, 502);
	}
	{
		static const char ok[] = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";
		gw_head h;
		size_t scan = 0;
		int status = 0;
		CHECK_INT(gw_http_parse_head(ok, strlen(ok), 0, &LIM, &scan, &h, &status),
			  (int)strlen(ok));
		CHECK_INT(h.status, 200);
	}
}
