/*
 * train.c - pre-training compute, time, energy, memory and cost.
 *
 *   model FLOPs      C = 6·N·D (Kaplan; forward 2N + backward 4N per token)
 *   hardware FLOPs   8·N·D with full activation recomputation (one more forward)
 *   GPU-seconds      hardware FLOPs / achieved FLOP/s per GPU, where achieved is given
 *                    (Megatron's "TFLOP/s per GPU") or MFU x dense peak
 *   wall-clock       GPU-hours / GPUs / goodput
 *   energy           GPU-hours x power x PUE
 *   cost             GPU-hours x $/GPU-hour (GPU-hours rounded to 1e-6 once, then exact)
 *   memory           ZeRO: (2+2+12)Ψ baseline; stage 1 shards the 12Ψ optimizer state, stage 2
 *                    also the gradients, stage 3 also the weights, over the data-parallel ranks
 *
 * With --recompute and --mfu, the given utilization applies to hardware FLOPs (it is an HFU);
 * the reported mfu is always 6ND over GPU-seconds x peak.
 */
#include <math.h>

#include "llmcost/plan.h"
#include "plan/plan_int.h"

#define ADAM_STATE_BYTES 12.0 /* fp32 master weights + momentum + variance */

double lc_plan_zero_bytes(double params, int stage, int dp)
{
	double k = ADAM_STATE_BYTES, n = dp > 0 ? dp : 1;
	switch (stage) {
	case 1: return params * (4 + k / n);
	case 2: return params * (2 + (2 + k) / n);
	case 3: return params * (2 + 2 + k) / n;
	default: return params * (2 + 2 + k);
	}
}

void lc_plan_chinchilla(double flops, double *params, double *tokens)
{
	*params = sqrt(flops / 120.0);
	*tokens = 20.0 * *params;
}

/* 1 when x is finite and in (lo, hi]. */
static int in_range(double x, double lo, double hi)
{
	return isfinite(x) && x > lo && x <= hi;
}

int lc_plan_train(const lc_train_in *in, lc_train_out *out, lc_error *err)
{
	int s;
	double gpu_s;

	*out = (lc_train_out){0};
	if (in->flops > 0) {
		if (!in_range(in->flops, 0, LC_PLAN_MAX_FLOPS))
			return lc_error_set(err, LC_RANGE, "FLOPs %g out of range (0, 1e32]", in->flops);
		out->flops = out->model_flops = in->flops;
		if (in->params > 0 && in->tokens > 0)
			out->model_flops = 6 * in->params * in->tokens;
	} else {
		if (!in_range(in->params, 0, LC_PLAN_MAX_PARAMS))
			return lc_error_set(err, LC_RANGE, "parameters %g out of range (0, 1e15]",
					    in->params);
		if (!in_range(in->tokens, 0, LC_PLAN_MAX_TOKENS))
			return lc_error_set(err, LC_RANGE, "tokens %g out of range (0, 1e18]",
					    in->tokens);
		out->model_flops = 6 * in->params * in->tokens;
		out->flops = (in->recompute ? 8 : 6) * in->params * in->tokens;
	}
	if (in->gpus < 1 || in->gpus > LC_PLAN_MAX_GPUS)
		return lc_error_set(err, LC_RANGE, "GPU count %d out of range 1..%d", in->gpus,
				    LC_PLAN_MAX_GPUS);
	if (!in_range(in->goodput, 0, 1))
		return lc_error_set(err, LC_RANGE, "goodput %g out of range (0, 1]", in->goodput);
	if (!in_range(in->pue, 0.999, 10))
		return lc_error_set(err, LC_RANGE, "PUE %g out of range [1, 10]", in->pue);
	if (!(isfinite(in->power_w) && in->power_w >= 0 && in->power_w <= 1e5))
		return lc_error_set(err, LC_RANGE, "power %g W out of range [0, 100000]", in->power_w);
	if (in->achieved_flops > 0) {
		if (in->peak_flops > 0 && in->achieved_flops > in->peak_flops)
			return lc_error_set(err, LC_RANGE, "achieved %.4g TFLOP/s is above the GPU's "
					    "dense peak %.4g", in->achieved_flops / 1e12,
					    in->peak_flops / 1e12);
		out->achieved_flops = in->achieved_flops;
	} else {
		if (!in_range(in->mfu, 0, 1))
			return lc_error_set(err, LC_RANGE, "MFU %g out of range (0, 1]", in->mfu);
		if (!(in->peak_flops > 0))
			return lc_error_set(err, LC_INVAL, "no peak FLOP/s for this GPU and precision");
		out->achieved_flops = in->mfu * in->peak_flops;
	}
	if (in->price.atto < 0)
		return lc_error_set(err, LC_RANGE, "price must not be negative");

	gpu_s = out->flops / out->achieved_flops;
	out->gpu_hours = gpu_s / 3600;
	out->days = out->gpu_hours / in->gpus / in->goodput / 24;
	out->mfu = in->peak_flops > 0 ? out->model_flops / (gpu_s * in->peak_flops) : 0;
	out->energy_kwh = out->gpu_hours * in->power_w / 1000 * in->pue;
	for (s = 0; s < 4; s++)
		out->mem_gb[s] = in->params > 0
			? lc_plan_zero_bytes(in->params, s, in->dp > 0 ? in->dp : in->gpus) / 1e9 : 0;
	if (lc_plan_price_quantity(in->price, out->gpu_hours, &out->cost))
		return lc_error_set(err, LC_RANGE, "%.4g GPU-hours is beyond pricing range",
				    out->gpu_hours);
	return LC_OK;
}
