/* Unit tests for the exact money type: parsing, arithmetic, half-even rounding, printing. */
#include "tests/harness.h"

static lc_money M(const char *s)
{
	lc_money m = {0};
	if (lc_money_parse(s, (size_t)-1, &m))
		lc_test_fail(__FILE__, __LINE__, "parse %s", s);
	return m;
}

TEST(money_parse_forms)
{
	lc_money m;
	CHECK_MONEY(M("0.075"), "0.075");
	CHECK_MONEY(M("1.5e-07"), "0.00000015");
	CHECK_MONEY(M("6.25E-6"), "0.00000625");
	CHECK_MONEY(M("-12.50"), "-12.5");
	CHECK_MONEY(M("+3"), "3");
	CHECK_MONEY(M("0"), "0");
	CHECK_MONEY(M("-0.000"), "0");
	CHECK_MONEY(M("1e3"), "1000");
	CHECK_MONEY(M("0.000000000000000001"), "0.000000000000000001");
	CHECK_MONEY(M("1.2500000000000000000000"), "1.25");
	CHECK_INT(lc_money_parse("0.0000000000000000001", (size_t)-1, &m), LC_RANGE);
	CHECK_INT(lc_money_parse("", (size_t)-1, &m), LC_PARSE);
	CHECK_INT(lc_money_parse("abc", (size_t)-1, &m), LC_PARSE);
	CHECK_INT(lc_money_parse("1.2.3", (size_t)-1, &m), LC_PARSE);
	CHECK_INT(lc_money_parse("1e", (size_t)-1, &m), LC_PARSE);
	CHECK_INT(lc_money_parse("1e99999", (size_t)-1, &m), LC_RANGE);
	CHECK_INT(lc_money_parse("99999999999999999999999999999999999999999", (size_t)-1, &m), LC_RANGE);
	CHECK_INT(lc_money_parse("12abc", 2, &m), 0);
	CHECK_MONEY(m, "12");
}

TEST(money_sum_is_exact)
{
	/* 0.1 added ten million times is exactly one million: what double gets wrong. */
	lc_money a = M("0.1"), s = lc_money_zero();
	int i;
	for (i = 0; i < 10000000; i++)
		CHECK_INT(lc_money_add(s, a, &s), 0);
	CHECK_MONEY(s, "1000000");
}

TEST(money_token_cost)
{
	/* gpt-5: $1.25/Mtok input, $0.125 cached, $10 output (FORMATS.md golden vector). */
	lc_money in, cached, out, t, part;
	CHECK_INT(lc_money_scale10(M("1.25"), -6, &in), 0);
	CHECK_INT(lc_money_scale10(M("0.125"), -6, &cached), 0);
	CHECK_INT(lc_money_scale10(M("10"), -6, &out), 0);
	CHECK_INT(lc_money_mul_int(in, 2006 - 1920, &t), 0);
	CHECK_INT(lc_money_mul_int(cached, 1920, &part), 0);
	CHECK_INT(lc_money_add(t, part, &t), 0);
	CHECK_MONEY(t, "0.0003475");
	CHECK_INT(lc_money_mul_int(out, 300, &part), 0);
	CHECK_INT(lc_money_add(t, part, &t), 0);
	CHECK_MONEY(t, "0.0033475");
}

TEST(money_rounding_half_even)
{
	char b[LC_MONEY_STRMAX];
	lc_money r;
	lc_money_format(M("0.125"), 2, b, sizeof b);
	CHECK_STR(b, "0.12");
	lc_money_format(M("0.135"), 2, b, sizeof b);
	CHECK_STR(b, "0.14");
	lc_money_format(M("-0.125"), 2, b, sizeof b);
	CHECK_STR(b, "-0.12");
	lc_money_format(M("-0.001"), 2, b, sizeof b);
	CHECK_STR(b, "0.00");
	lc_money_format(M("1234.5"), 0, b, sizeof b);
	CHECK_STR(b, "1234");
	lc_money_format(M("7"), 3, b, sizeof b);
	CHECK_STR(b, "7.000");
	CHECK_INT(lc_money_mul_ratio(M("3"), 1, 2, &r), 0);
	CHECK_MONEY(r, "1.5");
	CHECK_INT(lc_money_div_int(M("1"), 3, &r), 0);
	CHECK_MONEY(r, "0.333333333333333333");
	CHECK_INT(lc_money_div_int(M("2"), -3, &r), 0);
	CHECK_MONEY(r, "-0.666666666666666667");
}

TEST(money_mul_dec)
{
	lc_money r;
	CHECK_INT(lc_money_mul_dec(M("100.50"), M("7.1234"), &r), 0);
	CHECK_MONEY(r, "715.9017");
	CHECK_INT(lc_money_mul_dec(M("123456789.123456789"), M("0.5"), &r), 0);
	CHECK_MONEY(r, "61728394.5617283945");
	CHECK_INT(lc_money_mul_dec(M("-2"), M("1.25"), &r), 0);
	CHECK_MONEY(r, "-2.5");
	CHECK_INT(lc_money_mul_dec(M("100000000000000000000"), M("100000000000000000000"), &r),
		  LC_RANGE);
}

TEST(money_overflow_detected)
{
	lc_money big = M("170141183460469231731"), r;
	CHECK_INT(lc_money_add(big, big, &r), LC_RANGE);
	CHECK_INT(lc_money_mul_int(big, 2, &r), LC_RANGE);
	CHECK_INT(lc_money_div_int(big, 0, &r), LC_INVAL);
}

TEST(money_format_small_buffer)
{
	char b[4];
	CHECK(lc_money_format(M("12345"), -1, b, sizeof b) == LC_LIMIT);
}
