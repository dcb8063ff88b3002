/*
 * models.c - the catalog of model architectures and the arithmetic on a shape: parameter
 * counts (dense, gated, GQA, MLA, mixture-of-experts) and KV-cache bytes per token.
 *
 * Shapes are those of the models' Hugging Face config.json files; the total and active
 * parameter counts are the published ones (the computed count is within 1% for every
 * entry, which a unit test checks, so the shape and the published figure stay consistent).
 * params_expert, which no model card publishes, is always computed.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "llmcost/plan.h"
#include "plan/plan_int.h"

/* The static description; the catalog proper is built from it once (published counts
 * override computed ones). Fields: id, name, aliases, layers, hidden, heads, kv_heads,
 * head_dim, vocab, intermediate, gated, experts, active, shared, moe_ffn, dense_layers,
 * kv_latent, tied, published total, published active, source. */
#define HF "Hugging Face config.json; "
static const lc_model spec[] = {
	{"llama-2-7b", "Llama 2 7B", "llama2-7b meta-llama/llama-2-7b-hf",
	 32, 4096, 32, 32, 128, 32000, 11008, 1, 0, 0, 0, 0, 0, 0, 0, 0, 6.738e9, 6.738e9, 0,
	 HF "Llama 2 model card (7B)"},
	{"llama-2-13b", "Llama 2 13B", "llama2-13b meta-llama/llama-2-13b-hf",
	 40, 5120, 40, 40, 128, 32000, 13824, 1, 0, 0, 0, 0, 0, 0, 0, 0, 13.016e9, 13.016e9, 0,
	 HF "Llama 2 model card (13B)"},
	{"llama-2-70b", "Llama 2 70B", "llama2-70b meta-llama/llama-2-70b-hf",
	 80, 8192, 64, 8, 128, 32000, 28672, 1, 0, 0, 0, 0, 0, 0, 0, 0, 68.977e9, 68.977e9, 0,
	 HF "Llama 2 model card (70B, GQA)"},
	{"llama-3.1-8b", "Llama 3.1 8B", "llama-3-8b llama3-8b llama3.1-8b meta-llama/llama-3.1-8b",
	 32, 4096, 32, 8, 128, 128256, 14336, 1, 0, 0, 0, 0, 0, 0, 0, 0, 8.030e9, 8.030e9, 0,
	 HF "Llama 3.1 model card"},
	{"llama-3.1-70b", "Llama 3.1 70B",
	 "llama-3-70b llama3-70b llama3.1-70b llama-3.3-70b llama3.3-70b meta-llama/llama-3.1-70b",
	 80, 8192, 64, 8, 128, 128256, 28672, 1, 0, 0, 0, 0, 0, 0, 0, 0, 70.554e9, 70.554e9, 0,
	 HF "Llama 3.1 model card"},
	{"llama-3.1-405b", "Llama 3.1 405B", "llama3.1-405b meta-llama/llama-3.1-405b",
	 126, 16384, 128, 8, 128, 128256, 53248, 1, 0, 0, 0, 0, 0, 0, 0, 0, 405.853e9, 405.853e9, 0,
	 HF "Llama 3.1 model card; Dubey et al. 2024"},
	{"mistral-7b", "Mistral 7B", "mistral-7b-v0.1 mistralai/mistral-7b-v0.1",
	 32, 4096, 32, 8, 128, 32000, 14336, 1, 0, 0, 0, 0, 0, 0, 0, 0, 7.242e9, 7.242e9, 0,
	 HF "Mistral 7B v0.1"},
	{"mixtral-8x7b", "Mixtral 8x7B", "mixtral mistralai/mixtral-8x7b-v0.1",
	 32, 4096, 32, 8, 128, 32000, 14336, 1, 8, 2, 0, 14336, 0, 0, 0, 0, 46.7e9, 12.9e9, 0,
	 HF "Mixtral of Experts (46.7B total, 12.9B active)"},
	{"qwen2.5-7b", "Qwen2.5 7B", "qwen2.5-7b-instruct qwen/qwen2.5-7b",
	 28, 3584, 28, 4, 128, 152064, 18944, 1, 0, 0, 0, 0, 0, 0, 0, 0, 7.61e9, 7.61e9, 0,
	 HF "Qwen2.5 model card (7.61B)"},
	{"qwen2.5-14b", "Qwen2.5 14B", "qwen2.5-14b-instruct qwen/qwen2.5-14b",
	 48, 5120, 40, 8, 128, 152064, 13824, 1, 0, 0, 0, 0, 0, 0, 0, 0, 14.7e9, 14.7e9, 0,
	 HF "Qwen2.5 model card (14.7B)"},
	{"qwen2.5-32b", "Qwen2.5 32B", "qwen2.5-32b-instruct qwen/qwen2.5-32b",
	 64, 5120, 40, 8, 128, 152064, 27648, 1, 0, 0, 0, 0, 0, 0, 0, 0, 32.5e9, 32.5e9, 0,
	 HF "Qwen2.5 model card (32.5B)"},
	{"qwen2.5-72b", "Qwen2.5 72B", "qwen2.5-72b-instruct qwen/qwen2.5-72b",
	 80, 8192, 64, 8, 128, 152064, 29568, 1, 0, 0, 0, 0, 0, 0, 0, 0, 72.7e9, 72.7e9, 0,
	 HF "Qwen2.5 model card (72.7B)"},
	/* MLA: per-layer attention = q_a 7168x1536 + q_b 1536x128x192 + kv_a 7168x576
	 * + kv_b 512x128x256 + o 128x128x7168 (+ two low-rank norms). */
	{"deepseek-v3", "DeepSeek-V3", "deepseek-v3-base deepseek-ai/deepseek-v3",
	 61, 7168, 128, 128, 128, 129280, 18432, 1, 256, 8, 1, 2048, 3, 576, 0,
	 7168.0 * 1536 + 1536.0 * 128 * 192 + 7168.0 * 576 + 512.0 * 128 * 256 +
		 128.0 * 128 * 7168 + 1536 + 512,
	 671e9, 37e9, 0, HF "DeepSeek-V3 technical report (671B total, 37B active)"},
	{"gpt-3-175b", "GPT-3 175B", "gpt3-175b gpt-3 davinci",
	 96, 12288, 96, 96, 128, 50257, 49152, 0, 0, 0, 0, 0, 0, 0, 1, 0, 175e9, 175e9, 0,
	 "Brown et al. 2020, Table 2.1 (96 layers, d_model 12288, 96 heads)"},
};
#undef HF

#define NMODELS (sizeof spec / sizeof spec[0])

static lc_model catalog[NMODELS];
static pthread_once_t catalog_once = PTHREAD_ONCE_INIT;

static void build_catalog(void)
{
	size_t i;
	for (i = 0; i < NMODELS; i++) {
		catalog[i] = spec[i];
		lc_model_count_params(&catalog[i]);
		if (spec[i].params_total > 0)
			catalog[i].params_total = spec[i].params_total;
		if (spec[i].params_active > 0)
			catalog[i].params_active = spec[i].params_active;
	}
}

const lc_model *lc_model_catalog(size_t *n)
{
	pthread_once(&catalog_once, build_catalog);
	*n = NMODELS;
	return catalog;
}

const lc_model *lc_model_find(const char *id)
{
	size_t i, n;
	const lc_model *c = lc_model_catalog(&n);
	if (!id)
		return NULL;
	for (i = 0; i < n; i++)
		if (lc_plan_name_matches(id, c[i].id, c[i].aliases))
			return &c[i];
	return NULL;
}

void lc_model_count_params(lc_model *m)
{
	double h = m->hidden, q = (double)m->heads * m->head_dim;
	double kv = (double)m->kv_heads * m->head_dim;
	double mats = m->gated_mlp ? 3 : 2;
	double attn = m->attn_params > 0 ? m->attn_params : h * q + 2 * h * kv + q * h;
	double dense_mlp = mats * h * m->intermediate;
	double expert = mats * h * m->moe_intermediate;
	int moe_layers = m->experts > 0 ? m->layers - m->dense_layers : 0;
	double embed = (double)m->vocab * h * (m->tied_embeddings ? 1 : 2);
	double total, active;

	total = embed + h; /* final norm */
	total += (double)m->layers * (attn + 2 * h);
	total += (double)(m->layers - moe_layers) * dense_mlp;
	total += (double)moe_layers * (expert * (m->experts + m->shared_experts) + h * m->experts);
	active = total - (double)moe_layers * expert * (m->experts - m->experts_active);
	m->params_total = total;
	m->params_active = active;
	m->params_expert = (double)moe_layers * expert * m->experts;
}

double lc_model_kv_bytes_per_token(const lc_model *m, double elem_bytes)
{
	if (m->kv_latent > 0)
		return (double)m->layers * m->kv_latent * elem_bytes;
	return 2.0 * m->layers * m->kv_heads * m->head_dim * elem_bytes;
}
