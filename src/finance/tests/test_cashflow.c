/*
 * test_cashflow.c - NPV, XNPV, IRR, XIRR, MIRR and payback against the public reference
 * cases of ECONOMICS.md and the decimal reference values of reference.py.
 */
#include <math.h>

#include "../../../tests/harness.h"
#include "reference_values.h"

#define CHECK_NEAR(a, b, tol)                                                          \
	do {                                                                           \
		double a__ = (a), b__ = (b);                                           \
		if (!(fabs(a__ - b__) <= (tol) * (1 + fabs(b__)))) {                   \
			lc_test_fail(__FILE__, __LINE__, "%s == %.17g, want %.17g", #a, a__, b__); \
			return;                                                        \
		}                                                                      \
	} while (0)

#define N(a) (sizeof(a) / sizeof((a)[0]))

static void monthly(double *v)
{
	int t;
	v[0] = -250000;
	for (t = 1; t <= 60; t++)
		v[t] = 12000 + 500 * t;
}

TEST(finance_npv_numpy_convention)
{
	double v[] = {-40000, 5000, 8000, 12000, 30000};
	CHECK_NEAR(lc_npv(0.08, v, N(v), 0), REF_NPV_NUMPY, 1e-12);
	CHECK_NEAR(lc_npv(0.08, v, N(v), 0), 3065.22267, 1e-9);
}

TEST(finance_npv_spreadsheet_convention)
{
	double v[] = {-10000, 3000, 4200, 6800};
	CHECK_NEAR(lc_npv(0.1, v, N(v), 1), REF_NPV_EXCEL, 1e-12);
	/* Spreadsheet NPV is numpy's divided by (1 + r). */
	CHECK_NEAR(lc_npv(0.1, v, N(v), 1), lc_npv(0.1, v, N(v), 0) / 1.1, 1e-14);
}

TEST(finance_npv_monthly_series)
{
	double v[61];
	monthly(v);
	CHECK_NEAR(lc_npv(0.1 / 12, v, N(v), 0), REF_NPV_MONTHLY, 1e-12);
}

TEST(finance_irr_numpy_reference)
{
	double v[] = {-100, 39, 59, 55, 20};
	lc_irr r;
	CHECK_INT(lc_irr_solve(v, N(v), &r), 0);
	CHECK_INT(r.nroots, 1);
	CHECK_INT(r.sign_changes, 1);
	CHECK_NEAR(r.roots[r.chosen], REF_IRR_NUMPY, 1e-12);
	CHECK_NEAR(r.roots[r.chosen], 0.28095, 1e-5);
}

TEST(finance_irr_long_series)
{
	double v[61];
	lc_irr r;
	monthly(v);
	CHECK_INT(lc_irr_solve(v, N(v), &r), 0);
	CHECK_INT(r.nroots, 1);
	CHECK_NEAR(r.roots[r.chosen], REF_IRR_MONTHLY, 1e-12);
}

TEST(finance_irr_no_solution_one_sign)
{
	double v[] = {1, 2, 3};
	lc_irr r;
	CHECK_INT(lc_irr_solve(v, N(v), &r), LC_NOTFOUND);
	CHECK_INT(r.nroots, 0);
	CHECK_INT(r.chosen, -1);
}

TEST(finance_irr_no_solution_despite_sign_change)
{
	/* -1 + 1/g - 1/g^2 has no real root: a sign change is necessary, not sufficient. */
	double v[] = {-1, 1, -1};
	lc_irr r;
	CHECK_INT(lc_irr_solve(v, N(v), &r), LC_NOTFOUND);
	CHECK_INT(r.sign_changes, 2);
}

TEST(finance_irr_two_roots)
{
	double v[] = {-1600, 10000, -10000};
	lc_irr r;
	CHECK_INT(lc_irr_solve(v, N(v), &r), 0);
	CHECK_INT(r.nroots, 2);
	CHECK_NEAR(r.roots[0], REF_IRR_TWO_LO, 1e-12);
	CHECK_NEAR(r.roots[1], REF_IRR_TWO_HI, 1e-12);
	CHECK_INT(r.chosen, 0);
}

TEST(finance_irr_three_roots_selection)
{
	/* -(g-1)(g-2)(g-3): r = 0, 1, 2; numpy-financial picks 0. */
	double v[] = {-1, 6, -11, 6};
	lc_irr r;
	CHECK_INT(lc_irr_solve(v, N(v), &r), 0);
	CHECK_INT(r.nroots, 3);
	CHECK_NEAR(r.roots[0], 0, 1e-12);
	CHECK_NEAR(r.roots[1], 1, 1e-12);
	CHECK_NEAR(r.roots[2], 2, 1e-12);
	CHECK_INT(r.chosen, 0);
}

TEST(finance_irr_negative_root)
{
	/* Pays back less than invested: the IRR is negative. */
	double v[] = {-100, 30, 30, 30};
	lc_irr r;
	CHECK_INT(lc_irr_solve(v, N(v), &r), 0);
	CHECK_INT(r.nroots, 1);
	CHECK(r.roots[0] < 0);
	CHECK_NEAR(lc_npv(r.roots[0], v, N(v), 0), 0, 1e-10);
}

TEST(finance_irr_double_root)
{
	/* (g-1.1)^2 * -1 = -g^2 + 2.2 g - 1.21: touches zero at r = 0.1 without a sign change
	 * of the NPV, so only the eigenvalue route can see it. */
	double v[] = {-1, 2.2, -1.21};
	lc_irr r;
	CHECK_INT(lc_irr_solve(v, N(v), &r), 0);
	CHECK(r.nroots >= 1);
	CHECK_NEAR(r.roots[r.chosen], 0.1, 1e-7);
}

TEST(finance_mirr_numpy_reference)
{
	double v[] = {-100, 50, -60, 70};
	double w[] = {-120000, 39000, 30000, 21000, 37000, 46000};
	double m;
	CHECK_INT(lc_mirr(v, N(v), 0.10, 0.12, &m), 0);
	CHECK_NEAR(m, -0.03909366594356467, 1e-12);
	CHECK_NEAR(m, REF_MIRR_NUMPY, 1e-12);
	CHECK_INT(lc_mirr(w, N(w), 0.10, 0.12, &m), 0);
	CHECK_NEAR(m, REF_MIRR_LONG, 1e-12);
}

TEST(finance_mirr_one_sign)
{
	double v[] = {100, 50, 60};
	double m;
	CHECK_INT(lc_mirr(v, N(v), 0.1, 0.1, &m), LC_NOTFOUND);
}

TEST(finance_xnpv_xirr_spreadsheet_example)
{
	double v[] = {-10000, 2750, 4250, 3250, 2750};
	/* 2008-01-01, 2008-03-01, 2008-10-30, 2009-02-15, 2009-04-01 as day numbers. */
	int64_t d[] = {13879, 13939, 14182, 14290, 14335};
	lc_irr r;
	CHECK_NEAR(lc_xnpv(0.09, v, d, N(v)), REF_XNPV_EXCEL, 1e-12);
	CHECK_NEAR(lc_xnpv(0.09, v, d, N(v)), 2086.647602, 1e-9);
	CHECK_INT(lc_xirr_solve(v, d, N(v), &r), 0);
	CHECK_INT(r.nroots, 1);
	CHECK_NEAR(r.roots[0], REF_XIRR_EXCEL, 1e-12);
	/* The spreadsheet's own answer stops at its 1e-6 tolerance. */
	CHECK_NEAR(r.roots[0], 0.373362535, 1e-8);
}

TEST(finance_payback)
{
	double v[] = {-1000, 300, 400, 500};
	double never[] = {-1000, 300, 400};
	double now[] = {10, -5};
	double p;
	CHECK_INT(lc_payback(v, N(v), -1, &p), 0);
	CHECK_NEAR(p, 2.6, 1e-15);
	CHECK_INT(lc_payback(never, N(never), -1, &p), LC_NOTFOUND);
	CHECK_INT(lc_payback(now, N(now), -1, &p), 0);
	CHECK_NEAR(p, 0, 0);
}

TEST(finance_discounted_payback)
{
	double v[] = {-1000, 300, 400, 500};
	double d[4], p;
	int t;
	/* At 5%: -1000, 285.71, 362.81, 431.92 -> crosses in the last period. At 10% the
	 * discounted sum stays at -21.03: never. */
	for (t = 0; t < 4; t++)
		d[t] = v[t] / pow(1.05, t);
	CHECK_INT(lc_payback(v, N(v), 0.05, &p), 0);
	CHECK_NEAR(p, 2 + (1000 - d[1] - d[2]) / d[3], 1e-14);
	CHECK_INT(lc_payback(v, N(v), 0.10, &p), LC_NOTFOUND);
}

TEST(finance_money_round_trip)
{
	lc_money m;
	CHECK_INT(lc_fin_money(3065.22267, &m), 0);
	{
		char buf[LC_MONEY_STRMAX];
		lc_money_format(m, 2, buf, sizeof buf);
		CHECK_STR(buf, "3065.22");
	}
	CHECK_INT(lc_fin_money(-0.005, &m), 0);
	CHECK_INT(lc_money_parse("1234567.89", (size_t)-1, &m), 0);
	CHECK(lc_fin_double(m) == 1234567.89);
	CHECK_INT(lc_fin_money(NAN, &m), LC_RANGE);
	CHECK_INT(lc_fin_money(1e30, &m), LC_RANGE);
}

/* Review: a series that starts with idle periods has not paid back at t = 0; the
 * cumulative flow is 0 there only because nothing has happened yet. */
TEST(finance_payback_leading_zeros)
{
	double v[] = {0, -100, 60, 60};
	double idle_gain[] = {0, 0, 10, -5};
	double none[] = {0, 0, 0};
	double p;
	CHECK_INT(lc_payback(v, N(v), -1, &p), 0);
	CHECK_NEAR(p, 2 + 40.0 / 60, 1e-15);
	CHECK_INT(lc_payback(v, N(v), 0.05, &p), 0);
	CHECK(p > 2 && p < 3);
	CHECK_INT(lc_payback(idle_gain, N(idle_gain), -1, &p), 0);
	CHECK_NEAR(p, 0, 0);
	CHECK_INT(lc_payback(none, N(none), -1, &p), LC_NOTFOUND);
}

/* Review: trailing zero flows (a project that ends before the horizon) made the scaled NPV
 * underflow to exactly 0 near r = -0.99, and the scan took every such point for a root. */
TEST(finance_irr_trailing_zeros_no_spurious_roots)
{
	double v[202] = {-100, 50};
	double d[202] = {-100, 200};
	lc_irr r;
	CHECK_INT(lc_irr_solve(v, N(v), &r), 0);
	CHECK_INT(r.nroots, 1);
	CHECK_NEAR(r.roots[r.chosen], -0.5, 1e-12);
	CHECK_INT(lc_irr_solve(d, N(d), &r), 0);
	CHECK_INT(r.nroots, 1);
	CHECK_NEAR(r.roots[r.chosen], 1, 1e-12);
}

/* The same at the other end: leading zeros made the NPV underflow to 0 at large r. */
TEST(finance_irr_leading_zeros_no_spurious_roots)
{
	double v[402] = {0};
	lc_irr r;
	v[400] = -100, v[401] = 200;
	CHECK_INT(lc_irr_solve(v, N(v), &r), 0);
	CHECK_INT(r.nroots, 1);
	CHECK_NEAR(r.roots[r.chosen], 1, 1e-12);
}

/* Review: XIRR has only the scan, which stopped at r = 10 and r = -0.99, so a dated
 * investment that returned 20x in a year (r = 19) or lost 99.5% had "no IRR". */
TEST(finance_xirr_rates_outside_the_main_scan)
{
	double big[] = {-100, 2000}, small[] = {-100, 0.5};
	int64_t d[] = {18628, 18993}; /* 2021-01-01, 2022-01-01: 365 days */
	lc_irr r;
	CHECK_INT(lc_xirr_solve(big, d, 2, &r), 0);
	CHECK_NEAR(r.roots[r.chosen], 19, 1e-12);
	CHECK_INT(lc_xirr_solve(small, d, 2, &r), 0);
	CHECK_NEAR(r.roots[r.chosen], -0.995, 1e-12);
}

/* Review: "rate < 0 means undiscounted" made a negative discount rate (allowed: rates
 * only need to be above -100%) silently give the undiscounted payback. At -50% the flows
 * are -1000, 600, 1600, 4000: paid back a quarter into period 2. */
TEST(finance_discounted_payback_negative_rate)
{
	double v[] = {-1000, 300, 400, 500};
	double p;
	CHECK_INT(lc_payback(v, N(v), -0.5, &p), 0);
	CHECK_NEAR(p, 1.25, 1e-15);
	CHECK_INT(lc_payback(v, N(v), -1, &p), 0); /* the undiscounted sentinel */
	CHECK_NEAR(p, 2.6, 1e-15);
}

/* More roots than lc_irr shows: the flows are the coefficients of prod (g - 1.5^(k + 1/2))
 * for k = -34..35: 70 sign changes and 70 real roots r = 1.5^(k + 1/2) - 1 (a geometric set
 * of roots is well conditioned). All 70 must be found and counted, the rule must see them
 * all (its pick is the smallest non-negative root, sqrt(1.5) - 1), and the 64 shown must be
 * the 64 consecutive ones around it: 32 below the pick, 31 above (k = -32..31). */
TEST(finance_irr_more_roots_than_shown)
{
	enum { K0 = -34, NR = 70 };
	double v[NR + 1] = {1}, root;
	lc_irr r;
	int i, k;

	for (k = 0; k < NR; k++) { /* multiply by (g - root): v[0] is g's highest power */
		root = pow(1.5, K0 + k + 0.5);
		for (i = k + 1; i > 0; i--)
			v[i] -= root * v[i - 1];
	}
	CHECK_INT(lc_irr_solve(v, N(v), &r), 0);
	CHECK_INT(r.sign_changes, NR);
	CHECK_INT(r.nroots_total, NR);
	CHECK_INT(r.nroots, LC_IRR_MAX_ROOTS);
	CHECK_INT(r.chosen, 32);
	CHECK_NEAR(r.roots[r.chosen], sqrt(1.5) - 1, 1e-9);
	for (i = 0; i < r.nroots; i++)
		CHECK_NEAR(r.roots[i], pow(1.5, K0 + 2 + i + 0.5) - 1, 1e-8);
}
