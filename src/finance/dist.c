/*
 * dist.c - the probability distributions of uncertain scenario inputs, and the random
 * number generator that drives the Monte Carlo simulation.
 *
 * The generator is xoshiro256** seeded through splitmix64 from (seed, stream): a simulation
 * gives trial i its own stream, so trial i sees the same numbers whichever thread runs it
 * and the result is identical for 1 or 64 threads. GSL does the sampling (Marsaglia-Tsang
 * gamma for Beta-PERT, the ziggurat for normals) through a gsl_rng adapter over that
 * generator, and the quantiles (inverse CDFs) for the tornado's P10/P90.
 * Parameter conventions follow ECONOMICS.md 6.2 (lognormal takes the mean and sd of the
 * variable itself; PERT's shape lambda defaults to 4).
 */
#include <math.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "gsl_setup.h"

#include "llmcost/finance.h"

/* ------------------------------------------------------------------ generator */

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

void lc_rng_seed(lc_rng *r, uint64_t seed, uint64_t stream)
{
	/* Mix the stream number in through its own splitmix step so that neighbouring
	 * (seed, stream) pairs give unrelated states. */
	uint64_t x = seed, k = stream;
	x ^= splitmix64(&k);
	r->s[0] = splitmix64(&x);
	r->s[1] = splitmix64(&x);
	r->s[2] = splitmix64(&x);
	r->s[3] = splitmix64(&x);
}

static inline uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

uint64_t lc_rng_next(lc_rng *r)
{
	uint64_t *s = r->s;
	uint64_t result = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

double lc_rng_uniform(lc_rng *r)
{
	/* 53 random bits, shifted by half a step: never exactly 0 or 1. */
	return ((double)(lc_rng_next(r) >> 11) + 0.5) * 0x1.0p-53;
}

/* gsl_rng adapter: GSL's samplers call get/get_double on our state. */
static void gsl_set(void *state, unsigned long seed) { lc_rng_seed(state, seed, 0); }
static unsigned long gsl_get(void *state) { return (unsigned long)(lc_rng_next(state) >> 32); }
static double gsl_get_double(void *state) { return lc_rng_uniform(state); }

static const gsl_rng_type xoshiro_type = {
	"xoshiro256**", 0xffffffffUL, 0, sizeof(lc_rng), gsl_set, gsl_get, gsl_get_double,
};

/* ------------------------------------------------------------------ distributions */

const char *lc_dist_name(lc_dist_kind k)
{
	switch (k) {
	case LC_DIST_FIXED: return "fixed";
	case LC_DIST_TRIANGULAR: return "triangular";
	case LC_DIST_PERT: return "pert";
	case LC_DIST_NORMAL: return "normal";
	case LC_DIST_LOGNORMAL: return "lognormal";
	case LC_DIST_UNIFORM: return "uniform";
	}
	return "?";
}

int lc_dist_init(lc_dist *d, lc_error *err)
{
	double *p = d->p;
	int i;

	for (i = 0; i < 4; i++)
		if (!isfinite(p[i]))
			return lc_error_set(err, LC_RANGE, "parameters must be finite numbers");
	switch (d->kind) {
	case LC_DIST_FIXED:
		return LC_OK;
	case LC_DIST_TRIANGULAR:
	case LC_DIST_PERT:
		if (p[0] > p[2])
			return lc_error_set(err, LC_RANGE, "min > max");
		if (p[1] < p[0] || p[1] > p[2])
			return lc_error_set(err, LC_RANGE, "mode outside [min, max]");
		if (d->kind == LC_DIST_PERT) {
			double w = p[2] - p[0];
			if (p[3] == 0)
				p[3] = 4;
			/* Bounded above: GSL's beta inverse (the tornado's P10/P90) stops converging
			 * from lambda ~170 with the mode at an end (a NaN, refused by the tornado). At
			 * 100 the distribution is already concentrated within a few % of the mode. */
			if (p[3] <= 0 || p[3] > LC_PERT_MAX_LAMBDA)
				return lc_error_set(err, LC_RANGE, "lambda must be in (0, %d]",
						    LC_PERT_MAX_LAMBDA);
			d->a = w > 0 ? 1 + p[3] * (p[1] - p[0]) / w : 1;
			d->b = w > 0 ? 1 + p[3] * (p[2] - p[1]) / w : 1;
		}
		return LC_OK;
	case LC_DIST_NORMAL:
		if (p[1] < 0)
			return lc_error_set(err, LC_RANGE, "negative sd");
		return LC_OK;
	case LC_DIST_LOGNORMAL:
		if (p[1] < 0)
			return lc_error_set(err, LC_RANGE, "negative sd");
		if (p[0] <= 0)
			return lc_error_set(err, LC_RANGE, "lognormal mean must be positive");
		d->b = sqrt(log(1 + p[1] * p[1] / (p[0] * p[0]))); /* sigma */
		d->a = log(p[0]) - d->b * d->b / 2;                 /* mu */
		return LC_OK;
	case LC_DIST_UNIFORM:
		if (p[0] > p[1])
			return lc_error_set(err, LC_RANGE, "min > max");
		return LC_OK;
	}
	return lc_error_set(err, LC_INVAL, "unknown distribution");
}

double lc_dist_mean(const lc_dist *d)
{
	const double *p = d->p;
	switch (d->kind) {
	case LC_DIST_TRIANGULAR: return (p[0] + p[1] + p[2]) / 3;
	case LC_DIST_PERT: return (p[0] + p[3] * p[1] + p[2]) / (p[3] + 2);
	case LC_DIST_UNIFORM: return (p[0] + p[1]) / 2;
	default: return p[0]; /* fixed, normal, lognormal */
	}
}

double lc_dist_base(const lc_dist *d)
{
	if (d->kind == LC_DIST_TRIANGULAR || d->kind == LC_DIST_PERT)
		return d->p[1];
	return lc_dist_mean(d);
}

/* GSL's inverse CDFs report a failure (P outside [0, 1], no convergence) as NaN once its
 * error handler is off (gsl_setup.h); so does this function, for the caller to check. */
double lc_dist_quantile(const lc_dist *d, double q)
{
	const double *p = d->p;
	double w;

	fin_gsl_setup();
	if (!(q >= 0 && q <= 1))
		return NAN;
	switch (d->kind) {
	case LC_DIST_FIXED:
		return p[0];
	case LC_DIST_TRIANGULAR:
		w = p[2] - p[0];
		if (w == 0)
			return p[0];
		if (q < (p[1] - p[0]) / w)
			return p[0] + sqrt(q * w * (p[1] - p[0]));
		return p[2] - sqrt((1 - q) * w * (p[2] - p[1]));
	case LC_DIST_PERT:
		return p[0] + (p[2] - p[0]) * gsl_cdf_beta_Pinv(q, d->a, d->b);
	case LC_DIST_NORMAL:
		return p[1] > 0 ? p[0] + gsl_cdf_gaussian_Pinv(q, p[1]) : p[0];
	case LC_DIST_LOGNORMAL:
		return d->b > 0 ? gsl_cdf_lognormal_Pinv(q, d->a, d->b) : p[0];
	case LC_DIST_UNIFORM:
		return p[0] + q * (p[1] - p[0]);
	}
	return p[0];
}

/* GSL's samplers (beta through gamma, the Gaussian ziggurat, lognormal) have no error
 * path: they draw from our generator and return, so there is nothing to check here. */
double lc_dist_sample(const lc_dist *d, lc_rng *r)
{
	const double *p = d->p;
	gsl_rng g = {&xoshiro_type, r};

	switch (d->kind) {
	case LC_DIST_FIXED:
		return p[0];
	case LC_DIST_TRIANGULAR:
	case LC_DIST_UNIFORM:
		return lc_dist_quantile(d, lc_rng_uniform(r));
	case LC_DIST_PERT:
		return p[0] + (p[2] - p[0]) * gsl_ran_beta(&g, d->a, d->b);
	case LC_DIST_NORMAL:
		return p[0] + gsl_ran_gaussian_ziggurat(&g, p[1]);
	case LC_DIST_LOGNORMAL:
		return d->b > 0 ? gsl_ran_lognormal(&g, d->a, d->b) : p[0];
	}
	return p[0];
}
