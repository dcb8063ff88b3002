/*
 * estimate.c - scenario cost lines whose amount comes from the estimators of the plan
 * module (`source: plan serve` and `source: plan finetune`, docs/formats/scenario.md).
 *
 * Serving follows `llmcost plan serve` and `plan breakeven`: the replica throughput is
 * lc_plan_serve at its largest batch, replicas are stepped to cover the monthly volume at the
 * target utilization, and a replica costs GPUs x price x 730 h a month (lc_plan_breakeven_at,
 * so the two commands cannot drift apart). Fine-tuning is lc_plan_finetune with the defaults
 * of `llmcost plan finetune` (LoRA r=16 on all matrices, 2048-token sequences, micro-batch 1,
 * activation checkpointing, MFU 0.4), its total cost becoming a one-off amount.
 */
#include <stdio.h>
#include <string.h>

#include "estimate.h"

static int resolve(const fin_plan_req *q, const lc_model **m, const lc_gpu **g, lc_money *price,
		   lc_error *err)
{
	*m = lc_model_find(q->model);
	if (!*m)
		return lc_error_set(err, LC_NOTFOUND, "unknown model '%s' (see 'llmcost plan models')",
				    q->model);
	*g = lc_gpu_find(*q->gpu ? q->gpu : "h100-sxm");
	if (!*g)
		return lc_error_set(err, LC_NOTFOUND, "unknown GPU '%s' (see 'llmcost plan gpus')",
				    q->gpu);
	*price = q->has_price ? q->price : lc_gpu_price(*g);
	return LC_OK;
}

static int serve(const fin_plan_req *q, lc_money *out, lc_error *err)
{
	const lc_model *m;
	const lc_gpu *g;
	lc_serve_in in;
	lc_serve_out so;
	lc_breakeven_in be;
	lc_breakeven_point pt;
	lc_money price;
	int rc;

	if ((rc = resolve(q, &m, &g, &price, err)))
		return rc;
	lc_plan_serve_defaults(&in);
	in.model = m;
	in.gpu = g;
	in.price = price;
	in.max_throughput = 1;
	in.batch = 0;
	if (q->tp > 0)
		in.tp = q->tp;
	if (q->has_precision)
		in.precision = q->precision;
	if (q->input_tokens > 0)
		in.input_tokens = q->input_tokens;
	if (q->output_tokens > 0)
		in.output_tokens = q->output_tokens;
	if ((rc = lc_plan_serve(&in, &so, err)))
		return rc;
	memset(&be, 0, sizeof be);
	be.gpu_price = price;
	be.gpus_per_replica = in.tp;
	be.tokens_per_s = so.tokens_per_s;
	be.target_util = q->utilization > 0 ? q->utilization : 0.7;
	if ((rc = lc_plan_breakeven_at(&be, q->tokens_per_month, &pt, err)))
		return rc;
	*out = pt.self_cost;
	return LC_OK;
}

static int finetune(const fin_plan_req *q, lc_money *out, lc_error *err)
{
	const lc_model *m;
	const lc_gpu *g;
	lc_finetune_in in;
	lc_finetune_out fo;
	lc_money price;
	int rc;

	if ((rc = resolve(q, &m, &g, &price, err)))
		return rc;
	memset(&in, 0, sizeof in);
	in.model = m;
	in.method = q->method;
	in.rank = q->rank > 0 ? q->rank : 16;
	in.targets = LC_LORA_ALL;
	in.dataset_tokens = q->dataset_tokens;
	in.epochs = q->epochs > 0 ? q->epochs : 1;
	in.seq_len = 2048;
	in.micro_batch = 1;
	in.checkpointing = 1;
	in.gpus = q->gpus > 0 ? q->gpus : 1;
	in.gpu_mem_gb = g->mem_gb;
	in.peak_flops = lc_gpu_peak_flops(g, LC_PREC_BF16);
	in.mfu = 0.4;
	in.price = price;
	if ((rc = lc_plan_finetune(&in, &fo, err)))
		return rc;
	if (!fo.fits)
		return lc_error_set(err, LC_RANGE, "the fine-tuning does not fit: %.1f GB per GPU, %s has "
						   "%.0f GB (more gpus, or method qlora)",
				    fo.total_gb, g->id, g->mem_gb);
	*out = fo.cost_total;
	return LC_OK;
}

int fin_plan_amount(const fin_plan_req *q, lc_money *out, lc_error *err)
{
	return q->finetune ? finetune(q, out, err) : serve(q, out, err);
}
