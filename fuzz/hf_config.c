/*
 * hf_config.c - fuzz target for the Hugging Face config.json reader (src/plan/hf_config.c):
 * any bytes must give either a model whose counts are finite and positive, or an error with
 * a message; and every accepted model must go through the serving estimate without tripping
 * the roofline guard.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "llmcost.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	lc_model m;
	lc_error err = {0};
	lc_serve_in in;
	lc_serve_out out;
	int rc = lc_model_from_hf_config((const char *)data, size, "fuzz.json", &m, &err);

	if (rc != 0) {
		if (err.msg[0] == '\0')
			abort(); /* every error carries a message */
		return 0;
	}
	if (!(isfinite(m.params_total) && m.params_total > 0 && m.params_active > 0 &&
	      m.params_active <= m.params_total * (1 + 1e-9)))
		abort();
	lc_plan_serve_defaults(&in);
	in.model = &m;
	in.gpu = lc_gpu_find("h200");
	in.tp = 8;
	in.precision = LC_PREC_FP8;
	in.kv_precision = LC_PREC_FP8;
	in.input_tokens = 128;
	in.output_tokens = 128;
	in.max_throughput = 1;
	in.eff_flops = 1;
	in.eff_mem = 1;
	rc = lc_plan_serve(&in, &out, &err);
	if (rc == LC_INTERNAL)
		abort(); /* an estimate above the roofline */
	return 0;
}
