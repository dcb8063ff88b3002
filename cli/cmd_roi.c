/*
 * cmd_roi.c - `llmcost roi SCENARIO [--simulate N] [--seed S] [--json | --html OUT]`:
 * loads a scenario, computes each alternative's base case, tornado and (with --simulate)
 * Monte Carlo results, and hands them to the text, JSON or HTML writer.
 */
#include <stdlib.h>
#include <string.h>

#include "roi.h"

int cmd_roi(int argc, char **argv); /* called by main.c's command table */

static const char usage_text[] =
	"usage: llmcost roi SCENARIO.yaml [OPTIONS]\n"
	"\n"
	"NPV, IRR, MIRR, payback, ROI at three horizons, cash flows, tornado sensitivity and\n"
	"(with --simulate) Monte Carlo risk for each alternative of an investment scenario.\n"
	"Scenario format: docs/formats/scenario.md.\n"
	"\n"
	"  --simulate N      run N Monte Carlo trials (e.g. 10000)\n"
	"  --seed S          random seed (default 1); results do not depend on --threads\n"
	"  --threads T       simulation threads (default: one per CPU)\n"
	"  --period P        cash flow table by month, quarter (default) or year\n"
	"  --json            print JSON instead of text\n"
	"  --html OUT        write a self-contained HTML report with charts to OUT\n"
	"\n"
	"Money is printed rounded half-even to cents.\n";

static int parse_count(const char *s, int64_t lo, int64_t hi, int64_t *out)
{
	char *end;
	long long v;
	if (!*s)
		return -1;
	v = strtoll(s, &end, 10);
	if (*end || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

static void free_run(roi_run *r)
{
	int i;
	for (i = 0; r->alts && i < r->nalts; i++) {
		free(r->alts[i].months);
		lc_mc_result_free(&r->alts[i].mc);
	}
	free(r->alts);
	lc_scenario_free(r->sc);
}

static int compute(roi_run *r, lc_error *err)
{
	int i, rc;

	r->nalts = lc_scenario_alternatives(r->sc);
	r->alts = calloc((size_t)r->nalts, sizeof *r->alts);
	if (!r->alts)
		return lc_error_set(err, LC_NOMEM, "out of memory");
	for (i = 0; i < r->nalts; i++) {
		roi_alt *a = &r->alts[i];
		a->name = lc_scenario_alt_name(r->sc, i);
		a->months = calloc((size_t)lc_scenario_horizon(r->sc), sizeof *a->months);
		if (!a->months)
			return lc_error_set(err, LC_NOMEM, "out of memory");
		if ((rc = lc_roi_base(r->sc, i, a->months, &a->m, err)))
			return rc;
		if ((rc = lc_roi_tornado(r->sc, i, a->bars, ROI_MAX_BARS, &a->nbars, err)))
			return rc;
		if (r->trials > 0) {
			if ((rc = lc_roi_simulate(r->sc, i, r->trials, r->seed, r->threads, &a->mc, err)))
				return rc;
			a->has_mc = 1;
		}
	}
	return 0;
}

int cmd_roi(int argc, char **argv)
{
	roi_run r = {0};
	const char *html = NULL;
	int i, json = 0, rc;
	int64_t v;
	lc_error err = {0};

	r.seed = 1;
	r.period = 'q';
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			fputs(usage_text, stdout);
			return 0;
		}
		if (strcmp(a, "--json") == 0) {
			json = 1;
			continue;
		}
		if (a[0] != '-' || strcmp(a, "-") == 0) {
			if (r.path)
				return cli_usage("roi", "one scenario file at a time");
			r.path = a;
			continue;
		}
		if (i + 1 >= argc)
			return cli_usage("roi", "%s needs a value", a);
		if (strcmp(a, "--simulate") == 0) {
			if (parse_count(argv[++i], 1, 10000000, &r.trials))
				return cli_usage("roi", "--simulate: '%s' is not a trial count (1..10000000)",
						 argv[i]);
		} else if (strcmp(a, "--seed") == 0) {
			if (parse_count(argv[++i], 0, INT64_MAX, &v))
				return cli_usage("roi", "--seed: '%s' is not a non-negative integer", argv[i]);
			r.seed = (uint64_t)v;
		} else if (strcmp(a, "--threads") == 0) {
			if (parse_count(argv[++i], 1, 64, &v))
				return cli_usage("roi", "--threads: '%s' is not 1..64", argv[i]);
			r.threads = (int)v;
		} else if (strcmp(a, "--period") == 0) {
			const char *p = argv[++i];
			if (strcmp(p, "month") && strcmp(p, "quarter") && strcmp(p, "year"))
				return cli_usage("roi", "--period is month, quarter or year");
			r.period = p[0];
		} else if (strcmp(a, "--html") == 0)
			html = argv[++i];
		else
			return cli_usage("roi", "unknown option '%s'", a);
	}
	if (!r.path)
		return cli_usage("roi", "which scenario file?");
	if (json && html)
		return cli_usage("roi", "--json and --html are exclusive");
	if ((rc = lc_scenario_load(r.path, &r.sc, &err)))
		return cli_fail("roi", rc, err.msg);
	if ((rc = roi_read_actuals(&r, &err)) == 0 && (rc = compute(&r, &err)) == 0) {
		if (html) {
			if ((rc = roi_write_html(&r, html, &err)) == 0)
				fprintf(stderr, "wrote %s\n", html);
		} else if (json)
			rc = roi_print_json(&r, stdout);
		else
			roi_print_text(&r, stdout);
	}
	if (rc)
		rc = cli_fail("roi", rc, err.msg);
	free_run(&r);
	return rc;
}
