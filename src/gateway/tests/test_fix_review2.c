/*
 * test_fix_review2.c - regression tests for a second review of the gateway changes of
 * 2026-11-29: bounds on caps and n, input billed above its bytes (prompt-cache writes,
 * images and files), the refusal counter's overflow, one YAML document, tag names the
 * gateway reserves. Black-box through the gwtest.h rig.
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

static int one_request(const char *yaml, const char *body, lc_money budget, int *status,
		       lc_money *spent)
{
	return one_request_at(yaml, CHAT, body, budget, status, spent);
}

/*
 * A cap above 1,000,000,000 tokens (or n above 1,024) cannot be reserved for: refused
 * (400), also with allow_unpriced, where a pricing failure once read as "no price" and
 * reserved $0.
 */
TEST(gw_reserve_huge_cap_refused)
{
	const char *body = "{\"model\":\"gpt-4o-mini\",\"messages\":[],"
			   "\"max_tokens\":2000000000000000,\"x\":\"[mock:usage=10/100000]\"}";
	lc_money budget = price_mini((int64_t)strlen(body), 10), spent;
	int status;
	CHECK_INT(one_request("limits:\n  allow_unpriced: true\n", body, budget, &status, &spent),
		  0);
	fprintf(stderr, "max_tokens 2e15, allow_unpriced: status %d\n", status);
	CHECK(status != 200);
	CHECK(lc_money_cmp(spent, budget) <= 0);
}

/*
 * cap x n cannot overflow: the bounds above keep it far inside int64 (it was undefined
 * behaviour, and a negative product reserved $0).
 */
TEST(gw_reserve_cap_times_n_in_range)
{
	const char *body = "{\"model\":\"gpt-4o-mini\",\"messages\":[],"
			   "\"max_tokens\":4611686018427387904,\"n\":2,"
			   "\"x\":\"[mock:usage=10/100000]\"}";
	lc_money budget = price_mini((int64_t)strlen(body), 10), spent;
	int status;
	CHECK_INT(one_request("limits:\n  allow_unpriced: true\n", body, budget, &status, &spent),
		  0);
	fprintf(stderr, "max_tokens 2^62 x n 2, allow_unpriced: status %d\n", status);
	CHECK(status != 200);
	CHECK(lc_money_cmp(spent, budget) <= 0);
}

/*
 * llmcost_refused_total past its 1,024 entries: the last real key keeps its own count, the
 * rest is under key, code and type "_other" (never under a real key).
 */
TEST(gw_metrics_refused_overflow_under_other)
{
	gw_metrics *m;
	lc_buf b;
	char key[32];
	const char *want = "llmcost_refused_total{key=\"key_1022\",code=\"402\","
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
	/* the last real entry keeps its own count; what did not fit is under _other */
	CHECK(strstr(b.data, want) != NULL);
	CHECK(strstr(b.data, "key=\"key_1023\"") == NULL);
	CHECK(strstr(b.data, "llmcost_refused_total{key=\"_other\",code=\"_other\",type=\"_other\"} 501\n") != NULL);
	lc_buf_free(&b);
	gw_metrics_free(m);
}

/*
 * One YAML document: an empty second one (a stray '---') followed by a third is refused
 * too, not read past.
 */
TEST(gw_config_third_yaml_document_refused)
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
 * A body with cache_control may write its input to the prompt cache, billed above plain
 * input (Anthropic: 1.25x, 2x for an hour): the input bound is priced at the 1-hour write
 * rate too, so a budget equal to the plain-input reservation refuses, never overspends.
 */
TEST(gw_reserve_cache_writes_at_the_write_rate)
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
 * Images, files and audio are billed by what they point at, not by the body's bytes
 * (gpt-4o-mini: 2,833 input tokens for one low-detail image): their input is bounded by
 * the model's context window, so a budget for the body alone refuses, never overspends.
 * Also with Python-style JSON (spaces after colons) and Anthropic image blocks.
 */
TEST(gw_reserve_media_as_the_context_window)
{
	const char *body = "{\"model\":\"gpt-4o-mini\",\"max_tokens\":1,\"messages\":[{\"role\":"
			   "\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":"
			   "\"https://e.x/a.png\",\"detail\":\"low\"}}]}],"
			   "\"x\":\"[mock:usage=2833/1]\"}";
	lc_money budget = price_mini((int64_t)strlen(body), 1), spent;
	int status;
	CHECK_INT(one_request(NULL, body, budget, &status, &spent), 0);
	CHECK_INT(status, 402);
	CHECK(lc_money_cmp(spent, budget) <= 0);
	{
		const char *ant = "{\"model\": \"claude-sonnet-4-5\", \"max_tokens\": 1, \"messages\": "
				  "[{\"role\": \"user\", \"content\": [{\"type\": \"image\", \"source\": "
				  "{\"type\": \"base64\", \"media_type\": \"image/png\", \"data\": "
				  "\"AAAA\"}}]}]}";
		budget = price_at("anthropic", "claude-sonnet-4-5", (int64_t)strlen(ant), 1);
		CHECK_INT(one_request_at(NULL, "/v1/messages", ant, budget, &status, &spent), 0);
		CHECK_INT(status, 402);
	}
}

/*
 * The tag names the gateway sets itself (key, cache, reason, budget, saved_usd,
 * reported_model) are refused in a client's x-llmcost-tags and in a key's tags.
 */
TEST(gw_tags_reserved_names_for_clients_and_keys)
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

/* allow_unpriced: an image to a model without a price (a local vision model) is admitted at
 * $0 - only a priced model without a known context window is refused. */
TEST(gw_reserve_media_to_an_unpriced_model)
{
	lc_money spent;
	int status;
	const char *body = "{\"model\":\"my-local-vlm\",\"max_tokens\":4,\"messages\":[{\"role\":"
			   "\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":"
			   "\"https://e.x/a.png\"}}]}]}";
	CHECK_INT(one_request_at("limits:\n  allow_unpriced: true\n", CHAT, body, lc_money_zero(),
				 &status, &spent), 0);
	CHECK_INT(status, 200);
	CHECK_INT(one_request_at(NULL, CHAT, body, lc_money_zero(), &status, &spent), 0);
	CHECK_INT(status, 400); /* no price, allow_unpriced off */
}
