/*
 * test_fx.c - the dated FX table: parsing, nearest earlier rate, inverse pairs, errors with
 * file:line.
 */
#include "tests/harness.h"

static const char table[] =
	"date,from,to,rate\n"
	"2026-01-01,USD,CNY,7.2\n"
	"# a comment\n"
	"2026-03-01,USD,CNY,7.1\r\n"
	"\n"
	"2026-02-01, EUR , USD , 1.25\n";

static lc_time_ms at(const char *s)
{
	lc_time_ms t = 0;
	lc_time_parse(s, (size_t)-1, 0, &t);
	return t;
}

TEST(fx_nearest_earlier_rate)
{
	lc_fx *fx;
	lc_money m, out;
	CHECK_INT(lc_fx_parse(table, sizeof table - 1, "fx.csv", &fx, NULL), 0);
	lc_money_parse("10", (size_t)-1, &m);
	CHECK_INT(lc_fx_convert(fx, m, "USD", "CNY", at("2026-02-15"), &out, NULL), 0);
	CHECK_MONEY(out, "72");
	CHECK_INT(lc_fx_convert(fx, m, "USD", "CNY", at("2026-03-01"), &out, NULL), 0);
	CHECK_MONEY(out, "71");
	CHECK_INT(lc_fx_convert(fx, m, "USD", "CNY", at("2025-12-31"), &out, NULL), LC_NOTFOUND);
	CHECK_INT(lc_fx_convert(fx, m, "USD", "USD", at("2000-01-01"), &out, NULL), 0);
	CHECK_MONEY(out, "10");
	lc_fx_free(fx);
}

TEST(fx_inverse_pair_divides_exactly)
{
	lc_fx *fx;
	lc_money m, out;
	CHECK_INT(lc_fx_parse(table, sizeof table - 1, "fx.csv", &fx, NULL), 0);
	lc_money_parse("10", (size_t)-1, &m);
	CHECK_INT(lc_fx_convert(fx, m, "USD", "EUR", at("2026-06-01"), &out, NULL), 0);
	CHECK_MONEY(out, "8");
	lc_money_parse("1", (size_t)-1, &m);
	CHECK_INT(lc_fx_convert(fx, m, "CNY", "USD", at("2026-01-02"), &out, NULL), 0);
	CHECK_MONEY(out, "0.138888888888888889"); /* 1/7.2, half-even at 10^-18 */
	lc_fx_free(fx);
}

TEST(fx_errors_name_file_and_line)
{
	lc_fx *fx = NULL;
	lc_error err = {0};
	static const char *bad[] = {
		"2026-01-01,USD,CNY\n",
		"2026-01-01,USD,CNY,7.2\n2026-13-01,USD,CNY,7\n",
		"2026-01-01,usd,CNY,7\n",
		"2026-01-01,USD,CNY,-7\n",
		"2026-01-01,USD,CNY,abc\n",
	};
	static const char *want[] = {"fx.csv:1:", "fx.csv:2:", "fx.csv:1:", "fx.csv:1:", "fx.csv:1:"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		CHECK_INT(lc_fx_parse(bad[i], strlen(bad[i]), "fx.csv", &fx, &err), LC_PARSE);
		CHECK(fx == NULL);
		CHECK(strncmp(err.msg, want[i], strlen(want[i])) == 0);
	}
}

TEST(fx_inverse_of_a_huge_amount_is_out_of_range)
{
	/* dividing by an inverse rate scales by 10^18 in two steps of 10^9: an amount near the
	 * top of lc_money must give LC_RANGE, not overflow the 128-bit quotient */
	static const char t[] = "2026-01-01,USD,EUR,1\n2026-01-01,JPY,USD,0.001\n";
	lc_fx *fx;
	lc_money m, out;
	CHECK_INT(lc_fx_parse(t, sizeof t - 1, "fx.csv", &fx, NULL), 0);
	CHECK_INT(lc_money_parse("150000000000000000000", (size_t)-1, &m), 0); /* 1.5e20 */
	CHECK_INT(lc_fx_convert(fx, m, "EUR", "USD", at("2026-02-01"), &out, NULL), 0);
	CHECK_MONEY(out, "150000000000000000000"); /* at the edge, still exact */
	CHECK_INT(lc_money_parse("200000000000000000", (size_t)-1, &m), 0); /* 2e17 */
	CHECK_INT(lc_fx_convert(fx, m, "USD", "JPY", at("2026-02-01"), &out, NULL), LC_RANGE);
	CHECK_INT(lc_money_parse("12.5", (size_t)-1, &m), 0);
	CHECK_INT(lc_fx_convert(fx, m, "USD", "JPY", at("2026-02-01"), &out, NULL), 0);
	CHECK_MONEY(out, "12500");
	lc_fx_free(fx);
}
