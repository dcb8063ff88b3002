/*
 * sensitivity.c - tornado analysis: how far the NPV swings when one uncertain input moves
 * from its P10 to its P90 while every other input stays at its base value and every gate
 * is passed. Bars are sorted by swing, largest first; each carries the elasticity
 * (%change of NPV / %change of the input) between those two points.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"

static int by_swing(const void *a, const void *b)
{
	const lc_tornado_bar *x = a, *y = b;
	if (x->swing != y->swing)
		return x->swing < y->swing ? 1 : -1;
	return strcmp(x->label, y->label); /* stable order for equal swings */
}

/* Whether input k multiplies a line of alternative alt. */
static int used_by(const lc_scenario *sc, int alt, int k)
{
	const fin_alt *a = &sc->alts[alt];
	int i, f;
	for (i = 0; i < a->nlines; i++) {
		const fin_line *l = &sc->lines[a->lines[i]];
		for (f = 0; f < l->nfields; f++)
			if (l->field[f] == k)
				return 1;
	}
	return 0;
}

int lc_roi_tornado(const lc_scenario *sc, int alt, lc_tornado_bar *bars, int cap, int *n,
		   lc_error *err)
{
	double *vals = fin_base_values(sc);
	double *net = malloc((size_t)sc->horizon * sizeof *net);
	lc_tornado_bar *all = calloc((size_t)(sc->ninputs ? sc->ninputs : 1), sizeof *all);
	double base_npv;
	int k, count = 0, rc = 0;

	*n = 0;
	if (!vals || !net || !all) {
		rc = lc_error_set(err, LC_NOMEM, "out of memory");
		goto out;
	}
	fin_flows(sc, alt, vals, sc->horizon, net, NULL, NULL);
	base_npv = fin_npv(sc, net);
	for (k = 0; k < sc->ninputs; k++) {
		const fin_input *in = &sc->inputs[k];
		lc_tornado_bar *b = &all[count];
		double dx;
		if (in->dist.kind == LC_DIST_FIXED || !used_by(sc, alt, k))
			continue;
		snprintf(b->label, sizeof b->label, "%s", in->label);
		b->low_value = lc_dist_quantile(&in->dist, 0.10);
		b->high_value = lc_dist_quantile(&in->dist, 0.90);
		if (!isfinite(b->low_value) || !isfinite(b->high_value)) { /* GSL gave up */
			rc = lc_error_set(err, LC_RANGE, "%s: no P10/P90 for this %s distribution",
					  in->label, lc_dist_name(in->dist.kind));
			goto out;
		}
		vals[k] = b->low_value;
		fin_flows(sc, alt, vals, sc->horizon, net, NULL, NULL);
		b->npv_low = fin_npv(sc, net);
		vals[k] = b->high_value;
		fin_flows(sc, alt, vals, sc->horizon, net, NULL, NULL);
		b->npv_high = fin_npv(sc, net);
		vals[k] = in->base;
		b->swing = fabs(b->npv_high - b->npv_low);
		dx = (b->high_value - b->low_value) / (in->base != 0 ? in->base : 1);
		b->elasticity = dx != 0 && base_npv != 0 && in->base != 0
					? ((b->npv_high - b->npv_low) / fabs(base_npv)) / dx
					: 0;
		count++;
	}
	qsort(all, (size_t)count, sizeof *all, by_swing);
	*n = count < cap ? count : cap;
	memcpy(bars, all, (size_t)*n * sizeof *bars);
out:
	free(all);
	free(net);
	free(vals);
	return rc;
}
