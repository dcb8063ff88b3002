/*
 * llmcost/plan.h - lifecycle cost estimators: what training, fine-tuning and serving a model
 * costs on given hardware, what a GPU-hour costs on-premises, and at what monthly volume
 * self-hosting beats a pay-per-token API.
 *
 * The formulas and every reference figure come from docs/plan.md (which follows
 * ECONOMICS.md). Physical quantities (FLOPs, bytes, seconds, tokens/s) are doubles; every
 * amount of money is an lc_money. Where a physical estimate meets a price it is converted to a
 * decimal once, at a stated precision (lc_plan_price_quantity), and the money math after that
 * is exact.
 *
 * Units: memory and bandwidth are decimal (1 GB = 1e9 bytes, 1 TB/s = 1e12 bytes/s), as GPU
 * datasheets use them. Peaks are dense FLOP/s; the sparse headline numbers are stored
 * separately and never used for an estimate.
 */
#ifndef LLMCOST_PLAN_H
#define LLMCOST_PLAN_H

#include "llmcost/core.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------ precisions */

typedef enum lc_precision {
	LC_PREC_FP32,
	LC_PREC_BF16,
	LC_PREC_FP16,
	LC_PREC_FP8,
	LC_PREC_INT8,
	LC_PREC_INT4,
	LC_PREC_FP4,
	LC_PREC_COUNT_
} lc_precision;

/* "fp16", "bf16", "fp8", "int8", "int4", "fp4", "fp32" (case-insensitive); LC_NOTFOUND else. */
int lc_precision_parse(const char *s, lc_precision *out);
const char *lc_precision_name(lc_precision p);
/* Bytes per stored element: 4, 2, 2, 1, 1, 0.5, 0.5. */
double lc_precision_bytes(lc_precision p);

/* ------------------------------------------------------------------ hardware catalog */

/* One accelerator. Peaks are dense TFLOP/s (TOPS for int8); 0 = no tensor-core support for
 * that precision. Figures are per GPU; sources are short citations (docs/plan.md). */
typedef struct lc_gpu {
	const char *id;      /* "h100-sxm" */
	const char *aliases; /* space-separated, lowercase: "h100 h100-sxm5-80gb" */
	const char *name;    /* "NVIDIA H100 SXM5 80GB" */
	double tflops_bf16, tflops_fp8, tflops_int8, tflops_fp4;     /* dense */
	double tflops_bf16_sparse, tflops_fp8_sparse;                /* headline, never used */
	double mem_gb;   /* usable memory, decimal GB */
	double bw_tbs;   /* memory bandwidth, decimal TB/s */
	double tdp_w;    /* board power */
	const char *price_usd_hour; /* default on-demand $/GPU-hour (exact decimal) */
	const char *price_date;     /* when that price was observed, "2025-11" */
	const char *price_source;
	const char *source;         /* where the peaks, memory, bandwidth and TDP come from */
} lc_gpu;

/* The built-in catalog, in display order; *n receives the count. Static; never freed. */
const lc_gpu *lc_gpu_catalog(size_t *n);
/* Find by id or alias, case-insensitively; NULL when unknown. */
const lc_gpu *lc_gpu_find(const char *id);
/* Dense peak FLOP/s (not TFLOP/s) used for math in precision p on g, or 0 when g has no
 * tensor-core path for it. 16-bit and weight-only int8/int4 use the bf16 peak; fp8 and fp4
 * use their own (W8A8 / W4A4). */
double lc_gpu_peak_flops(const lc_gpu *g, lc_precision p);
/* Default price as lc_money (parsed from price_usd_hour). */
lc_money lc_gpu_price(const lc_gpu *g);

/* ------------------------------------------------------------------ model architectures */

#define LC_MODEL_ID_MAX 64
#define LC_MODEL_NAME_MAX 96

/*
 * A transformer's shape, enough for FLOPs, weight bytes and KV-cache bytes. For a catalog
 * entry the parameter counts are the published ones; for a config.json they are computed
 * (lc_model_count_params). MoE: experts > 0; params_expert is the total of routed-expert
 * weights (so that a decode step at batch B can count the experts it touches).
 */
typedef struct lc_model {
	char id[LC_MODEL_ID_MAX];
	char name[LC_MODEL_NAME_MAX];
	char aliases[LC_MODEL_NAME_MAX]; /* space-separated, lowercase */
	int layers, hidden, heads, kv_heads, head_dim, vocab;
	int intermediate;     /* dense MLP width */
	int gated_mlp;        /* SwiGLU-style: 3 matrices instead of 2 */
	int experts;          /* routed experts per MoE layer; 0 = dense */
	int experts_active;   /* routed experts per token */
	int shared_experts;   /* always-on experts per MoE layer */
	int moe_intermediate; /* expert MLP width */
	int dense_layers;     /* leading dense layers in an MoE model (DeepSeek first_k_dense) */
	int kv_latent;        /* MLA: cached latent width per layer (kv_lora_rank + rope dim), else 0 */
	int tied_embeddings;
	double attn_params;   /* per layer when not plain GQA (MLA); 0 = from the head counts */
	double params_total;  /* parameter count */
	double params_active; /* per token (MoE), = params_total for dense */
	double params_expert; /* routed-expert parameters, all experts, all layers */
	const char *source;   /* citation for a catalog entry; "config.json" otherwise */
} lc_model;

const lc_model *lc_model_catalog(size_t *n);
/* Find by id or alias, case-insensitively; NULL when unknown. */
const lc_model *lc_model_find(const char *id);
/* Fill params_total, params_active and params_expert from the shape (embeddings, attention
 * (GQA or MLA), dense or gated MLP, routed and shared experts, norms). */
void lc_model_count_params(lc_model *m);
/* KV-cache bytes per token at elem_bytes per element: 2 * layers * kv_heads * head_dim *
 * elem_bytes, or layers * kv_latent * elem_bytes for multi-head latent attention. */
double lc_model_kv_bytes_per_token(const lc_model *m, double elem_bytes);

/*
 * Read a Hugging Face config.json (text, len bytes; at most 1 MiB) into *out with computed
 * parameter counts. name labels messages ("config.json:3:14: ..."). Errors: LC_PARSE for
 * invalid JSON (with line:column) or a missing or mistyped field (named), LC_RANGE for zero,
 * negative or absurd values, LC_LIMIT for input over 1 MiB. A multimodal config whose
 * language model sits in "text_config" is read from there.
 */
int lc_model_from_hf_config(const char *text, size_t len, const char *name, lc_model *out,
			    lc_error *err);

/* ------------------------------------------------------------------ money from quantities */

/*
 * unit_price x quantity where quantity is a physical estimate (GPU-hours, kWh): quantity is
 * rounded half-even to 10^-6 units once (a micro-GPU-hour is 3.6 ms), then multiplied exactly.
 * LC_RANGE when quantity is negative, not finite or above 9e12.
 */
int lc_plan_price_quantity(lc_money unit_price, double quantity, lc_money *out);
/* unit_price x hours / (3600 x tokens_per_s) x 1e6: dollars per million tokens from a price per
 * hour (all GPUs of a replica together) and a throughput. tokens_per_s is rounded to 10^-6. */
int lc_plan_usd_per_mtok(lc_money price_per_hour, double tokens_per_s, lc_money *out);

/* ------------------------------------------------------------------ training */

typedef struct lc_train_in {
	double params;     /* N; > 0 unless flops given */
	double tokens;     /* D */
	double flops;      /* C; when > 0 used instead of 6ND */
	int recompute;     /* full activation recomputation: 8ND hardware FLOPs */
	int gpus;          /* n */
	double peak_flops; /* dense peak per GPU, FLOP/s */
	double mfu;        /* utilization of peak (0,1]; ignored when achieved_flops > 0 */
	double achieved_flops; /* achieved FLOP/s per GPU (Megatron's "TFLOP/s per GPU") */
	double goodput;    /* fraction of wall-clock doing useful work (0,1] */
	double power_w;    /* average power per GPU */
	double pue;        /* facility overhead >= 1 */
	int dp;            /* data-parallel degree for ZeRO memory; 0 = gpus */
	lc_money price;    /* per GPU-hour */
} lc_train_in;

typedef struct lc_train_out {
	double flops;          /* hardware FLOPs executed */
	double model_flops;    /* 6ND */
	double achieved_flops; /* FLOP/s per GPU */
	double mfu;            /* model FLOPs / (GPU-seconds x peak) */
	double gpu_hours;
	double days;           /* wall-clock */
	double energy_kwh;     /* gpu_hours x power x PUE */
	double mem_gb[4];      /* weights+grads+Adam state per GPU, ZeRO stage 0..3 */
	lc_money cost;
} lc_train_out;

/* Validate in and estimate; LC_RANGE/LC_INVAL with a message naming the bad input. */
int lc_plan_train(const lc_train_in *in, lc_train_out *out, lc_error *err);
/* Mixed-precision Adam model state per GPU in bytes (ZeRO paper): stage 0..3, dp ranks. */
double lc_plan_zero_bytes(double params, int stage, int dp);
/* Chinchilla compute-optimal split of a budget: N = sqrt(C/120), D = 20N. */
void lc_plan_chinchilla(double flops, double *params, double *tokens);

/* ------------------------------------------------------------------ fine-tuning */

typedef enum lc_ft_method { LC_FT_FULL, LC_FT_LORA, LC_FT_QLORA } lc_ft_method;

/* Which weight matrices get LoRA adapters (bit set). */
enum {
	LC_LORA_Q = 1, LC_LORA_K = 2, LC_LORA_V = 4, LC_LORA_O = 8,
	LC_LORA_MLP = 16, /* gate/up/down (or fc1/fc2) */
	LC_LORA_ALL = 31
};

typedef struct lc_finetune_in {
	const lc_model *model;
	lc_ft_method method;
	int rank;          /* LoRA r */
	int targets;       /* LC_LORA_* bits */
	double dataset_tokens; /* tokens per epoch */
	double epochs;
	int seq_len, micro_batch;
	int checkpointing; /* activation checkpointing */
	int gpus;
	int zero_stage;    /* full fine-tuning: ZeRO stage 0..3 over gpus */
	double gpu_mem_gb;
	double peak_flops;
	double mfu;
	lc_money price;
} lc_finetune_in;

typedef struct lc_finetune_out {
	double trainable_params;
	double weights_gb, grads_gb, optimizer_gb, activations_gb, total_gb; /* per GPU */
	int fits;
	double flops_per_epoch, gpu_hours_per_epoch, hours_per_epoch;
	lc_money cost_per_epoch, cost_total;
	double adapter_mb; /* LoRA checkpoint size (16-bit) */
} lc_finetune_out;

/* LoRA trainable parameters: layers x sum over targets of r x (d_in + d_out). */
double lc_plan_lora_params(const lc_model *m, int rank, int targets);
int lc_plan_finetune(const lc_finetune_in *in, lc_finetune_out *out, lc_error *err);

/* ------------------------------------------------------------------ serving */

typedef struct lc_serve_in {
	const lc_model *model;
	const lc_gpu *gpu;
	int tp;                  /* tensor-parallel GPUs per replica */
	lc_precision precision;  /* weights (and math for fp8/fp4) */
	lc_precision kv_precision;
	int input_tokens, output_tokens;
	int batch;               /* concurrent sequences; 0 with max_throughput */
	int max_throughput;      /* use the largest batch that fits */
	double eff_flops;        /* eta_f in (0,1] */
	double eff_mem;          /* eta_m in (0,1] */
	double mem_util;         /* fraction of GPU memory for weights + KV, (0,1] */
	lc_money price;          /* per GPU-hour */
} lc_serve_in;

typedef struct lc_serve_out {
	double weights_bytes;        /* whole model at the precision */
	double mem_needed_bytes;     /* weights + KV of the batch */
	double mem_avail_bytes;      /* tp x memory x mem_util */
	double kv_bytes_per_token;
	int max_concurrent;          /* sequences whose full KV fits beside the weights */
	int batch;
	double prefill_ms;           /* the batch's prompts */
	double tpot_ms;              /* one decode step at mean context */
	double decode_tokens_per_s;  /* batch / tpot */
	double tokens_per_s;         /* output tokens/s over whole requests (prefill + decode) */
	double roofline_tokens_per_s; /* batch x tp x BW / bytes of one step: the ceiling */
	int compute_bound_decode;    /* 1 when the decode step is FLOP-limited */
	lc_money usd_per_mtok;       /* output tokens */
} lc_serve_out;

/* The documented defaults: tp 1, bf16 weights, fp16 KV cache, 1000 input and 1000 output
 * tokens, batch 1, eta_f 0.7, eta_m 0.9 (kipply's profiled A100 values), 90% of memory.
 * model, gpu and price are left for the caller. */
void lc_plan_serve_defaults(lc_serve_in *in);
/* Estimate; refuses (LC_RANGE, message with the memory needed) when the weights do not fit,
 * and never returns a throughput above the bandwidth roofline (LC_INTERNAL if it would). */
int lc_plan_serve(const lc_serve_in *in, lc_serve_out *out, lc_error *err);
/* The batch-B decode ceiling: B x tp x BW / (weight bytes read per step), tokens/s. */
double lc_plan_decode_roofline(const lc_model *m, const lc_gpu *g, int tp, lc_precision p,
			       int batch);

/* ------------------------------------------------------------------ TCO */

typedef struct lc_tco_in {
	/* cloud */
	lc_money cloud_rate;    /* on-demand $/GPU-hour */
	lc_money discount;      /* fraction 0..1 (committed-use, reserved) */
	lc_money utilization;   /* fraction (0,1] of paid hours doing work */
	/* on-prem */
	lc_money capex_per_gpu; /* purchase incl. share of server and network */
	int amort_years;
	lc_money rate;          /* annual cost of capital; 0 = straight-line */
	double power_w;         /* per GPU */
	lc_money host_share;    /* extra power for host, network, as a fraction of GPU power */
	lc_money pue;
	lc_money usd_per_kwh;
	lc_money opex_per_year; /* per GPU: staff, space, support */
} lc_tco_in;

typedef struct lc_tco_out {
	lc_money cloud_per_hour;   /* effective, per useful GPU-hour */
	lc_money capex_per_hour;
	lc_money power_per_hour;
	lc_money opex_per_hour;
	lc_money onprem_per_hour;
	lc_money energy_per_year;  /* GPU power x PUE x 8760 h x $/kWh (no host share) */
	double crf;                /* capital recovery factor used (0 = straight-line) */
} lc_tco_out;

int lc_plan_tco(const lc_tco_in *in, lc_tco_out *out, lc_error *err);

/* ------------------------------------------------------------------ break-even */

typedef struct lc_breakeven_in {
	lc_money api_in_per_mtok, api_out_per_mtok;
	lc_money input_share;     /* fraction of the token volume that is input, [0,1] */
	lc_money gpu_price;       /* per GPU-hour */
	int gpus_per_replica;
	double tokens_per_s;      /* per replica, all tokens (input + output) it processes */
	double target_util;       /* fraction of capacity usable (0,1] */
	lc_money fixed_per_month; /* operations, independent of volume */
} lc_breakeven_in;

typedef struct lc_breakeven_point {
	double tokens;       /* monthly volume */
	int replicas;        /* needed at that volume */
	lc_money api_cost, self_cost;
} lc_breakeven_point;

typedef struct lc_breakeven_out {
	lc_money api_per_mtok;      /* blended */
	lc_money replica_per_month; /* gpus x price x 730 h */
	double capacity_per_replica; /* tokens/month at target utilization */
	double breakeven_tokens;    /* first monthly volume where self-hosting is cheaper; <0 never */
	int breakeven_replicas;
} lc_breakeven_out;

/* Hours in the average month used for self-hosting cost (8760 / 12). */
#define LC_HOURS_PER_MONTH 730

int lc_plan_breakeven(const lc_breakeven_in *in, lc_breakeven_out *out, lc_error *err);
/* Costs of both options at a monthly volume (replicas stepped to capacity). */
int lc_plan_breakeven_at(const lc_breakeven_in *in, double tokens, lc_breakeven_point *out,
			 lc_error *err);

/*
 * A self-contained HTML page for a break-even result: the assumptions, a chart of both
 * monthly costs over volume up to max_volume (Chart.js embedded at build time, log volume
 * axis, the self-hosted staircase) and the table. title names the comparison ("gpt-4o vs
 * llama-3.1-70b on 2 x h100-sxm"); it is HTML-escaped. Appends to *html.
 */
int lc_plan_breakeven_html(const lc_breakeven_in *in, const lc_breakeven_out *out,
			   double max_volume, const char *title, lc_buf *html, lc_error *err);

#ifdef __cplusplus
}
#endif
#endif
