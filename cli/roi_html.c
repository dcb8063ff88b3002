/*
 * roi_html.c - `llmcost roi --html OUT`: one self-contained HTML file with the summary
 * tables, three charts (cash flow, NPV distribution, tornado) drawn by Chart.js, and the
 * plan-vs-actual table when ledger lines have actuals.
 *
 * Chart.js comes from Debian's libjs-chart.js (scripts/packages.txt), embedded in the
 * library at build time by src/plan/module.mk for `plan breakeven --html`; this report
 * inlines the same copy, so the file opens offline, anywhere, with nothing fetched, and the
 * program needs no Chart.js file at run time. The data are the same JSON document as --json
 * (plus NPV histograms), inlined with every '<' written \u003c so that no string can close
 * the script element or hide its end tag.
 */
#include <math.h>
#include <string.h>

#include "roi.h"

#define BINS 40


/* Append s, turning "</" into "<\/" (valid in JSON strings and JavaScript alike). */
static int put_script_safe(lc_buf *b, const char *s, size_t n)
{
	size_t i, from = 0;
	int rc = 0;
	for (i = 0; i + 1 < n && rc == 0; i++)
		if (s[i] == '<' && s[i + 1] == '/') {
			rc = lc_buf_append(b, s + from, i + 1 - from);
			if (rc == 0)
				rc = lc_buf_puts(b, "\\");
			from = i + 1;
		}
	return rc ? rc : lc_buf_append(b, s + from, n - from);
}

/* Append JSON text with every '<' written \u003c. In JSON, '<' can only occur inside
 * strings, where \u003c means the same; and with no '<' at all the data can neither close
 * the script element ("</script") nor open a comment ("<!--<script") that would make the
 * HTML parser skip the element's real end tag. */
static int put_json_safe(lc_buf *b, const char *s, size_t n)
{
	size_t i, from = 0;
	int rc = 0;
	for (i = 0; i < n && rc == 0; i++)
		if (s[i] == '<') {
			rc = lc_buf_append(b, s + from, i - from);
			if (rc == 0)
				rc = lc_buf_puts(b, "\\u003c");
			from = i + 1;
		}
	return rc ? rc : lc_buf_append(b, s + from, n - from);
}

static void html_text(lc_buf *b, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '<': lc_buf_puts(b, "&lt;"); break;
		case '>': lc_buf_puts(b, "&gt;"); break;
		case '&': lc_buf_puts(b, "&amp;"); break;
		case '"': lc_buf_puts(b, "&quot;"); break;
		default: lc_buf_append(b, s, 1);
		}
	}
}

/* Histograms of the simulated NPVs, one per alternative (null when not simulated). */
static void histograms(const roi_run *r, lc_buf *b)
{
	int i, k;

	lc_buf_puts(b, "[");
	for (i = 0; i < r->nalts; i++) {
		const lc_mc_result *mc = &r->alts[i].mc;
		double lo, hi, w;
		int64_t counts[BINS] = {0}, t;
		if (i)
			lc_buf_puts(b, ",");
		if (!r->alts[i].has_mc) {
			lc_buf_puts(b, "null");
			continue;
		}
		lo = mc->npv[0];
		hi = mc->npv[mc->trials - 1];
		w = hi > lo ? (hi - lo) / BINS : 1;
		for (t = 0; t < mc->trials; t++) {
			k = (int)((mc->npv[t] - lo) / w);
			counts[k < 0 ? 0 : k >= BINS ? BINS - 1 : k]++;
		}
		lc_buf_printf(b, "{\"lo\":%.17g,\"width\":%.17g,\"counts\":[", lo, w);
		for (k = 0; k < BINS; k++)
			lc_buf_printf(b, "%s%lld", k ? "," : "", (long long)counts[k]);
		lc_buf_puts(b, "]}");
	}
	lc_buf_puts(b, "]");
}

static const char page_head[] =
	"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
	"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>";

static const char page_style[] =
	"</title>\n<style>\n"
	"body{font:15px/1.45 system-ui,sans-serif;margin:2em auto;max-width:1100px;color:#222;padding:0 1em}\n"
	"h1{font-size:1.5em}h2{font-size:1.2em;margin-top:2em}table{border-collapse:collapse;margin:1em 0}\n"
	"td,th{padding:.3em .8em;border-bottom:1px solid #ddd;text-align:right}td:first-child,th:first-child{text-align:left}\n"
	".chart{position:relative;height:360px;margin:1em 0 2em}.note{color:#666;font-size:.9em}\n"
	"</style>\n";

/* The page's own script: builds the tables and charts from the inlined data. */
static const char page_script[] =
	"<script>\n"
	"(function(){\n"
	"const R=JSON.parse(document.getElementById('roi-data').textContent);\n"
	"const H=JSON.parse(document.getElementById('roi-hist').textContent);\n"
	"const cur=R.currency, fmt=x=>x===null?'n/a':Number(x).toLocaleString(undefined,{maximumFractionDigits:0});\n"
	"const pct=x=>x===null?'none':(100*x).toFixed(1)+'%';\n"
	"const colors=['#1f77b4','#ff7f0e','#2ca02c','#d62728','#9467bd','#8c564b','#e377c2','#7f7f7f'];\n"
	"const sum=document.getElementById('summary');\n"
	"let h='<tr><th>alternative</th><th>NPV ('+cur+')</th><th>risk-adjusted NPV</th><th>IRR</th><th>MIRR</th><th>payback (months)</th><th>discounted payback</th>';\n"
	"R.alternatives[0].roi.forEach(r=>h+='<th>ROI '+r.months+' mo</th>');\n"
	"h+='<th>P(NPV&gt;0)</th><th>expected NPV</th><th>P5 / P95 NPV</th><th>CVaR 5%</th></tr>';\n"
	"R.alternatives.forEach(a=>{const mc=a.monte_carlo;\n"
	" h+='<tr><td>'+a.name.replace(/[<&]/g,c=>c=='<'?'&lt;':'&amp;')+'</td><td>'+fmt(a.npv)+'</td><td>'+fmt(a.risk_adjusted_npv)+'</td><td>'+pct(a.irr)+'</td><td>'+pct(a.mirr)+'</td><td>'+(a.payback_months===null?'never':a.payback_months.toFixed(1))+'</td><td>'+(a.discounted_payback_months===null?'never':a.discounted_payback_months.toFixed(1))+'</td>';\n"
	" a.roi.forEach(r=>h+='<td>'+pct(r.roi)+'</td>');\n"
	" h+=mc?'<td>'+pct(mc.p_npv_positive)+'</td><td>'+fmt(mc.expected_npv)+'</td><td>'+fmt(mc.npv_p5)+' / '+fmt(mc.npv_p95)+'</td><td>'+fmt(mc.cvar_5)+'</td>':'<td colspan=4>not simulated</td>';\n"
	" h+='</tr>';});\n"
	"sum.innerHTML=h;\n"
	"const months=R.alternatives[0].months.map(m=>m.period);\n"
	"new Chart(document.getElementById('cashflow'),{data:{labels:months,datasets:R.alternatives.flatMap((a,i)=>{let c=0;return[\n"
	" {type:'bar',label:a.name+' net',data:a.months.map(m=>Number(m.net)),backgroundColor:colors[i%8]+'99'},\n"
	" {type:'line',label:a.name+' cumulative',data:a.months.map(m=>c+=Number(m.net)),borderColor:colors[i%8],pointRadius:0,yAxisID:'y'}]})},\n"
	" options:{maintainAspectRatio:false,scales:{y:{title:{display:true,text:cur}}}}});\n"
	"if(H.some(x=>x)){new Chart(document.getElementById('npvdist'),{type:'bar',data:{\n"
	" labels:(H.find(x=>x)).counts.map((_,k)=>k),datasets:H.map((x,i)=>x&&{label:R.alternatives[i].name,\n"
	"  data:x.counts.map((n,k)=>({x:x.lo+(k+0.5)*x.width,y:n})),backgroundColor:colors[i%8]+'88',barPercentage:1,categoryPercentage:1}).filter(x=>x)},\n"
	" options:{maintainAspectRatio:false,parsing:false,scales:{x:{type:'linear',title:{display:true,text:'NPV ('+cur+')'}},y:{title:{display:true,text:'trials'}}}}});}\n"
	"else document.getElementById('npvdist-box').innerHTML='<p class=note>Run with --simulate N for the NPV distribution.</p>';\n"
	"const tb=document.getElementById('tornado-box');\n"
	"R.alternatives.forEach((a,i)=>{if(!a.tornado.length)return;const c=document.createElement('div');c.className='chart';\n"
	" c.style.height=(80+28*a.tornado.length)+'px';const cv=document.createElement('canvas');c.appendChild(cv);\n"
	" const t=document.createElement('h3');t.textContent=a.name;tb.appendChild(t);tb.appendChild(c);\n"
	" new Chart(cv,{type:'bar',data:{labels:a.tornado.map(b=>b.input),datasets:[\n"
	"  {label:'NPV from input at P10 to P90',data:a.tornado.map(b=>[Number(b.npv_p10),Number(b.npv_p90)]),backgroundColor:a.tornado.map(b=>Number(b.npv_p90)>=Number(b.npv_p10)?'#2ca02c99':'#d6272899')}]},\n"
	"  options:{indexAxis:'y',maintainAspectRatio:false,scales:{x:{title:{display:true,text:'NPV ('+cur+')'}}}}});});\n"
	"const pv=document.getElementById('plan-actual');let rows='';\n"
	"R.alternatives.forEach(a=>a.months.forEach(m=>{if(m.actual!==undefined)rows+='<tr><td>'+a.name.replace(/[<&]/g,c=>c=='<'?'&lt;':'&amp;')+'</td><td>'+m.period+'</td><td>'+fmt(m.planned)+'</td><td>'+fmt(m.actual)+'</td><td>'+fmt(m.variance)+'</td></tr>';}));\n"
	"if(rows)pv.innerHTML='<h2>Plan vs actual (ledger lines)</h2><table><tr><th>alternative</th><th>month</th><th>planned</th><th>actual</th><th>variance</th></tr>'+rows+'</table>';\n"
	"})();\n"
	"</script>\n";

int roi_write_html(const roi_run *r, const char *out, lc_error *err)
{
	lc_buf b, data;
	FILE *f = NULL;
	int rc;

	lc_buf_init(&b, (size_t)1 << 30);
	lc_buf_init(&data, (size_t)1 << 30);
	lc_buf_puts(&b, page_head);
	html_text(&b, *lc_scenario_title(r->sc) ? lc_scenario_title(r->sc) : r->path);
	lc_buf_puts(&b, page_style);
	lc_buf_puts(&b, "<script>\n");
	{
		size_t cjlen;
		const char *cj = lc_chartjs(&cjlen);
		put_script_safe(&b, cj, cjlen);
	}
	lc_buf_puts(&b, "\n</script>\n</head><body>\n<h1>");
	html_text(&b, *lc_scenario_title(r->sc) ? lc_scenario_title(r->sc) : r->path);
	lc_buf_printf(&b, "</h1>\n<p class=note>Start %s, %d months, discount rate %.4g%% a year, "
			  "monthly flows (month 0 at t=0). ", lc_scenario_start(r->sc),
		      lc_scenario_horizon(r->sc), lc_scenario_rate(r->sc) * 100);
	if (r->trials)
		lc_buf_printf(&b, "Monte Carlo: %lld trials, seed %llu. ", (long long)r->trials,
			      (unsigned long long)r->seed);
	lc_buf_puts(&b, "Generated by llmcost " LLMCOST_VERSION ".</p>\n"
			"<h2>Summary</h2>\n<table id=summary></table>\n"
			"<h2>Cash flow</h2>\n<div class=chart><canvas id=cashflow></canvas></div>\n"
			"<h2>NPV distribution</h2>\n<div id=npvdist-box class=chart><canvas id=npvdist></canvas></div>\n"
			"<h2>Tornado: NPV with each input at P10 and P90</h2>\n<div id=tornado-box></div>\n"
			"<div id=plan-actual></div>\n"
			"<script type=\"application/json\" id=\"roi-data\">");
	roi_json(r, &data);
	put_json_safe(&b, data.data ? data.data : "{}", data.len);
	lc_buf_puts(&b, "</script>\n<script type=\"application/json\" id=\"roi-hist\">");
	lc_buf_reset(&data);
	histograms(r, &data);
	put_json_safe(&b, data.data ? data.data : "[]", data.len);
	lc_buf_puts(&b, "</script>\n");
	rc = lc_buf_puts(&b, page_script);
	if (rc == 0)
		rc = lc_buf_puts(&b, "</body></html>\n");
	if (rc) {
		rc = lc_error_set(err, rc, "report too large");
		goto out;
	}
	f = fopen(out, "w");
	if (!f || fwrite(b.data, 1, b.len, f) != b.len) {
		rc = lc_error_set(err, LC_IO, "%s: cannot write", out);
		goto out;
	}
out:
	if (f && fclose(f) != 0 && rc == 0)
		rc = lc_error_set(err, LC_IO, "%s: cannot write", out);
	lc_buf_free(&data);
	lc_buf_free(&b);
	return rc;
}
