/*
 * model.c - a scenario's monthly cash flows and the metrics of its deterministic base case.
 *
 * fin_prepare folds each line's timing (one-off month, recurring window, ramp, growth, token
 * price decline, per-year scaling) into factor[], so that a month's amount is the product of
 * the line's field values times factor[m]; Monte Carlo and the tornado reuse fin_flows with
 * other field values. The base case rounds each line-month to cents (lc_money, half-even) so
 * that the printed table adds up exactly; discounting then works on those exact amounts.
 * Months are discounted at (1+r)^(-m/12), month 0 at t = 0; IRR and MIRR are solved on the
 * monthly flows and annualized as (1+x)^12 - 1.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"

static double ramp_at(const fin_line *l, int m)
{
	double x, l0, l1, lx;

	if (!l->ramp)
		return 1;
	x = (double)(m - l->ramp_from + 1) / l->ramp_months;
	if (x <= 0)
		return 0;
	if (x >= 1)
		return 1;
	if (l->ramp == 1)
		return x;
	/* Logistic S-curve on [0, 1], rescaled to start at 0 and end at 1. */
	l0 = 1 / (1 + exp(5.0));
	l1 = 1 / (1 + exp(-5.0));
	lx = 1 / (1 + exp(-10 * (x - 0.5)));
	return (lx - l0) / (l1 - l0);
}

int fin_prepare(lc_scenario *sc, lc_error *err)
{
	int i, m, H = sc->horizon;

	sc->disc = malloc((size_t)H * sizeof *sc->disc);
	if (!sc->disc)
		return lc_error_set(err, LC_NOMEM, "out of memory");
	for (m = 0; m < H; m++)
		sc->disc[m] = pow(1 + sc->rate, -(double)m / 12);
	for (i = 0; i < sc->nlines; i++) {
		fin_line *l = &sc->lines[i];
		l->factor = calloc((size_t)H, sizeof *l->factor);
		if (!l->factor)
			return lc_error_set(err, LC_NOMEM, "out of memory");
		if (l->ledger) {
			l->has_actual = calloc((size_t)H, sizeof *l->has_actual);
			l->actual = calloc((size_t)H, sizeof *l->actual);
			if (!l->has_actual || !l->actual)
				return lc_error_set(err, LC_NOMEM, "out of memory");
		}
		if (l->one_off) {
			l->factor[l->month] = l->scale;
			l->lo = l->month;
			l->hi = l->month + 1;
			continue;
		}
		/* Ledger actuals may fall outside the planned window: visit every month. */
		l->lo = l->ledger ? 0 : l->start;
		l->hi = l->ledger ? H : (l->end + 1 < H ? l->end + 1 : H);
		for (m = l->start; m <= l->end && m < H; m++) {
			double f = l->scale * ramp_at(l, m);
			if (l->growth != 0)
				f *= pow(1 + l->growth, (double)(m - l->start) / 12);
			if (l->tokens && sc->price_decline > 0)
				f *= pow(1 - sc->price_decline, (double)m / 12);
			l->factor[m] = f;
		}
	}
	return LC_OK;
}

double *fin_base_values(const lc_scenario *sc)
{
	double *v = malloc((size_t)(sc->ninputs ? sc->ninputs : 1) * sizeof *v);
	int i;
	if (v)
		for (i = 0; i < sc->ninputs; i++)
			v[i] = sc->inputs[i].base;
	return v;
}

void fin_flows(const lc_scenario *sc, int alt, const double *vals, int alive_until, double *net,
	       double *costs, double *benefits)
{
	const fin_alt *a = &sc->alts[alt];
	int i, k, m, H = sc->horizon;

	if (alive_until > H)
		alive_until = H;
	memset(net, 0, (size_t)H * sizeof *net);
	if (costs)
		memset(costs, 0, (size_t)H * sizeof *costs);
	if (benefits)
		memset(benefits, 0, (size_t)H * sizeof *benefits);
	for (i = 0; i < a->nlines; i++) {
		const fin_line *l = &sc->lines[a->lines[i]];
		double p = 1, sign = l->benefit ? 1 : -1;
		double *side = l->benefit ? benefits : costs;
		for (k = 0; k < l->nfields; k++)
			p *= vals[l->field[k]];
		int hi = l->hi < alive_until ? l->hi : alive_until;
		for (m = l->lo; m < hi; m++) {
			double x = p * l->factor[m];
			if (l->ledger && l->has_actual[m])
				x = lc_fin_double(l->actual[m]);
			net[m] += sign * x;
			if (side)
				side[m] += x;
		}
	}
}

double fin_npv(const lc_scenario *sc, const double *net)
{
	double s = 0;
	int m;
	for (m = 0; m < sc->horizon; m++)
		s += net[m] * sc->disc[m];
	return s;
}

/* Round to cents, half-even. */
static int cents(double x, lc_money *out)
{
	const int64_t unit = 10000000000000000LL; /* 10^16 atto = one cent */
	lc_money m;
	int rc;
	if ((rc = lc_fin_money(x, &m)) || (rc = lc_money_div_int(m, unit, &m)))
		return rc;
	return lc_money_mul_int(m, unit, out);
}

static double annualize(double monthly) { return pow(1 + monthly, 12) - 1; }

static void metrics(const lc_scenario *sc, const double *net, const double *cost,
		    const double *ben, lc_roi_metrics *o)
{
	int H = sc->horizon, m, h, g;
	double mrate = pow(1 + sc->rate, 1.0 / 12) - 1, x;
	lc_irr irr;

	memset(o, 0, sizeof *o);
	o->npv = fin_npv(sc, net);
	for (m = 0; m < H; m++) {
		double p = 1;
		for (g = 0; g < sc->ngates; g++)
			if (sc->gates[g].month <= m)
				p *= sc->gates[g].p;
		o->rnpv += p * net[m] * sc->disc[m];
	}
	if (lc_irr_solve(net, (size_t)H, &irr) == 0) {
		o->has_irr = 1;
		o->irr_monthly = irr.roots[irr.chosen];
		o->irr = annualize(o->irr_monthly);
	}
	o->irr_roots = irr.nroots;
	o->irr_roots_total = irr.nroots_total;
	memcpy(o->irr_all, irr.roots, (size_t)irr.nroots * sizeof irr.roots[0]);
	if (lc_mirr(net, (size_t)H, mrate, mrate, &x) == 0) {
		o->has_mirr = 1;
		o->mirr = annualize(x);
	}
	o->has_payback = lc_payback(net, (size_t)H, -1, &o->payback) == 0;
	o->has_dpayback = lc_payback(net, (size_t)H, mrate, &o->dpayback) == 0;
	for (h = 0; h < LC_ROI_HORIZONS; h++) {
		double c = 0, b = 0, cd = 0, bd = 0;
		o->horizon[h] = sc->roi_h[h];
		if (sc->roi_h[h] > H)
			continue;
		for (m = 0; m < sc->roi_h[h]; m++) {
			c += cost[m], b += ben[m];
			cd += cost[m] * sc->disc[m], bd += ben[m] * sc->disc[m];
		}
		if (c > 0) {
			o->has_roi[h] = 1;
			o->roi[h] = (b - c) / c;
			o->roi_disc[h] = (bd - cd) / cd;
		}
	}
	for (m = 0; m < H; m++)
		o->costs += cost[m], o->benefits += ben[m];
}

int lc_roi_base(const lc_scenario *sc, int alt, lc_roi_month *months, lc_roi_metrics *out,
		lc_error *err)
{
	const fin_alt *a = &sc->alts[alt];
	int H = sc->horizon, i, k, m, g, rc = 0;
	double *vals = fin_base_values(sc);
	double *buf = malloc((size_t)H * 3 * sizeof *buf);
	lc_roi_month *mo = calloc((size_t)H, sizeof *mo);
	double *net = buf, *cost = buf + H, *ben = buf + 2 * H;

	if (!vals || !buf || !mo) {
		rc = lc_error_set(err, LC_NOMEM, "out of memory");
		goto out;
	}
	for (i = 0; i < a->nlines; i++) {
		const fin_line *l = &sc->lines[a->lines[i]];
		double p = 1;
		for (k = 0; k < l->nfields; k++)
			p *= vals[l->field[k]];
		for (m = 0; m < H; m++) {
			lc_money x, plan;
			if ((rc = cents(p * l->factor[m], &plan)))
				goto range;
			x = plan;
			if (l->ledger && l->has_actual[m]) {
				x = l->actual[m];
				mo[m].has_actual = 1;
				if ((rc = lc_money_add(mo[m].planned, plan, &mo[m].planned)) ||
				    (rc = lc_money_add(mo[m].actual, x, &mo[m].actual)))
					goto range;
			}
			rc = l->benefit ? lc_money_add(mo[m].benefits, x, &mo[m].benefits)
					: lc_money_add(mo[m].costs, x, &mo[m].costs);
			if (rc)
				goto range;
		}
	}
	for (m = 0; m < H; m++) {
		if ((rc = lc_money_sub(mo[m].benefits, mo[m].costs, &mo[m].net)))
			goto range;
		mo[m].survival = 1;
		for (g = 0; g < sc->ngates; g++)
			if (sc->gates[g].month <= m)
				mo[m].survival *= sc->gates[g].p;
		net[m] = lc_fin_double(mo[m].net);
		cost[m] = lc_fin_double(mo[m].costs);
		ben[m] = lc_fin_double(mo[m].benefits);
	}
	metrics(sc, net, cost, ben, out);
	/* the printed totals are exact sums of the monthly cents, not the doubles above */
	for (m = 0; m < H; m++)
		if ((rc = lc_money_add(out->total_costs, mo[m].costs, &out->total_costs)) ||
		    (rc = lc_money_add(out->total_benefits, mo[m].benefits, &out->total_benefits)))
			goto range;
	if (months)
		memcpy(months, mo, (size_t)H * sizeof *mo);
	goto out;
range:
	rc = lc_error_set(err, LC_RANGE, "%s: an amount is out of range", sc->alts[alt].name);
out:
	free(mo);
	free(buf);
	free(vals);
	return rc;
}

/* ------------------------------------------------------------------ ledger lines */

static fin_line *ledger_line(const lc_scenario *sc, int k)
{
	int i;
	for (i = 0; i < sc->nlines; i++)
		if (sc->lines[i].ledger && k-- == 0)
			return &sc->lines[i];
	return NULL;
}

int lc_scenario_ledger_lines(const lc_scenario *sc)
{
	int i, n = 0;
	for (i = 0; i < sc->nlines; i++)
		n += sc->lines[i].ledger;
	return n;
}

void lc_scenario_ledger_query(const lc_scenario *sc, int k, const char **model, const char **tag,
			      const char **line)
{
	fin_line *l = ledger_line(sc, k);
	*model = l ? l->model : "";
	*tag = l ? l->tag : "";
	*line = l ? l->name : "";
}

void lc_scenario_ledger_where(const lc_scenario *sc, int k, char *buf, size_t cap)
{
	fin_line *l = ledger_line(sc, k);
	snprintf(buf, cap, "%s:%d", sc->file, l ? l->line_no : 0);
}

int lc_scenario_set_actual(lc_scenario *sc, int k, int month, lc_money amount)
{
	fin_line *l = ledger_line(sc, k);
	if (!l || month < 0 || month >= sc->horizon)
		return LC_RANGE;
	l->has_actual[month] = 1;
	l->actual[month] = amount;
	return LC_OK;
}
