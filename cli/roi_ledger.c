/*
 * roi_ledger.c - actual spend for the `source: ledger` lines of a scenario, read from the
 * llmcost ledger: for each such line, the priced cost of the records of its model and/or
 * tag, summed by calendar month (UTC) from the scenario's start. Only complete months count
 * (the current month is still running); a month with no matching record keeps its plan.
 * Unpriced records are counted and reported, never taken as zero cost.
 */
#include <stdlib.h>
#include <string.h>

#include "roi.h"

typedef struct acc {
	const char *tag_key, *tag_val; /* NULL key: no tag filter */
	int sy, sm, horizon, now_month;
	lc_time_ms since, until;
	const char *currency;
	lc_money *sum;
	int *seen;
	int64_t unpriced;
	int64_t matched; /* records of the line's model/tag at any time */
	int bad_currency;
	char other[8];
} acc;

static int month_of(const acc *a, lc_time_ms t)
{
	lc_date d;
	if (lc_time_to_date(t, "UTC", &d) != 0)
		return -1;
	return (d.year - a->sy) * 12 + (d.month - a->sm);
}

static int visit(const lc_record *r, void *p)
{
	acc *a = p;
	int m;

	if (a->tag_key) {
		const char *v = lc_usage_get_tag(&r->usage, a->tag_key);
		if (!v || (a->tag_val && strcmp(v, a->tag_val) != 0))
			return 0;
	}
	a->matched++;
	if (r->usage.time < a->since || r->usage.time >= a->until)
		return 0;
	m = month_of(a, r->usage.time);
	if (m < 0 || m >= a->horizon || m >= a->now_month)
		return 0;
	if (!r->cost.priced) {
		a->unpriced++;
		return 0;
	}
	if (strcmp(r->cost.currency, a->currency) != 0) {
		a->bad_currency = 1;
		snprintf(a->other, sizeof a->other, "%s", r->cost.currency);
		return 1;
	}
	if (lc_money_add(a->sum[m], r->cost.total, &a->sum[m]) != 0)
		return 1;
	a->seen[m] = 1;
	return 0;
}

int roi_read_actuals(roi_run *r, lc_error *err)
{
	int n = lc_scenario_ledger_lines(r->sc), H = lc_scenario_horizon(r->sc), k, m, rc = 0;
	const char *start = lc_scenario_start(r->sc);
	lc_ledger *lg = NULL;
	lc_time_ms since, until;
	lc_date d;
	acc a;
	char tag[256], where[300];

	if (n == 0)
		return 0;
	memset(&a, 0, sizeof a);
	a.sy = (int)strtol(start, NULL, 10);
	a.sm = (int)strtol(start + 5, NULL, 10);
	a.horizon = H;
	a.currency = lc_scenario_currency(r->sc);
	a.now_month = month_of(&a, lc_time_now());
	a.sum = calloc((size_t)H, sizeof *a.sum);
	a.seen = calloc((size_t)H, sizeof *a.seen);
	if (!a.sum || !a.seen) {
		rc = lc_error_set(err, LC_NOMEM, "out of memory");
		goto out;
	}
	d.year = a.sy, d.month = a.sm, d.day = 1;
	if (lc_date_to_time(&d, "UTC", &since) != 0) {
		rc = lc_error_set(err, LC_INTERNAL, "cannot convert the start date");
		goto out;
	}
	d.year = a.sy + (a.sm - 1 + H) / 12, d.month = (a.sm - 1 + H) % 12 + 1;
	if (lc_date_to_time(&d, "UTC", &until) != 0) {
		rc = lc_error_set(err, LC_INTERNAL, "cannot convert the end date");
		goto out;
	}
	if ((rc = lc_ledger_open(NULL, &lg, err)))
		goto out;
	for (k = 0; k < n; k++) {
		const char *model, *tagspec, *line;
		lc_filter f;
		char *eq;

		lc_scenario_ledger_query(r->sc, k, &model, &tagspec, &line);
		/* No time bounds: a model or tag never seen at all is a missing reference, refused
		 * before anything is computed; records outside the horizon are only counted. */
		memset(&f, 0, sizeof f);
		f.model = *model ? model : NULL;
		a.since = since;
		a.until = until;
		a.matched = 0;
		snprintf(tag, sizeof tag, "%s", tagspec);
		a.tag_key = *tag ? tag : NULL;
		a.tag_val = NULL;
		if ((eq = strchr(tag, '=')) != NULL) {
			*eq = '\0';
			a.tag_val = eq + 1;
		}
		memset(a.sum, 0, (size_t)H * sizeof *a.sum);
		memset(a.seen, 0, (size_t)H * sizeof *a.seen);
		if ((rc = lc_ledger_each(lg, &f, visit, &a, err)) < 0)
			goto out;
		if (a.bad_currency) {
			rc = lc_error_set(err, LC_UNSUPPORTED, "'%s': the ledger has costs in %s but the scenario "
						       "is in %s", line, a.other, a.currency);
			goto out;
		}
		if (rc > 0) {
			rc = lc_error_set(err, LC_RANGE, "'%s': actual spend out of range", line);
			goto out;
		}
		if (a.matched == 0) {
			char what[300];
			if (*model && *tagspec)
				snprintf(what, sizeof what, "model '%s' with tag %s", model, tagspec);
			else if (*model)
				snprintf(what, sizeof what, "model '%s'", model);
			else
				snprintf(what, sizeof what, "tag %s", tagspec);
			lc_scenario_ledger_where(r->sc, k, where, sizeof where);
			rc = lc_error_set(err, LC_NOTFOUND, "%s: '%s': the ledger (%s) has no records of %s",
					  where, line, lc_ledger_url(lg), what);
			goto out;
		}
		for (m = 0; m < H; m++)
			if (a.seen[m]) {
				lc_scenario_set_actual(r->sc, k, m, a.sum[m]);
				r->ledger_months++;
			}
	}
	r->ledger_unpriced = a.unpriced;
out:
	lc_ledger_close(lg);
	free(a.seen);
	free(a.sum);
	return rc;
}
