/*
 * breakeven_html.c - the break-even result as one self-contained HTML page: a summary, a
 * Chart.js line chart of the API's cost (linear in volume) against the self-hosted staircase
 * (one step per replica), and the table. Chart.js comes from Debian's libjs-chart.js and is
 * compiled into the library (src/plan/module.mk), so the page needs no network.
 *
 * Money in the page's data is the exact decimal string of each amount (Chart.js parses it for
 * drawing only); volumes are tokens per month.
 */
#include <math.h>
#include <string.h>

#include "llmcost/plan.h"
#include "plan/plan_int.h"


#define SAMPLES 240 /* points on the log volume axis, plus two per capacity step */

static int html_text(lc_buf *b, const char *s)
{
	int rc = 0;
	for (; *s && rc == 0; s++) {
		switch (*s) {
		case '<': rc = lc_buf_puts(b, "&lt;"); break;
		case '>': rc = lc_buf_puts(b, "&gt;"); break;
		case '&': rc = lc_buf_puts(b, "&amp;"); break;
		case '"': rc = lc_buf_puts(b, "&quot;"); break;
		default: rc = lc_buf_append(b, s, 1); break;
		}
	}
	return rc;
}

static const char *money(lc_money m, int places, char *buf)
{
	if (lc_money_format(m, places, buf, LC_MONEY_STRMAX) < 0)
		buf[0] = '\0';
	return buf;
}

/* One chart point per volume: {x: tokens, api: "$", self: "$"}. */
static int point(lc_buf *b, const lc_breakeven_in *in, double v, int *first)
{
	lc_breakeven_point p;
	char a[LC_MONEY_STRMAX], s[LC_MONEY_STRMAX];
	if (lc_plan_breakeven_at(in, v, &p, NULL) != 0)
		return 0; /* beyond planning range: the chart simply stops */
	lc_buf_printf(b, "%s[%.10g,\"%s\",\"%s\",%d]", *first ? "" : ",", v,
		      money(p.api_cost, -1, a), money(p.self_cost, -1, s), p.replicas);
	*first = 0;
	return 0;
}

static void data_points(lc_buf *b, const lc_breakeven_in *in, const lc_breakeven_out *out,
			double lo, double hi)
{
	double step = pow(hi / lo, 1.0 / SAMPLES), v, cap = out->capacity_per_replica;
	int first = 1, i, k = 1;

	lc_buf_puts(b, "[");
	for (i = 0; i <= SAMPLES; i++) {
		v = lo * pow(step, i);
		/* the staircase's edges: the last volume of k replicas and the first of k+1; at
		 * most 1000 steps are drawn (a counter, so float rounding cannot stall it) */
		for (; k <= 1000 && k * cap <= v && k * cap <= hi; k++) {
			point(b, in, k * cap, &first);
			point(b, in, k * cap + 1, &first);
		}
		point(b, in, v, &first);
	}
	lc_buf_puts(b, "]");
}

int lc_plan_breakeven_html(const lc_breakeven_in *in, const lc_breakeven_out *out,
			   double max_volume, const char *title, lc_buf *b, lc_error *err)
{
	char m1[LC_MONEY_STRMAX], m2[LC_MONEY_STRMAX], m3[LC_MONEY_STRMAX];
	double lo = 1e6, v;
	static const double steps[] = {1, 3};

	if (!(isfinite(max_volume) && max_volume > lo && max_volume <= 1e15))
		return lc_error_set(err, LC_RANGE, "chart volume range must end above 1M tokens");
	lc_buf_puts(b, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>");
	html_text(b, title);
	lc_buf_puts(b, "</title>\n<style>body{font:15px system-ui,sans-serif;max-width:60em;"
		       "margin:2em auto;color:#222}table{border-collapse:collapse}td,th{padding:"
		       "2px 10px;text-align:right;border-bottom:1px solid #ddd}th{text-align:"
		       "center}.l{text-align:left}</style>\n</head><body>\n<h1>");
	html_text(b, title);
	lc_buf_puts(b, "</h1>\n<p>");
	lc_buf_printf(b, "API blended price <b>$%s</b> per million tokens. A self-hosted replica "
		      "costs <b>$%s</b> a month and serves %.4g tokens a month; fixed costs "
		      "$%s a month. ", money(out->api_per_mtok, 4, m1),
		      money(out->replica_per_month, 2, m2), out->capacity_per_replica,
		      money(in->fixed_per_month, 2, m3));
	if (out->breakeven_tokens >= 0)
		lc_buf_printf(b, "Self-hosting is cheaper from <b>%.4g tokens a month</b> (%d "
			      "replica%s).</p>\n", out->breakeven_tokens, out->breakeven_replicas,
			      out->breakeven_replicas == 1 ? "" : "s");
	else
		lc_buf_puts(b, "Self-hosting <b>never</b> wins: a full replica earns less at API "
			       "prices than it costs.</p>\n");
	lc_buf_puts(b, "<canvas id=\"c\" height=\"120\"></canvas>\n<script>");
	{
		size_t cjlen;
		const char *cj = lc_chartjs(&cjlen);
		lc_buf_append(b, cj, cjlen);
	}
	lc_buf_puts(b, "</script>\n<script>\nconst d = ");
	data_points(b, in, out, lo, max_volume);
	lc_buf_puts(b, ";\nnew Chart(document.getElementById('c'), {type: 'line', data: {datasets: ["
		       "\n {label: 'API', data: d.map(p => ({x: p[0], y: +p[1]})), borderColor: "
		       "'#c0392b', pointRadius: 0},\n {label: 'self-hosted', data: d.map(p => ({x: "
		       "p[0], y: +p[2]})), borderColor: '#2471a3', pointRadius: 0}]},\n options: "
		       "{parsing: false, scales: {x: {type: 'logarithmic', title: {display: true, "
		       "text: 'tokens per month'}}, y: {type: 'logarithmic', title: {display: true, "
		       "text: 'USD per month'}}}}});\n</script>\n");
	lc_buf_puts(b, "<table><tr><th>tokens/month</th><th>replicas</th><th>API $</th>"
		       "<th>self-hosted $</th><th class=\"l\">cheaper</th></tr>\n");
	for (v = lo; v <= max_volume; v *= 10) {
		size_t i;
		for (i = 0; i < 2 && v * steps[i] <= max_volume; i++) {
			lc_breakeven_point p;
			int c;
			if (lc_plan_breakeven_at(in, v * steps[i], &p, NULL) != 0)
				continue;
			c = lc_money_cmp(p.self_cost, p.api_cost);
			lc_buf_printf(b, "<tr><td>%.4g</td><td>%d</td><td>%s</td><td>%s</td>"
				      "<td class=\"l\">%s</td></tr>\n", v * steps[i], p.replicas,
				      money(p.api_cost, 2, m1), money(p.self_cost, 2, m2),
				      c < 0 ? "self-hosted" : c == 0 ? "equal" : "API");
		}
	}
	if (lc_buf_puts(b, "</table>\n<p>Made by llmcost plan breakeven. Chart.js (MIT) "
			   "embedded.</p>\n</body></html>\n") != 0)
		return lc_error_set(err, LC_LIMIT, "HTML page larger than its buffer");
	return LC_OK;
}
