/*
 * test_metrics.c - the Prometheus counters on their own (metrics.c): every (model, key)
 * series keeps its own counts through the hashed index, up to the cap, after which the
 * overflow is counted under model="_other", key="_other"; refusals are counted by key, code and type; label values are escaped.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gateway/gw.h"
#include "tests/harness.h"

TEST(metrics_series_keep_their_counts_past_the_cap)
{
	gw_metrics *m;
	lc_buf b = {0};
	char model[32], key[32], want[128];
	int i, rounds;

	lc_buf_init(&b, 0);
	CHECK_INT(gw_metrics_new(&m), 0);
	/* 5,000 series, in an order that interleaves them: request i of round r */
	for (rounds = 0; rounds < 3; rounds++)
		for (i = 0; i < 5000; i++) {
			snprintf(model, sizeof model, "m%d", i % 50);
			snprintf(key, sizeof key, "key_%d", i);
			if (rounds == 0 || i % 2 == 0)
				gw_metrics_request(m, model, key, 200, NULL, NULL, 0, 0.001);
		}
	CHECK_INT(gw_metrics_render(m, &b), 0);
	for (i = 0; i < 4095; i++) { /* the first 4,095 each have their own */
		snprintf(want, sizeof want, "llmcost_requests_total{model=\"m%d\",key=\"key_%d\"} %d\n",
			 i % 50, i, i % 2 == 0 ? 3 : 1);
		CHECK(strstr(b.data, want) != NULL);
	}
	/* the rest is under explicit labels, not a real series: 5000 + 2 x 2500 in all */
	snprintf(want, sizeof want, "llmcost_requests_total{model=\"m%d\",key=\"key_%d\"} ", 4095 % 50,
		 4095);
	CHECK(strstr(b.data, want) == NULL);
	snprintf(want, sizeof want, "llmcost_requests_total{model=\"_other\",key=\"_other\"} ");
	{
		const char *p = strstr(b.data, want);
		long total = 0, n;
		CHECK(p != NULL);
		n = p ? strtol(p + strlen(want), NULL, 10) : 0;
		for (i = 0; i < 4095; i++)
			total += i % 2 == 0 ? 3 : 1;
		CHECK_INT(total + n, 10000);
	}
	lc_buf_free(&b);
	gw_metrics_free(m);
}

TEST(metrics_refusals_by_key_code_and_type)
{
	gw_metrics *m;
	lc_buf b = {0};

	lc_buf_init(&b, 0);
	CHECK_INT(gw_metrics_new(&m), 0);
	for (int i = 0; i < 3; i++)
		gw_metrics_refused(m, "key_a", 402, "budget_exceeded");
	gw_metrics_refused(m, "key_a", 429, "rate_limit_error");
	gw_metrics_refused(m, "-", 401, "authentication_error");
	gw_metrics_refused(m, "key\"b", 402, "budget_exceeded");
	CHECK_INT(gw_metrics_render(m, &b), 0);
	CHECK(strstr(b.data, "# TYPE llmcost_refused_total counter\n") != NULL);
	CHECK(strstr(b.data, "llmcost_refused_total{key=\"key_a\",code=\"402\",type=\"budget_exceeded\"} 3\n") != NULL);
	CHECK(strstr(b.data, "llmcost_refused_total{key=\"key_a\",code=\"429\",type=\"rate_limit_error\"} 1\n") != NULL);
	CHECK(strstr(b.data, "llmcost_refused_total{key=\"-\",code=\"401\",type=\"authentication_error\"} 1\n") != NULL);
	CHECK(strstr(b.data, "llmcost_refused_total{key=\"key\\\"b\",code=\"402\",type=\"budget_exceeded\"} 1\n") != NULL);
	lc_buf_free(&b);
	gw_metrics_free(m);
}
