/*
 * cmd_finance.c - `llmcost finance FUNCTION [OPTIONS] -- FLOWS...`: the cash flow calculator.
 *
 * Flows are parsed exactly (lc_money_parse) and discounted as doubles; money results are
 * rounded half-even to cents for display, with the unrounded double alongside in --json so
 * that scripts can compare with numpy-financial or a spreadsheet to 1e-9. Functions with no
 * answer print "none" (JSON null) and exit 0: "there is no IRR" is an answer.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define MAX_FLOWS 100000

static const char usage_text[] =
	"usage: llmcost finance FUNCTION [OPTIONS] [--] FLOWS...\n"
	"\n"
	"FUNCTION: npv, xnpv, irr, xirr, mirr, payback, discounted-payback\n"
	"\n"
	"  --rate R                 discount rate per period (0.08 or 8%) for npv, xnpv,\n"
	"                           discounted-payback\n"
	"  --finance-rate R         mirr: rate paid on the negative flows\n"
	"  --reinvest-rate R        mirr: rate earned on the positive flows\n"
	"  --dates D1,D2,...        xnpv/xirr: one YYYY-MM-DD date per flow\n"
	"  --convention t0|t1       npv: first flow at t=0 (numpy-financial) or at t=1\n"
	"                           (spreadsheet NPV(), the default)\n"
	"  --currency CODE          currency named in the output (default USD)\n"
	"  --json                   print a JSON object {\"value\": ...}\n"
	"\n"
	"Money results are rounded half-even to cents; rates are printed in full.\n";

typedef struct opts {
	const char *fn;
	double rate, finance, reinvest;
	int has_rate, has_finance, has_reinvest;
	int convention; /* 0 or 1; -1 = default */
	int json;
	const char *currency;
	const char *dates;
	double *v;
	size_t n;
} opts;

/* "0.08", "8%", "-0.5" -> fraction. */
static int parse_rate(const char *s, double *out)
{
	char *end;
	double x = strtod(s, &end);
	if (end == s)
		return -1;
	if (*end == '%') {
		x /= 100;
		end++;
	}
	if (*end || !isfinite(x) || x <= -1)
		return -1;
	*out = x;
	return 0;
}

static int is_number(const char *s)
{
	lc_money m;
	return lc_money_parse(s, (size_t)-1, &m) == 0;
}

static int add_flow(opts *o, const char *s)
{
	lc_money m;
	if (lc_money_parse(s, (size_t)-1, &m) != 0)
		return cli_usage("finance", "'%s' is not a cash flow amount", s);
	if (o->n >= MAX_FLOWS)
		return cli_usage("finance", "too many flows (at most %d)", MAX_FLOWS);
	o->v[o->n++] = lc_fin_double(m);
	return 0;
}

static int parse_args(int argc, char **argv, opts *o)
{
	int i, rc;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		double *dst = NULL;
		int *flag = NULL;

		if (strcmp(a, "--") == 0) {
			for (i++; i < argc; i++)
				if ((rc = add_flow(o, argv[i])))
					return rc;
			break;
		}
		if (a[0] != '-' || is_number(a)) {
			if (!o->fn && a[0] != '-') {
				o->fn = a;
				continue;
			}
			if ((rc = add_flow(o, a)))
				return rc;
			continue;
		}
		if (strcmp(a, "--json") == 0) {
			o->json = 1;
			continue;
		}
		if (i + 1 >= argc)
			return cli_usage("finance", "%s needs a value", a);
		if (strcmp(a, "--rate") == 0)
			dst = &o->rate, flag = &o->has_rate;
		else if (strcmp(a, "--finance-rate") == 0)
			dst = &o->finance, flag = &o->has_finance;
		else if (strcmp(a, "--reinvest-rate") == 0)
			dst = &o->reinvest, flag = &o->has_reinvest;
		else if (strcmp(a, "--dates") == 0)
			o->dates = argv[++i];
		else if (strcmp(a, "--currency") == 0) {
			const char *cur = argv[++i];
			/* Written into the JSON output verbatim: only an ISO-style code. */
			if (strlen(cur) != 3 || cur[0] < 'A' || cur[0] > 'Z' || cur[1] < 'A' ||
			    cur[1] > 'Z' || cur[2] < 'A' || cur[2] > 'Z')
				return cli_usage("finance", "--currency: '%s' is not a three-letter code "
							    "such as USD", cur);
			o->currency = cur;
		}
		else if (strcmp(a, "--convention") == 0) {
			i++;
			if (strcmp(argv[i], "t0") == 0)
				o->convention = 0;
			else if (strcmp(argv[i], "t1") == 0)
				o->convention = 1;
			else
				return cli_usage("finance", "--convention is t0 or t1, not '%s'", argv[i]);
		} else
			return cli_usage("finance", "unknown option '%s'", a);
		if (dst) {
			if (parse_rate(argv[++i], dst))
				return cli_usage("finance", "%s: '%s' is not a rate above -100%%", a, argv[i]);
			*flag = 1;
		}
	}
	return 0;
}

/* One day number per flow from "YYYY-MM-DD,YYYY-MM-DD,...". */
static int parse_dates(const opts *o, int64_t *day)
{
	const char *p = o->dates;
	size_t k = 0;

	while (p && *p) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		lc_time_ms t;
		if (k >= o->n)
			return cli_usage("finance", "more dates than flows");
		if (lc_time_parse(p, len, 0, &t) != 0)
			return cli_usage("finance", "'%.*s' is not a date (YYYY-MM-DD)", (int)len, p);
		day[k++] = t / 86400000;
		p = comma ? comma + 1 : p + len;
	}
	if (k != o->n)
		return cli_usage("finance", "%zu dates for %zu flows", k, o->n);
	for (k = 1; k < o->n; k++)
		if (day[k] < day[0])
			return cli_usage("finance", "dates must not precede the first date");
	return 0;
}

static void print_money(const opts *o, double x, const char *note)
{
	lc_money m;
	char buf[LC_MONEY_STRMAX];

	if (lc_fin_money(x, &m) != 0) {
		printf(o->json ? "{\"function\":\"%s\",\"value\":null}\n" : "none (out of range)\n", o->fn);
		return;
	}
	cli_money(m, 2, buf);
	if (o->json)
		printf("{\"function\":\"%s\",\"value\":\"%s\",\"currency\":\"%s\",\"unrounded\":%.17g,"
		       "\"note\":\"%s\"}\n", o->fn, buf, o->currency, x, note);
	else
		printf("%s %s  (%s)\n", buf, o->currency, note);
}

static void print_number(const opts *o, int found, double x, const char *unit)
{
	if (o->json) {
		if (found)
			printf("{\"function\":\"%s\",\"value\":%.17g}\n", o->fn, x);
		else
			printf("{\"function\":\"%s\",\"value\":null}\n", o->fn);
	} else if (found)
		printf("%.10g%s\n", x, unit);
	else
		printf("none\n");
}

static void print_irr(const opts *o, const lc_irr *r)
{
	int i;

	if (o->json) {
		lc_buf b = {0};
		lc_buf_init(&b, 1 << 16);
		lc_buf_printf(&b, "{\"function\":\"%s\",\"value\":", o->fn);
		if (r->chosen >= 0)
			lc_buf_printf(&b, "%.17g", r->roots[r->chosen]);
		else
			lc_buf_puts(&b, "null");
		lc_buf_puts(&b, ",\"roots\":[");
		for (i = 0; i < r->nroots; i++)
			lc_buf_printf(&b, "%s%.17g", i ? "," : "", r->roots[i]);
		lc_buf_printf(&b, "],\"roots_total\":%d,\"sign_changes\":%d,\"why\":",
			      r->nroots_total, r->sign_changes);
		lc_buf_json_str(&b, r->why, strlen(r->why));
		lc_buf_puts(&b, "}\n");
		fputs(b.data ? b.data : "", stdout);
		lc_buf_free(&b);
		return;
	}
	if (r->chosen < 0) {
		printf("none: %s (%d sign change%s)\n", r->why, r->sign_changes,
		       r->sign_changes == 1 ? "" : "s");
		return;
	}
	printf("%.10g  (%.6g%%)\n", r->roots[r->chosen], r->roots[r->chosen] * 100);
	if (r->nroots_total > r->nroots)
		printf("roots (%d of %d shown, around the chosen one):",
		       r->nroots, r->nroots_total);
	else if (r->nroots > 1)
		printf("roots:");
	if (r->nroots > 1 || r->nroots_total > r->nroots) {
		for (i = 0; i < r->nroots; i++)
			printf(" %.10g", r->roots[i]);
		printf("\nchosen: %s\n", r->why);
	}
}

static int run(opts *o)
{
	int64_t *day = NULL;
	double x;
	lc_irr r;
	int rc = 0, found;

	if (o->n == 0)
		return cli_usage("finance", "no cash flows given");
	if (strcmp(o->fn, "npv") == 0) {
		if (!o->has_rate)
			return cli_usage("finance", "npv needs --rate");
		if (o->convention < 0)
			o->convention = 1;
		print_money(o, lc_npv(o->rate, o->v, o->n, o->convention),
			    o->convention ? "first flow at t=1, as spreadsheet NPV(); --convention t0 "
					    "discounts it at t=0"
					  : "first flow at t=0, as numpy-financial npv");
	} else if (strcmp(o->fn, "xnpv") == 0 || strcmp(o->fn, "xirr") == 0) {
		if (!o->dates)
			return cli_usage("finance", "%s needs --dates", o->fn);
		day = malloc(o->n * sizeof *day);
		if (!day)
			return cli_fail("finance", LC_NOMEM, NULL);
		if ((rc = parse_dates(o, day)))
			goto out;
		if (o->fn[1] == 'n') {
			if (!o->has_rate) {
				rc = cli_usage("finance", "xnpv needs --rate");
				goto out;
			}
			print_money(o, lc_xnpv(o->rate, o->v, day, o->n),
				    "discounted by (days since the first date)/365");
		} else if (lc_xirr_solve(o->v, day, o->n, &r) == LC_NOMEM) {
			rc = cli_fail("finance", LC_NOMEM, NULL);
		} else {
			print_irr(o, &r);
		}
	} else if (strcmp(o->fn, "irr") == 0) {
		if (lc_irr_solve(o->v, o->n, &r) == LC_NOMEM)
			return cli_fail("finance", LC_NOMEM, NULL);
		print_irr(o, &r);
	} else if (strcmp(o->fn, "mirr") == 0) {
		if (!o->has_finance || !o->has_reinvest)
			return cli_usage("finance", "mirr needs --finance-rate and --reinvest-rate");
		found = lc_mirr(o->v, o->n, o->finance, o->reinvest, &x) == 0;
		print_number(o, found, x, "");
	} else if (strcmp(o->fn, "payback") == 0) {
		found = lc_payback(o->v, o->n, -1, &x) == 0;
		print_number(o, found, x, " periods");
	} else if (strcmp(o->fn, "discounted-payback") == 0) {
		if (!o->has_rate)
			return cli_usage("finance", "discounted-payback needs --rate");
		found = lc_payback(o->v, o->n, o->rate, &x) == 0;
		print_number(o, found, x, " periods");
	} else
		return cli_usage("finance", "unknown function '%s'", o->fn);
out:
	free(day);
	return rc;
}

int cmd_finance(int argc, char **argv); /* called by main.c's command table */

int cmd_finance(int argc, char **argv)
{
	opts o = {0};
	int rc;

	if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		fputs(usage_text, stdout);
		return 0;
	}
	o.convention = -1;
	o.currency = "USD";
	o.v = malloc(sizeof(double) * (size_t)(argc > 0 ? argc : 1));
	if (!o.v)
		return cli_fail("finance", LC_NOMEM, NULL);
	rc = parse_args(argc, argv, &o);
	if (rc == 0 && !o.fn)
		rc = cli_usage("finance", "which function? (npv, xnpv, irr, xirr, mirr, payback, "
					  "discounted-payback)");
	if (rc == 0)
		rc = run(&o);
	free(o.v);
	return rc;
}
