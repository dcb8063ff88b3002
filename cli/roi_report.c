/*
 * roi_report.c - `llmcost roi` as text tables and as JSON. Both print the same figures:
 * money rounded half-even to cents (decimal strings in JSON, with "currency"), rates as
 * fractions in JSON and percentages in text, payback in months (null/"never" when it does
 * not come within the horizon).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "roi.h"

void roi_month_label(const lc_scenario *sc, int m, char *buf, size_t cap)
{
	const char *s = lc_scenario_start(sc);
	int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	int mo = (s[5] - '0') * 10 + (s[6] - '0') - 1 + m;
	snprintf(buf, cap, "%04d-%02d", y + mo / 12, mo % 12 + 1);
}

void roi_period_label(const lc_scenario *sc, int m, int period, char *buf, size_t cap)
{
	char ml[16];
	roi_month_label(sc, m, ml, sizeof ml);
	if (period == 'm')
		snprintf(buf, cap, "%s", ml);
	else if (period == 'y')
		snprintf(buf, cap, "%.4s", ml);
	else
		snprintf(buf, cap, "%.4s-Q%d", ml, ((ml[5] - '0') * 10 + (ml[6] - '0') - 1) / 3 + 1);
}

const char *roi_money(double x, char *buf)
{
	lc_money m;
	if (lc_fin_money(x, &m) != 0) {
		buf[0] = '\0';
		return buf;
	}
	return cli_money(m, 2, buf);
}

/* ------------------------------------------------------------------ text */

static void pct_or(FILE *f, int has, double x, const char *none)
{
	if (has)
		fprintf(f, "%.1f%%", x * 100);
	else
		fputs(none, f);
}

static void months_or(FILE *f, int has, double x)
{
	if (has)
		fprintf(f, "%.1f months", x);
	else
		fputs("never within the horizon", f);
}

static void print_periods(const roi_run *r, const roi_alt *a, FILE *f)
{
	const char *cur = lc_scenario_currency(r->sc);
	int H = lc_scenario_horizon(r->sc), m;
	lc_money c = {0}, b = {0}, n = {0}, cum = {0};
	char label[16], next[16], s1[LC_MONEY_STRMAX], s2[LC_MONEY_STRMAX], s3[LC_MONEY_STRMAX],
		s4[LC_MONEY_STRMAX];

	fprintf(f, "\n  Cash flow by %s (%s)\n  %-9s %14s %14s %14s %14s\n",
		r->period == 'm' ? "month" : r->period == 'y' ? "year" : "quarter", cur, "period",
		"costs", "benefits", "net", "cumulative");
	for (m = 0; m < H; m++) {
		lc_money_add(c, a->months[m].costs, &c);
		lc_money_add(b, a->months[m].benefits, &b);
		lc_money_add(n, a->months[m].net, &n);
		lc_money_add(cum, a->months[m].net, &cum);
		roi_period_label(r->sc, m, r->period, label, sizeof label);
		if (m + 1 < H)
			roi_period_label(r->sc, m + 1, r->period, next, sizeof next);
		if (m + 1 == H || strcmp(label, next) != 0) {
			fprintf(f, "  %-9s %14s %14s %14s %14s\n", label, cli_money(c, 2, s1),
				cli_money(b, 2, s2), cli_money(n, 2, s3), cli_money(cum, 2, s4));
			c = b = n = lc_money_zero();
		}
	}
}

static void print_alt(const roi_run *r, const roi_alt *a, FILE *f)
{
	const char *cur = lc_scenario_currency(r->sc);
	const lc_roi_metrics *m = &a->m;
	char s1[LC_MONEY_STRMAX], s2[LC_MONEY_STRMAX], s3[LC_MONEY_STRMAX];
	int h, i, any = 0;

	fprintf(f, "\n== %s\n", a->name);
	fprintf(f, "  NPV                 %s %s (risk-adjusted by gates: %s)\n", roi_money(m->npv, s1),
		cur, roi_money(m->rnpv, s2));
	fputs("  IRR                 ", f);
	pct_or(f, m->has_irr, m->irr, "none (no rate makes the NPV zero)");
	if (m->has_irr)
		fprintf(f, " a year (%.3f%% a month%s)", m->irr_monthly * 100,
			m->irr_roots_total > m->irr_roots ? "; the flows have several IRRs, "
							    "some in --json"
			: m->irr_roots > 1 ? "; the flows have several IRRs, all in --json"
					   : "");
	fputs("\n  MIRR                ", f);
	pct_or(f, m->has_mirr, m->mirr, "none (the flows are not of both signs)");
	fputs(m->has_mirr ? " a year\n  Payback             " : "\n  Payback             ", f);
	months_or(f, m->has_payback, m->payback);
	fputs("\n  Discounted payback  ", f);
	months_or(f, m->has_dpayback, m->dpayback);
	fputc('\n', f);
	for (h = 0; h < LC_ROI_HORIZONS; h++) {
		fprintf(f, "  ROI at %3d months   ", m->horizon[h]);
		if (m->has_roi[h])
			fprintf(f, "%.1f%% (discounted %.1f%%)\n", m->roi[h] * 100, m->roi_disc[h] * 100);
		else
			fputs("n/a (past the horizon or no cost)\n", f);
	}
	fprintf(f, "  Totals              costs %s, benefits %s %s\n",
		cli_money(m->total_costs, 2, s1), cli_money(m->total_benefits, 2, s2), cur);
	print_periods(r, a, f);
	if (a->has_mc) {
		const lc_mc_result *mc = &a->mc;
		fprintf(f, "\n  Monte Carlo: %lld trials, seed %llu\n", (long long)mc->trials,
			(unsigned long long)r->seed);
		fprintf(f, "  P(NPV > 0)          %.1f%%\n", mc->p_positive * 100);
		fprintf(f, "  Expected NPV        %s %s (sd %s)\n", roi_money(mc->mean_npv, s1), cur,
			roi_money(mc->sd_npv, s2));
		fprintf(f, "  NPV P5 / P50 / P95  %s / %s / %s\n", roi_money(mc->p5, s1),
			roi_money(mc->p50, s2), roi_money(mc->p95, s3));
		fprintf(f, "  CVaR 5%%             %s (mean NPV of the worst 5%% of trials)\n",
			roi_money(mc->cvar5, s1));
		fprintf(f, "  Payback P5/P50/P95  ");
		if (isfinite(mc->pay_p5))
			fprintf(f, "%.1f", mc->pay_p5);
		else
			fputs("never", f);
		fputs(" / ", f);
		if (isfinite(mc->pay_p50))
			fprintf(f, "%.1f", mc->pay_p50);
		else
			fputs("never", f);
		fputs(" / ", f);
		if (isfinite(mc->pay_p95))
			fprintf(f, "%.1f", mc->pay_p95);
		else
			fputs("never", f);
		fprintf(f, " months (%.1f%% pay back within the horizon)\n", mc->p_payback * 100);
	}
	if (a->nbars) {
		fprintf(f, "\n  Tornado: NPV with each input at P10 / P90, others at base\n"
			   "  %-40s %13s %13s %13s %10s\n", "input", "NPV at P10", "NPV at P90", "swing",
			"elasticity");
		for (i = 0; i < a->nbars; i++) {
			const lc_tornado_bar *b = &a->bars[i];
			fprintf(f, "  %-40.40s %13s %13s %13s %10.2f\n", b->label, roi_money(b->npv_low, s1),
				roi_money(b->npv_high, s2), roi_money(b->swing, s3), b->elasticity);
		}
	}
	for (i = 0; i < lc_scenario_horizon(r->sc); i++) {
		const lc_roi_month *mo = &a->months[i];
		lc_money var;
		char label[16];
		if (!mo->has_actual)
			continue;
		if (!any++)
			fprintf(f, "\n  Plan vs actual (ledger lines)\n  %-9s %14s %14s %14s\n", "month",
				"planned", "actual", "variance");
		lc_money_sub(mo->actual, mo->planned, &var);
		roi_month_label(r->sc, i, label, sizeof label);
		fprintf(f, "  %-9s %14s %14s %14s\n", label, cli_money(mo->planned, 2, s1),
			cli_money(mo->actual, 2, s2), cli_money(var, 2, s3));
	}
}

void roi_print_text(const roi_run *r, FILE *f)
{
	char s1[LC_MONEY_STRMAX];
	int i;

	fprintf(f, "%s\n", *lc_scenario_title(r->sc) ? lc_scenario_title(r->sc) : r->path);
	fprintf(f, "start %s, %d months, discount rate %.4g%% a year, %s; monthly flows, month 0 "
		   "at t=0\n", lc_scenario_start(r->sc), lc_scenario_horizon(r->sc),
		lc_scenario_rate(r->sc) * 100, lc_scenario_currency(r->sc));
	if (r->ledger_unpriced)
		fprintf(f, "ledger: %lld unpriced call%s left out of the actual spend\n",
			(long long)r->ledger_unpriced, r->ledger_unpriced == 1 ? "" : "s");
	for (i = 0; i < r->nalts; i++)
		print_alt(r, &r->alts[i], f);
	if (r->nalts > 1) {
		fprintf(f, "\n== Side by side\n  %-28s %14s %9s %10s %11s\n", "alternative", "NPV", "IRR",
			"payback", "P(NPV>0)");
		for (i = 0; i < r->nalts; i++) {
			const roi_alt *a = &r->alts[i];
			char irr[16], pay[16], pp[16];
			if (a->m.has_irr)
				snprintf(irr, sizeof irr, "%.1f%%", a->m.irr * 100);
			else
				snprintf(irr, sizeof irr, "none");
			if (a->m.has_payback)
				snprintf(pay, sizeof pay, "%.1f mo", a->m.payback);
			else
				snprintf(pay, sizeof pay, "never");
			if (a->has_mc)
				snprintf(pp, sizeof pp, "%.1f%%", a->mc.p_positive * 100);
			else
				snprintf(pp, sizeof pp, "-");
			fprintf(f, "  %-28.28s %14s %9s %10s %11s\n", a->name, roi_money(a->m.npv, s1), irr,
				pay, pp);
		}
	}
}

/* ------------------------------------------------------------------ JSON */

static void jmoney(lc_buf *b, const char *key, double x)
{
	char s[LC_MONEY_STRMAX];
	lc_buf_printf(b, "\"%s\":\"%s\"", key, roi_money(x, s));
}

static void jmoney_exact(lc_buf *b, const char *key, lc_money x)
{
	char s[LC_MONEY_STRMAX];
	lc_buf_printf(b, "\"%s\":\"%s\"", key, cli_money(x, 2, s));
}

static void jnum(lc_buf *b, const char *key, int has, double x)
{
	if (has && isfinite(x))
		lc_buf_printf(b, "\"%s\":%.17g", key, x);
	else
		lc_buf_printf(b, "\"%s\":null", key);
}

static void json_periods(lc_buf *b, const roi_run *r, const roi_alt *a, int period)
{
	int H = lc_scenario_horizon(r->sc), m, first = 1;
	lc_money c = {0}, be = {0}, n = {0};
	char label[16], next[16];

	lc_buf_puts(b, "[");
	for (m = 0; m < H; m++) {
		lc_money_add(c, a->months[m].costs, &c);
		lc_money_add(be, a->months[m].benefits, &be);
		lc_money_add(n, a->months[m].net, &n);
		roi_period_label(r->sc, m, period, label, sizeof label);
		if (m + 1 < H)
			roi_period_label(r->sc, m + 1, period, next, sizeof next);
		if (m + 1 == H || strcmp(label, next) != 0) {
			lc_buf_printf(b, "%s{\"period\":\"%s\",", first ? "" : ",", label);
			jmoney_exact(b, "costs", c);
			lc_buf_puts(b, ",");
			jmoney_exact(b, "benefits", be);
			lc_buf_puts(b, ",");
			jmoney_exact(b, "net", n);
			if (period == 'm') {
				lc_buf_printf(b, ",\"survival\":%.6g", a->months[m].survival);
				if (a->months[m].has_actual) {
					lc_money var;
					lc_money_sub(a->months[m].actual, a->months[m].planned, &var);
					lc_buf_puts(b, ",");
					jmoney_exact(b, "planned", a->months[m].planned);
					lc_buf_puts(b, ",");
					jmoney_exact(b, "actual", a->months[m].actual);
					lc_buf_puts(b, ",");
					jmoney_exact(b, "variance", var);
				}
			}
			lc_buf_puts(b, "}");
			first = 0;
			c = be = n = lc_money_zero();
		}
	}
	lc_buf_puts(b, "]");
}

static void json_alt(lc_buf *b, const roi_run *r, const roi_alt *a)
{
	const lc_roi_metrics *m = &a->m;
	int h, i;

	lc_buf_puts(b, "{\"name\":");
	lc_buf_json_str(b, a->name, strlen(a->name));
	lc_buf_puts(b, ",");
	jmoney(b, "npv", m->npv);
	lc_buf_puts(b, ",");
	jmoney(b, "risk_adjusted_npv", m->rnpv);
	lc_buf_puts(b, ",");
	jnum(b, "irr", m->has_irr, m->irr);
	lc_buf_puts(b, ",");
	jnum(b, "irr_monthly", m->has_irr, m->irr_monthly);
	lc_buf_puts(b, ",\"irr_roots_monthly\":[");
	for (h = 0; h < m->irr_roots; h++)
		lc_buf_printf(b, "%s%.17g", h ? "," : "", m->irr_all[h]);
	lc_buf_printf(b, "],\"irr_roots_monthly_total\":%d,", m->irr_roots_total);
	jnum(b, "mirr", m->has_mirr, m->mirr);
	lc_buf_puts(b, ",");
	jnum(b, "payback_months", m->has_payback, m->payback);
	lc_buf_puts(b, ",");
	jnum(b, "discounted_payback_months", m->has_dpayback, m->dpayback);
	lc_buf_puts(b, ",");
	jmoney_exact(b, "total_costs", m->total_costs);
	lc_buf_puts(b, ",");
	jmoney_exact(b, "total_benefits", m->total_benefits);
	lc_buf_puts(b, ",\"roi\":[");
	for (h = 0; h < LC_ROI_HORIZONS; h++) {
		lc_buf_printf(b, "%s{\"months\":%d,", h ? "," : "", m->horizon[h]);
		jnum(b, "roi", m->has_roi[h], m->roi[h]);
		lc_buf_puts(b, ",");
		jnum(b, "roi_discounted", m->has_roi[h], m->roi_disc[h]);
		lc_buf_puts(b, "}");
	}
	lc_buf_puts(b, "],\"months\":");
	json_periods(b, r, a, 'm');
	lc_buf_puts(b, ",\"quarters\":");
	json_periods(b, r, a, 'q');
	lc_buf_puts(b, ",\"years\":");
	json_periods(b, r, a, 'y');
	if (a->has_mc) {
		const lc_mc_result *mc = &a->mc;
		lc_buf_printf(b, ",\"monte_carlo\":{\"trials\":%lld,\"seed\":%llu,", (long long)mc->trials,
			      (unsigned long long)r->seed);
		jnum(b, "p_npv_positive", 1, mc->p_positive);
		lc_buf_puts(b, ",");
		jmoney(b, "expected_npv", mc->mean_npv);
		lc_buf_puts(b, ",");
		jmoney(b, "sd_npv", mc->sd_npv);
		lc_buf_puts(b, ",");
		jmoney(b, "npv_p5", mc->p5);
		lc_buf_puts(b, ",");
		jmoney(b, "npv_p50", mc->p50);
		lc_buf_puts(b, ",");
		jmoney(b, "npv_p95", mc->p95);
		lc_buf_puts(b, ",");
		jmoney(b, "cvar_5", mc->cvar5);
		lc_buf_puts(b, ",");
		jnum(b, "payback_p5", isfinite(mc->pay_p5), mc->pay_p5);
		lc_buf_puts(b, ",");
		jnum(b, "payback_p50", isfinite(mc->pay_p50), mc->pay_p50);
		lc_buf_puts(b, ",");
		jnum(b, "payback_p95", isfinite(mc->pay_p95), mc->pay_p95);
		lc_buf_puts(b, ",");
		jnum(b, "p_payback", 1, mc->p_payback);
		lc_buf_puts(b, "}");
	}
	lc_buf_puts(b, ",\"tornado\":[");
	for (i = 0; i < a->nbars; i++) {
		const lc_tornado_bar *t = &a->bars[i];
		lc_buf_printf(b, "%s{\"input\":", i ? "," : "");
		lc_buf_json_str(b, t->label, strlen(t->label));
		lc_buf_printf(b, ",\"p10\":%.17g,\"p90\":%.17g,", t->low_value, t->high_value);
		jmoney(b, "npv_p10", t->npv_low);
		lc_buf_puts(b, ",");
		jmoney(b, "npv_p90", t->npv_high);
		lc_buf_puts(b, ",");
		jmoney(b, "swing", t->swing);
		lc_buf_printf(b, ",\"elasticity\":%.6g}", t->elasticity);
	}
	lc_buf_puts(b, "]}");
}

int roi_json(const roi_run *r, lc_buf *b)
{
	int i;
	const char *t = lc_scenario_title(r->sc);

	lc_buf_puts(b, "{\"title\":");
	lc_buf_json_str(b, t, strlen(t));
	lc_buf_printf(b, ",\"currency\":\"%s\",\"start\":\"%s\",\"horizon_months\":%d,"
			 "\"discount_rate\":%.17g,\"alternatives\":[",
		      lc_scenario_currency(r->sc), lc_scenario_start(r->sc), lc_scenario_horizon(r->sc),
		      lc_scenario_rate(r->sc));
	for (i = 0; i < r->nalts; i++) {
		if (i)
			lc_buf_puts(b, ",");
		json_alt(b, r, &r->alts[i]);
	}
	return lc_buf_puts(b, "]}\n");
}

int roi_print_json(const roi_run *r, FILE *f)
{
	lc_buf b;
	int rc;

	lc_buf_init(&b, (size_t)1 << 30);
	rc = roi_json(r, &b);
	if (rc == 0)
		fputs(b.data, f);
	lc_buf_free(&b);
	return rc;
}
