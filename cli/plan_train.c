/*
 * plan_train.c - `llmcost plan train`: compute, GPU-hours, days, energy, memory and cost of
 * a pre-training run; or the price of a known run (--gpu-hours); or the Chinchilla-optimal
 * split of a compute budget (--flops C --chinchilla).
 */
#include <math.h>
#include <string.h>

#include "plan.h"

enum { O_PARAMS = 256, O_TOKENS, O_FLOPS, O_CHINCHILLA, O_GPUS, O_MFU, O_TFLOPS, O_RECOMPUTE,
	O_GOODPUT, O_PUE, O_POWER, O_GPU_HOURS, O_PRECISION, O_DP };

static const struct option longopts[] = {
	PLAN_COMMON_OPTIONS,
	{"params", required_argument, NULL, O_PARAMS},
	{"tokens", required_argument, NULL, O_TOKENS},
	{"flops", required_argument, NULL, O_FLOPS},
	{"chinchilla", no_argument, NULL, O_CHINCHILLA},
	{"gpus", required_argument, NULL, O_GPUS},
	{"mfu", required_argument, NULL, O_MFU},
	{"tflops", required_argument, NULL, O_TFLOPS},
	{"recompute", no_argument, NULL, O_RECOMPUTE},
	{"goodput", required_argument, NULL, O_GOODPUT},
	{"pue", required_argument, NULL, O_PUE},
	{"power", required_argument, NULL, O_POWER},
	{"gpu-hours", required_argument, NULL, O_GPU_HOURS},
	{"precision", required_argument, NULL, O_PRECISION},
	{"dp", required_argument, NULL, O_DP},
	{NULL, 0, NULL, 0},
};

static const char usage_text[] =
	"usage: llmcost plan train (--params N | --model ID | --model-config FILE) --tokens D\n"
	"                          [--gpu ID] [--gpus N] [--mfu F | --tflops X] [--recompute]\n"
	"                          [--goodput F] [--precision bf16|fp8] [--pue F] [--power W]\n"
	"                          [--dp N] [--price P] [--json] [--explain]\n"
	"       llmcost plan train --flops C [--chinchilla] [...]\n"
	"       llmcost plan train --gpu-hours H [--price P | --gpu ID]\n"
	"\n"
	"  --params N      parameters (7B, 70e9); a model's active parameters for MoE\n"
	"  --tokens D      training tokens (2T)\n"
	"  --flops C       compute budget instead of 6ND; --chinchilla splits it N = sqrt(C/120),\n"
	"                  D = 20N\n"
	"  --gpus N        GPUs (default 1)\n"
	"  --mfu F         model FLOPs utilization of the dense peak (default 0.4)\n"
	"  --tflops X      achieved TFLOP/s per GPU instead of --mfu\n"
	"  --recompute     full activation recomputation: 8ND hardware FLOPs\n"
	"  --goodput F     fraction of wall-clock doing useful work (default 1)\n"
	"  --pue F         facility PUE for energy (default 1.2); --power W per GPU (default TDP)\n"
	"  --dp N          data-parallel ranks for ZeRO memory (default --gpus)\n"
	"  --gpu-hours H   price a known run: H x --price, exactly\n"
	"  --price P       $ per GPU-hour (default: the GPU's catalog price)\n";

struct train_args {
	lc_train_in in;
	double gpu_hours_d;
	const char *gpu_hours;
	int chinchilla;
	lc_precision prec;
};

static int handle(plan_ctx *c, int opt, const char *arg, void *data)
{
	struct train_args *a = data;
	lc_train_in *in = &a->in;
	double v;
	int rc = 0;

	switch (opt) {
	case O_PARAMS: return plan_arg_count(c, "--params", arg, 0, 1e15, &in->params);
	case O_TOKENS: return plan_arg_count(c, "--tokens", arg, 0, 1e18, &in->tokens);
	case O_FLOPS: return plan_arg_count(c, "--flops", arg, 0, 1e32, &in->flops);
	case O_CHINCHILLA: a->chinchilla = 1; return 0;
	case O_GPUS: return plan_arg_int(c, "--gpus", arg, 1, 10000000, &in->gpus);
	case O_MFU: return plan_arg_frac(c, "--mfu", arg, 0, &in->mfu);
	case O_TFLOPS:
		rc = plan_arg_count(c, "--tflops", arg, 0, 1e6, &v);
		in->achieved_flops = v * 1e12;
		return rc;
	case O_RECOMPUTE: in->recompute = 1; return 0;
	case O_GOODPUT: return plan_arg_frac(c, "--goodput", arg, 0, &in->goodput);
	case O_PUE: return plan_arg_count(c, "--pue", arg, 1, 10, &in->pue);
	case O_POWER: return plan_arg_count(c, "--power", arg, 0, 1e5, &in->power_w);
	case O_GPU_HOURS:
		a->gpu_hours = arg;
		return plan_arg_count(c, "--gpu-hours", arg, 0, 9e12, &a->gpu_hours_d);
	case O_PRECISION:
		if (lc_precision_parse(arg, &a->prec) != 0 ||
		    (a->prec != LC_PREC_BF16 && a->prec != LC_PREC_FP16 && a->prec != LC_PREC_FP8))
			return cli_usage(c->cmd, "--precision: '%s' is not bf16, fp16 or fp8", arg);
		return 0;
	case O_DP: return plan_arg_int(c, "--dp", arg, 1, 10000000, &in->dp);
	default: return cli_usage(c->cmd, "unknown option");
	}
}

static const char *const explain_lines[] = {
	"model FLOPs = 6 x N x D (Kaplan 2020: forward 2N + backward 4N per token; N = active",
	"  parameters for MoE); hardware FLOPs = 8 x N x D with --recompute",
	"achieved FLOP/s per GPU = --tflops, or MFU x dense peak (never the sparse headline)",
	"GPU-hours = hardware FLOPs / achieved FLOP/s / 3600; days = GPU-hours / GPUs / goodput / 24",
	"mfu (reported) = 6ND / (GPU-seconds x dense peak)",
	"energy = GPU-hours x power (default TDP) x PUE",
	"cost = GPU-hours (rounded to 1e-6 h once) x $/GPU-hour, exact decimal",
	"memory per GPU (mixed-precision Adam, ZeRO paper): stage 0 16N; 1: 4N + 12N/dp;",
	"  2: 2N + 14N/dp; 3: 16N/dp bytes; activations not included",
	"chinchilla: N = sqrt(C / 120), D = 20 N (Hoffmann et al. 2022)",
	NULL,
};

/* --gpu-hours H: price a run whose GPU-hours are known, exactly. */
static int price_known_run(plan_ctx *c, struct train_args *a)
{
	lc_money hours, cost;
	plan_out o;
	static const char *const lines[] = {"cost = GPU-hours x $/GPU-hour, exact decimal", NULL};

	if (lc_money_parse(a->gpu_hours, (size_t)-1, &hours) != 0 ||
	    lc_money_mul_dec(c->price, hours, &cost) != 0)
		return cli_usage(c->cmd, "--gpu-hours: '%s' must be a plain decimal number",
				 a->gpu_hours);
	plan_out_begin(&o, c);
	plan_out_num(&o, "gpu_hours", "GPU-hours", "%.10g", a->gpu_hours_d, "");
	plan_out_money(&o, "price_per_gpu_hour", "price per GPU-hour", c->price, 4);
	plan_out_money(&o, "cost", "cost", cost, 2);
	plan_out_explain(&o, c, lines);
	plan_out_end(&o);
	return 0;
}

int plan_train(int argc, char **argv)
{
	plan_ctx c = {.cmd = "plan train"};
	struct train_args a = {.prec = LC_PREC_BF16};
	lc_train_out out;
	lc_error err = {0};
	plan_out o;
	double n_total = 0;
	int rc, s;
	static const char *const zero_keys[] = {"zero0", "zero1", "zero2", "zero3"};
	static const char *const zero_labels[] = {"ZeRO-0 (replicated)", "ZeRO-1 (optimizer)",
		"ZeRO-2 (+gradients)", "ZeRO-3 (+weights)"};

	a.in.gpus = 1;
	a.in.mfu = 0.4;
	a.in.goodput = 1;
	a.in.pue = 1.2;
	a.in.power_w = -1;
	if ((rc = plan_getopt(&c, argc, argv, longopts, handle, &a)))
		return rc;
	if (c.help) {
		fputs(usage_text, stdout);
		return 0;
	}
	if ((rc = plan_resolve_gpu(&c)) || (rc = plan_resolve_model(&c, 0)))
		return rc;
	if (a.gpu_hours)
		return price_known_run(&c, &a);
	if (c.model) {
		if (a.in.params > 0)
			return cli_usage(c.cmd, "give --params or a model, not both");
		a.in.params = c.model->params_active;
		n_total = c.model->params_total;
	}
	if (a.chinchilla) {
		if (!(a.in.flops > 0))
			return cli_usage(c.cmd, "--chinchilla needs --flops C");
		lc_plan_chinchilla(a.in.flops, &a.in.params, &a.in.tokens);
	} else if (!(a.in.flops > 0) && (!(a.in.params > 0) || !(a.in.tokens > 0))) {
		return cli_usage(c.cmd, "need --params (or --model) and --tokens, or --flops");
	}
	if (n_total == 0)
		n_total = a.in.params;
	a.in.peak_flops = lc_gpu_peak_flops(c.gpu, a.prec);
	if (!(a.in.peak_flops > 0))
		return cli_fail(c.cmd, LC_UNSUPPORTED, "this GPU has no tensor cores for that "
			"precision; use --precision bf16");
	a.in.price = c.price;
	if (a.in.power_w < 0)
		a.in.power_w = c.gpu->tdp_w;
	if ((rc = lc_plan_train(&a.in, &out, &err)))
		return plan_fail(&c, rc, &err);
	if (n_total != a.in.params)
		for (s = 0; s < 4; s++) /* MoE: every expert's state is kept, not only the active */
			out.mem_gb[s] = lc_plan_zero_bytes(n_total, s,
							   a.in.dp ? a.in.dp : a.in.gpus) / 1e9;

	plan_out_begin(&o, &c);
	if (c.model)
		plan_out_str(&o, "model", "model", c.model->id);
	if (a.in.params > 0)
		plan_out_num(&o, "params", "parameters", "%.4g", a.in.params, "");
	if (a.in.tokens > 0)
		plan_out_num(&o, "tokens", "tokens", "%.4g", a.in.tokens, "");
	plan_out_str(&o, "gpu", "GPU", c.gpu->id);
	plan_out_int(&o, "gpus", "GPUs", a.in.gpus, "");
	plan_out_num(&o, "flops", "FLOPs (hardware)", "%.4g", out.flops, "");
	plan_out_num(&o, "model_flops", "FLOPs (model, 6ND)", "%.4g", out.model_flops, "");
	plan_out_num(&o, "achieved_tflops", "achieved per GPU", "%.1f", out.achieved_flops / 1e12,
		     "TFLOP/s");
	plan_out_num(&o, "mfu", "MFU", "%.3f", out.mfu, "");
	plan_out_num(&o, "gpu_hours", "GPU-hours", "%.6g", out.gpu_hours, "");
	plan_out_num(&o, "days", "wall-clock", "%.2f", out.days, "days");
	plan_out_num(&o, "energy_kwh", "energy (x PUE)", "%.6g", out.energy_kwh, "kWh");
	plan_out_money(&o, "price_per_gpu_hour", "price per GPU-hour", c.price, 4);
	plan_out_money(&o, "cost", "cost", out.cost, 2);
	if (a.in.params > 0) {
		plan_out_obj(&o, "memory_gb", "memory per GPU (weights+grads+Adam, GB)");
		for (s = 0; s < 4; s++)
			plan_out_num(&o, zero_keys[s], zero_labels[s], "%.1f", out.mem_gb[s], "GB");
		plan_out_obj_end(&o);
	}
	plan_out_explain(&o, &c, explain_lines);
	plan_out_end(&o);
	return 0;
}
