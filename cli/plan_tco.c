/*
 * plan_tco.c - `llmcost plan tco`: one useful GPU-hour in the cloud versus on-premises
 * (capex amortized straight-line or with a capital recovery factor, power x PUE x $/kWh,
 * operations, utilization). All money is exact decimal (src/plan/tco.c).
 */
#include "plan.h"

enum { O_DISCOUNT = 256, O_UTIL, O_CAPEX, O_YEARS, O_RATE, O_POWER, O_HOST, O_PUE, O_KWH,
	O_OPEX };

static const struct option longopts[] = {
	PLAN_COMMON_OPTIONS,
	{"discount", required_argument, NULL, O_DISCOUNT},
	{"utilization", required_argument, NULL, O_UTIL},
	{"capex", required_argument, NULL, O_CAPEX},
	{"years", required_argument, NULL, O_YEARS},
	{"rate", required_argument, NULL, O_RATE},
	{"power", required_argument, NULL, O_POWER},
	{"host-share", required_argument, NULL, O_HOST},
	{"pue", required_argument, NULL, O_PUE},
	{"kwh-price", required_argument, NULL, O_KWH},
	{"opex", required_argument, NULL, O_OPEX},
	{NULL, 0, NULL, 0},
};

static const char usage_text[] =
	"usage: llmcost plan tco --capex USD [--gpu ID] [--price P] [--discount F]\n"
	"                        [--utilization F] [--years N] [--rate F] [--power W]\n"
	"                        [--host-share F] [--pue F] [--kwh-price USD] [--opex USD]\n"
	"                        [--json] [--explain]\n"
	"\n"
	"  --price P       cloud on-demand $/GPU-hour (default: the GPU's catalog price)\n"
	"  --discount F    committed-use discount on the cloud rate (0.3 or 30%; default 0)\n"
	"  --utilization F fraction of hours doing useful work, both sides (default 0.7)\n"
	"  --capex USD     purchase cost per GPU incl. its share of server and network\n"
	"  --years N       amortization period (default 4); --rate F cost of capital per year:\n"
	"                  capital recovery factor instead of straight-line (default 0)\n"
	"  --power W       per GPU (default TDP); --host-share F extra for host and network\n"
	"                  (default 0.25); --pue F (default 1.3); --kwh-price USD (default 0.10)\n"
	"  --opex USD      operations per GPU per year: staff, space, support (default 0)\n";

static int handle(plan_ctx *c, int opt, const char *arg, void *data)
{
	lc_tco_in *in = data;
	switch (opt) {
	case O_DISCOUNT: return plan_arg_money(c, "--discount", arg, 1, &in->discount);
	case O_UTIL: return plan_arg_money(c, "--utilization", arg, 1, &in->utilization);
	case O_CAPEX: return plan_arg_money(c, "--capex", arg, 0, &in->capex_per_gpu);
	case O_YEARS: return plan_arg_int(c, "--years", arg, 1, 50, &in->amort_years);
	case O_RATE: return plan_arg_money(c, "--rate", arg, 1, &in->rate);
	case O_POWER: return plan_arg_count(c, "--power", arg, 0, 1e5, &in->power_w);
	case O_HOST: return plan_arg_money(c, "--host-share", arg, 1, &in->host_share);
	case O_PUE: return plan_arg_money(c, "--pue", arg, 0, &in->pue);
	case O_KWH: return plan_arg_money(c, "--kwh-price", arg, 0, &in->usd_per_kwh);
	case O_OPEX: return plan_arg_money(c, "--opex", arg, 0, &in->opex_per_year);
	default: return cli_usage(c->cmd, "unknown option");
	}
}

static const char *const explain_lines[] = {
	"cloud $/useful GPU-hour = rate x (1 - discount) / utilization",
	"capex $/GPU-hour = capex / (years x 8760 x utilization) (straight-line), or with --rate r",
	"  capex x CRF / (8760 x utilization), CRF = r(1+r)^n / ((1+r)^n - 1) (rounded to 1e-12)",
	"power $/GPU-hour = GPU kW x (1 + host share) x PUE x $/kWh (while running)",
	"opex $/GPU-hour = opex per year / 8760 / utilization",
	"energy per GPU-year = GPU kW x PUE x 8760 x $/kWh (GPU only)",
	"all amounts exact decimal; GPU power rounded to the milliwatt",
	NULL,
};

int plan_tco(int argc, char **argv)
{
	plan_ctx c = {.cmd = "plan tco"};
	lc_tco_in in = {0};
	lc_tco_out out;
	lc_error err = {0};
	plan_out o;
	int rc, capex_given;

	lc_money_parse("0.7", (size_t)-1, &in.utilization);
	lc_money_parse("0.25", (size_t)-1, &in.host_share);
	lc_money_parse("1.3", (size_t)-1, &in.pue);
	lc_money_parse("0.10", (size_t)-1, &in.usd_per_kwh);
	in.capex_per_gpu.atto = -1;
	in.amort_years = 4;
	in.power_w = -1;
	if ((rc = plan_getopt(&c, argc, argv, longopts, handle, &in)))
		return rc;
	if (c.help) {
		fputs(usage_text, stdout);
		return 0;
	}
	if ((rc = plan_resolve_gpu(&c)))
		return rc;
	capex_given = in.capex_per_gpu.atto >= 0;
	if (!capex_given)
		return cli_usage(c.cmd, "--capex USD (purchase cost per GPU) is required");
	in.cloud_rate = c.price;
	if (in.power_w < 0)
		in.power_w = c.gpu->tdp_w;
	if ((rc = lc_plan_tco(&in, &out, &err)))
		return plan_fail(&c, rc, &err);

	plan_out_begin(&o, &c);
	plan_out_str(&o, "gpu", "GPU", c.gpu->id);
	plan_out_obj(&o, "cloud", "cloud");
	plan_out_money(&o, "rate", "on-demand rate", in.cloud_rate, 4);
	plan_out_money(&o, "per_gpu_hour", "per useful GPU-hour", out.cloud_per_hour, 4);
	plan_out_obj_end(&o);
	plan_out_obj(&o, "onprem", "on-premises");
	plan_out_money(&o, "capex_per_gpu_hour", "capital", out.capex_per_hour, 4);
	plan_out_money(&o, "power_per_gpu_hour", "power", out.power_per_hour, 4);
	plan_out_money(&o, "opex_per_gpu_hour", "operations", out.opex_per_hour, 4);
	plan_out_money(&o, "per_gpu_hour", "per useful GPU-hour", out.onprem_per_hour, 4);
	plan_out_money(&o, "energy_per_gpu_year", "energy per GPU-year", out.energy_per_year, 2);
	if (out.crf > 0)
		plan_out_num(&o, "crf", "capital recovery factor", "%.6f", out.crf, "");
	plan_out_obj_end(&o);
	plan_out_str(&o, "cheaper", "cheaper",
		     lc_money_cmp(out.onprem_per_hour, out.cloud_per_hour) < 0 ? "on-prem" : "cloud");
	plan_out_explain(&o, &c, explain_lines);
	plan_out_end(&o);
	return 0;
}
