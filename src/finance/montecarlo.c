/*
 * montecarlo.c - Monte Carlo simulation of a scenario: NPV and payback distributions.
 *
 * Trial i draws every uncertain input (in input order) and then every stage gate from its
 * own generator stream lc_rng_seed(seed, i), so a trial's numbers do not depend on which
 * thread runs it nor on how many threads there are: results are identical for any thread
 * count, and alternatives of one file see the same draws (common random numbers, which
 * makes their comparison sharper). A failed gate stops every flow from its month on.
 * Threads split the trial range into contiguous blocks and write into per-trial slots;
 * the statistics are then computed in trial order.
 */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model.h"

#define MAX_THREADS 64
#define MAX_TRIALS 10000000LL

typedef struct job {
	const lc_scenario *sc;
	int alt;
	uint64_t seed;
	int64_t from, to;
	double *npv, *pay;
	int failed;
} job;

static void *worker(void *p)
{
	job *j = p;
	const lc_scenario *sc = j->sc;
	int H = sc->horizon, k, g;
	double *vals = fin_base_values(sc);
	double *net = malloc((size_t)H * sizeof *net);
	int64_t i;

	if (!vals || !net) {
		j->failed = 1;
		goto out;
	}
	for (i = j->from; i < j->to; i++) {
		lc_rng r;
		int alive = H;
		lc_rng_seed(&r, j->seed, (uint64_t)i);
		for (k = 0; k < sc->ninputs; k++)
			if (sc->inputs[k].dist.kind != LC_DIST_FIXED)
				vals[k] = lc_dist_sample(&sc->inputs[k].dist, &r);
		for (g = 0; g < sc->ngates; g++) {
			double u = lc_rng_uniform(&r);
			if (u >= sc->gates[g].p && sc->gates[g].month < alive)
				alive = sc->gates[g].month;
		}
		fin_flows(sc, j->alt, vals, alive, net, NULL, NULL);
		j->npv[i] = fin_npv(sc, net);
		if (lc_payback(net, (size_t)H, -1, &j->pay[i]) != 0)
			j->pay[i] = INFINITY;
	}
out:
	free(net);
	free(vals);
	return NULL;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* Percentile by linear interpolation between closest ranks (numpy's default). */
static double pct(const double *sorted, int64_t n, double q)
{
	double pos = q * (double)(n - 1), f = floor(pos);
	int64_t i = (int64_t)f;
	if (i + 1 >= n)
		return sorted[n - 1];
	if (isinf(sorted[i]) || isinf(sorted[i + 1]))
		return pos - f > 0 ? sorted[i + 1] : sorted[i];
	return sorted[i] + (pos - f) * (sorted[i + 1] - sorted[i]);
}

int lc_roi_simulate(const lc_scenario *sc, int alt, int64_t trials, uint64_t seed, int threads,
		    lc_mc_result *out, lc_error *err)
{
	pthread_t tid[MAX_THREADS];
	job jobs[MAX_THREADS];
	double *npv = NULL, *pay = NULL, sum = 0, sq = 0, tail = 0;
	int64_t i, ntail, pos = 0, paid = 0;
	int t, started = 0, rc = 0;

	memset(out, 0, sizeof *out);
	if (alt < 0 || alt >= sc->nalts)
		return lc_error_set(err, LC_INVAL, "no alternative %d", alt);
	if (trials < 1 || trials > MAX_TRIALS)
		return lc_error_set(err, LC_RANGE, "trials must be between 1 and %lld", MAX_TRIALS);
	if (threads <= 0) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);
		threads = n > 0 ? (int)n : 1;
	}
	if (threads > MAX_THREADS)
		threads = MAX_THREADS;
	if (threads > trials)
		threads = (int)trials;
	npv = malloc((size_t)trials * sizeof *npv);
	pay = malloc((size_t)trials * sizeof *pay);
	if (!npv || !pay) {
		rc = lc_error_set(err, LC_NOMEM, "out of memory for %lld trials", (long long)trials);
		goto out;
	}
	for (t = 0; t < threads; t++) {
		jobs[t] = (job){sc, alt, seed, trials * t / threads, trials * (t + 1) / threads, npv, pay, 0};
		if (t > 0 && pthread_create(&tid[t], NULL, worker, &jobs[t]) != 0) {
			rc = lc_error_set(err, LC_NOMEM, "cannot start a thread");
			break;
		}
		started = t + 1;
	}
	if (rc == 0)
		worker(&jobs[0]);
	for (t = 1; t < started; t++)
		pthread_join(tid[t], NULL);
	for (t = 0; t < started && rc == 0; t++)
		if (jobs[t].failed)
			rc = lc_error_set(err, LC_NOMEM, "out of memory in a simulation thread");
	if (rc)
		goto out;
	for (i = 0; i < trials; i++) {
		sum += npv[i];
		pos += npv[i] > 0;
		paid += isfinite(pay[i]);
	}
	out->trials = trials;
	out->mean_npv = sum / (double)trials;
	for (i = 0; i < trials; i++)
		sq += (npv[i] - out->mean_npv) * (npv[i] - out->mean_npv);
	out->sd_npv = trials > 1 ? sqrt(sq / (double)(trials - 1)) : 0;
	out->p_positive = (double)pos / (double)trials;
	out->p_payback = (double)paid / (double)trials;
	qsort(npv, (size_t)trials, sizeof *npv, cmp_double);
	qsort(pay, (size_t)trials, sizeof *pay, cmp_double);
	out->p5 = pct(npv, trials, 0.05);
	out->p50 = pct(npv, trials, 0.50);
	out->p95 = pct(npv, trials, 0.95);
	ntail = trials / 20 > 0 ? trials / 20 : 1;
	for (i = 0; i < ntail; i++)
		tail += npv[i];
	out->cvar5 = tail / (double)ntail;
	out->pay_p5 = pct(pay, trials, 0.05);
	out->pay_p50 = pct(pay, trials, 0.50);
	out->pay_p95 = pct(pay, trials, 0.95);
	out->npv = npv;
	npv = NULL;
out:
	free(npv);
	free(pay);
	return rc;
}

void lc_mc_result_free(lc_mc_result *r)
{
	if (!r)
		return;
	free(r->npv);
	r->npv = NULL;
}
