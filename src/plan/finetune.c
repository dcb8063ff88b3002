/*
 * finetune.c - full fine-tuning, LoRA and QLoRA: trainable parameters, memory per GPU and
 * time and cost per epoch.
 *
 * Memory (bytes, N parameters, N_l LoRA parameters):
 *   full   weights 2N, gradients 2N, Adam state 12N, each divided by the GPUs at ZeRO stage
 *          >= 3, >= 2, >= 1 respectively (ZeRO paper)
 *   lora   frozen 16-bit weights 2N + adapters 2N_l, gradients 2N_l, Adam 12N_l (Hu et al.)
 *   qlora  NF4 weights with double quantization 0.516N (4.13 bits) + adapters 2N_l,
 *          gradients 4N_l (fp32), Adam 12N_l (Dettmers et al.)
 *   activations  per micro-batch of b sequences of s tokens: 34·s·b·h per layer without
 *          checkpointing (Korthikanti et al. 2022, FlashAttention: no s^2 term); with
 *          checkpointing only the 16-bit layer inputs 2·s·b·h per layer plus one layer's
 *          34·s·b·h; plus fp32 logits 4·s·b·V
 *
 * FLOPs per trained token: full 6N; LoRA/QLoRA 4N (forward 2N + activation gradients 2N; the
 * frozen weights need no weight gradients); +2N with checkpointing (a second forward).
 * N is the active parameter count for MoE models.
 */
#include <math.h>

#include "llmcost/plan.h"
#include "plan/plan_int.h"

#define NF4_DQ_BYTES 0.516 /* bytes per parameter: 4-bit NF4 + double-quantized constants */

double lc_plan_lora_params(const lc_model *m, int rank, int targets)
{
	double h = m->hidden, q = (double)m->heads * m->head_dim;
	double kv = (double)m->kv_heads * m->head_dim, r = rank, per_layer = 0, mlp = 0;
	double mats = m->gated_mlp ? 3 : 2;
	int moe_layers = m->experts > 0 ? m->layers - m->dense_layers : 0;

	if (targets & LC_LORA_Q)
		per_layer += r * (h + q);
	if (targets & LC_LORA_K)
		per_layer += r * (h + kv);
	if (targets & LC_LORA_V)
		per_layer += r * (h + kv);
	if (targets & LC_LORA_O)
		per_layer += r * (q + h);
	if (targets & LC_LORA_MLP) {
		mlp = (double)(m->layers - moe_layers) * mats * r * (h + m->intermediate);
		mlp += (double)moe_layers * (m->experts + m->shared_experts) * mats * r *
		       (h + m->moe_intermediate);
	}
	return per_layer * m->layers + mlp;
}

static double activation_bytes(const lc_model *m, int seq, int mb, int checkpointing)
{
	double sbh = (double)seq * mb * m->hidden;
	double logits = 4.0 * seq * mb * m->vocab;
	if (checkpointing)
		return 2 * sbh * m->layers + 34 * sbh + logits;
	return 34 * sbh * m->layers + logits;
}

int lc_plan_finetune(const lc_finetune_in *in, lc_finetune_out *out, lc_error *err)
{
	const lc_model *m = in->model;
	double n, nl, per_token, d;
	int z = in->zero_stage;

	*out = (lc_finetune_out){0};
	if (in->gpus < 1 || in->gpus > LC_PLAN_MAX_GPUS)
		return lc_error_set(err, LC_RANGE, "GPU count %d out of range", in->gpus);
	if (in->method != LC_FT_FULL && (in->rank < 1 || in->rank > 65536))
		return lc_error_set(err, LC_RANGE, "LoRA rank %d out of range 1..65536", in->rank);
	if (in->method != LC_FT_FULL && !(in->targets & LC_LORA_ALL))
		return lc_error_set(err, LC_INVAL, "no LoRA target matrices");
	if (z < 0 || z > 3)
		return lc_error_set(err, LC_RANGE, "ZeRO stage %d out of range 0..3", z);
	if (in->seq_len < 1 || in->seq_len > LC_PLAN_MAX_CTX || in->micro_batch < 1 ||
	    in->micro_batch > 1000000)
		return lc_error_set(err, LC_RANGE, "sequence length or micro-batch out of range");
	if (!(isfinite(in->dataset_tokens) && in->dataset_tokens > 0 &&
	      in->dataset_tokens <= LC_PLAN_MAX_TOKENS))
		return lc_error_set(err, LC_RANGE, "dataset tokens %g out of range (0, 1e18]",
				    in->dataset_tokens);
	if (!(isfinite(in->epochs) && in->epochs > 0 && in->epochs <= 10000))
		return lc_error_set(err, LC_RANGE, "epochs %g out of range (0, 10000]", in->epochs);
	if (!(isfinite(in->mfu) && in->mfu > 0 && in->mfu <= 1))
		return lc_error_set(err, LC_RANGE, "MFU %g out of range (0, 1]", in->mfu);
	if (!(in->peak_flops > 0) || !(in->gpu_mem_gb > 0))
		return lc_error_set(err, LC_INVAL, "GPU has no peak or memory figure");
	if (in->price.atto < 0)
		return lc_error_set(err, LC_RANGE, "price must not be negative");

	n = m->params_total;
	d = in->gpus;
	switch (in->method) {
	case LC_FT_FULL:
		out->trainable_params = n;
		out->weights_gb = 2 * n / (z >= 3 ? d : 1) / 1e9;
		out->grads_gb = 2 * n / (z >= 2 ? d : 1) / 1e9;
		out->optimizer_gb = 12 * n / (z >= 1 ? d : 1) / 1e9;
		per_token = 6 * m->params_active;
		break;
	case LC_FT_LORA:
	case LC_FT_QLORA:
	default:
		nl = lc_plan_lora_params(m, in->rank, in->targets);
		out->trainable_params = nl;
		out->adapter_mb = 2 * nl / 1e6;
		out->weights_gb = ((in->method == LC_FT_QLORA ? NF4_DQ_BYTES : 2) * n + 2 * nl) / 1e9;
		out->grads_gb = (in->method == LC_FT_QLORA ? 4 : 2) * nl / 1e9;
		out->optimizer_gb = 12 * nl / 1e9;
		per_token = 4 * m->params_active;
		break;
	}
	if (in->checkpointing)
		per_token += 2 * m->params_active;
	out->activations_gb = activation_bytes(m, in->seq_len, in->micro_batch,
					       in->checkpointing) / 1e9;
	out->total_gb = out->weights_gb + out->grads_gb + out->optimizer_gb + out->activations_gb;
	out->fits = out->total_gb <= in->gpu_mem_gb;
	out->flops_per_epoch = per_token * in->dataset_tokens;
	out->gpu_hours_per_epoch = out->flops_per_epoch / (in->mfu * in->peak_flops) / 3600;
	out->hours_per_epoch = out->gpu_hours_per_epoch / d;
	if (lc_plan_price_quantity(in->price, out->gpu_hours_per_epoch, &out->cost_per_epoch) ||
	    lc_plan_price_quantity(in->price, out->gpu_hours_per_epoch * in->epochs,
				   &out->cost_total))
		return lc_error_set(err, LC_RANGE, "cost beyond pricing range");
	return LC_OK;
}
