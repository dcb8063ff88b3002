/*
 * money.c - exact decimal money (lc_money: a signed 128-bit count of 10^-18 units).
 *
 * Everything here is integer arithmetic with explicit overflow checks. The only rounding
 * is half-even, in the operations that divide (mul_ratio, mul_dec, div_int) and in
 * lc_money_format with a fixed number of places; all of it lives in round_div() below.
 */
#include <string.h>

#include "llmcost/core.h"

#define I128_MAX ((lc_i128)(((unsigned __int128)1 << 127) - 1))
#define I128_MIN (-I128_MAX - 1)

static const lc_i128 SCALE = (lc_i128)1000000000000000000LL; /* 10^18 */

static lc_i128 pow10_i128(int n)
{
	lc_i128 p = 1;
	while (n-- > 0)
		p *= 10;
	return p;
}

/* n / d rounded half-even; d > 0. */
static lc_i128 round_div(lc_i128 n, lc_i128 d)
{
	lc_i128 q = n / d, r = n % d;
	lc_i128 twice;

	if (r == 0)
		return q;
	if (r < 0)
		r = -r;
	twice = r * 2; /* r < d <= I128_MAX/2 in all callers */
	if (twice > d || (twice == d && (q % 2) != 0))
		q += (n < 0) ? -1 : 1;
	return q;
}

int lc_money_add(lc_money a, lc_money b, lc_money *out)
{
	lc_i128 r;
	if (__builtin_add_overflow(a.atto, b.atto, &r))
		return LC_RANGE;
	out->atto = r;
	return LC_OK;
}

int lc_money_sub(lc_money a, lc_money b, lc_money *out)
{
	lc_i128 r;
	if (__builtin_sub_overflow(a.atto, b.atto, &r))
		return LC_RANGE;
	out->atto = r;
	return LC_OK;
}

int lc_money_mul_int(lc_money a, int64_t n, lc_money *out)
{
	lc_i128 r;
	if (__builtin_mul_overflow(a.atto, (lc_i128)n, &r))
		return LC_RANGE;
	out->atto = r;
	return LC_OK;
}

int lc_money_mul_ratio(lc_money a, int64_t num, int64_t den, lc_money *out)
{
	lc_i128 p;
	if (den <= 0)
		return LC_INVAL;
	if (__builtin_mul_overflow(a.atto, (lc_i128)num, &p))
		return LC_RANGE;
	out->atto = round_div(p, den);
	return LC_OK;
}

int lc_money_div_int(lc_money a, int64_t n, lc_money *out)
{
	if (n == 0)
		return LC_INVAL;
	if (n < 0) {
		if (a.atto == I128_MIN)
			return LC_RANGE;
		a.atto = -a.atto;
		n = -n;
	}
	out->atto = round_div(a.atto, n);
	return LC_OK;
}

int lc_money_mul_dec(lc_money a, lc_money f, lc_money *out)
{
	/* a * f / 10^18 without overflowing: split f into whole and fractional parts. */
	lc_i128 whole = f.atto / SCALE, frac = f.atto % SCALE;
	lc_i128 w, hi, lo, fr, r;

	if (__builtin_mul_overflow(a.atto, whole, &w))
		return LC_RANGE;
	/* a * frac / 10^18 = (a / 10^18) * frac + (a % 10^18) * frac / 10^18 */
	hi = a.atto / SCALE;
	lo = a.atto % SCALE;
	if (__builtin_mul_overflow(hi, frac, &fr))
		return LC_RANGE;
	/* |lo|, |frac| < 10^18 so lo * frac < 10^36 < I128_MAX */
	fr += round_div(lo * frac, SCALE);
	if (__builtin_add_overflow(w, fr, &r))
		return LC_RANGE;
	out->atto = r;
	return LC_OK;
}

int lc_money_scale10(lc_money m, int exp10, lc_money *out)
{
	lc_i128 p, r;
	if (exp10 > 38 || exp10 < -38)
		return LC_RANGE;
	if (exp10 >= 0) {
		if (__builtin_mul_overflow(m.atto, pow10_i128(exp10), &r))
			return LC_RANGE;
		out->atto = r;
		return LC_OK;
	}
	p = pow10_i128(-exp10);
	if (m.atto % p != 0)
		return LC_RANGE;
	out->atto = m.atto / p;
	return LC_OK;
}

int lc_money_parse(const char *s, size_t len, lc_money *out)
{
	const char *p, *end;
	int neg = 0, ndig = 0, frac_digits = 0, seen_dot = 0;
	long exp = 0;
	lc_i128 v = 0;
	int scale;

	if (len == (size_t)-1)
		len = strlen(s);
	p = s;
	end = s + len;
	if (p < end && (*p == '-' || *p == '+'))
		neg = (*p++ == '-');
	for (; p < end; p++) {
		if (*p >= '0' && *p <= '9') {
			/* Leading zeros never overflow; significant digits are capped below. */
			if (v > (I128_MAX - 9) / 10)
				return LC_RANGE;
			v = v * 10 + (*p - '0');
			ndig++;
			if (seen_dot)
				frac_digits++;
		} else if (*p == '.' && !seen_dot) {
			seen_dot = 1;
		} else {
			break;
		}
	}
	if (ndig == 0)
		return LC_PARSE;
	if (p < end && (*p == 'e' || *p == 'E')) {
		int eneg = 0, edig = 0;
		p++;
		if (p < end && (*p == '-' || *p == '+'))
			eneg = (*p++ == '-');
		for (; p < end && *p >= '0' && *p <= '9'; p++) {
			if (exp > 1000)
				return LC_RANGE;
			exp = exp * 10 + (*p - '0');
			edig++;
		}
		if (!edig)
			return LC_PARSE;
		if (eneg)
			exp = -exp;
	}
	if (p != end)
		return LC_PARSE;
	/* value = v * 10^(exp - frac_digits); in atto units: * 10^(18 + exp - frac_digits) */
	scale = (int)(LC_MONEY_SCALE_DIGITS + exp - frac_digits);
	{
		lc_money m = {v};
		int rc;
		if (v == 0) {
			out->atto = 0;
			return LC_OK;
		}
		rc = lc_money_scale10(m, scale, &m);
		if (rc)
			return rc;
		out->atto = neg ? -m.atto : m.atto;
	}
	return LC_OK;
}

int lc_money_format(lc_money m, int places, char *buf, size_t cap)
{
	char digits[64];
	int nd = 0, i, n = 0, frac;
	unsigned __int128 u;
	lc_i128 v = m.atto;
	int neg;

	if (places > LC_MONEY_SCALE_DIGITS)
		places = LC_MONEY_SCALE_DIGITS;
	if (places >= 0)
		v = round_div(v, pow10_i128(LC_MONEY_SCALE_DIGITS - places));
	neg = v < 0;
	u = neg ? (unsigned __int128)0 - (unsigned __int128)v : (unsigned __int128)v;
	frac = places >= 0 ? places : LC_MONEY_SCALE_DIGITS;
	/* digits in reverse */
	do {
		digits[nd++] = (char)('0' + (int)(u % 10));
		u /= 10;
	} while (u);
	while (nd <= frac)
		digits[nd++] = '0';
	if (places < 0) { /* trim trailing fractional zeros */
		int trim = 0;
		while (trim < frac && digits[trim] == '0')
			trim++;
		memmove(digits, digits + trim, (size_t)(nd - trim));
		nd -= trim;
		frac -= trim;
	}
	if ((size_t)(nd + 3) > cap)
		return LC_LIMIT;
	if (neg && !(nd == 1 && digits[0] == '0'))
		buf[n++] = '-';
	for (i = nd - 1; i >= 0; i--) {
		buf[n++] = digits[i];
		if (i == frac && frac > 0)
			buf[n++] = '.';
	}
	buf[n] = '\0';
	return n;
}

int lc_money_format_per_mtok(lc_money per_token, char *buf, size_t cap)
{
	lc_money m;
	if (lc_money_scale10(per_token, 6, &m))
		return LC_RANGE;
	return lc_money_format(m, -1, buf, cap);
}
