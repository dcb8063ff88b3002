/*
 * plan_serve.c - `llmcost plan serve`: latency, throughput and $ per million output tokens
 * of a model on a GPU configuration from the roofline (src/plan/serve.c), or the price of a
 * measured throughput (--tokens-per-s), refused when it beats the bandwidth ceiling.
 */
#include <string.h>

#include "plan.h"

enum { O_TP = 256, O_PRECISION, O_KV_PRECISION, O_IN, O_OUT, O_BATCH, O_MAXTP, O_EFF_F,
	O_EFF_M, O_MEM_UTIL, O_TPS, O_GPUS };

static const struct option longopts[] = {
	PLAN_COMMON_OPTIONS,
	{"tp", required_argument, NULL, O_TP},
	{"precision", required_argument, NULL, O_PRECISION},
	{"kv-precision", required_argument, NULL, O_KV_PRECISION},
	{"input-tokens", required_argument, NULL, O_IN},
	{"output-tokens", required_argument, NULL, O_OUT},
	{"batch", required_argument, NULL, O_BATCH},
	{"max-throughput", no_argument, NULL, O_MAXTP},
	{"eff-flops", required_argument, NULL, O_EFF_F},
	{"eff-mem", required_argument, NULL, O_EFF_M},
	{"mem-util", required_argument, NULL, O_MEM_UTIL},
	{"tokens-per-s", required_argument, NULL, O_TPS},
	{"gpus", required_argument, NULL, O_GPUS},
	{NULL, 0, NULL, 0},
};

static const char usage_text[] =
	"usage: llmcost plan serve (--model ID | --model-config FILE) [--gpu ID] [--tp N]\n"
	"                          [--precision fp16|bf16|fp8|int8|int4|fp4] [--kv-precision P]\n"
	"                          [--input-tokens N] [--output-tokens N]\n"
	"                          [--batch B | --max-throughput] [--eff-flops F] [--eff-mem F]\n"
	"                          [--mem-util F] [--price P] [--json] [--explain]\n"
	"       llmcost plan serve --tokens-per-s X --gpus K --price P\n"
	"                          [--model ID --gpu ID --batch B: refuse X above the roofline]\n"
	"\n"
	"  --tp N          tensor-parallel GPUs per replica (default 1)\n"
	"  --precision     weights (and math for fp8/fp4; int8/int4 are weight-only), default bf16\n"
	"  --kv-precision  KV cache elements (default fp16)\n"
	"  --input-tokens, --output-tokens  per request (default 1000 and 1000)\n"
	"  --batch B       concurrent sequences (default 1); --max-throughput: as many as fit\n"
	"  --eff-flops F   achieved fraction of dense peak (default 0.7)\n"
	"  --eff-mem F     achieved fraction of bandwidth (default 0.9)\n"
	"  --mem-util F    fraction of GPU memory for weights + KV cache (default 0.9)\n"
	"  --tokens-per-s X --gpus K  price a measured output throughput of K GPUs\n";

struct serve_args {
	lc_serve_in in;
	double tps;
	int gpus, batch_given;
};

static int handle(plan_ctx *c, int opt, const char *arg, void *data)
{
	struct serve_args *a = data;
	lc_serve_in *in = &a->in;
	lc_precision *p = opt == O_PRECISION ? &in->precision : &in->kv_precision;

	switch (opt) {
	case O_TP: return plan_arg_int(c, "--tp", arg, 1, 1024, &in->tp);
	case O_PRECISION:
	case O_KV_PRECISION:
		if (lc_precision_parse(arg, p) != 0)
			return cli_usage(c->cmd, "%s: '%s' is not fp16, bf16, fp8, int8, int4 or fp4",
					 opt == O_PRECISION ? "--precision" : "--kv-precision", arg);
		return 0;
	case O_IN: return plan_arg_int(c, "--input-tokens", arg, 1, 10000000, &in->input_tokens);
	case O_OUT: return plan_arg_int(c, "--output-tokens", arg, 1, 10000000, &in->output_tokens);
	case O_BATCH:
		a->batch_given = 1;
		return plan_arg_int(c, "--batch", arg, 1, 1000000, &in->batch);
	case O_MAXTP: in->max_throughput = 1; return 0;
	case O_EFF_F: return plan_arg_frac(c, "--eff-flops", arg, 0, &in->eff_flops);
	case O_EFF_M: return plan_arg_frac(c, "--eff-mem", arg, 0, &in->eff_mem);
	case O_MEM_UTIL: return plan_arg_frac(c, "--mem-util", arg, 0, &in->mem_util);
	case O_TPS: return plan_arg_count(c, "--tokens-per-s", arg, 0, 1e9, &a->tps);
	case O_GPUS: return plan_arg_int(c, "--gpus", arg, 1, 100000, &a->gpus);
	default: return cli_usage(c->cmd, "unknown option");
	}
}

static const char *const explain_lines[] = {
	"replica = tp GPUs: peak F = tp x dense peak at the precision, bandwidth BW = tp x HBM",
	"weights W = parameters x bytes per element (fp16/bf16 2, fp8/int8 1, int4/fp4 0.5)",
	"KV bytes/token = 2 x layers x kv_heads x head_dim x bytes (GQA-aware; MLA: layers x latent);"
	" x tp/kv_heads when tp > kv_heads (each GPU keeps at least one head)",
	"fits when W + batch x (input + output) x KV bytes/token <= tp x memory x mem-util",
	"prefill = max(B(2 N_active T_in + 2 L d T_in^2) / (F eta_f), (W + KV written) / (BW eta_m))",
	"decode step at context c = T_in + T_out/2: TPOT = max(B(2 N_active + 4 L d c) / (F eta_f),",
	"  (W read + B c KV bytes) / (BW eta_m)); MoE reads each expert with prob 1-(1-k/E)^B",
	"tokens/s = B x T_out / (prefill + T_out x TPOT) (output tokens, whole requests)",
	"ceiling: tokens/s <= B x tp x BW / W read (bandwidth roofline); never exceeded",
	"$/Mtok = $/GPU-hour x tp / (3600 x tokens/s) x 1e6 (tokens/s rounded to 1e-6), exact",
	"defaults eta_f 0.7, eta_m 0.9 (kipply's profiled A100 values); TP communication, queueing",
	"  and scheduling are not modelled: the efficiencies absorb them",
	NULL,
};

/* --tokens-per-s: price a measured throughput; check it against the ceiling if we can. */
static int price_measured(plan_ctx *c, struct serve_args *a)
{
	lc_money replica, per;
	lc_error err = {0};
	plan_out o;
	double ceiling = 0;
	int gpus = a->gpus ? a->gpus : a->in.tp;
	static const char *const lines[] = {
		"$/Mtok = $/GPU-hour x GPUs / (3600 x tokens/s) x 1e6, exact decimal",
		"with --model and --batch: tokens/s must not exceed B x GPUs x BW / weight bytes", NULL};

	if (c->model && a->batch_given) {
		ceiling = lc_plan_decode_roofline(c->model, c->gpu, gpus, a->in.precision,
						  a->in.batch);
		if (a->tps > ceiling) {
			lc_error_set(&err, LC_RANGE, "%.1f tokens/s is impossible: %d x %s at batch %d "
				     "can read %s's %s weights at most %.1f times a second",
				     a->tps, gpus, c->gpu->id, a->in.batch, c->model->id,
				     lc_precision_name(a->in.precision), ceiling / a->in.batch);
			return plan_fail(c, LC_RANGE, &err);
		}
	}
	if (lc_money_mul_int(c->price, gpus, &replica) ||
	    lc_plan_usd_per_mtok(replica, a->tps, &per))
		return cli_fail(c->cmd, LC_RANGE, "price per token out of range");
	plan_out_begin(&o, c);
	plan_out_num(&o, "tokens_per_s", "throughput", "%.6g", a->tps, "tokens/s");
	plan_out_int(&o, "gpus", "GPUs", gpus, "");
	if (ceiling > 0)
		plan_out_num(&o, "roofline_tokens_per_s", "bandwidth ceiling", "%.1f", ceiling,
			     "tokens/s");
	plan_out_money(&o, "price_per_gpu_hour", "price per GPU-hour", c->price, 4);
	plan_out_money(&o, "usd_per_mtok", "cost per million tokens", per, 4);
	plan_out_explain(&o, c, lines);
	plan_out_end(&o);
	return 0;
}

int plan_serve(int argc, char **argv)
{
	plan_ctx c = {.cmd = "plan serve"};
	struct serve_args a = {0};
	lc_serve_in *in = &a.in;
	lc_serve_out out;
	lc_error err = {0};
	plan_out o;
	int rc;

	lc_plan_serve_defaults(in);
	if ((rc = plan_getopt(&c, argc, argv, longopts, handle, &a)))
		return rc;
	if (c.help) {
		fputs(usage_text, stdout);
		return 0;
	}
	if ((rc = plan_resolve_gpu(&c)) || (rc = plan_resolve_model(&c, a.tps == 0)))
		return rc;
	if (a.tps > 0)
		return price_measured(&c, &a);
	if (a.gpus)
		return cli_usage(c.cmd, "--gpus goes with --tokens-per-s; use --tp for a replica");
	if (in->max_throughput && a.batch_given)
		return cli_usage(c.cmd, "give --batch or --max-throughput, not both");
	in->model = c.model;
	in->gpu = c.gpu;
	in->price = c.price;
	if ((rc = lc_plan_serve(in, &out, &err)))
		return plan_fail(&c, rc, &err);

	plan_out_begin(&o, &c);
	plan_out_str(&o, "model", "model", c.model->id);
	plan_out_str(&o, "gpu", "GPU", c.gpu->id);
	plan_out_int(&o, "tp", "tensor parallel", in->tp, "GPUs");
	plan_out_str(&o, "precision", "precision", lc_precision_name(in->precision));
	plan_out_num(&o, "weights_gb", "weights", "%.1f", out.weights_bytes / 1e9, "GB");
	plan_out_num(&o, "kv_bytes_per_token", "KV cache per token", "%.0f", out.kv_bytes_per_token,
		     "bytes");
	plan_out_int(&o, "max_concurrent", "max concurrent sequences", out.max_concurrent, "");
	plan_out_int(&o, "batch", "batch", out.batch, "");
	plan_out_num(&o, "memory_needed_gb", "memory needed", "%.1f", out.mem_needed_bytes / 1e9,
		     "GB");
	plan_out_num(&o, "memory_available_gb", "memory available", "%.1f",
		     out.mem_avail_bytes / 1e9, "GB");
	plan_out_num(&o, "prefill_ms", "prefill (batch)", "%.2f", out.prefill_ms, "ms");
	plan_out_num(&o, "tpot_ms", "time per output token", "%.2f", out.tpot_ms, "ms");
	plan_out_bool(&o, "compute_bound_decode", "decode compute-bound", out.compute_bound_decode);
	plan_out_num(&o, "decode_tokens_per_s", "decode throughput", "%.1f",
		     out.decode_tokens_per_s, "tokens/s");
	plan_out_num(&o, "tokens_per_s", "throughput (whole requests)", "%.1f", out.tokens_per_s,
		     "tokens/s");
	plan_out_num(&o, "roofline_tokens_per_s", "bandwidth ceiling", "%.1f",
		     out.roofline_tokens_per_s, "tokens/s");
	plan_out_money(&o, "price_per_gpu_hour", "price per GPU-hour", c.price, 4);
	plan_out_money(&o, "usd_per_mtok", "cost per million output tokens", out.usd_per_mtok, 4);
	plan_out_explain(&o, &c, explain_lines);
	plan_out_end(&o);
	return 0;
}
