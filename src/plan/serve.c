/*
 * serve.c - inference latency, throughput and $ per million tokens from a roofline.
 *
 * For a replica of tp GPUs (aggregate peak F, bandwidth BW), weights W bytes, batch B:
 *   prefill   FLOPs = B·(2·N_active·T_in + 2·L·d·T_in²)   (attention 4·L·d·T², halved by the
 *             causal mask; d = heads x head_dim); bytes = weights + KV written
 *             (KV per token x tp/n_kv when tp > n_kv: a GPU holds at least one head);
 *             time = max(FLOPs/(F·η_f), bytes/(BW·η_m))
 *   decode    one token for each of B sequences at mean context c = T_in + T_out/2:
 *             FLOPs = B·(2·N_active + 4·L·d·c); bytes = weights read + B·c·KV bytes/token;
 *             TPOT = max(FLOPs/(F·η_f), bytes/(BW·η_m))
 *   tokens/s  B·T_out / (prefill + T_out·TPOT): output tokens over whole requests
 *   $/Mtok    $/GPU-hour x tp / (3600 x tokens/s) x 1e6 (exact from the rounded rate)
 *
 * Weights read per step: dense models read all weights; an MoE step with t tokens touches
 * each routed expert with probability 1-(1-k/E)^t, so batch 1 reads little more than the
 * active parameters and large batches read everything.
 *
 * Tensor-parallel communication, kernel launch overheads and scheduling are not modelled:
 * η_f and η_m absorb them (defaults 0.7 and 0.9, kipply's profiled values on A100). The
 * result is a ceiling-respecting estimate: TPOT is never below weights/(tp·BW), so
 * tokens/s never exceeds the bandwidth roofline (checked before returning).
 */
#include <math.h>

#include "llmcost/plan.h"
#include "plan/plan_int.h"

/* Bytes of weights one forward pass over t tokens reads. */
static double weights_read(const lc_model *m, double bpp, double t)
{
	double dense = m->params_total - m->params_expert, frac = 1;
	if (m->experts > 0 && m->params_expert > 0) {
		frac = 1 - pow(1 - (double)m->experts_active / m->experts, t);
		if (dense < 0)
			dense = 0;
	}
	return (dense + m->params_expert * frac) * bpp;
}

double lc_plan_decode_roofline(const lc_model *m, const lc_gpu *g, int tp, lc_precision p,
			       int batch)
{
	double w = weights_read(m, lc_precision_bytes(p), batch);
	return w > 0 ? (double)batch * tp * g->bw_tbs * 1e12 / w : 0;
}

void lc_plan_serve_defaults(lc_serve_in *in)
{
	*in = (lc_serve_in){0};
	in->tp = 1;
	in->precision = LC_PREC_BF16;
	in->kv_precision = LC_PREC_FP16;
	in->input_tokens = 1000;
	in->output_tokens = 1000;
	in->batch = 1;
	in->eff_flops = 0.7;
	in->eff_mem = 0.9;
	in->mem_util = 0.9;
}

static int check_inputs(const lc_serve_in *in, lc_error *err)
{
	if (in->tp < 1 || in->tp > 1024)
		return lc_error_set(err, LC_RANGE, "tensor parallelism %d out of range 1..1024",
				    in->tp);
	if (in->input_tokens < 1 || in->input_tokens > LC_PLAN_MAX_CTX)
		return lc_error_set(err, LC_RANGE, "input tokens %d out of range 1..%d",
				    in->input_tokens, LC_PLAN_MAX_CTX);
	if (in->output_tokens < 1 || in->output_tokens > LC_PLAN_MAX_CTX)
		return lc_error_set(err, LC_RANGE, "output tokens %d out of range 1..%d",
				    in->output_tokens, LC_PLAN_MAX_CTX);
	if (!in->max_throughput && (in->batch < 1 || in->batch > 1000000))
		return lc_error_set(err, LC_RANGE, "batch %d out of range 1..1000000", in->batch);
	if (!(in->eff_flops > 0 && in->eff_flops <= 1) || !(in->eff_mem > 0 && in->eff_mem <= 1))
		return lc_error_set(err, LC_RANGE, "efficiencies must be in (0, 1]: above 1 would "
				    "beat the roofline");
	if (!(in->mem_util > 0 && in->mem_util <= 1))
		return lc_error_set(err, LC_RANGE, "memory utilization %g out of range (0, 1]",
				    in->mem_util);
	if (in->price.atto < 0)
		return lc_error_set(err, LC_RANGE, "price must not be negative");
	return LC_OK;
}

int lc_plan_serve(const lc_serve_in *in, lc_serve_out *out, lc_error *err)
{
	const lc_model *m = in->model;
	const lc_gpu *g = in->gpu;
	double bpp = lc_precision_bytes(in->precision), peak, bw, per_gpu, d, ctx, per_seq;
	double B, tin = in->input_tokens, tout = in->output_tokens, flops, bytes, t_c, t_m, kv;
	lc_money replica;
	int rc;

	*out = (lc_serve_out){0};
	if ((rc = check_inputs(in, err)))
		return rc;
	peak = lc_gpu_peak_flops(g, in->precision) * in->tp;
	if (!(peak > 0))
		return lc_error_set(err, LC_UNSUPPORTED, "%s has no %s tensor cores; use %s",
				    g->id, lc_precision_name(in->precision),
				    g->tflops_fp8 > 0 ? "fp8 or bf16" : "bf16, int8 or int4");
	bw = g->bw_tbs * 1e12 * in->tp;
	per_gpu = g->mem_gb * 1e9 * in->mem_util;
	d = (double)m->heads * m->head_dim;

	out->weights_bytes = m->params_total * bpp;
	out->mem_avail_bytes = per_gpu * in->tp;
	out->kv_bytes_per_token = lc_model_kv_bytes_per_token(m, lc_precision_bytes(in->kv_precision));
	/* KV bytes per token across the replica: tensor parallelism splits the KV heads, but a
	 * GPU cannot hold less than one head (llm-analysis: max(n_kv/tp, 1) per GPU), so with
	 * more GPUs than KV heads each head is copied tp/n_kv times. (MLA's latent is counted
	 * once, as the model's figure.) */
	kv = out->kv_bytes_per_token;
	if (m->kv_latent == 0 && m->kv_heads > 0 && in->tp > m->kv_heads)
		kv *= (double)in->tp / m->kv_heads;
	if (out->weights_bytes > out->mem_avail_bytes) {
		out->mem_needed_bytes = out->weights_bytes;
		return lc_error_set(err, LC_RANGE, "%s weights need %.1f GB at %s but %d x %s gives "
				    "%.1f GB (%.0f%% of %.0f GB each); use --tp %d or a smaller "
				    "precision", m->id, out->weights_bytes / 1e9,
				    lc_precision_name(in->precision), in->tp, g->id,
				    out->mem_avail_bytes / 1e9, in->mem_util * 100, g->mem_gb,
				    (int)ceil(out->weights_bytes / per_gpu));
	}
	per_seq = kv * (tin + tout);
	out->max_concurrent = (int)fmin(floor((out->mem_avail_bytes - out->weights_bytes) / per_seq),
					1000000);
	B = in->max_throughput ? out->max_concurrent : in->batch;
	out->mem_needed_bytes = out->weights_bytes + B * per_seq;
	if (out->max_concurrent < 1)
		return lc_error_set(err, LC_RANGE, "the weights fit but not the KV cache of one "
				    "%d-token sequence (%.2f GB beside %.1f GB of weights)",
				    in->input_tokens + in->output_tokens, per_seq / 1e9,
				    out->weights_bytes / 1e9);
	if (B > out->max_concurrent)
		return lc_error_set(err, LC_RANGE, "batch %d needs %.1f GB (weights + KV cache) but "
				    "%.1f GB are available; at most %d sequences fit",
				    in->batch, out->mem_needed_bytes / 1e9,
				    out->mem_avail_bytes / 1e9, out->max_concurrent);
	out->batch = (int)B;

	/* prefill */
	flops = B * (2 * m->params_active * tin + 2.0 * m->layers * d * tin * tin);
	bytes = weights_read(m, bpp, B * tin) + B * tin * kv;
	out->prefill_ms = fmax(flops / (peak * in->eff_flops), bytes / (bw * in->eff_mem)) * 1e3;

	/* one decode step at mean context */
	ctx = tin + tout / 2;
	flops = B * (2 * m->params_active + 4.0 * m->layers * d * ctx);
	bytes = weights_read(m, bpp, B) + B * ctx * kv;
	t_c = flops / (peak * in->eff_flops);
	t_m = bytes / (bw * in->eff_mem);
	out->compute_bound_decode = t_c > t_m;
	out->tpot_ms = fmax(t_c, t_m) * 1e3;

	out->decode_tokens_per_s = B / (out->tpot_ms / 1e3);
	out->tokens_per_s = B * tout / ((out->prefill_ms + tout * out->tpot_ms) / 1e3);
	out->roofline_tokens_per_s = lc_plan_decode_roofline(m, g, in->tp, in->precision, (int)B);
	/* The guard the product promises: never report a throughput above the ceiling. */
	if (out->decode_tokens_per_s > out->roofline_tokens_per_s * (1 + 1e-9) ||
	    out->tokens_per_s > out->roofline_tokens_per_s * (1 + 1e-9))
		return lc_error_set(err, LC_INTERNAL, "estimate %.1f tokens/s exceeds the bandwidth "
				    "roofline %.1f", out->decode_tokens_per_s,
				    out->roofline_tokens_per_s);
	if (lc_money_mul_int(in->price, in->tp, &replica) ||
	    lc_plan_usd_per_mtok(replica, out->tokens_per_s, &out->usd_per_mtok))
		return lc_error_set(err, LC_RANGE, "price per token beyond range");
	return LC_OK;
}
