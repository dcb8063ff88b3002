/*
 * cashflow.c - the closed-form cash flow functions: NPV, XNPV, MIRR and (discounted)
 * payback, and the two conversions between exact money and the doubles they work in.
 *
 * Definitions follow numpy-financial and the spreadsheet functions (ECONOMICS.md section 6);
 * the root finders (IRR, XIRR) live in irr.c.
 */
#include <math.h>

#include "llmcost/finance.h"

#define ATTO 1e18

int lc_fin_money(double x, lc_money *out)
{
	double whole, frac;
	lc_i128 w, f;

	if (!isfinite(x) || fabs(x) >= 1.7e20)
		return LC_RANGE;
	whole = trunc(x);
	frac = x - whole; /* exact: both parts of one double */
	w = (lc_i128)whole;
	f = (lc_i128)llround(frac * ATTO);
	out->atto = w * (lc_i128)1000000000000000000LL + f;
	return LC_OK;
}

double lc_fin_double(lc_money m)
{
	const lc_i128 scale = (lc_i128)1000000000000000000LL;
	lc_i128 w = m.atto / scale, f = m.atto % scale;
	return (double)w + (double)f / ATTO;
}

double lc_npv(double rate, const double *v, size_t n, int first_period)
{
	double sum = 0, g = 1 + rate;
	size_t t;

	for (t = 0; t < n; t++)
		sum += v[t] / pow(g, (double)t + (first_period ? 1 : 0));
	return sum;
}

double lc_xnpv(double rate, const double *v, const int64_t *day, size_t n)
{
	double sum = 0, g = 1 + rate;
	size_t i;

	for (i = 0; i < n; i++)
		sum += v[i] / pow(g, (double)(day[i] - day[0]) / 365.0);
	return sum;
}

/* numpy-financial: (|npv(reinvest, positives)| / |npv(finance, negatives)|)^(1/(n-1))
 * * (1 + reinvest) - 1. Written out so that the two NPVs need no temporary arrays. */
int lc_mirr(const double *v, size_t n, double finance_rate, double reinvest_rate, double *out)
{
	double pos = 0, neg = 0;
	size_t t;
	int any_pos = 0, any_neg = 0;

	if (n < 2)
		return LC_NOTFOUND;
	for (t = 0; t < n; t++) {
		if (v[t] > 0) {
			pos += v[t] / pow(1 + reinvest_rate, (double)t);
			any_pos = 1;
		} else if (v[t] < 0) {
			neg += v[t] / pow(1 + finance_rate, (double)t);
			any_neg = 1;
		}
	}
	if (!any_pos || !any_neg)
		return LC_NOTFOUND;
	*out = pow(fabs(pos) / fabs(neg), 1.0 / (double)(n - 1)) * (1 + reinvest_rate) - 1;
	return LC_OK;
}

int lc_payback(const double *v, size_t n, double rate, double *out)
{
	double cum = 0, x;
	size_t t;

	for (t = 0; t < n; t++) {
		x = rate <= -1 ? v[t] : v[t] / pow(1 + rate, (double)t);
		if (cum + x >= 0 && cum < 0) {
			/* Crossed inside period t (t >= 1, x > 0): interpolate on the part of x
			 * still owed. */
			*out = (double)(t - 1) + (-cum) / x;
			return LC_OK;
		}
		if (cum == 0 && x > 0) {
			/* The first non-zero flow is a gain: nothing was ever owed. Leading zero
			 * flows do not count as paid back: the project has not started. */
			*out = 0;
			return LC_OK;
		}
		cum += x;
	}
	return LC_NOTFOUND;
}
