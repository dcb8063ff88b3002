/*
 * test_scenario.c - scenario files: hand-checkable base cases, errors that name file:line
 * and field (refused before any computation), Monte Carlo reproducibility across thread
 * counts and convergence to the analytic mean, tornado ordering.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../../../tests/harness.h"

#define HEAD "start: 2026-01-01\nhorizon_months: 12\ndiscount_rate: 0%\n"

static lc_scenario *load(const char *text, lc_error *err)
{
	lc_scenario *sc = NULL;
	lc_scenario_parse("s.yaml", text, strlen(text), &sc, err);
	return sc;
}

/* The error message for text (empty when it parses). */
static const char *error_of(const char *text)
{
	static lc_error err;
	lc_scenario *sc;
	memset(&err, 0, sizeof err);
	sc = load(text, &err);
	lc_scenario_free(sc);
	return sc ? "" : err.msg;
}

TEST(scenario_simple_base_case)
{
	lc_error err;
	lc_roi_metrics m;
	lc_roi_month mo[12];
	lc_scenario *sc = load(HEAD "costs:\n"
				    "  - {name: build, category: development, once: 1000, month: 0}\n"
				    "benefits:\n"
				    "  - {name: sales, driver: revenue, monthly: 100}\n",
			       &err);
	CHECK(sc != NULL);
	CHECK_INT(lc_roi_base(sc, 0, mo, &m, &err), 0);
	CHECK_MONEY(mo[0].costs, "1000");
	CHECK_MONEY(mo[0].net, "-900");
	CHECK_MONEY(mo[11].net, "100");
	CHECK(fabs(m.npv - 200) < 1e-9);
	/* Cumulative -900, -800, ..., -100 after month 8, 0 at month 9. */
	CHECK(m.has_payback && fabs(m.payback - 9) < 1e-12);
	CHECK(m.has_roi[0] && fabs(m.roi[0] - 0.2) < 1e-12);
	CHECK(!m.has_roi[1]); /* 36 months is past a 12-month horizon */
	lc_scenario_free(sc);
}

TEST(scenario_talent_ramp_growth)
{
	lc_error err;
	lc_roi_metrics m;
	lc_roi_month mo[12];
	lc_scenario *sc = load(HEAD "costs:\n"
				    "  - name: engineers\n    category: talent\n    headcount: 2\n"
				    "    loaded_cost: 120000\n    ramp: {shape: linear, months: 4}\n"
				    "  - name: api\n    category: operations\n    monthly: 1000\n"
				    "    growth: 100%\n",
			       &err);
	CHECK(sc != NULL);
	CHECK_INT(lc_roi_base(sc, 0, mo, &m, &err), 0);
	/* 2 x 120000 / 12 = 20000 a month, ramped 1/4, 2/4, ...; api grows 100% a year. */
	CHECK_MONEY(mo[0].costs, "6000");
	CHECK_MONEY(mo[3].costs, "21189.21"); /* 20000 + 1000 * 2^(3/12) = 1189.207... */
	CHECK_MONEY(mo[6].costs, "21414.21");
	lc_scenario_free(sc);
}

TEST(scenario_gates_risk_adjust)
{
	lc_error err;
	lc_roi_metrics m;
	lc_scenario *sc = load(HEAD "gates:\n  - {name: pilot, month: 6, probability: 50%}\n"
				    "benefits:\n  - {name: b, driver: revenue, monthly: 100}\n",
			       &err);
	CHECK(sc != NULL);
	CHECK_INT(lc_roi_base(sc, 0, NULL, &m, &err), 0);
	CHECK(fabs(m.npv - 1200) < 1e-9);
	CHECK(fabs(m.rnpv - 900) < 1e-9);
	lc_scenario_free(sc);
}

TEST(scenario_errors_name_line_and_field)
{
	CHECK_STR(error_of(HEAD "---\n" HEAD),
		  "s.yaml:4:1: a second YAML document; this file must be one document (remove "
		  "the extra '---')");
	CHECK_STR(error_of(HEAD "costs:\n  - name: x\n    category: operations\n    monthly: 5\n"
				"    growth: 0.05\n"),
		  "s.yaml:8: 'growth' must be a percentage (e.g. 5%)");
	CHECK_STR(error_of(HEAD "costs:\n  - name: x\n    category: operations\n"
				"    monthly: {triangular: [5, 1, 3]}\n"),
		  "s.yaml:7: 'monthly': impossible triangular distribution: min > max");
	CHECK_STR(error_of(HEAD "costs:\n  - {name: x, category: operations, monthly: {normal: [5, -1]}}\n"),
		  "s.yaml:5: 'monthly': impossible normal distribution: negative sd");
	CHECK_STR(error_of(HEAD "costs:\n  - {name: x, category: operationz, monthly: 1}\n"),
		  "s.yaml:5: 'category' must be one of development, deployment, operations, talent");
	CHECK_STR(error_of(HEAD "costs:\n  - {name: x, category: operations, montly: 1}\n"),
		  "s.yaml:5: 'montly' is not a field of a cost line");
	CHECK_STR(error_of(HEAD "costs:\n  - {name: x, category: operations}\n"),
		  "s.yaml:5: 'x' needs an amount: once, monthly or yearly");
	CHECK_STR(error_of(HEAD "costs:\n  - {name: x, category: talent, headcount: 2}\n"),
		  "s.yaml:5: 'x': a talent line needs 'loaded_cost'");
	CHECK_STR(error_of(HEAD "costs:\n  - {name: x, category: operations, source: ledger, monthly: 3}\n"),
		  "s.yaml:5: 'x': a ledger line needs 'model' or 'tag'");
	CHECK_STR(error_of(HEAD "costs:\n  - {name: x, category: operations, source: plan serve, "
				"model: nope, tokens_per_month: 1e9}\n"),
		  "s.yaml:5: 'x': plan serve: unknown model 'nope' (see 'llmcost plan models')");
	CHECK_STR(error_of(HEAD "costs:\n  - {name: x, category: operations, source: plan serve, "
				"model: llama-3.1-8b, gpu: h900, tokens_per_month: 1e9}\n"),
		  "s.yaml:5: 'x': plan serve: unknown GPU 'h900' (see 'llmcost plan gpus')");
	CHECK_STR(error_of(HEAD "costs:\n  - {name: x, category: operations, source: plan serve, "
				"model: llama-3.1-8b, monthly: 3}\n"),
		  "s.yaml:5: 'x': the amount of a plan line comes from the estimator; remove 'monthly'");
	CHECK_STR(error_of(HEAD "costs:\n  - {name: x, category: development, source: plan finetune, "
				"model: llama-3.1-8b, tokens_per_month: 1}\n"),
		  "s.yaml:5: 'tokens_per_month' is not a field of a 'plan finetune' line");
	CHECK_STR(error_of(HEAD "costs:\n  - {name: x, category: operations, monthly: 1, gpu: h100}\n"),
		  "s.yaml:5: 'gpu' is for 'source: plan ...' lines");
	CHECK_STR(error_of(HEAD "costs:\n  - {name: x, category: operations, source: plan train}\n"),
		  "s.yaml:5: 'source' must be ledger, plan serve or plan finetune (got 'plan train')");
	CHECK_STR(error_of(HEAD "benefits:\n  - {name: x, driver: efficiency, hours: 3, rate: {pert: [1, 2]}}\n"),
		  "s.yaml:5: 'rate': pert takes [min, mode, max]");
	CHECK_STR(error_of(HEAD "benefits:\n  - {name: x, driver: efficiency, hours: 3, rate: {beta: [1, 2]}}\n"),
		  "s.yaml:5: 'rate': unknown distribution 'beta' (triangular, pert, normal, lognormal, uniform)");
	CHECK_STR(error_of(HEAD "benefits:\n  - {name: x, driver: revenue, monthly: {normal: [1, 2], lambda: 3}}\n"),
		  "s.yaml:5: 'monthly': lambda is for pert distributions");
	CHECK_STR(error_of(HEAD "benefits:\n  - {name: x, driver: revenue, monthly: {pert: [1, 2, 3], lambda: 0}}\n"),
		  "s.yaml:5: 'monthly': lambda must be positive");
	CHECK_STR(error_of("start: 2026-01-01\nhorizon_months: 12\n"),
		  "s.yaml:1: missing 'discount_rate' (annual, e.g. 10%)");
	CHECK_STR(error_of("start: 2026-13-01\n"), "s.yaml:1: 'start' must be a date YYYY-MM-DD");
	CHECK_STR(error_of(HEAD "gates:\n  - {name: g, month: 1, probability: 150%}\n"),
		  "s.yaml:5: 'probability' must be between 0% and 100%");
	CHECK_STR(error_of(HEAD "costs:\n  - {name: x, category: operations, once: 1, month: 12}\n"),
		  "s.yaml:5: 'month' must be between 0 and 11");
	CHECK_STR(error_of(HEAD "horizon: 3\n"), "s.yaml:4: 'horizon' is not a scenario field");
	CHECK_STR(error_of(HEAD "discount_rate: 5%\n"), "s.yaml:4: 'discount_rate' is given twice");
	CHECK_STR(error_of(HEAD "costs:\n  - {name: x, category: operations, monthly: 1, growth: 1%, growth: 2%}\n"),
		  "s.yaml:5: 'growth' is given twice");
	CHECK_STR(error_of(HEAD "costs:\n  - {name: x, category: operations, monthly: '1,000'}\n"),
		  "s.yaml:5: 'monthly' must be a number");
	CHECK_STR(error_of(HEAD "costs: [\n"), "s.yaml:5:1: did not find expected node content");
	CHECK_STR(error_of("- 1\n"), "s.yaml:1: a scenario is a mapping (title: ..., horizon_months: ..., ...)");
	CHECK_STR(error_of(HEAD), "s.yaml:1: alternative 'base' has no cost or benefit lines");
	/* Review: an empty file has no root node; it was reported at line 0. */
	CHECK_STR(error_of(""), "s.yaml:1: a scenario is a mapping (title: ..., horizon_months: ..., ...)");
	CHECK_STR(error_of("# only a comment\n"),
		  "s.yaml:1: a scenario is a mapping (title: ..., horizon_months: ..., ...)");
}

static const char mc_text[] = HEAD "benefits:\n"
	"  - {name: b, driver: revenue, monthly: {triangular: [50, 100, 300]}}\n"
	"  - {name: c, driver: revenue, monthly: {pert: [10, 20, 60]}}\n";

TEST(scenario_monte_carlo_reproducible_across_threads)
{
	lc_error err;
	lc_mc_result a, b;
	lc_scenario *sc = load(mc_text, &err);
	CHECK(sc != NULL);
	CHECK_INT(lc_roi_simulate(sc, 0, 5000, 99, 1, &a, &err), 0);
	CHECK_INT(lc_roi_simulate(sc, 0, 5000, 99, 3, &b, &err), 0);
	CHECK(a.mean_npv == b.mean_npv && a.p5 == b.p5 && a.p95 == b.p95 && a.cvar5 == b.cvar5);
	CHECK(memcmp(a.npv, b.npv, 5000 * sizeof(double)) == 0);
	lc_mc_result_free(&a);
	lc_mc_result_free(&b);
	lc_scenario_free(sc);
}

TEST(scenario_monte_carlo_converges_to_mean)
{
	lc_error err;
	lc_mc_result r;
	lc_scenario *sc = load(mc_text, &err);
	/* Rate 0: NPV = 12 x (b + c); E = 12 x (150 + 25) = 2100; sd = 12 x sqrt(var b + var c)
	 * with var b = (50^2+100^2+300^2-50*100-50*300-100*300)/18 and var c = 15*35/7 = 75. */
	double sd = 12 * sqrt((2500 + 10000 + 90000 - 5000 - 15000 - 30000) / 18.0 + 75);
	CHECK(sc != NULL);
	CHECK_INT(lc_roi_simulate(sc, 0, 20000, 5, 2, &r, &err), 0);
	CHECK(fabs(r.mean_npv - 2100) < 4 * sd / sqrt(20000));
	CHECK(fabs(r.sd_npv - sd) < 0.05 * sd);
	CHECK(r.p_positive == 1);
	CHECK(r.p5 < r.p50 && r.p50 < r.p95);
	CHECK(r.cvar5 <= r.p5);
	lc_mc_result_free(&r);
	lc_scenario_free(sc);
}

TEST(scenario_tornado_sorted)
{
	lc_error err;
	lc_tornado_bar bars[8];
	int n;
	lc_scenario *sc = load(mc_text, &err);
	CHECK(sc != NULL);
	CHECK_INT(lc_roi_tornado(sc, 0, bars, 8, &n, &err), 0);
	CHECK_INT(n, 2);
	CHECK_STR(bars[0].label, "b: monthly");
	CHECK(bars[0].swing >= bars[1].swing);
	/* Triangular(50,100,300) P10/P90, times 12 months at rate 0. */
	CHECK(fabs(bars[0].npv_low - 12 * (bars[0].low_value + 20)) < 1e-6);
	lc_scenario_free(sc);
}

TEST(scenario_plan_lines_use_the_estimators)
{
	lc_error err;
	lc_roi_month mo[12];
	lc_roi_metrics m;
	lc_finetune_in fi;
	lc_finetune_out fo;
	char want[LC_MONEY_STRMAX];
	/* One H100 replica of an 8B model serves 1e8 output tokens a month easily: 1 GPU x
	 * $3 x 730 h = 2190 a month. The fine-tuning is lc_plan_finetune's total. */
	lc_scenario *sc = load(HEAD "costs:\n"
				    "  - {name: serve, category: operations, source: plan serve, model: llama-3.1-8b,"
				    " gpu: h100-sxm, tokens_per_month: 1e8, price_per_gpu_hour: 3, start: 1}\n"
				    "  - {name: tune, category: development, source: plan finetune, model: llama-3.1-8b,"
				    " dataset_tokens: 1e8, epochs: 2, price_per_gpu_hour: 3, month: 0}\n",
			       &err);
	CHECK(sc != NULL);
	CHECK_INT(lc_roi_base(sc, 0, mo, &m, &err), 0);
	CHECK_MONEY(mo[1].costs, "2190");
	memset(&fi, 0, sizeof fi);
	fi.model = lc_model_find("llama-3.1-8b");
	fi.method = LC_FT_LORA, fi.rank = 16, fi.targets = LC_LORA_ALL, fi.dataset_tokens = 1e8;
	fi.epochs = 2, fi.seq_len = 2048, fi.micro_batch = 1, fi.checkpointing = 1, fi.gpus = 1;
	fi.gpu_mem_gb = lc_gpu_find("h100-sxm")->mem_gb;
	fi.peak_flops = lc_gpu_peak_flops(lc_gpu_find("h100-sxm"), LC_PREC_BF16);
	fi.mfu = 0.4;
	lc_money_parse("3", (size_t)-1, &fi.price);
	CHECK_INT(lc_plan_finetune(&fi, &fo, &err), 0);
	lc_money_format(fo.cost_total, 2, want, sizeof want);
	{
		char got[LC_MONEY_STRMAX];
		lc_money_format(mo[0].costs, 2, got, sizeof got);
		CHECK_STR(got, want);
	}
	CHECK(!lc_money_is_zero(mo[0].costs));
	lc_scenario_free(sc);
}

TEST(scenario_pert_lambda_after_kind)
{
	lc_error err;
	lc_mc_result r;
	/* lambda 0.0001 makes PERT almost uniform: mean ~ (0 + 120)/2 over 12 months at 0%. */
	lc_scenario *sc = load(HEAD "benefits:\n  - {name: b, driver: revenue, "
				    "monthly: {pert: [0, 0, 120], lambda: 0.0001}}\n",
			       &err);
	CHECK(sc != NULL);
	CHECK_INT(lc_roi_simulate(sc, 0, 20000, 3, 1, &r, &err), 0);
	CHECK(fabs(r.mean_npv - 12 * 60) < 12 * 4 * 35 / sqrt(20000));
	lc_mc_result_free(&r);
	lc_scenario_free(sc);
}

TEST(scenario_alternatives_share_lines)
{
	lc_error err;
	lc_roi_metrics a, b;
	lc_scenario *sc = load(HEAD "benefits:\n  - {name: b, driver: revenue, monthly: 100}\n"
				    "alternatives:\n"
				    "  - name: cheap\n    costs:\n      - {name: c, category: operations, monthly: 10}\n"
				    "  - name: dear\n    costs:\n      - {name: c, category: operations, monthly: 30}\n",
			       &err);
	CHECK(sc != NULL);
	CHECK_INT(lc_scenario_alternatives(sc), 2);
	CHECK_STR(lc_scenario_alt_name(sc, 1), "dear");
	CHECK_INT(lc_roi_base(sc, 0, NULL, &a, &err), 0);
	CHECK_INT(lc_roi_base(sc, 1, NULL, &b, &err), 0);
	CHECK(fabs(a.npv - 1080) < 1e-9 && fabs(b.npv - 840) < 1e-9);
	lc_scenario_free(sc);
}

TEST(scenario_ledger_actuals_replace_plan)
{
	lc_error err;
	lc_roi_month mo[12];
	lc_roi_metrics m;
	lc_money x;
	lc_scenario *sc = load(HEAD "costs:\n  - {name: api, category: operations, source: ledger, "
				    "model: gpt-4o, monthly: 100}\n",
			       &err);
	const char *model, *tag, *line;
	CHECK(sc != NULL);
	CHECK_INT(lc_scenario_ledger_lines(sc), 1);
	lc_scenario_ledger_query(sc, 0, &model, &tag, &line);
	CHECK_STR(model, "gpt-4o");
	CHECK_STR(tag, "");
	lc_money_parse("123.45", (size_t)-1, &x);
	CHECK_INT(lc_scenario_set_actual(sc, 0, 1, x), 0);
	CHECK_INT(lc_roi_base(sc, 0, mo, &m, &err), 0);
	CHECK(!mo[0].has_actual);
	CHECK(mo[1].has_actual);
	CHECK_MONEY(mo[1].planned, "100");
	CHECK_MONEY(mo[1].actual, "123.45");
	CHECK_MONEY(mo[1].costs, "123.45");
	lc_scenario_free(sc);
}

/* The printed totals are the exact sum of the monthly cent amounts (no binary float between
 * them), for each alternative of every example scenario. */
TEST(roi_totals_are_exact_sums_of_months)
{
	static const char *const files[] = {"examples/support-assistant.yaml",
					    "examples/coding-assistant.yaml",
					    "examples/document-pipeline.yaml"};
	for (size_t f = 0; f < sizeof files / sizeof files[0]; f++) {
		lc_scenario *sc;
		lc_error err;
		CHECK_INT(lc_scenario_load(lc_test_path(files[f]), &sc, &err), 0);
		for (int alt = 0; alt < lc_scenario_alternatives(sc); alt++) {
			int H = lc_scenario_horizon(sc);
			lc_roi_month *mo = calloc((size_t)H, sizeof *mo);
			lc_roi_metrics m;
			lc_money c = lc_money_zero(), b = lc_money_zero();
			CHECK_INT(lc_roi_base(sc, alt, mo, &m, &err), 0);
			for (int k = 0; k < H; k++) {
				CHECK_INT(lc_money_add(c, mo[k].costs, &c), 0);
				CHECK_INT(lc_money_add(b, mo[k].benefits, &b), 0);
			}
			CHECK(lc_money_cmp(c, m.total_costs) == 0);
			CHECK(lc_money_cmp(b, m.total_benefits) == 0);
			free(mo);
		}
		lc_scenario_free(sc);
	}
}
