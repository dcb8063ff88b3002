/*
 * test_review2.c - failing tests for bugs found by the second review of the gateway
 * changes of 2026-11-29 (reservations, metering, connections, budgets). Each test states
 * what should hold; a failure (or a sanitizer report under `make SAN=1`) is the bug.
 * Black-box through the gwtest.h rig.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gateway/gw.h"
#include "gwtest.h"
#include "tests/harness.h"

#define CHAT "/v1/chat/completions"

/* The price of (in, out) tokens of gpt-4o-mini at openai, today. */
static lc_money price_at(const char *provider, const char *model, int64_t in, int64_t out)
{
	lc_catalog *cat;
	lc_usage u;
	lc_cost c;
	lc_error err;
	memset(&c, 0, sizeof c);
	if (lc_catalog_open_default(&cat, &err))
		return lc_money_zero();
	lc_usage_init(&u);
	u.time = lc_time_now();
	snprintf(u.provider, sizeof u.provider, "%s", provider);
	snprintf(u.model, sizeof u.model, "%s", model);
	u.input_tokens = in;
	u.output_tokens = out;
	lc_price_usage(cat, &u, &c, &err);
	lc_catalog_free(cat);
	return c.total;
}

static lc_money price_of(int64_t in, int64_t out)
{
	return price_at("openai", "gpt-4o-mini", in, out);
}

/* One request on a rig started with yaml, by a key whose hard day budget is budget: the
 * status, and the summed cost of the rows in *spent. */
static int one_request_at(const char *yaml, const char *path, const char *body,
			  lc_money budget, int *status, lc_money *spent)
{
	rig r;
	resp x;
	lc_key_info k;
	char key[LC_KEY_SECRET_MAX];
	lc_record *rows;
	int n;
	if (rig_start(&r, yaml))
		return -1;
	memset(&k, 0, sizeof k);
	k.has_budget = 1;
	k.budget = budget;
	snprintf(k.period, sizeof k.period, "day");
	if (rig_key(&r, &k, key))
		return -1;
	*status = -1;
	if (http_post(r.port, path, key, NULL, body, &x) == 0)
		*status = x.status;
	resp_free(&x);
	rig_stop(&r);
	if (rig_rows(&r, &rows, &n))
		return -1;
	*spent = lc_money_zero();
	for (int i = 0; i < n; i++)
		lc_money_add(*spent, rows[i].cost.total, spent);
	free(rows);
	return 0;
}

static int one_request(const char *yaml, const char *body, lc_money budget, int *status,
		       lc_money *spent)
{
	return one_request_at(yaml, CHAT, body, budget, status, spent);
}

/*
 * A cap past the pricing's sanity range (2^50 tokens) makes lc_price_usage fail with
 * LC_RANGE, which reserve_amount counts as "unpriced": with allow_unpriced on, a priced
 * model (gpt-4o-mini) is then reserved at $0 and the hard budget is bypassed. The
 * upstream (a lenient server) answers with a large output; the key's hard budget covers
 * 10 output tokens. Expected: refused (402 or 400), no spend past the budget.
 */
TEST(gw_review2_huge_cap_bypasses_budget)
{
	const char *body = "{\"model\":\"gpt-4o-mini\",\"messages\":[],"
			   "\"max_tokens\":2000000000000000,\"x\":\"[mock:usage=10/100000]\"}";
	lc_money budget = price_of((int64_t)strlen(body), 10), spent;
	int status;
	CHECK_INT(one_request("limits:\n  allow_unpriced: true\n", body, budget, &status, &spent),
		  0);
	fprintf(stderr, "max_tokens 2e15, allow_unpriced: status %d\n", status);
	CHECK(status != 200);
	CHECK(lc_money_cmp(spent, budget) <= 0);
}

/*
 * max_tokens x n overflows int64 in reserve_amount (out_tokens * r->n_out: signed
 * overflow, undefined; UBSan aborts the gateway under `make SAN=1`). In a plain build the
 * product wraps negative, the price fails, and with allow_unpriced the call is reserved at
 * $0: the hard budget is bypassed again.
 */
TEST(gw_review2_cap_times_n_overflows)
{
	const char *body = "{\"model\":\"gpt-4o-mini\",\"messages\":[],"
			   "\"max_tokens\":4611686018427387904,\"n\":2,"
			   "\"x\":\"[mock:usage=10/100000]\"}";
	lc_money budget = price_of((int64_t)strlen(body), 10), spent;
	int status;
	CHECK_INT(one_request("limits:\n  allow_unpriced: true\n", body, budget, &status, &spent),
		  0);
	fprintf(stderr, "max_tokens 2^62 x n 2, allow_unpriced: status %d\n", status);
	CHECK(status != 200);
	CHECK(lc_money_cmp(spent, budget) <= 0);
}

/*
 * llmcost_refused_total past its 1,024 (key, code, type) entries: the overflow is added to
 * the last real entry, so one tenant's refusals are shown under another key's label - what
 * the series table was fixed not to do (it counts its overflow under "_other").
 */
TEST(gw_review2_refused_overflow_under_a_real_key)
{
	gw_metrics *m;
	lc_buf b;
	char key[32];
	const char *want = "llmcost_refused_total{key=\"key_1023\",code=\"402\","
			   "type=\"budget_exceeded\"} 1\n";

	lc_buf_init(&b, 0);
	CHECK_INT(gw_metrics_new(&m), 0);
	for (int i = 0; i < 1024; i++) {
		snprintf(key, sizeof key, "key_%d", i);
		gw_metrics_refused(m, key, 402, "budget_exceeded");
	}
	for (int i = 0; i < 500; i++) /* another tenant, refused 500 times */
		gw_metrics_refused(m, "key_other", 429, "rate_limit_error");
	CHECK_INT(gw_metrics_render(m, &b), 0);
	/* key_1023 was refused once: its counter says 1 */
	if (!strstr(b.data, want))
		fprintf(stderr, "%s", strstr(b.data, "llmcost_refused_total{key=\"key_1023\""));
	CHECK(strstr(b.data, want) != NULL);
	lc_buf_free(&b);
	gw_metrics_free(m);
}

/*
 * "YAML files are one document": a second document is refused unless it is empty (what a
 * trailing '---' makes). lc_yaml_load_one only looks at the second: an empty one followed
 * by a third document (say, the real production settings) passes, and the third is
 * ignored without a word - the case the change set out to refuse.
 */
TEST(gw_review2_third_yaml_document_ignored)
{
	const char *yaml = "listen: 127.0.0.1:0\n"
			   "---\n"
			   "---\n"
			   "listen: 127.0.0.1:9999\n";
	lc_gw_config *cfg = NULL;
	lc_error err;
	int rc = lc_gw_config_parse(yaml, strlen(yaml), "t.yaml", &cfg, &err);
	if (rc == 0)
		lc_gw_config_free(cfg);
	CHECK(rc != 0);
}

/*
 * reserve_amount prices every body byte as a plain input token, but Anthropic bills the
 * input a request writes to the prompt cache at 1.25x (5 minutes) or 2x (1 hour) the input
 * price: a request with cache_control can cost more than its reservation, and a hard budget
 * is passed (by up to 2x the input, per concurrent request). Here the provider reports
 * fewer cache-write tokens than the body has bytes (as it must), one output token (the
 * cap): the budget is exactly what the gateway reserves.
 */
TEST(gw_review2_cache_write_costs_more_than_reserved)
{
	char body[1024];
	lc_money budget, spent;
	int status, len;
	/* ~600 bytes of prompt, all of it written to the cache; the first print measures the
	 * body, the second names the cache write: fewer tokens than the body has bytes */
	char text[520];
	memset(text, 'a', sizeof text - 1);
	text[sizeof text - 1] = '\0';
	len = snprintf(body, sizeof body,
		       "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":1,\"system\":[{\"type\":"
		       "\"text\",\"text\":\"%s\",\"cache_control\":{\"type\":\"ephemeral\"}}],"
		       "\"messages\":[],\"x\":\"[mock:usage=0/1][mock:cache=0/%d]\"}",
		       text, 0);
	len = snprintf(body, sizeof body,
		       "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":1,\"system\":[{\"type\":"
		       "\"text\",\"text\":\"%s\",\"cache_control\":{\"type\":\"ephemeral\"}}],"
		       "\"messages\":[],\"x\":\"[mock:usage=0/1][mock:cache=0/%d]\"}",
		       text, len - 40);
	budget = price_at("anthropic", "claude-sonnet-4-5", len, 1);
	CHECK_INT(one_request_at(NULL, "/v1/messages", body, budget, &status, &spent), 0);
	{
		char a[LC_MONEY_STRMAX], b[LC_MONEY_STRMAX];
		lc_money_format(budget, -1, a, sizeof a);
		lc_money_format(spent, -1, b, sizeof b);
		fprintf(stderr, "hard budget (= reservation) %s, status %d, spent %s\n", a, status, b);
	}
	CHECK(lc_money_cmp(spent, budget) <= 0);
}

/*
 * "Every body byte an input token (no token is shorter)" does not bound an image: OpenAI
 * bills an image_url by its size and detail, not the URL's bytes (gpt-4o-mini: 2,833
 * input tokens for one low-detail image, the provider's published rate), and a file_id /
 * item_reference input is stored at the provider like previous_response_id. A ~190-byte
 * body with one image: the hard budget equal to the reservation is passed ~15 times over.
 */
TEST(gw_review2_image_input_over_reservation)
{
	const char *body = "{\"model\":\"gpt-4o-mini\",\"max_tokens\":1,\"messages\":[{\"role\":"
			   "\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":"
			   "\"https://e.x/a.png\",\"detail\":\"low\"}}]}],"
			   "\"x\":\"[mock:usage=2833/1]\"}";
	lc_money budget = price_of((int64_t)strlen(body), 1), spent;
	int status;
	CHECK_INT(one_request(NULL, body, budget, &status, &spent), 0);
	fprintf(stderr, "image_url: status %d\n", status);
	CHECK(lc_money_cmp(spent, budget) <= 0);
}

/*
 * The names the gateway sets on rows itself are refused in a client's x-llmcost-tags (key,
 * cache, reason, budget) but saved_usd (a cache hit's saving, reserved in key tags by
 * today's change) and reported_model (today's reported-model fallback) are not: a client
 * labels an ordinary call with a saving of $5,000 and a model it did not report.
 */
TEST(gw_review2_client_tags_spell_gateway_names)
{
	rig r;
	resp x;
	lc_record *rows;
	int n, spoofed = 0;
	lc_error err;
	CHECK_INT(rig_start(&r, NULL), 0);
	CHECK_INT(http_post(r.port, CHAT, r.key, "x-llmcost-tags: saved_usd=5000,reported_model=o3\r\n",
			    "{\"model\":\"gpt-4o-mini\",\"messages\":[],\"max_tokens\":4}", &x), 0);
	fprintf(stderr, "status %d\n", x.status);
	resp_free(&x);
	rig_stop(&r);
	CHECK_INT(rig_rows(&r, &rows, &n), 0);
	for (int i = 0; i < n; i++)
		spoofed += lc_usage_get_tag(&rows[i].usage, "saved_usd") != NULL ||
			   lc_usage_get_tag(&rows[i].usage, "reported_model") != NULL;
	free(rows);
	CHECK_INT(spoofed, 0);
	/* and a key may carry reported_model, which the gateway sets on rows */
	CHECK(lc_key_tags_check("reported_model=o3", &err) != 0);
}
