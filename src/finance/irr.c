/*
 * irr.c - every real internal rate of return of a cash flow series, and the one to report.
 *
 * A series with several sign changes can have several IRRs (or none); returning whichever
 * root a Newton iteration happens to reach is how spreadsheets go silently wrong. So:
 *   1. Descartes' rule counts sign changes (an upper bound on positive roots in g = 1+r);
 *   2. the eigenvalues of the companion matrix of P(g) = sum v_t g^(n-1-t) (GSL's
 *      gsl_poly_complex_solve, the same method as numpy's np.roots) give candidates, each
 *      polished by Newton steps on the NPV itself;
 *   3. a scan of r over (-0.99, 10] (and more coarsely out to g = 1e-6 and 1e6) finds every
 *      sign change, refined by Brent's method (GSL), which catches roots the eigenvalue
 *      route loses to ill conditioning;
 *   4. the union, deduplicated and sorted, goes through numpy-financial's selection rule.
 * Every root found is kept while solving (a heap array past the first LC_IRR_MAX_ROOTS), so
 * the rule sees them all; lc_irr shows at most LC_IRR_MAX_ROOTS of them, the ones around the
 * chosen root, and says how many there were (nroots_total).
 * XIRR has no polynomial (fractional exponents), so it uses the scan + Brent route only.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_poly.h>
#include <gsl/gsl_roots.h>

#include "llmcost/finance.h"

#include "gsl_setup.h"

#define SCAN_POINTS 2000
#define MAX_DEGREE 4096

/* The function whose roots we want: periodic flows (day == NULL) or dated ones. */
typedef struct flows {
	const double *v;
	const int64_t *day;
	size_t n;
	size_t first, last; /* indexes of the first and last non-zero flows */
} flows;

/* NPV-like sum with a sign that equals the sign of the NPV at r (g = 1 + r > 0), scaled so
 * that it can neither overflow nor underflow to 0: for g >= 1 it is the NPV times g^S (S the
 * exponent of the first non-zero flow), for g < 1 the NPV times g^T (T that of the last
 * non-zero flow), so that one term always has the power 0; the zeros outside [first, last]
 * are skipped (0 x g^big would be NaN). Without this, leading zeros at
 * large g or trailing zeros near g = 0.01 scale every term by a power that underflows to 0,
 * and the scan takes those points for roots. */
static double scaled_npv(double r, void *p)
{
	const flows *f = p;
	double g = 1 + r, sum = 0, S, T;
	size_t i;

	if (g >= 1) {
		S = f->day ? (double)(f->day[f->first] - f->day[0]) / 365.0 : (double)f->first;
		for (i = f->first; i <= f->last; i++) {
			double e = f->day ? (double)(f->day[i] - f->day[0]) / 365.0 : (double)i;
			sum += f->v[i] * pow(g, S - e);
		}
		return sum;
	}
	T = f->day ? (double)(f->day[f->last] - f->day[0]) / 365.0 : (double)f->last;
	for (i = f->first; i <= f->last; i++) {
		double e = f->day ? (double)(f->day[i] - f->day[0]) / 365.0 : (double)i;
		sum += f->v[i] * pow(g, T - e);
	}
	return sum;
}

/* NPV and its derivative in r, for Newton polishing. */
static void npv_and_slope(const flows *f, double r, double *y, double *dy, double *mag)
{
	double g = 1 + r, s = 0, d = 0, m = 0;
	size_t i;

	for (i = 0; i < f->n; i++) {
		double e = f->day ? (double)(f->day[i] - f->day[0]) / 365.0 : (double)i;
		double term = f->v[i] * pow(g, -e);
		s += term;
		d += -e * term / g;
		m += fabs(term);
	}
	*y = s;
	*dy = d;
	*mag = m;
}

/* A few Newton steps from r; returns 1 and the root when it converges to a point where
 * the NPV is zero to rounding (relative to the sum of absolute terms). */
static int polish(const flows *f, double r, double *root)
{
	double y, dy, mag, step;
	int i;

	for (i = 0; i < 60; i++) {
		npv_and_slope(f, r, &y, &dy, &mag);
		if (!isfinite(y) || !isfinite(dy))
			return 0;
		if (y == 0 || dy == 0)
			break;
		step = y / dy;
		if (r - step <= -1)
			step = (r + 1) / 2; /* stay in the domain */
		r -= step;
		if (fabs(step) <= 1e-15 * (1 + fabs(r)))
			break;
	}
	npv_and_slope(f, r, &y, &dy, &mag);
	if (!isfinite(y) || r <= -1 || fabs(y) > 1e-9 * (mag > 0 ? mag : 1))
		return 0;
	*root = r;
	return 1;
}

static int brent(const flows *f, double lo, double hi, double *root)
{
	gsl_root_fsolver *s = gsl_root_fsolver_alloc(gsl_root_fsolver_brent);
	gsl_function fn = {scaled_npv, (void *)f};
	int i, status = GSL_CONTINUE, ok = 0;
	double r = lo;

	if (!s)
		return 0;
	if (gsl_root_fsolver_set(s, &fn, lo, hi) == GSL_SUCCESS) {
		for (i = 0; i < 200 && status == GSL_CONTINUE; i++) {
			if (gsl_root_fsolver_iterate(s) != GSL_SUCCESS)
				break;
			r = gsl_root_fsolver_root(s);
			status = gsl_root_test_interval(gsl_root_fsolver_x_lower(s),
							gsl_root_fsolver_x_upper(s), 0, 1e-15);
		}
		ok = status == GSL_SUCCESS;
	}
	gsl_root_fsolver_free(s);
	if (ok) {
		double p;
		/* One more pass of Newton sharpens the last bits. */
		*root = polish(f, r, &p) && fabs(p - r) < 1e-9 * (1 + fabs(r)) ? p : r;
	}
	return ok;
}

/* The distinct real roots found so far: in `small` until it is full, then on the heap. */
typedef struct rootset {
	double *v;
	int n, cap;
	int nomem; /* a root was lost to a failed allocation */
	double small[LC_IRR_MAX_ROOTS];
} rootset;

static void add_root(rootset *rs, double r)
{
	int i;

	if (fabs(r) < 1e-13)
		r = 0; /* zero to rounding: keep its sign out of the selection rule */
	for (i = 0; i < rs->n; i++)
		if (fabs(rs->v[i] - r) <= 1e-10 * (1 + fabs(r)))
			return;
	if (rs->n == rs->cap) {
		int cap = rs->cap * 2;
		double *nv = rs->v == rs->small ? malloc((size_t)cap * sizeof *nv)
						: realloc(rs->v, (size_t)cap * sizeof *nv);
		if (!nv) {
			rs->nomem = 1;
			return;
		}
		if (rs->v == rs->small)
			memcpy(nv, rs->small, sizeof rs->small);
		rs->v = nv;
		rs->cap = cap;
	}
	rs->v[rs->n++] = r;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* Sign changes of the NPV on `points` geometric steps of g = 1 + r from g0 to g1, each
 * refined with Brent's method. */
static void scan_range(const flows *f, rootset *out, double g0, double g1, int points)
{
	double prev_r = g0 - 1, prev = scaled_npv(prev_r, (void *)f), r, y, root;
	int i;

	if (prev == 0)
		add_root(out, prev_r);
	for (i = 1; i <= points; i++) {
		r = g0 * pow(g1 / g0, (double)i / points) - 1;
		y = scaled_npv(r, (void *)f);
		if (y == 0)
			add_root(out, r);
		else if (prev != 0 && isfinite(prev) && isfinite(y) && (prev < 0) != (y < 0) &&
			 brent(f, prev_r, r, &root))
			add_root(out, root);
		prev_r = r;
		prev = y;
	}
}

/* Dense from g = 0.01 to 11 (r in (-0.99, 10]: every rate a business case has), then coarser
 * out to g = 1e-6 and 1e6 so that extreme rates (a dated flow that returns 20x in a year) are
 * still found; the eigenvalue route covers those for periodic flows, but XIRR has only this. */
static void scan(const flows *f, rootset *out)
{
	scan_range(f, out, 1e-6, 0.01, SCAN_POINTS / 8);
	scan_range(f, out, 0.01, 11, SCAN_POINTS);
	scan_range(f, out, 11, 1e6, SCAN_POINTS / 8);
}

static void eigen(const flows *f, rootset *out)
{
	size_t first = 0, last = f->n, deg, k;
	double *a = NULL, *z = NULL, root;
	gsl_poly_complex_workspace *w = NULL;

	while (first < last && f->v[first] == 0)
		first++;
	while (last > first && f->v[last - 1] == 0)
		last--; /* trailing zeros are roots at g = 0 (r = -1): outside the domain */
	if (last - first < 2 || last - first > MAX_DEGREE)
		return;
	deg = last - first - 1;
	a = malloc((deg + 1) * sizeof *a);
	z = malloc(2 * deg * sizeof *z);
	w = gsl_poly_complex_workspace_alloc(deg + 1);
	if (!a || !z || !w)
		goto out;
	for (k = 0; k <= deg; k++)
		a[k] = f->v[last - 1 - k]; /* a[k] is the coefficient of g^k */
	/* GSL_EFAILED when the QR iteration does not converge: the scan still runs */
	if (gsl_poly_complex_solve(a, deg + 1, w, z) == GSL_SUCCESS) {
		for (k = 0; k < deg; k++) {
			double re = z[2 * k], im = z[2 * k + 1];
			if (re > 0 && fabs(im) <= 1e-6 * fabs(re) && polish(f, re - 1, &root))
				add_root(out, root);
		}
	}
out:
	gsl_poly_complex_workspace_free(w);
	free(z);
	free(a);
}

/* numpy-financial's _irr_default_selection, literally: when the roots have mixed signs,
 * keep the non-negative ones if their sum >= the (negative) sum of the negative ones - which
 * is always so when any positive root exists - else the negative ones; then the one of
 * smallest magnitude. */
static int choose(const double *roots, int n, const char **why)
{
	double pos = 0, neg = 0;
	int i, best = -1, mixed = 0, keep_nonneg = 1;

	if (n == 0) {
		*why = "no real rate makes the NPV zero";
		return -1;
	}
	for (i = 0; i < n; i++) {
		if (roots[i] > 0)
			pos += roots[i];
		else if (roots[i] < 0)
			neg += roots[i];
		if ((roots[i] > 0) != (roots[0] > 0))
			mixed = 1;
	}
	if (mixed)
		keep_nonneg = pos >= neg;
	for (i = 0; i < n; i++) {
		if (mixed && keep_nonneg != (roots[i] >= 0))
			continue;
		if (best < 0 || fabs(roots[i]) < fabs(roots[best]))
			best = i;
	}
	if (n == 1)
		*why = "the only real root";
	else if (mixed)
		*why = keep_nonneg ? "several roots: the non-negative root of smallest magnitude "
					 "(numpy-financial's rule)"
				       : "several roots: the negative root of smallest magnitude "
					 "(numpy-financial's rule)";
	else
		*why = "several roots: the one of smallest magnitude (numpy-financial's rule)";
	return best;
}

static int sign_changes(const double *v, size_t n)
{
	int changes = 0, last = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		int s = (v[i] > 0) - (v[i] < 0);
		if (s != 0 && last != 0 && s != last)
			changes++;
		if (s != 0)
			last = s;
	}
	return changes;
}

static int solve(flows *f, lc_irr *out)
{
	rootset rs;
	int chosen, from;

	fin_gsl_setup(); /* GSL errors come back as statuses, never abort() */
	memset(out, 0, sizeof *out);
	out->chosen = -1;
	rs.v = rs.small;
	rs.n = rs.nomem = 0;
	rs.cap = LC_IRR_MAX_ROOTS;
	while (f->last > 0 && f->v[f->last] == 0)
		f->last--;
	while (f->first < f->last && f->v[f->first] == 0)
		f->first++;
	out->sign_changes = sign_changes(f->v, f->n);
	if (out->sign_changes > 0) {
		if (!f->day)
			eigen(f, &rs);
		scan(f, &rs);
	}
	if (rs.nomem) { /* a rule applied to some of the roots would be a wrong answer */
		out->why = "out of memory for the roots";
		if (rs.v != rs.small)
			free(rs.v);
		return LC_NOMEM;
	}
	qsort(rs.v, (size_t)rs.n, sizeof rs.v[0], cmp_double);
	chosen = choose(rs.v, rs.n, &out->why);
	/* Show the LC_IRR_MAX_ROOTS roots around the chosen one (all when there are fewer). */
	from = rs.n <= LC_IRR_MAX_ROOTS ? 0 : chosen - LC_IRR_MAX_ROOTS / 2;
	if (from > rs.n - LC_IRR_MAX_ROOTS)
		from = rs.n - LC_IRR_MAX_ROOTS;
	if (from < 0)
		from = 0;
	out->nroots_total = rs.n;
	out->nroots = rs.n - from < LC_IRR_MAX_ROOTS ? rs.n - from : LC_IRR_MAX_ROOTS;
	memcpy(out->roots, rs.v + from, (size_t)out->nroots * sizeof rs.v[0]);
	out->chosen = chosen < 0 ? -1 : chosen - from;
	if (rs.v != rs.small)
		free(rs.v);
	return out->nroots ? LC_OK : LC_NOTFOUND;
}

int lc_irr_solve(const double *v, size_t n, lc_irr *out)
{
	flows f = {v, NULL, n, 0, n ? n - 1 : 0};
	return solve(&f, out);
}

int lc_xirr_solve(const double *v, const int64_t *day, size_t n, lc_irr *out)
{
	flows f = {v, day, n, 0, n ? n - 1 : 0};
	return solve(&f, out);
}
