/*
 * tco.c - what one useful GPU-hour costs in the cloud and on-premises.
 *
 *   cloud     rate x (1 - discount) / utilization
 *   on-prem   capex / (years x 8760 h x utilization)          straight-line, or
 *             capex x CRF / (8760 h x utilization)             with a cost of capital r,
 *             CRF = r(1+r)^n / ((1+r)^n - 1)
 *           + GPU kW x (1 + host share) x PUE x $/kWh          power, while running
 *           + opex per year / 8760 h / utilization             staff, space, support
 *
 * Every input is an exact decimal and the arithmetic is exact to the atto-dollar, except
 * the CRF (a power of a rate: computed in double and rounded once to 12 decimals) and the
 * GPU power, rounded to the milliwatt.
 */
#include <math.h>

#include "llmcost/plan.h"
#include "plan/plan_int.h"

#define HOURS_PER_YEAR 8760
static const lc_i128 ONE = (lc_i128)1000000000000000000LL;

static int frac_ok(lc_money f, int allow_zero, int allow_one)
{
	return (allow_zero ? f.atto >= 0 : f.atto > 0) && (allow_one ? f.atto <= ONE : f.atto < ONE);
}

/* x / f for a fraction f in (0, 1]. */
static int div_frac(lc_money x, lc_money f, lc_money *out)
{
	return lc_money_mul_ratio(x, (int64_t)ONE, (int64_t)f.atto, out);
}

int lc_plan_tco(const lc_tco_in *in, lc_tco_out *out, lc_error *err)
{
	lc_money one = {ONE}, t, kw;
	int rc = 0;

	*out = (lc_tco_out){0};
	if (in->cloud_rate.atto < 0 || in->capex_per_gpu.atto < 0 || in->usd_per_kwh.atto < 0 ||
	    in->opex_per_year.atto < 0)
		return lc_error_set(err, LC_RANGE, "prices and costs must not be negative");
	if (!frac_ok(in->discount, 1, 0))
		return lc_error_set(err, LC_RANGE, "discount must be in [0, 1)");
	if (!frac_ok(in->utilization, 0, 1))
		return lc_error_set(err, LC_RANGE, "utilization must be in (0, 1]");
	if (!frac_ok(in->host_share, 1, 1))
		return lc_error_set(err, LC_RANGE, "host share must be in [0, 1]");
	if (in->pue.atto < ONE || in->pue.atto > 10 * ONE)
		return lc_error_set(err, LC_RANGE, "PUE must be in [1, 10]");
	if (in->amort_years < 1 || in->amort_years > 50)
		return lc_error_set(err, LC_RANGE, "amortization %d years out of range 1..50",
				    in->amort_years);
	if (in->rate.atto < 0 || in->rate.atto > ONE)
		return lc_error_set(err, LC_RANGE, "cost of capital must be in [0, 1]");
	if (!(isfinite(in->power_w) && in->power_w >= 0 && in->power_w <= 1e5))
		return lc_error_set(err, LC_RANGE, "power %g W out of range [0, 100000]",
				    in->power_w);

	/* cloud */
	rc |= lc_money_sub(one, in->discount, &t);
	rc |= lc_money_mul_dec(in->cloud_rate, t, &t);
	rc |= div_frac(t, in->utilization, &out->cloud_per_hour);

	/* capital */
	if (in->rate.atto == 0) {
		rc |= lc_money_div_int(in->capex_per_gpu, (int64_t)in->amort_years * HOURS_PER_YEAR, &t);
	} else {
		double r = lc_plan_money_to_double(in->rate), g = pow(1 + r, in->amort_years);
		lc_money crf;
		out->crf = r * g / (g - 1);
		crf.atto = (lc_i128)llround(out->crf * 1e12) * 1000000;
		rc |= lc_money_mul_dec(in->capex_per_gpu, crf, &t);
		rc |= lc_money_div_int(t, HOURS_PER_YEAR, &t);
	}
	rc |= div_frac(t, in->utilization, &out->capex_per_hour);

	/* power: GPU kW x (1 + host share) x PUE x $/kWh */
	rc |= lc_plan_price_quantity(in->usd_per_kwh, in->power_w / 1000, &kw);
	rc |= lc_money_mul_dec(kw, in->pue, &t);
	rc |= lc_money_mul_int(t, HOURS_PER_YEAR, &out->energy_per_year);
	rc |= lc_money_add(one, in->host_share, &out->power_per_hour);
	rc |= lc_money_mul_dec(t, out->power_per_hour, &out->power_per_hour);

	/* operations */
	rc |= lc_money_div_int(in->opex_per_year, HOURS_PER_YEAR, &t);
	rc |= div_frac(t, in->utilization, &out->opex_per_hour);

	rc |= lc_money_add(out->capex_per_hour, out->power_per_hour, &t);
	rc |= lc_money_add(t, out->opex_per_hour, &out->onprem_per_hour);
	if (rc)
		return lc_error_set(err, LC_RANGE, "amounts too large to compute exactly");
	return LC_OK;
}
