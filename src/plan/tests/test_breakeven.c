/*
 * test_breakeven.c - API vs self-hosting: the break-even volume across capacity steps, the
 * "never" case, exact costs at a volume, and the HTML page.
 */
#include "src/plan/tests/plan_test.h"

static lc_breakeven_in be_in(void)
{
	lc_breakeven_in in = {0};
	lc_money_parse("3", (size_t)-1, &in.api_in_per_mtok);
	lc_money_parse("15", (size_t)-1, &in.api_out_per_mtok);
	lc_money_parse("0.75", (size_t)-1, &in.input_share); /* blended $6/Mtok */
	lc_money_parse("2", (size_t)-1, &in.gpu_price);
	in.gpus_per_replica = 1;
	in.tokens_per_s = 1000;
	in.target_util = 0.5;
	lc_money_parse("1000", (size_t)-1, &in.fixed_per_month);
	return in;
}

TEST(plan_breakeven_steps)
{
	lc_breakeven_in in = be_in();
	lc_breakeven_out out;
	lc_breakeven_point pt;
	CHECK_INT(lc_plan_breakeven(&in, &out, NULL), 0);
	CHECK_MONEY(out.api_per_mtok, "6");
	CHECK_MONEY(out.replica_per_month, "1460");
	CHECK_NEAR(out.capacity_per_replica, 1314e6, 1e-12);
	/* one replica: (1460 + 1000) / 6e-6 = 410M tokens, within its 1314M capacity */
	CHECK_INT(out.breakeven_replicas, 1);
	CHECK_NEAR(out.breakeven_tokens, 410e6, 1e-9);
	CHECK_INT(lc_plan_breakeven_at(&in, 500e6, &pt, NULL), 0);
	CHECK_MONEY(pt.api_cost, "3000");
	CHECK_MONEY(pt.self_cost, "2460");
	CHECK_INT(lc_plan_breakeven_at(&in, 2000e6, &pt, NULL), 0);
	CHECK_INT(pt.replicas, 2);
	CHECK_MONEY(pt.self_cost, "3920");
	/* a big fixed cost pushes the crossing to a later step */
	lc_money_parse("20000", (size_t)-1, &in.fixed_per_month);
	CHECK_INT(lc_plan_breakeven(&in, &out, NULL), 0);
	CHECK_INT(out.breakeven_replicas, 4); /* k > 20000 / (7884 - 1460) = 3.11 */
	CHECK_NEAR(out.breakeven_tokens, (4 * 1460 + 20000) / 6e-6, 1e-9);
	CHECK(out.breakeven_tokens > 3 * out.capacity_per_replica);
	/* cheap API: a replica's capacity is worth less than it costs: never */
	lc_money_parse("0.1", (size_t)-1, &in.api_in_per_mtok);
	lc_money_parse("0.1", (size_t)-1, &in.api_out_per_mtok);
	CHECK_INT(lc_plan_breakeven(&in, &out, NULL), 0);
	CHECK(out.breakeven_tokens < 0);
	in.tokens_per_s = 0;
	CHECK_INT(lc_plan_breakeven(&in, &out, NULL), LC_RANGE);
}

TEST(plan_breakeven_html_page)
{
	lc_breakeven_in in = be_in();
	lc_breakeven_out out;
	lc_buf b;
	lc_error err = {0};
	CHECK_INT(lc_plan_breakeven(&in, &out, NULL), 0);
	lc_buf_init(&b, 8u << 20);
	CHECK_INT(lc_plan_breakeven_html(&in, &out, 1e10, "a <b> & c", &b, &err), 0);
	CHECK(strstr(b.data, "<title>a &lt;b&gt; &amp; c</title>") != NULL);
	CHECK(strstr(b.data, "Chart.js v") != NULL); /* embedded, not linked */
	CHECK(strstr(b.data, "src=\"http") == NULL);
	CHECK(strstr(b.data, "from <b>4.1e+08 tokens a month</b> (1 replica)") != NULL);
	CHECK(strstr(b.data, "<td>1e+09</td><td>1</td><td>6000.00</td><td>2460.00</td>") != NULL);
	CHECK(strstr(b.data, "</html>") != NULL);
	CHECK_INT(lc_plan_breakeven_html(&in, &out, 10, "x", &b, &err), LC_RANGE);
	lc_buf_free(&b);
	/* never: the page says so */
	lc_money_parse("0.1", (size_t)-1, &in.api_in_per_mtok);
	lc_money_parse("0.1", (size_t)-1, &in.api_out_per_mtok);
	CHECK_INT(lc_plan_breakeven(&in, &out, NULL), 0);
	lc_buf_init(&b, 8u << 20);
	CHECK_INT(lc_plan_breakeven_html(&in, &out, 1e9, "never", &b, &err), 0);
	CHECK(strstr(b.data, "<b>never</b>") != NULL);
	lc_buf_free(&b);
}
