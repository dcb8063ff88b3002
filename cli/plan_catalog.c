/*
 * plan_catalog.c - `llmcost plan gpus` and `llmcost plan models`: the built-in catalogs with
 * their figures and sources, as a table or JSON.
 */
#include <string.h>

#include "plan.h"

static const struct option longopts[] = {PLAN_COMMON_OPTIONS, {NULL, 0, NULL, 0}};

static void json_kv_num(lc_buf *b, const char *k, double v)
{
	lc_buf_printf(b, "\"%s\": %.10g, ", k, v);
}

static void json_kv_str(lc_buf *b, const char *k, const char *v, int last)
{
	lc_buf_printf(b, "\"%s\": ", k);
	lc_buf_json_str(b, v, strlen(v));
	lc_buf_puts(b, last ? "" : ", ");
}

int plan_gpus(int argc, char **argv)
{
	plan_ctx c = {.cmd = "plan gpus"};
	size_t i, n;
	const lc_gpu *g = lc_gpu_catalog(&n);
	lc_buf b;
	int rc;

	if ((rc = plan_getopt(&c, argc, argv, longopts, NULL, NULL)))
		return rc;
	if (c.help) {
		fputs("usage: llmcost plan gpus [--json]\n\nDense peaks (TFLOP/s), decimal GB and "
		      "TB/s, TDP, default on-demand $/GPU-hour with its date and source.\n", stdout);
		return 0;
	}
	lc_buf_init(&b, 1 << 20);
	if (c.json)
		lc_buf_puts(&b, "[");
	else
		lc_buf_printf(&b, "%-15s %7s %7s %7s %6s %6s %6s %9s  %s\n", "id", "bf16", "fp8",
			      "fp4", "GB", "TB/s", "W", "$/h", "name");
	for (i = 0; i < n; i++) {
		if (!c.json) {
			lc_buf_printf(&b, "%-15s %7.0f %7.0f %7.0f %6.0f %6.3f %6.0f %9s  %s\n",
				      g[i].id, g[i].tflops_bf16, g[i].tflops_fp8, g[i].tflops_fp4,
				      g[i].mem_gb, g[i].bw_tbs, g[i].tdp_w, g[i].price_usd_hour,
				      g[i].name);
			continue;
		}
		lc_buf_puts(&b, i ? ",\n {" : "{");
		json_kv_str(&b, "id", g[i].id, 0);
		json_kv_str(&b, "name", g[i].name, 0);
		json_kv_str(&b, "aliases", g[i].aliases, 0);
		json_kv_num(&b, "tflops_bf16", g[i].tflops_bf16);
		json_kv_num(&b, "tflops_fp8", g[i].tflops_fp8);
		json_kv_num(&b, "tflops_int8", g[i].tflops_int8);
		json_kv_num(&b, "tflops_fp4", g[i].tflops_fp4);
		json_kv_num(&b, "tflops_bf16_sparse", g[i].tflops_bf16_sparse);
		json_kv_num(&b, "tflops_fp8_sparse", g[i].tflops_fp8_sparse);
		json_kv_num(&b, "memory_gb", g[i].mem_gb);
		json_kv_num(&b, "bandwidth_tbs", g[i].bw_tbs);
		json_kv_num(&b, "tdp_w", g[i].tdp_w);
		json_kv_str(&b, "price_per_gpu_hour", g[i].price_usd_hour, 0);
		json_kv_str(&b, "currency", "USD", 0);
		json_kv_str(&b, "price_date", g[i].price_date, 0);
		json_kv_str(&b, "price_source", g[i].price_source, 0);
		json_kv_str(&b, "source", g[i].source, 1);
		lc_buf_puts(&b, "}");
	}
	if (c.json)
		lc_buf_puts(&b, "]\n");
	else
		lc_buf_puts(&b, "\nTFLOP/s are dense (sparse headline / 2); GB and TB/s decimal. "
				"Sources: llmcost plan gpus --json.\n");
	fputs(b.data, stdout);
	lc_buf_free(&b);
	return 0;
}

int plan_models(int argc, char **argv)
{
	plan_ctx c = {.cmd = "plan models"};
	size_t i, n;
	const lc_model *m;
	lc_buf b;
	int rc;

	if ((rc = plan_getopt(&c, argc, argv, longopts, NULL, NULL)))
		return rc;
	if (c.help) {
		fputs("usage: llmcost plan models [--json] [--model-config FILE]\n\nShapes and "
		      "parameter counts (total and active) of the built-in models, or of a Hugging "
		      "Face config.json.\n", stdout);
		return 0;
	}
	if ((rc = plan_resolve_model(&c, 0)))
		return rc;
	m = c.model ? c.model : lc_model_catalog(&n);
	if (c.model)
		n = 1;
	lc_buf_init(&b, 1 << 20);
	if (c.json)
		lc_buf_puts(&b, "[");
	else
		lc_buf_printf(&b, "%-15s %6s %6s %5s %4s %5s %7s %8s %9s %9s\n", "id", "layers",
			      "hidden", "heads", "kv", "hdim", "vocab", "experts", "params",
			      "active");
	for (i = 0; i < n; i++) {
		if (!c.json) {
			char ex[16] = "-";
			if (m[i].experts)
				snprintf(ex, sizeof ex, "%d/%d", m[i].experts_active, m[i].experts);
			lc_buf_printf(&b, "%-15s %6d %6d %5d %4d %5d %7d %8s %8.1fB %8.1fB\n",
				      m[i].id, m[i].layers, m[i].hidden, m[i].heads, m[i].kv_heads,
				      m[i].head_dim, m[i].vocab, ex, m[i].params_total / 1e9,
				      m[i].params_active / 1e9);
			continue;
		}
		lc_buf_puts(&b, i ? ",\n {" : "{");
		json_kv_str(&b, "id", m[i].id, 0);
		json_kv_str(&b, "name", m[i].name, 0);
		json_kv_str(&b, "aliases", m[i].aliases, 0);
		json_kv_num(&b, "layers", m[i].layers);
		json_kv_num(&b, "hidden", m[i].hidden);
		json_kv_num(&b, "heads", m[i].heads);
		json_kv_num(&b, "kv_heads", m[i].kv_heads);
		json_kv_num(&b, "head_dim", m[i].head_dim);
		json_kv_num(&b, "vocab", m[i].vocab);
		json_kv_num(&b, "intermediate", m[i].intermediate);
		json_kv_num(&b, "experts", m[i].experts);
		json_kv_num(&b, "experts_active", m[i].experts_active);
		json_kv_num(&b, "params_total", m[i].params_total);
		json_kv_num(&b, "params_active", m[i].params_active);
		json_kv_num(&b, "kv_bytes_per_token_fp16", lc_model_kv_bytes_per_token(&m[i], 2));
		json_kv_str(&b, "source", m[i].source, 1);
		lc_buf_puts(&b, "}");
	}
	if (c.json)
		lc_buf_puts(&b, "]\n");
	fputs(b.data, stdout);
	lc_buf_free(&b);
	return 0;
}
