/*
 * test_fix_meter.c - regression tests for findings of an adversarial review of the gateway
 * (2026-11-29), reservation and metering: what a hard budget reserves (uncapped requests,
 * unreadable caps, n choices, input stored at the provider, background responses, unpriced
 * fallbacks) and what a row records when an answer is cut, too large, reported under an
 * unknown model name, or left by its client; and the metrics labels refusals may not
 * take. Black-box, on the rig of test_gateway.c (gwtest.h).
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
 * A request naming no output cap can make the provider generate to the model's own maximum
 * (16,384 tokens for gpt-4o-mini): that is what is reserved, so a hard budget that covers
 * less refuses it (402, nothing sent upstream), and one that covers it admits it and is
 * never passed. The body goes upstream unchanged (the client's semantics are kept).
 */
TEST(gw_reserve_uncapped_request_for_the_model_maximum)
{
	rig r;
	resp x;
	lc_key_info k;
	char key[LC_KEY_SECRET_MAX], small[LC_KEY_SECRET_MAX];
	const char *body = "{\"model\":\"gpt-4o-mini\",\"messages\":[]}";
	lc_record *rows;
	int n;

	CHECK_INT(rig_start(&r, "limits:\n  default_max_output_tokens: 1\n"), 0);
	memset(&k, 0, sizeof k);
	k.has_budget = 1;
	k.budget = price_mini((int64_t)strlen(body), 1); /* the old, too small reservation */
	snprintf(k.period, sizeof k.period, "day");
	CHECK_INT(rig_key(&r, &k, small), 0);
	CHECK_INT(http_post(r.port, CHAT, small, NULL, body, &x), 0);
	CHECK_INT(x.status, 402);
	resp_free(&x);
	memset(&k, 0, sizeof k);
	k.has_budget = 1;
	k.budget = price_mini((int64_t)strlen(body), 16384); /* the model's maximum output */
	snprintf(k.period, sizeof k.period, "day");
	CHECK_INT(rig_key(&r, &k, key), 0);
	CHECK_INT(http_post(r.port, CHAT, key, NULL, body, &x), 0);
	CHECK_INT(x.status, 200);
	resp_free(&x);
	rig_stop(&r);
	CHECK_INT(mock_count(&r, "id="), 1); /* the refused one never left */
	/* not rewritten (the model's maximum is known): the mock generated its default 16 */
	CHECK_INT(mock_count(&r, "completion=16 "), 1);
	CHECK_INT(rig_rows(&r, &rows, &n), 0);
	CHECK_INT(n, 1);
	CHECK(lc_money_cmp(rows[0].cost.total, k.budget) <= 0);
	free(rows);
}

/*
 * A model whose maximum output the catalog does not know (allow_unpriced here, so nothing
 * is known about it): the reservation uses default_max_output_tokens, and that cap is sent
 * upstream, so the bound holds.
 */
TEST(gw_reserve_unknown_maximum_sends_the_default_cap)
{
	rig r;
	resp x;
	CHECK_INT(rig_start(&r, "limits:\n  default_max_output_tokens: 7\n  allow_unpriced: true\n"), 0);
	CHECK_INT(http_post(r.port, CHAT, r.key, NULL, "{\"model\":\"my-local-model\",\"messages\":[]}",
			    &x), 0);
	CHECK_INT(x.status, 200);
	resp_free(&x);
	CHECK_INT(http_post(r.port, "/v1/responses", r.key, NULL,
			    "{\"model\":\"my-local-model\",\"input\":\"hi\"}", &x), 0);
	CHECK_INT(x.status, 200);
	resp_free(&x);
	rig_stop(&r);
	CHECK_INT(mock_count(&r, "completion=7 "), 2); /* the mock obeys the cap it was sent */
}

/* ------------------------------------------------------------------ a raw upstream */

/* A one-gw_shot upstream for answers the mock cannot give: accepts connections, reads one
 * request each (head + Content-Length body), writes `reply` (the first `send_n` bytes of
 * it) and closes. */
/* A 200 chat completion of about `size` bytes reporting 1000 + 1000 tokens. */
static char *big_reply(size_t size, size_t *len)
{
	lc_buf b, body;
	char *out;
	lc_buf_init(&body, 0);
	lc_buf_puts(&body, "{\"id\":\"x\",\"object\":\"chat.completion\",\"model\":\"gpt-4o-mini\","
			   "\"usage\":{\"prompt_tokens\":1000,\"completion_tokens\":1000,"
			   "\"total_tokens\":2000},\"choices\":[{\"index\":0,\"message\":{\"role\":"
			   "\"assistant\",\"content\":\"");
	while (body.len < size)
		lc_buf_puts(&body, "lorem ipsum ");
	lc_buf_puts(&body, "\"},\"finish_reason\":\"stop\"}]}");
	lc_buf_init(&b, 0);
	lc_buf_printf(&b, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %zu\r\n"
			  "Connection: close\r\n\r\n", body.len);
	lc_buf_append(&b, body.data, body.len);
	lc_buf_free(&body);
	out = malloc(b.len + 1);
	memcpy(out, b.data, b.len);
	*len = b.len;
	lc_buf_free(&b);
	return out;
}

/* One request through provider "raw"; returns its single ledger row (caller frees rows). */
static int through_raw(rawup *u, const char *limits, int *status, lc_record **rows, int *n)
{
	rig r;
	resp x;
	char yaml[512];
	snprintf(yaml, sizeof yaml,
		 "  - name: raw\n    base_url: http://127.0.0.1:%d/v1\n    allow_private: true\n"
		 "    catalog_provider: openai\n%s",
		 u->port, limits);
	if (rig_start(&r, yaml))
		return -1;
	*status = -1;
	if (http_post(r.port, CHAT, r.key, NULL,
		      "{\"model\":\"raw/gpt-4o-mini\",\"messages\":[],\"max_tokens\":1000}", &x) == 0)
		*status = x.status;
	resp_free(&x);
	rig_stop(&r);
	return rig_rows(&r, rows, n);
}

/*
 * A non-streaming call whose upstream answered 2xx but whose body was cut (here) or outgrew
 * max_response_bytes (below): the provider did the work and bills it. The client gets 502,
 * and the row is an estimate - input from the tokenizer, output from the bytes the
 * provider sent (its Content-Length when it gave one) - flagged, tagged upstream_cut or
 * response_too_large, settled on the budget; never a silent $0.
 */
TEST(gw_meter_cut_json_answer_is_estimated)
{
	rawup u;
	size_t len;
	char *reply = big_reply(4000, &len);
	lc_record *rows = NULL;
	int n = 0, status;
	CHECK_INT(rawup_start(&u, reply, len / 2), 0); /* head + half the body, then close */
	CHECK_INT(through_raw(&u, "", &status, &rows, &n), 0);
	rawup_stop(&u);
	CHECK_INT(u.served, 1);
	CHECK_INT(status, 502);
	CHECK_INT(n, 1);
	CHECK(!(rows[0].usage.flags & LC_USAGE_NO_USAGE));
	CHECK(rows[0].usage.flags & LC_USAGE_ESTIMATED);
	CHECK(!lc_money_is_zero(rows[0].cost.total));
	free(rows);
	free(reply);
}

TEST(gw_meter_oversized_json_answer_is_estimated)
{
	rawup u;
	size_t len;
	char *reply = big_reply(4000, &len);
	lc_record *rows = NULL;
	int n = 0, status;
	CHECK_INT(rawup_start(&u, reply, len), 0);
	CHECK_INT(through_raw(&u, "limits:\n  max_response_bytes: 1024\n", &status, &rows, &n), 0);
	rawup_stop(&u);
	CHECK_INT(u.served, 1);
	CHECK_INT(status, 502);
	CHECK_INT(n, 1);
	CHECK(!(rows[0].usage.flags & LC_USAGE_NO_USAGE));
	CHECK(!lc_money_is_zero(rows[0].cost.total));
	free(rows);
	free(reply);
}

/*
 * The upstream reports a model name the catalog does not know (a preview variant, a
 * compatible server's own name): the row is priced as the model the gateway reserved for
 * (which has a price), with the reported name in the tag reported_model; never $0.
 */
TEST(gw_meter_unknown_reported_model_priced_as_reserved)
{
	rawup u;
	lc_buf b;
	const char *body = "{\"id\":\"x\",\"object\":\"chat.completion\",\"model\":\"gpt-4o-mini-search-preview-x\","
			   "\"usage\":{\"prompt_tokens\":1000,\"completion_tokens\":1000,\"total_tokens\":2000},"
			   "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"hi\"},"
			   "\"finish_reason\":\"stop\"}]}";
	lc_record *rows = NULL;
	int n = 0, status;
	lc_buf_init(&b, 0);
	lc_buf_printf(&b, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %zu\r\n"
			  "Connection: close\r\n\r\n%s", strlen(body), body);
	CHECK_INT(rawup_start(&u, b.data, b.len), 0);
	CHECK_INT(through_raw(&u, "", &status, &rows, &n), 0);
	rawup_stop(&u);
	CHECK_INT(status, 200);
	CHECK_INT(n, 1);
	CHECK_INT(rows[0].usage.output_tokens, 1000);
	CHECK(rows[0].cost.priced);
	CHECK(!lc_money_is_zero(rows[0].cost.total));
	free(rows);
	lc_buf_free(&b);
}

/*
 * A cap the gateway cannot read as a non-negative integer ("16", 16.0, -1) may still be
 * read by a lenient server: it cannot be reserved for, so the request is refused (400),
 * or, were it admitted, its spend would stay within the hard budget.
 */
TEST(gw_reserve_unreadable_cap_refused)
{
	rig r;
	resp x;
	lc_key_info k;
	char key[LC_KEY_SECRET_MAX];
	const char *body = "{\"model\":\"gpt-4o-mini\",\"messages\":[],\"max_tokens\":\"16\"}";
	lc_record *rows;
	int n;

	CHECK_INT(rig_start(&r, "limits:\n  default_max_output_tokens: 1\n"), 0);
	memset(&k, 0, sizeof k);
	k.has_budget = 1;
	k.budget = price_mini((int64_t)strlen(body), 1); /* what the gateway reserves */
	snprintf(k.period, sizeof k.period, "day");
	CHECK_INT(rig_key(&r, &k, key), 0);
	CHECK_INT(http_post(r.port, CHAT, key, NULL, body, &x), 0);
	CHECK(x.status == 400 || x.status == 200);
	resp_free(&x);
	rig_stop(&r);
	CHECK_INT(rig_rows(&r, &rows, &n), 0);
	/* either refused (no row), or the spend stays within the hard budget */
	for (int i = 0; i < n; i++)
		CHECK(lc_money_cmp(rows[i].cost.total, k.budget) <= 0);
	free(rows);
}


/* The same with a budget of `times` x the gateway's reservation for body (every byte an
 * input token, cap_out output tokens), returned in *budget. */
static int one_under_budget(const char *path, const char *body, int64_t cap_out, int times,
			    int *status, lc_money *spent, lc_money *budget)
{
	lc_money_mul_int(price_mini((int64_t)strlen(body), cap_out), times, budget);
	return one_request_at(NULL, path, body, *budget, status, spent);
}

/*
 * "n" choices (chat): each up to the cap, all billed. The reservation is the cap times n:
 * a budget for one choice refuses (402), one for all n admits and holds.
 */
TEST(gw_reserve_n_choices)
{
	const char *body = "{\"model\":\"gpt-4o-mini\",\"messages\":[],\"max_tokens\":16,\"n\":50,"
			   "\"x\":\"[mock:usage=30/800]\"}";
	lc_money spent, budget;
	int status;
	CHECK_INT(one_under_budget(CHAT, body, 16, 2, &status, &spent, &budget), 0);
	CHECK_INT(status, 402);
	CHECK(lc_money_is_zero(spent));
	CHECK_INT(one_under_budget(CHAT, body, 16 * 50, 1, &status, &spent, &budget), 0);
	CHECK_INT(status, 200);
	CHECK(!lc_money_is_zero(spent));
	CHECK(lc_money_cmp(spent, budget) <= 0);
}

/*
 * Input stored at the provider (previous_response_id on /v1/responses): billed as input,
 * invisible in the body. The reservation counts the model's whole context window (128,000
 * tokens for gpt-4o-mini): a budget for the body alone refuses, one for the window admits
 * and holds.
 */
TEST(gw_reserve_stored_input_as_the_context_window)
{
	const char *body = "{\"model\":\"gpt-4o-mini\",\"input\":\"and then?\",\"max_output_tokens\":1,"
			   "\"previous_response_id\":\"resp_0123456789abcdef\","
			   "\"x\":\"[mock:usage=100000/1]\"}";
	lc_money spent, budget, want;
	int status;
	CHECK_INT(one_under_budget("/v1/responses", body, 1, 2, &status, &spent, &budget), 0);
	CHECK_INT(status, 402);
	CHECK(lc_money_is_zero(spent));
	/* one_under_budget prices strlen(body) input tokens; scale to the window */
	want = price_mini(128000, 1);
	CHECK_INT(one_request_at(NULL, "/v1/responses", body, want, &status, &spent), 0);
	CHECK_INT(status, 200);
	CHECK(lc_money_cmp(spent, want) <= 0);
}

/*
 * Refused requests are counted under model "-" (the client's model name is not a label),
 * and past the series cap counts go to model="_other", key="_other": one key sending
 * thousands of made-up model names cannot push another tenant's traffic under its labels.
 */
TEST(gw_metrics_refusals_do_not_label_series)
{
	rig r;
	resp x;
	lc_key_info k;
	char key2[LC_KEY_SECRET_MAX], body[128], want[200];
	CHECK_INT(rig_start(&r, NULL), 0);
	for (int i = 0; i < 4100; i++) {
		snprintf(body, sizeof body, "{\"model\":\"junk-%d\",\"messages\":[]}", i);
		CHECK_INT(http_post(r.port, CHAT, r.key, NULL, body, &x), 0);
		CHECK_INT(x.status, 400);
		resp_free(&x);
	}
	memset(&k, 0, sizeof k);
	CHECK_INT(rig_key(&r, &k, key2), 0);
	CHECK_INT(http_post(r.port, CHAT, key2, NULL, "{\"model\":\"gpt-4o-mini\",\"messages\":[]}", &x), 0);
	CHECK_INT(x.status, 200);
	resp_free(&x);
	CHECK_INT(http_raw(r.port, "GET /metrics HTTP/1.1\r\nHost: a\r\n\r\n", 35, &x), 0);
	snprintf(want, sizeof want, "llmcost_requests_total{model=\"gpt-4o-mini\",key=\"%s\"} 1\n", k.id);
	CHECK(x.body.data && strstr(x.body.data, want) != NULL);
	resp_free(&x);
	rig_stop(&r);
}

/* Send body as a streaming chat call and read until `events` SSE events came (-1: all). */
static void stream_read(int port, const char *key, const char *body, int events)
{
	char req[2048], buf[8192];
	int n = snprintf(req, sizeof req, "POST " CHAT " HTTP/1.1\r\nHost: a\r\nAuthorization: Bearer %s\r\n"
					  "Connection: close\r\nContent-Length: %zu\r\n\r\n%s",
			 key, strlen(body), body);
	int fd = gw_dial(port), seen = 0;
	if (fd < 0 || send(fd, req, (size_t)n, 0) != n) {
		if (fd >= 0)
			close(fd);
		return;
	}
	for (;;) {
		ssize_t got = recv(fd, buf, sizeof buf - 1, 0);
		if (got <= 0)
			break;
		buf[got] = '\0';
		for (char *p = buf; (p = strstr(p, "\n\n")); p += 2)
			seen++;
		if (events >= 0 && seen >= events)
			break;
	}
	close(fd);
}

/*
 * A stream the client left, then cut upstream: the estimate counts every event read from
 * the upstream, not only what reached the client before it left.
 */
TEST(gw_meter_cut_after_disconnect_counts_what_was_read)
{
	rig r;
	lc_record *rows;
	int n;
	int64_t all = -1, left = -1;
	const char *body = "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"messages\":[],"
			   "\"x\":\"[mock:events=200][mock:cut=150][mock:drip=2]\"}";
	CHECK_INT(rig_start(&r, NULL), 0);
	stream_read(r.port, r.key, body, -1); /* reads to the cut */
	stream_read(r.port, r.key, body, 2);  /* leaves after the first event */
	usleep(1500 * 1000);                  /* the drained stream is cut */
	rig_stop(&r);
	CHECK_INT(rig_rows(&r, &rows, &n), 0);
	CHECK_INT(n, 2);
	all = rows[0].usage.output_tokens; /* rows in time order: the reader first */
	left = rows[1].usage.output_tokens;
	CHECK(rows[1].usage.flags & LC_USAGE_ESTIMATED);
	fprintf(stderr, "estimated output: read to the end %lld, left early %lld\n", (long long)all,
		(long long)left);
	free(rows);
	/* the same upstream stream, the same estimate */
	CHECK(all > 0);
	CHECK(left == all);
}

/*
 * An Anthropic stream cut before message_delta (which carries the real output count;
 * message_start says 1): the row counts at least a token per event read, flagged
 * estimated and partial.
 */
TEST(gw_meter_anthropic_cut_stream_estimated)
{
	rig r;
	resp x;
	lc_record *rows;
	int n;
	const char *body = "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":1000,\"stream\":true,"
			   "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
			   "\"x\":\"[mock:events=100][mock:cut=80]\"}";
	CHECK_INT(rig_start(&r, NULL), 0);
	CHECK_INT(http_post(r.port, "/v1/messages", r.key, NULL, body, &x), 0);
	CHECK_INT(x.status, 200);
	CHECK(!x.complete);
	resp_free(&x);
	rig_stop(&r);
	CHECK_INT(rig_rows(&r, &rows, &n), 0);
	CHECK_INT(n, 1);
	fprintf(stderr, "cut after 80 text events: output_tokens %lld, flags %#x\n",
		(long long)rows[0].usage.output_tokens, (unsigned)rows[0].usage.flags);
	CHECK(rows[0].usage.flags & LC_USAGE_PARTIAL);
	CHECK(rows[0].usage.output_tokens >= 80); /* at least one token per text event */
	free(rows);
}

/*
 * Responses "background": true is answered "queued" and billed later, where no row can
 * follow it: refused (400) before any upstream call.
 */
TEST(gw_reserve_background_response_refused)
{
	rawup u;
	rig r;
	resp x;
	char yaml[512];
	const char *answer = "{\"id\":\"resp_1\",\"object\":\"response\",\"status\":\"queued\","
			     "\"background\":true,\"model\":\"gpt-4o-mini\",\"output\":[],\"usage\":null}";
	lc_buf b;
	lc_buf_init(&b, 0);
	lc_buf_printf(&b, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %zu\r\n"
			  "Connection: close\r\n\r\n%s", strlen(answer), answer);
	CHECK_INT(rawup_start(&u, b.data, b.len), 0);
	snprintf(yaml, sizeof yaml,
		 "  - name: raw\n    base_url: http://127.0.0.1:%d/v1\n    allow_private: true\n"
		 "    catalog_provider: openai\n",
		 u.port);
	CHECK_INT(rig_start(&r, yaml), 0);
	CHECK_INT(http_post(r.port, "/v1/responses", r.key, NULL,
			    "{\"model\":\"raw/gpt-4o-mini\",\"input\":\"write a novel\",\"background\":true,"
			    "\"max_output_tokens\":100000}", &x), 0);
	fprintf(stderr, "background call: %d\n", x.status);
	resp_free(&x);
	rig_stop(&r);
	rawup_stop(&u);
	lc_buf_free(&b);
	CHECK_INT(u.served, 0); /* nothing the gateway cannot meter reaches the provider */
}

/*
 * allow_unpriced with a chain [priced, unpriced]: the priced deployment is still reserved
 * for (the maximum over the priced ones), so concurrent requests cannot pass a hard budget
 * (10 at once against a budget for 1.5 calls: at most 1 admitted).
 */
TEST(gw_reserve_priced_deployments_with_an_unpriced_fallback)
{
	rig r;
	lc_key_info k;
	char key[LC_KEY_SECRET_MAX];
	const char *body = "{\"model\":\"mix\",\"messages\":[],\"max_tokens\":10,"
			   "\"x\":\"[mock:delay=400]\"}";
	pthread_t t[10];
	gw_shot b[10];
	int ok = 0, n;
	lc_record *rows;
	lc_money spent = lc_money_zero();

	CHECK_INT(rig_start(&r, "aliases:\n  mix: [openai/gpt-4o-mini, openai/no-such-model-xyz]\n"
				"limits:\n  allow_unpriced: true\n"), 0);
	memset(&k, 0, sizeof k);
	k.has_budget = 1;
	lc_money_mul_int(price_mini((int64_t)strlen(body), 10), 3, &k.budget);
	lc_money_div_int(k.budget, 2, &k.budget);
	snprintf(k.period, sizeof k.period, "day");
	CHECK_INT(rig_key(&r, &k, key), 0);
	for (int i = 0; i < 10; i++) {
		b[i] = (gw_shot){&r, key, NULL, body, 0};
		pthread_create(&t[i], NULL, gw_shot_one, &b[i]);
	}
	for (int i = 0; i < 10; i++) {
		pthread_join(t[i], NULL);
		ok += b[i].status == 200;
	}
	rig_stop(&r);
	CHECK_INT(rig_rows(&r, &rows, &n), 0);
	for (int i = 0; i < n; i++)
		lc_money_add(spent, rows[i].cost.total, &spent);
	free(rows);
	fprintf(stderr, "budget for 1.5 calls, 10 at once: %d admitted\n", ok);
	CHECK(ok <= 1);
	CHECK(lc_money_cmp(spent, k.budget) <= 0);
}
