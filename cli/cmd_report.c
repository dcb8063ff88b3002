/*
 * cmd_report.c - `llmcost report GROUP [options]`: cost reports over the ledger by day,
 * week, month, session, model, provider or tag, as a table, JSON or CSV (docs/report.md).
 * Parsing options and dates is here; grouping and drawing are in src/report/.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* lc_fx_fn over pricing.h's table. */
static int fx_adapter(lc_money m, const char *from, const char *to, lc_time_ms at, lc_money *out,
		      void *ctx, lc_error *err)
{
	return lc_fx_convert(ctx, m, from, to, at, out, err);
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: llmcost report daily|weekly|monthly|session|model|provider|tag:KEY\n"
		"                      [--since D] [--until D] [--tz ZONE] [--breakdown]\n"
		"                      [--json|--csv] [--currency C] [--fx FILE]\n"
		"                      [--provider P] [--model M] [--source PREFIX]\n"
		"\n"
		"  --since D     first day (YYYY-MM-DD or YYYYMMDD, in the report zone) or instant\n"
		"  --until D     last day, inclusive (or an instant, exclusive)\n"
		"  --tz ZONE     IANA zone for day/week/month buckets (default: local)\n"
		"  --breakdown   per-model rows inside each group\n"
		"  --json        one JSON document {\"<group>\":[...],\"totals\":{...}}\n"
		"  --csv         CSV with a header row\n"
		"  --currency C  convert costs to C with the dated FX table (--fx or $LLMCOST_FX)\n"
		"Weeks start on Monday (ISO). Unpriced calls are counted, never priced as 0.\n");
}

/* A day ("2025-01-03" or "20250103") as midnight in tz, plus extra_days; or an RFC 3339
 * instant (then extra_days is ignored: the instant is exact). */
static int parse_when(const char *s, const char *tz, int extra_days, lc_time_ms *out)
{
	lc_date d = {0};
	char *end;
	size_t n = strlen(s);
	long v;

	if (n == 8 && strspn(s, "0123456789") == 8) {
		v = strtol(s, &end, 10);
		d.year = (int)(v / 10000);
		d.month = (int)(v / 100 % 100);
		d.day = (int)(v % 100);
	} else if (n == 10 && s[4] == '-' && s[7] == '-') {
		lc_time_ms t;
		if (lc_time_parse(s, n, 0, &t))
			return LC_PARSE;
		d.year = (int)strtol(s, NULL, 10);
		d.month = (int)strtol(s + 5, NULL, 10);
		d.day = (int)strtol(s + 8, NULL, 10);
	} else {
		return lc_time_parse(s, n, 0, out);
	}
	if (d.month < 1 || d.month > 12 || d.day < 1 || d.day > 31)
		return LC_PARSE;
	d.day += extra_days;
	return lc_date_to_time(&d, tz, out);
}

int cmd_report(int argc, char **argv); /* called from main.c's command table */
int cmd_report(int argc, char **argv)
{
	lc_report_opts o;
	lc_ledger *lg = NULL;
	lc_error err = {0};
	const char *group = NULL, *since = NULL, *until = NULL;
	int i, rc;

	memset(&o, 0, sizeof o);
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
#define VALUE_()                                                              \
	do {                                                                  \
		if (i + 1 >= argc)                                            \
			return cli_usage("report", "%s needs a value", a);    \
	} while (0)
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			usage(stdout);
			return 0;
		} else if (strcmp(a, "--since") == 0) {
			VALUE_();
			since = argv[++i];
		} else if (strcmp(a, "--until") == 0) {
			VALUE_();
			until = argv[++i];
		} else if (strcmp(a, "--tz") == 0) {
			VALUE_();
			o.tz = argv[++i];
		} else if (strcmp(a, "--currency") == 0) {
			VALUE_();
			o.currency = argv[++i];
		} else if (strcmp(a, "--fx") == 0) {
			VALUE_();
			o.fx_file = argv[++i];
		} else if (strcmp(a, "--provider") == 0) {
			VALUE_();
			o.filter.provider = argv[++i];
		} else if (strcmp(a, "--model") == 0) {
			VALUE_();
			o.filter.model = argv[++i];
		} else if (strcmp(a, "--source") == 0) {
			VALUE_();
			o.filter.source_prefix = argv[++i];
		} else if (strcmp(a, "--breakdown") == 0) {
			o.breakdown = 1;
		} else if (strcmp(a, "--json") == 0) {
			o.output = LC_OUT_JSON;
		} else if (strcmp(a, "--csv") == 0) {
			o.output = LC_OUT_CSV;
		} else if (a[0] == '-' && a[1]) {
			return cli_usage("report", "unknown option '%s'", a);
		} else if (!group) {
			group = a;
		} else {
			return cli_usage("report", "unexpected argument '%s'", a);
		}
#undef VALUE_
	}
	if (!group)
		return cli_usage("report", "which report? daily, weekly, monthly, session, model, "
					   "provider or tag:KEY");
	if (lc_group_parse(group, &o.group, &o.tag_key) != LC_OK)
		return cli_usage("report", "unknown report '%s'", group);
	if (o.tz && *o.tz) {
		lc_date d;
		if (lc_time_to_date(0, o.tz, &d) != LC_OK)
			return cli_usage("report", "unknown time zone '%s'", o.tz);
	}
	if (since && parse_when(since, o.tz, 0, &o.filter.since))
		return cli_usage("report", "--since: not a date or timestamp: '%s'", since);
	if (until && parse_when(until, o.tz, 1, &o.filter.until))
		return cli_usage("report", "--until: not a date or timestamp: '%s'", until);
	if (o.currency && (strlen(o.currency) != 3 || strspn(o.currency, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != 3))
		return cli_usage("report", "--currency wants a 3-letter code such as USD");
	o.color = o.output == LC_OUT_TABLE && cli_color(stdout);

	if (!o.fx_file || !*o.fx_file)
		o.fx_file = getenv("LLMCOST_FX");
	if (o.fx_file && *o.fx_file) {
		lc_fx *fx = NULL;
		rc = lc_fx_load(o.fx_file, &fx, &err);
		if (rc)
			return cli_fail("report", rc, err.msg);
		o.fx = fx_adapter;
		o.fx_ctx = fx;
	}
	rc = lc_ledger_open(NULL, &lg, &err);
	if (rc == LC_OK)
		rc = lc_report_run(lg, &o, stdout, &err);
	lc_ledger_close(lg);
	if (o.fx_ctx)
		lc_fx_free(o.fx_ctx);
	if (rc)
		return cli_fail("report", rc, err.msg);
	return 0;
}
