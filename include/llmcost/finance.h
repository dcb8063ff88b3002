/*
 * llmcost/finance.h - the ROI and risk engine: discounted cash flow functions (NPV, XNPV,
 * IRR, XIRR, MIRR, payback), probability distributions, investment scenarios read from YAML,
 * their deterministic cash flows, Monte Carlo simulation and tornado sensitivity.
 *
 * Numbers: money that users type (cash flows, scenario amounts) is parsed exactly
 * (lc_money_parse) and kept as lc_money; it becomes a binary double only inside the
 * discounting and simulation arithmetic, where rates and discount factors are irrational
 * anyway. Results that are money (NPV, expected NPV, cash-flow totals) come back as
 * doubles and are turned into lc_money by lc_fin_money() - nearest atto unit - before they
 * are printed rounded half-even to cents. That is the one rounding rule of this module.
 *
 * Conventions: rates are fractions (0.08 = 8%); periods are whatever the flows are (years in
 * the calculator, months in scenarios). Functions that may have no answer (IRR of flows that
 * never change sign, a payback that never comes) return LC_NOTFOUND rather than a NaN.
 */
#ifndef LLMCOST_FINANCE_H
#define LLMCOST_FINANCE_H

#include <stdint.h>

#include "core.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------ cash flow functions */

/* Round a double amount to the nearest atto unit (ties away from zero). LC_RANGE when the
 * value is not finite or beyond lc_money's range. */
int lc_fin_money(double x, lc_money *out);
/* An exact amount as the nearest double. */
double lc_fin_double(lc_money m);

/*
 * Net present value of v[0..n-1] at rate per period. first_period 0 discounts v[0] at t=0
 * (numpy-financial's npv); 1 discounts v[0] at t=1 (the spreadsheet NPV()). rate > -1.
 */
double lc_npv(double rate, const double *v, size_t n, int first_period);

/* Spreadsheet XNPV: sum v[i] / (1+rate)^((day[i]-day[0])/365). day[] are day numbers (days
 * since any epoch). */
double lc_xnpv(double rate, const double *v, const int64_t *day, size_t n);

/* Every real rate r > -1 that zeroes the NPV, sorted ascending, with the one chosen. The
 * chosen root is picked among all the roots found; when there are more than
 * LC_IRR_MAX_ROOTS, roots[] holds the LC_IRR_MAX_ROOTS consecutive ones around it and
 * nroots_total says how many there were (callers must say that some are not shown). */
#define LC_IRR_MAX_ROOTS 64
typedef struct lc_irr {
	int nroots;          /* roots shown in roots[] */
	int nroots_total;    /* roots found; > nroots when some are not shown */
	double roots[LC_IRR_MAX_ROOTS];
	int chosen;          /* index into roots, -1 when nroots == 0 */
	int sign_changes;    /* Descartes: an upper bound on the number of positive roots in 1+r */
	const char *why;     /* one sentence on how the chosen root was picked; static text */
} lc_irr;

/*
 * Internal rate of return of periodic flows. Finds every real root: eigenvalues of the
 * companion matrix of the polynomial in 1+r (the numpy-financial method), polished by
 * Newton steps, plus a sign-change scan of r over (-0.99, 10] refined by Brent's method, so
 * that no root is lost to either method's weakness. The chosen root follows numpy-financial
 * (_irr_default_selection): among several roots keep the positive ones when their sum is at
 * least the absolute sum of the negative ones, else the negative ones, then the smallest in
 * magnitude. LC_NOTFOUND (out->nroots == 0) when there is no root, e.g. flows of one sign;
 * LC_NOMEM when the roots found do not fit in memory (no root is chosen then).
 */
int lc_irr_solve(const double *v, size_t n, lc_irr *out);

/* Spreadsheet XIRR: roots of lc_xnpv in r > -1 (sign-change scan + Brent; same selection). */
int lc_xirr_solve(const double *v, const int64_t *day, size_t n, lc_irr *out);

/* Modified IRR (numpy-financial mirr): negative flows financed at finance_rate, positive
 * ones reinvested at reinvest_rate. LC_NOTFOUND when the flows are not of both signs. */
int lc_mirr(const double *v, size_t n, double finance_rate, double reinvest_rate, double *out);

/*
 * Payback: the first time t (v[i] at t = i) at which the cumulative sum reaches zero,
 * interpolated linearly inside the period that crosses it. rate <= -1 (no valid rate; pass
 * -1) means undiscounted; otherwise the flows are discounted at rate first (discounted
 * payback; a negative rate above -100% is a rate too). LC_NOTFOUND when it never pays back
 * within the flows.
 */
int lc_payback(const double *v, size_t n, double rate, double *out);

/* ------------------------------------------------------------------ distributions */

typedef enum lc_dist_kind {
	LC_DIST_FIXED = 0,   /* a constant: p[0] */
	LC_DIST_TRIANGULAR,  /* p = min, mode, max */
	LC_DIST_PERT,        /* p = min, mode, max, lambda (4 by default, at most 100) */
	LC_DIST_NORMAL,      /* p = mean, sd */
	LC_DIST_LOGNORMAL,   /* p = mean, sd of the variable itself (not of its log) */
	LC_DIST_UNIFORM      /* p = min, max */
} lc_dist_kind;

#define LC_PERT_MAX_LAMBDA 100

typedef struct lc_dist {
	lc_dist_kind kind;
	double p[4];
	/* derived by lc_dist_init: PERT alpha/beta, lognormal mu/sigma */
	double a, b;
} lc_dist;

/* Check parameters and derive the internal ones. LC_RANGE with a message naming the problem
 * ("min > max", "negative sd") for impossible distributions. */
int lc_dist_init(lc_dist *d, lc_error *err);
const char *lc_dist_name(lc_dist_kind k);
double lc_dist_mean(const lc_dist *d);
/* The value used for the deterministic base case: the mode of triangular and PERT, the mean
 * of the others. */
double lc_dist_base(const lc_dist *d);
/* Inverse CDF at p in (0,1) (P10/P90 for the tornado); NaN when p is outside [0, 1] or
 * GSL's inverse fails (the module never lets GSL's error handler abort the process). */
double lc_dist_quantile(const lc_dist *d, double p);

/* A small fast PRNG (xoshiro256**) seeded from (seed, stream) through splitmix64, so that
 * trial i of a simulation draws the same numbers whichever thread runs it. */
typedef struct lc_rng {
	uint64_t s[4];
} lc_rng;
void lc_rng_seed(lc_rng *r, uint64_t seed, uint64_t stream);
uint64_t lc_rng_next(lc_rng *r);
double lc_rng_uniform(lc_rng *r); /* in (0, 1) */
double lc_dist_sample(const lc_dist *d, lc_rng *r);

/* ------------------------------------------------------------------ scenarios */

typedef struct lc_scenario lc_scenario;

/* Parse a scenario from YAML text; `name` is used in messages ("scenario.yaml:14: ...").
 * Every field, distribution and estimator reference (`source: plan ...`: model and GPU, run
 * through the plan module's estimators) is checked here, before any computation; ledger
 * references are checked by whoever reads the ledger (see lc_scenario_ledger_lines).
 * Caller frees *out with lc_scenario_free. */
int lc_scenario_parse(const char *name, const char *text, size_t len, lc_scenario **out,
		      lc_error *err);
/* Read and parse a file (capped at 4 MiB). */
int lc_scenario_load(const char *path, lc_scenario **out, lc_error *err);
void lc_scenario_free(lc_scenario *sc);

const char *lc_scenario_title(const lc_scenario *sc);
const char *lc_scenario_currency(const lc_scenario *sc);
int lc_scenario_horizon(const lc_scenario *sc);          /* months */
double lc_scenario_rate(const lc_scenario *sc);          /* annual discount rate */
const char *lc_scenario_start(const lc_scenario *sc);    /* "YYYY-MM-DD" */
int lc_scenario_alternatives(const lc_scenario *sc);     /* >= 1 */
const char *lc_scenario_alt_name(const lc_scenario *sc, int alt);
int lc_scenario_ninputs(const lc_scenario *sc);          /* uncertain inputs, all alternatives */
/* Ledger-sourced cost lines ("source: ledger"): the caller reads the ledger and supplies the
 * actual spend per month (month 0 = the start month). k runs over 0..lc_scenario_ledger_lines
 * - 1, across all alternatives; *model and *tag are "" when not set. A month with an actual
 * uses it in place of the planned amount, and the report shows the variance. */
int lc_scenario_ledger_lines(const lc_scenario *sc);
void lc_scenario_ledger_query(const lc_scenario *sc, int k, const char **model, const char **tag,
			      const char **line);
/* Where ledger line k is written, "scenario.yaml:14", into buf (for messages). */
void lc_scenario_ledger_where(const lc_scenario *sc, int k, char *buf, size_t cap);
int lc_scenario_set_actual(lc_scenario *sc, int k, int month, lc_money amount);

/* ------------------------------------------------------------------ results */

/* Horizons at which ROI is reported (months): short 12, mid 36, long 60 unless the scenario
 * says otherwise; a horizon past the scenario's end is reported as not available. */
#define LC_ROI_HORIZONS 3

typedef struct lc_roi_metrics {
	double npv;            /* at the scenario's rate, monthly flows, month 0 at t = 0 */
	double rnpv;           /* risk-adjusted by stage-gate survival probabilities */
	int has_irr;
	double irr;            /* annualized: (1 + monthly irr)^12 - 1 */
	double irr_monthly;
	int irr_roots;         /* how many real monthly roots irr_all holds */
	int irr_roots_total;   /* how many there were (> irr_roots: the rest are not shown) */
	double irr_all[LC_IRR_MAX_ROOTS]; /* every monthly root, ascending (irr_roots entries) */
	int has_mirr;
	double mirr;           /* annualized */
	int has_payback;
	double payback;        /* months */
	int has_dpayback;
	double dpayback;       /* months, discounted */
	int horizon[LC_ROI_HORIZONS];     /* months */
	int has_roi[LC_ROI_HORIZONS];
	double roi[LC_ROI_HORIZONS];      /* (benefits - costs) / costs, undiscounted */
	double roi_disc[LC_ROI_HORIZONS]; /* same on discounted sums */
	double costs, benefits;           /* undiscounted totals over the horizon (statistics) */
	lc_money total_costs;             /* the same totals, exact: the sum of the monthly */
	lc_money total_benefits;          /* cent amounts (lc_roi_base only; zero elsewhere) */
} lc_roi_metrics;

/* One month of one alternative's base case: exact amounts rounded to cents. */
typedef struct lc_roi_month {
	lc_money costs;     /* positive */
	lc_money benefits;  /* positive */
	lc_money net;       /* benefits - costs */
	double survival;    /* cumulative stage-gate probability */
	int has_actual;     /* ledger lines: actual spend known this month */
	lc_money planned;   /* planned amount of the ledger lines (when has_actual) */
	lc_money actual;    /* actual amount of the ledger lines (when has_actual) */
} lc_roi_month;

/* Deterministic base case of alternative alt (every uncertain input at its base value,
 * every gate passed): months[] (lc_scenario_horizon() entries, month 0 = the start month;
 * each line's monthly amount rounded half-even to cents before summing) and metrics.
 * months may be NULL. */
int lc_roi_base(const lc_scenario *sc, int alt, lc_roi_month *months, lc_roi_metrics *m,
		lc_error *err);

/* Monte Carlo results for one alternative. */
typedef struct lc_mc_result {
	int64_t trials;
	double p_positive;       /* P(NPV > 0) */
	double mean_npv, sd_npv;
	double p5, p50, p95;     /* NPV percentiles */
	double cvar5;            /* mean NPV of the worst 5% of trials */
	double pay_p5, pay_p50, pay_p95;  /* payback months; INFINITY when not reached */
	double p_payback;        /* share of trials that pay back within the horizon */
	double *npv;             /* every trial's NPV, sorted (trials entries); free with
				  * lc_mc_result_free */
} lc_mc_result;

/* Run `trials` trials with `threads` threads (0 = one per CPU, at most 64). Trial i draws
 * from lc_rng_seed(seed, i): the result does not depend on the thread count. */
int lc_roi_simulate(const lc_scenario *sc, int alt, int64_t trials, uint64_t seed, int threads,
		    lc_mc_result *out, lc_error *err);
void lc_mc_result_free(lc_mc_result *r);

/* Tornado sensitivity: each uncertain input at its P10 and P90 with the others at base. */
typedef struct lc_tornado_bar {
	char label[128];     /* "line name: field" */
	double low_value, high_value;  /* the input at P10 / P90 */
	double npv_low, npv_high;      /* NPV with the input at P10 / P90 */
	double swing;                  /* |npv_high - npv_low| */
	double elasticity;             /* %dNPV / %dinput between P10 and P90, 0 if undefined */
} lc_tornado_bar;

/* Fills up to cap bars sorted by swing, descending; *n receives the count. */
int lc_roi_tornado(const lc_scenario *sc, int alt, lc_tornado_bar *bars, int cap, int *n,
		   lc_error *err);

#ifdef __cplusplus
}
#endif
#endif
