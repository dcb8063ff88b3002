/*
 * test_catalog.c - the hardware and model catalogs and the config.json reader: dense
 * peaks, decimal units, aliases, parameter counts against published figures, KV cache bytes
 * (ECONOMICS.md case 11) and bad input.
 */
#include <stdio.h>

#include "src/plan/tests/plan_test.h"

TEST(plan_gpu_peaks_are_dense)
{
	size_t i, n;
	const lc_gpu *g = lc_gpu_catalog(&n);
	CHECK(n >= 11);
	for (i = 0; i < n; i++) {
		lc_money p;
		/* The sparse headline is twice the dense figure we compute with (2% slack: the
		 * L40S datasheet itself says 362.05 dense and 733 sparse). */
		if (g[i].tflops_bf16_sparse > 0)
			CHECK_NEAR(g[i].tflops_bf16_sparse, 2 * g[i].tflops_bf16, 0.02);
		if (g[i].tflops_fp8_sparse > 0)
			CHECK_NEAR(g[i].tflops_fp8_sparse, 2 * g[i].tflops_fp8, 0.02);
		CHECK(g[i].mem_gb > 0 && g[i].bw_tbs > 0 && g[i].tdp_w > 0 && g[i].source[0]);
		CHECK_INT(lc_money_parse(g[i].price_usd_hour, (size_t)-1, &p), 0);
		CHECK(p.atto > 0 && g[i].price_date[0] && g[i].price_source[0]);
	}
	g = lc_gpu_find("H100");
	CHECK(g && strcmp(g->id, "h100-sxm") == 0);
	CHECK_NEAR(lc_gpu_peak_flops(g, LC_PREC_BF16), 989e12, 1e-12);
	CHECK_NEAR(lc_gpu_peak_flops(g, LC_PREC_FP8), 1979e12, 1e-12);
	CHECK(lc_gpu_peak_flops(lc_gpu_find("a100-sxm-80gb"), LC_PREC_FP8) == 0);
	CHECK(lc_gpu_peak_flops(lc_gpu_find("b200"), LC_PREC_FP4) == 9000e12);
}

TEST(plan_gpu_units_are_decimal)
{
	const lc_gpu *g = lc_gpu_find("a100-sxm-40gb");
	/* 40 GB is 40e9 bytes, 1.555 TB/s is 1.555e12 B/s: never 1024-based. */
	CHECK(g && g->mem_gb == 40 && g->bw_tbs == 1.555);
	CHECK(lc_gpu_find("h200")->mem_gb == 141);
	CHECK(lc_gpu_find("B200")->mem_gb == 180);
}

TEST(plan_gpu_ids_and_aliases)
{
	static const char *const ids[] = {"a100-sxm-40gb", "a100-sxm-80gb", "a100-pcie-80gb",
		"h100-sxm", "h100-pcie", "h200", "l4", "l40s", "a10g", "mi300x", "b200"};
	size_t i;
	for (i = 0; i < sizeof ids / sizeof ids[0]; i++)
		CHECK(lc_gpu_find(ids[i]) != NULL);
	CHECK(lc_gpu_find("MI300X") == lc_gpu_find("amd-mi300x"));
	CHECK(lc_gpu_find("h100-sx") == NULL);
	CHECK(lc_gpu_find("") == NULL);
}

TEST(plan_precisions)
{
	lc_precision p;
	CHECK_INT(lc_precision_parse("FP8", &p), 0);
	CHECK(p == LC_PREC_FP8 && lc_precision_bytes(p) == 1);
	CHECK_INT(lc_precision_parse("int4", &p), 0);
	CHECK(lc_precision_bytes(p) == 0.5);
	CHECK_INT(lc_precision_parse("fp12", &p), LC_NOTFOUND);
}

TEST(plan_model_ids_and_aliases)
{
	static const char *const ids[] = {"llama-2-7b", "llama-2-70b", "llama-3.1-8b",
		"llama-3.1-70b", "llama-3.1-405b", "mistral-7b", "mixtral-8x7b", "qwen2.5-72b",
		"deepseek-v3", "gpt-3-175b", "llama-2-13b", "qwen2.5-7b", "qwen2.5-14b", "qwen2.5-32b"};
	size_t i;
	for (i = 0; i < sizeof ids / sizeof ids[0]; i++)
		CHECK(lc_model_find(ids[i]) != NULL);
	CHECK(lc_model_find("Meta-Llama/Llama-2-7b-HF") == lc_model_find("llama-2-7b"));
	CHECK(lc_model_find("llama-3.3-70b") == lc_model_find("llama-3.1-70b"));
	CHECK(lc_model_find("llama-5") == NULL);
}

/* The shapes agree with the published parameter counts (so FLOPs and bytes are coherent). */
TEST(plan_model_shapes_match_published_counts)
{
	size_t i, n;
	const lc_model *c = lc_model_catalog(&n);
	for (i = 0; i < n; i++) {
		lc_model m = c[i];
		lc_model_count_params(&m);
		if (fabs(m.params_total - c[i].params_total) > 0.012 * c[i].params_total)
			lc_test_fail(__FILE__, __LINE__, "%s: computed %.4g, published %.4g",
				     c[i].id, m.params_total, c[i].params_total);
		if (fabs(m.params_active - c[i].params_active) > 0.02 * c[i].params_active)
			lc_test_fail(__FILE__, __LINE__, "%s: active computed %.4g, published %.4g",
				     c[i].id, m.params_active, c[i].params_active);
		CHECK(!lc_test_failed());
	}
}

TEST(plan_moe_active_params)
{
	const lc_model *m = lc_model_find("mixtral-8x7b");
	CHECK_NEAR(m->params_total, 46.7e9, 0.001);
	CHECK_NEAR(m->params_active, 12.9e9, 0.001);
	CHECK(m->params_expert > 0.9 * m->params_total);
	m = lc_model_find("deepseek-v3");
	CHECK_NEAR(m->params_active / m->params_total, 37.0 / 671, 1e-9);
}

/* ECONOMICS.md case 11 (fp16 KV cache) and the GQA-blind negative. */
TEST(plan_kv_cache_bytes)
{
	const lc_model *l70 = lc_model_find("llama-2-70b"), *l7 = lc_model_find("llama-2-7b");
	CHECK(lc_model_kv_bytes_per_token(l70, 2) == 327680);
	CHECK(lc_model_kv_bytes_per_token(l70, 2) * 4096 == 1342177280.0);
	CHECK(lc_model_kv_bytes_per_token(l7, 2) == 524288);
	CHECK(lc_model_kv_bytes_per_token(l7, 2) * 2048 == 1073741824.0);
	CHECK(lc_model_kv_bytes_per_token(lc_model_find("llama-3.1-8b"), 2) == 131072);
	CHECK(lc_model_kv_bytes_per_token(lc_model_find("llama-3.1-405b"), 2) == 516096);
	/* insidellms.com's "~65 KB per token" for Llama 2 70B is 5x too small */
	CHECK(lc_model_kv_bytes_per_token(l70, 2) > 4 * 65000);
	/* MLA caches a 576-wide latent per layer */
	CHECK(lc_model_kv_bytes_per_token(lc_model_find("deepseek-v3"), 2) == 61 * 576 * 2);
}

TEST(plan_config_llama_matches_catalog)
{
	lc_model m;
	lc_error err = {0};
	CHECK_INT(plan_load_config("llama-2-7b.json", &m, &err), 0);
	CHECK_INT(m.layers, 32);
	CHECK_INT(m.kv_heads, 32);
	CHECK_INT(m.head_dim, 128);
	CHECK(m.gated_mlp && !m.tied_embeddings);
	CHECK_INT((long long)m.params_total, 6738415616LL); /* the HF count of Llama-2-7b */
	CHECK_STR(m.name, "meta-llama/Llama-2-7b-hf");
}

TEST(plan_config_moe_and_mla)
{
	lc_model m;
	lc_error err = {0};
	CHECK_INT(plan_load_config("mixtral-8x7b.json", &m, &err), 0);
	CHECK_NEAR(m.params_total, 46.7e9, 0.002);
	CHECK_NEAR(m.params_active, 12.9e9, 0.005);
	CHECK_INT(plan_load_config("deepseek-v3.json", &m, &err), 0);
	CHECK_NEAR(m.params_total, 671e9, 0.005);
	CHECK_NEAR(m.params_active, 37e9, 0.02);
	CHECK_INT(m.kv_latent, 576);
	CHECK_INT(plan_load_config("test-13b.json", &m, &err), 0);
	CHECK(!m.gated_mlp && m.tied_embeddings);
	CHECK_NEAR(m.params_total, 12.84e9, 0.002); /* ECONOMICS.md: 12.84B params */
}

TEST(plan_config_errors)
{
	lc_model m;
	lc_error err = {0};
	CHECK_INT(plan_load_config("bad-comma.json", &m, &err), LC_PARSE);
	CHECK(strncmp(err.msg, "bad-comma.json:5:", 17) == 0);
	CHECK_INT(plan_load_config("missing-heads.json", &m, &err), LC_PARSE);
	CHECK_STR(err.msg, "missing-heads.json: missing field 'num_attention_heads'");
	CHECK_INT(lc_model_from_hf_config("[1]", 3, "x.json", &m, &err), LC_PARSE);
	CHECK_INT(lc_model_from_hf_config("{\"num_hidden_layers\": 1", 23, "x.json", &m, &err),
		  LC_PARSE);
	CHECK_STR(err.msg, "x.json:1:24: invalid JSON: unexpected end of input");
	CHECK_INT(lc_model_from_hf_config("{} x", 4, "x.json", &m, &err), LC_PARSE);
	CHECK_STR(err.msg, "x.json:1:4: invalid JSON: text after the object");
	{
		static const char neg[] = "{\"num_hidden_layers\": -3, \"hidden_size\": 64, "
					  "\"num_attention_heads\": 4, \"vocab_size\": 10, "
					  "\"intermediate_size\": 8}";
		static const char str[] = "{\"num_hidden_layers\": \"32\"}";
		static const char gqa[] = "{\"num_hidden_layers\": 2, \"hidden_size\": 64, "
					  "\"num_attention_heads\": 6, \"num_key_value_heads\": 4, "
					  "\"vocab_size\": 10, \"intermediate_size\": 8}";
		CHECK_INT(lc_model_from_hf_config(neg, sizeof neg - 1, "x.json", &m, &err), LC_RANGE);
		CHECK_STR(err.msg, "x.json: field 'num_hidden_layers' is -3, expected 1..10000");
		CHECK_INT(lc_model_from_hf_config(str, sizeof str - 1, "x.json", &m, &err), LC_PARSE);
		CHECK_STR(err.msg, "x.json: field 'num_hidden_layers' must be an integer");
		CHECK_INT(lc_model_from_hf_config(gqa, sizeof gqa - 1, "x.json", &m, &err), LC_RANGE);
	}
}

TEST(plan_config_size_cap)
{
	lc_model m;
	lc_error err = {0};
	size_t n = (1u << 20) + 1;
	char *big = malloc(n);
	CHECK(big);
	memset(big, ' ', n);
	big[0] = '{';
	CHECK_INT(lc_model_from_hf_config(big, n, "big.json", &m, &err), LC_LIMIT);
	free(big);
}
