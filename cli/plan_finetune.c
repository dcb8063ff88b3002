/*
 * plan_finetune.c - `llmcost plan finetune`: full, LoRA or QLoRA fine-tuning of a model:
 * trainable parameters, memory per GPU by part, whether it fits, and time and cost per epoch.
 */
#include <string.h>

#include "plan.h"

enum { O_METHOD = 256, O_RANK, O_TARGETS, O_DATASET, O_EPOCHS, O_SEQ, O_MB, O_NOCKPT, O_GPUS,
	O_ZERO, O_MFU };

static const struct option longopts[] = {
	PLAN_COMMON_OPTIONS,
	{"method", required_argument, NULL, O_METHOD},
	{"rank", required_argument, NULL, O_RANK},
	{"targets", required_argument, NULL, O_TARGETS},
	{"dataset-tokens", required_argument, NULL, O_DATASET},
	{"epochs", required_argument, NULL, O_EPOCHS},
	{"seq-len", required_argument, NULL, O_SEQ},
	{"micro-batch", required_argument, NULL, O_MB},
	{"no-checkpointing", no_argument, NULL, O_NOCKPT},
	{"gpus", required_argument, NULL, O_GPUS},
	{"zero", required_argument, NULL, O_ZERO},
	{"mfu", required_argument, NULL, O_MFU},
	{NULL, 0, NULL, 0},
};

static const char usage_text[] =
	"usage: llmcost plan finetune (--model ID | --model-config FILE) --dataset-tokens T\n"
	"                             [--method full|lora|qlora] [--rank R] [--targets LIST]\n"
	"                             [--epochs E] [--seq-len S] [--micro-batch B]\n"
	"                             [--no-checkpointing] [--gpu ID] [--gpus N] [--zero 0-3]\n"
	"                             [--mfu F] [--price P] [--json] [--explain]\n"
	"\n"
	"  --method        full, lora or qlora (default lora)\n"
	"  --rank R        LoRA rank (default 16)\n"
	"  --targets LIST  matrices with adapters: all (default), qv, qkvo, or a comma list of\n"
	"                  q,k,v,o,mlp\n"
	"  --dataset-tokens T  tokens per epoch (50M); --epochs E (default 1)\n"
	"  --seq-len S     tokens per sequence (default 2048); --micro-batch B (default 1)\n"
	"  --no-checkpointing  keep all activations (default: activation checkpointing on)\n"
	"  --gpus N        GPUs (default 1); --zero 0-3 shards full fine-tuning state (default 0)\n"
	"  --mfu F         utilization of the dense bf16 peak (default 0.4)\n";

static int parse_targets(const char *s, int *out)
{
	char part[16];
	const char *p = s;
	int bits = 0;

	if (strcmp(s, "all") == 0)
		return *out = LC_LORA_ALL, 0;
	if (strcmp(s, "qv") == 0)
		return *out = LC_LORA_Q | LC_LORA_V, 0;
	if (strcmp(s, "qkvo") == 0)
		return *out = LC_LORA_Q | LC_LORA_K | LC_LORA_V | LC_LORA_O, 0;
	while (*p) {
		size_t n = strcspn(p, ",");
		if (n == 0 || n >= sizeof part)
			return -1;
		memcpy(part, p, n);
		part[n] = '\0';
		if (strcmp(part, "q") == 0) bits |= LC_LORA_Q;
		else if (strcmp(part, "k") == 0) bits |= LC_LORA_K;
		else if (strcmp(part, "v") == 0) bits |= LC_LORA_V;
		else if (strcmp(part, "o") == 0) bits |= LC_LORA_O;
		else if (strcmp(part, "mlp") == 0) bits |= LC_LORA_MLP;
		else return -1;
		p += n;
		if (*p == ',')
			p++;
	}
	if (!bits)
		return -1;
	*out = bits;
	return 0;
}

static int handle(plan_ctx *c, int opt, const char *arg, void *data)
{
	lc_finetune_in *in = data;
	switch (opt) {
	case O_METHOD:
		if (strcmp(arg, "full") == 0) in->method = LC_FT_FULL;
		else if (strcmp(arg, "lora") == 0) in->method = LC_FT_LORA;
		else if (strcmp(arg, "qlora") == 0) in->method = LC_FT_QLORA;
		else return cli_usage(c->cmd, "--method: '%s' is not full, lora or qlora", arg);
		return 0;
	case O_RANK: return plan_arg_int(c, "--rank", arg, 1, 65536, &in->rank);
	case O_TARGETS:
		if (parse_targets(arg, &in->targets))
			return cli_usage(c->cmd, "--targets: '%s' is not all, qv, qkvo or a list of "
					 "q,k,v,o,mlp", arg);
		return 0;
	case O_DATASET:
		return plan_arg_count(c, "--dataset-tokens", arg, 0, 1e18, &in->dataset_tokens);
	case O_EPOCHS: return plan_arg_count(c, "--epochs", arg, 0, 10000, &in->epochs);
	case O_SEQ: return plan_arg_int(c, "--seq-len", arg, 1, 10000000, &in->seq_len);
	case O_MB: return plan_arg_int(c, "--micro-batch", arg, 1, 1000000, &in->micro_batch);
	case O_NOCKPT: in->checkpointing = 0; return 0;
	case O_GPUS: return plan_arg_int(c, "--gpus", arg, 1, 10000000, &in->gpus);
	case O_ZERO: return plan_arg_int(c, "--zero", arg, 0, 3, &in->zero_stage);
	case O_MFU: return plan_arg_frac(c, "--mfu", arg, 0, &in->mfu);
	default: return cli_usage(c->cmd, "unknown option");
	}
}

static const char *const explain_lines[] = {
	"trainable: full N; LoRA/QLoRA layers x sum over targets of r x (d_in + d_out)",
	"weights: full 2N (/GPUs at ZeRO-3); LoRA 2N + 2N_lora; QLoRA 0.516N (NF4 + double",
	"  quantization, 4.13 bits) + 2N_lora",
	"gradients: full 2N (/GPUs at ZeRO>=2); LoRA 2N_lora; QLoRA 4N_lora",
	"optimizer (Adam, fp32 master + m + v): 12 bytes per trainable parameter (/GPUs at ZeRO>=1)",
	"activations: 34 s b h per layer without checkpointing (FlashAttention, Korthikanti 2022);",
	"  with checkpointing 2 s b h per layer + one layer's 34 s b h; plus fp32 logits 4 s b V",
	"FLOPs per token: full 6N, LoRA/QLoRA 4N (no weight gradients for frozen weights); +2N",
	"  with checkpointing; N = active parameters",
	"GPU-hours per epoch = FLOPs per token x dataset tokens / (MFU x dense bf16 peak) / 3600",
	"cost = GPU-hours (rounded to 1e-6 h) x $/GPU-hour, exact decimal",
	NULL,
};

int plan_finetune(int argc, char **argv)
{
	plan_ctx c = {.cmd = "plan finetune"};
	lc_finetune_in in = {0};
	lc_finetune_out out;
	lc_error err = {0};
	plan_out o;
	int rc;
	static const char *const methods[] = {"full", "lora", "qlora"};

	in.method = LC_FT_LORA;
	in.rank = 16;
	in.targets = LC_LORA_ALL;
	in.epochs = 1;
	in.seq_len = 2048;
	in.micro_batch = 1;
	in.checkpointing = 1;
	in.gpus = 1;
	in.mfu = 0.4;
	if ((rc = plan_getopt(&c, argc, argv, longopts, handle, &in)))
		return rc;
	if (c.help) {
		fputs(usage_text, stdout);
		return 0;
	}
	if ((rc = plan_resolve_gpu(&c)) || (rc = plan_resolve_model(&c, 1)))
		return rc;
	if (!(in.dataset_tokens > 0))
		return cli_usage(c.cmd, "--dataset-tokens T is required");
	in.model = c.model;
	in.gpu_mem_gb = c.gpu->mem_gb;
	in.peak_flops = lc_gpu_peak_flops(c.gpu, LC_PREC_BF16);
	in.price = c.price;
	if ((rc = lc_plan_finetune(&in, &out, &err)))
		return plan_fail(&c, rc, &err);

	plan_out_begin(&o, &c);
	plan_out_str(&o, "model", "model", c.model->id);
	plan_out_str(&o, "method", "method", methods[in.method]);
	plan_out_str(&o, "gpu", "GPU", c.gpu->id);
	plan_out_int(&o, "gpus", "GPUs", in.gpus, "");
	plan_out_num(&o, "params", "parameters", "%.4g", c.model->params_total, "");
	plan_out_num(&o, "trainable_params", "trainable parameters", "%.6g", out.trainable_params, "");
	if (in.method != LC_FT_FULL)
		plan_out_num(&o, "adapter_mb", "adapter checkpoint (16-bit)", "%.1f", out.adapter_mb,
			     "MB");
	plan_out_obj(&o, "memory_per_gpu", "memory per GPU");
	plan_out_num(&o, "weights_gb", "weights", "%.2f", out.weights_gb, "GB");
	plan_out_num(&o, "gradients_gb", "gradients", "%.2f", out.grads_gb, "GB");
	plan_out_num(&o, "optimizer_gb", "optimizer state", "%.2f", out.optimizer_gb, "GB");
	plan_out_num(&o, "activations_gb", "activations", "%.2f", out.activations_gb, "GB");
	plan_out_num(&o, "total_gb", "total", "%.2f", out.total_gb, "GB");
	plan_out_obj_end(&o);
	plan_out_num(&o, "gpu_memory_gb", "GPU memory", "%.0f", c.gpu->mem_gb, "GB");
	plan_out_bool(&o, "fits", "fits", out.fits);
	plan_out_num(&o, "flops_per_epoch", "FLOPs per epoch", "%.4g", out.flops_per_epoch, "");
	plan_out_num(&o, "gpu_hours_per_epoch", "GPU-hours per epoch", "%.6g",
		     out.gpu_hours_per_epoch, "");
	plan_out_num(&o, "hours_per_epoch", "wall-clock per epoch", "%.2f", out.hours_per_epoch,
		     "hours");
	plan_out_money(&o, "price_per_gpu_hour", "price per GPU-hour", c.price, 4);
	plan_out_money(&o, "cost_per_epoch", "cost per epoch", out.cost_per_epoch, 2);
	plan_out_num(&o, "epochs", "epochs", "%g", in.epochs, "");
	plan_out_money(&o, "cost", "cost (all epochs)", out.cost_total, 2);
	plan_out_explain(&o, &c, explain_lines);
	plan_out_end(&o);
	return 0;
}
