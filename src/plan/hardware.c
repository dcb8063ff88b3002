/*
 * hardware.c - the accelerator catalog and numeric precisions.
 *
 * Every figure is a dense peak: NVIDIA and AMD datasheets headline "with sparsity" numbers,
 * which are exactly twice the dense ones and unreachable for LLM math, so the sparse figures
 * are kept in their own fields for display and never feed an estimate. Memory and bandwidth
 * are decimal (GB = 1e9 bytes) as in the datasheets; one public catalog multiplies by 1024^3,
 * which overstates both by 7%. Sources are short citations; docs/plan.md has the table with
 * the disagreements between tools (bandwidths differ by a few percent: the estimators'
 * efficiency factors absorb that, the catalog stores the datasheet value).
 *
 * Default prices are indicative on-demand $/GPU-hour (single-GPU or per-GPU share of an
 * 8-GPU instance), with the month observed; they move fast, so every command takes --price.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "llmcost/plan.h"
#include "plan/plan_int.h"

static const char SRC_NEOCLOUD[] =
	"typical neocloud on-demand range (Lambda, RunPod, CoreWeave), pricegpu.pages.dev and "
	"computespec.pages.dev, early 2026";
static const char SRC_AWS[] = "AWS on-demand us-east-1, 1-GPU instance list price";

static const lc_gpu gpus[] = {
	{"a100-sxm-40gb", "a100-40gb a100-sxm4-40gb a100", "NVIDIA A100 SXM4 40GB",
	 312, 0, 624, 0, 624, 0, 40, 1.555, 400, "1.29", "2026-01", SRC_NEOCLOUD,
	 "llm-analysis a100-sxm-40gb.json; NVIDIA A100 datasheet; 400 W gpu-specs"},
	{"a100-sxm-80gb", "a100-80gb a100-sxm4-80gb", "NVIDIA A100 SXM4 80GB",
	 312, 0, 624, 0, 624, 0, 80, 2.039, 400, "1.79", "2026-01", SRC_NEOCLOUD,
	 "llm-analysis a100-sxm-80gb.json; LLM-Viewer; gpu-specs"},
	{"a100-pcie-80gb", "a100-pcie", "NVIDIA A100 PCIe 80GB",
	 312, 0, 624, 0, 624, 0, 80, 1.935, 300, "1.64", "2026-01", SRC_NEOCLOUD,
	 "gpu-specs (NVIDIA A100 datasheet)"},
	{"h100-sxm", "h100 h100-sxm5 h100-sxm-80gb h100-sxm5-80gb", "NVIDIA H100 SXM5 80GB",
	 989, 1979, 1979, 0, 1979, 3958, 80, 3.35, 700, "2.49", "2026-01", SRC_NEOCLOUD,
	 "llm-analysis h100-sxm-80gb.json (989 TF, 3350 GB/s); NVIDIA datasheet sparse /2; "
	 "Llama model cards (700 W)"},
	{"h100-pcie", "h100-pcie-80gb", "NVIDIA H100 PCIe 80GB",
	 756, 1513, 1513, 0, 1513, 3026, 80, 2.0, 350, "2.29", "2026-01", SRC_NEOCLOUD,
	 "llm-analysis h100-pcie-80gb.json (756 TF, 2000 GB/s); gpu-specs (sparse, 350 W)"},
	{"h200", "h200-sxm h200-sxm-141gb", "NVIDIA H200 SXM 141GB",
	 989, 1979, 1979, 0, 1979, 3958, 141, 4.8, 700, "3.49", "2026-01", SRC_NEOCLOUD,
	 "NVIDIA H200 datasheet (via astroC86/gpu-datasheet); TDP from spec pages"},
	{"l4", "nvidia-l4", "NVIDIA L4 24GB",
	 121, 242, 242, 0, 242, 485, 24, 0.300, 72, "0.8048", "2025-06", SRC_AWS,
	 "gpu-specs (NVIDIA L4 datasheet, sparse /2)"},
	{"l40s", "nvidia-l40s", "NVIDIA L40S 48GB",
	 362, 733, 733, 0, 733, 1466, 48, 0.864, 350, "1.861", "2025-06", SRC_AWS,
	 "gpu-specs (FLOPS, memory); 350 W public TDP table (NVIDIA L40S datasheet)"},
	{"a10g", "a10g-24gb nvidia-a10g", "NVIDIA A10G 24GB (AWS G5)",
	 70, 0, 140, 0, 0, 0, 24, 0.600, 300, "1.006", "2025-06", SRC_AWS,
	 "llm-analysis a10g-pcie-24gb.json (70 TF); Baseten A10 vs A10G (600 GB/s); "
	 "300 W unverified"},
	{"mi300x", "amd-mi300x", "AMD Instinct MI300X 192GB",
	 1307, 2615, 2615, 0, 2615, 5230, 192, 5.3, 750, "2.50", "2026-01", SRC_NEOCLOUD,
	 "GenZ system_configs.py (AMD MI300X datasheet: 1307 TF, 192 GB, 5.3 TB/s); 750 W"},
	{"b200", "b200-180gb hgx-b200", "NVIDIA B200 (HGX, 1000 W)",
	 2250, 4500, 4500, 9000, 4500, 9000, 180, 8.0, 1000, "4.99", "2026-01", SRC_NEOCLOUD,
	 "NVIDIA Blackwell whitepaper via glennklockwood.com; Vultr HGX B200 (180 GB usable, "
	 "8 TB/s, 1000 W); DGX B200 datasheet / 8"},
};

#define NGPUS (sizeof gpus / sizeof gpus[0])

const lc_gpu *lc_gpu_catalog(size_t *n)
{
	*n = NGPUS;
	return gpus;
}

/* 1 when name equals id or one of the space-separated aliases, ignoring case. */
int lc_plan_name_matches(const char *name, const char *id, const char *aliases)
{
	size_t len = strlen(name);
	const char *p = aliases;

	if (strcasecmp(name, id) == 0)
		return 1;
	while (p && *p) {
		const char *end = strchr(p, ' ');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		if (n == len && strncasecmp(p, name, n) == 0)
			return 1;
		p = end ? end + 1 : NULL;
	}
	return 0;
}

const lc_gpu *lc_gpu_find(const char *id)
{
	size_t i;
	if (!id)
		return NULL;
	for (i = 0; i < NGPUS; i++)
		if (lc_plan_name_matches(id, gpus[i].id, gpus[i].aliases))
			return &gpus[i];
	return NULL;
}

double lc_gpu_peak_flops(const lc_gpu *g, lc_precision p)
{
	switch (p) {
	case LC_PREC_FP8: return g->tflops_fp8 * 1e12;
	case LC_PREC_FP4: return g->tflops_fp4 * 1e12;
	case LC_PREC_FP32: /* tensor-core TF32 is not in the catalog: plan with bf16 peak / 2 */
		return g->tflops_bf16 * 0.5e12;
	default: return g->tflops_bf16 * 1e12;
	}
}

lc_money lc_gpu_price(const lc_gpu *g)
{
	lc_money m = lc_money_zero();
	/* The catalog strings are literals checked by a unit test; a parse failure cannot happen. */
	lc_money_parse(g->price_usd_hour, (size_t)-1, &m);
	return m;
}

/* ------------------------------------------------------------------ precisions */

static const struct {
	const char *name;
	double bytes;
} precs[LC_PREC_COUNT_] = {
	[LC_PREC_FP32] = {"fp32", 4},  [LC_PREC_BF16] = {"bf16", 2}, [LC_PREC_FP16] = {"fp16", 2},
	[LC_PREC_FP8] = {"fp8", 1},    [LC_PREC_INT8] = {"int8", 1}, [LC_PREC_INT4] = {"int4", 0.5},
	[LC_PREC_FP4] = {"fp4", 0.5},
};

int lc_precision_parse(const char *s, lc_precision *out)
{
	int i;
	for (i = 0; i < LC_PREC_COUNT_; i++)
		if (s && strcasecmp(s, precs[i].name) == 0) {
			*out = (lc_precision)i;
			return LC_OK;
		}
	return LC_NOTFOUND;
}

const char *lc_precision_name(lc_precision p)
{
	return (unsigned)p < LC_PREC_COUNT_ ? precs[p].name : "?";
}

double lc_precision_bytes(lc_precision p)
{
	return (unsigned)p < LC_PREC_COUNT_ ? precs[p].bytes : 2;
}

/* ------------------------------------------------------------------ money from quantities */

/* Largest quantity converted (GPU-hours, kWh, Mtok): quantity x 1e6 must fit in int64. */
#define QTY_MAX 9e12

int lc_plan_price_quantity(lc_money unit_price, double quantity, lc_money *out)
{
	double micro;
	if (!isfinite(quantity) || quantity < 0 || quantity > QTY_MAX)
		return LC_RANGE;
	micro = nearbyint(quantity * 1e6); /* default rounding mode: half-even */
	return lc_money_mul_ratio(unit_price, (int64_t)micro, 1000000, out);
}

int lc_plan_usd_per_mtok(lc_money price_per_hour, double tokens_per_s, lc_money *out)
{
	double micro;
	/* $/h / (3600 s/h x tok/s) x 1e6 tok/Mtok = $/h x 1e12 / (3600 x micro-tok/s) */
	if (!isfinite(tokens_per_s) || tokens_per_s <= 0 || tokens_per_s > 1e9)
		return LC_RANGE;
	micro = nearbyint(tokens_per_s * 1e6);
	if (micro < 1)
		return LC_RANGE;
	return lc_money_mul_ratio(price_per_hour, 1000000000000LL, 3600 * (int64_t)micro, out);
}
