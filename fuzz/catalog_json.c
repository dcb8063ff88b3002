/*
 * catalog_json.c - fuzz target for the price-file loaders: the bytes are tried as an llmcost
 * price file, a genai-prices file and a LiteLLM file; a catalog that loads is priced once and
 * written back out, and the written file must load again.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "llmcost.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const lc_price_format fmts[] = {LC_PRICES_AUTO, LC_PRICES_OVERRIDE, LC_PRICES_GENAI,
					       LC_PRICES_LITELLM};
	if (size > (1u << 20))
		return 0;
	for (size_t f = 0; f < sizeof fmts / sizeof fmts[0]; f++) {
		lc_catalog *cat = NULL, *again = NULL;
		lc_error err = {0};
		lc_buf buf;
		if (lc_catalog_open_mem((const char *)data, size, "fuzz.json", fmts[f], &cat, &err) != 0) {
			if (cat || !err.msg[0] || strchr(err.msg, '\n'))
				abort(); /* a failure leaves nothing and says one line */
			continue;
		}
		for (size_t i = 0; i < lc_catalog_count(cat) && i < 16; i++) {
			lc_catalog_model m;
			lc_usage u;
			lc_cost c;
			if (lc_catalog_model_at(cat, i, &m) != 0)
				abort();
			lc_usage_init(&u);
			snprintf(u.provider, sizeof u.provider, "%s", m.provider);
			snprintf(u.model, sizeof u.model, "%s", m.model);
			u.input_tokens = 1000, u.cache_read_tokens = 300000, u.output_tokens = 7;
			if (lc_price_usage(cat, &u, &c, NULL) == 0) {
				lc_money s = lc_money_zero();
				lc_money_add(s, c.input, &s);
				lc_money_add(s, c.cache_read, &s);
				lc_money_add(s, c.cache_write, &s);
				lc_money_add(s, c.output, &s);
				lc_money_add(s, c.other, &s);
				if (lc_money_cmp(s, c.total) != 0)
					abort();
			}
		}
		lc_buf_init(&buf, (size_t)1 << 26);
		if (lc_catalog_write_json(cat, &buf, &err) == 0 &&
		    lc_catalog_open_mem(buf.data, buf.len, "rt.json", LC_PRICES_OVERRIDE, &again, &err) != 0)
			abort(); /* what we write, we read */
		lc_buf_free(&buf);
		lc_catalog_free(again);
		lc_catalog_free(cat);
	}
	return 0;
}
