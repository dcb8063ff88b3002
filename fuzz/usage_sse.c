/*
 * usage_sse.c - fuzz target for the incremental SSE parser and stream usage accumulator.
 * The first byte picks a chunk size; the rest is fed in chunks of that size and must give
 * exactly the record that feeding it whole gives (the gateway's splits are arbitrary).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "llmcost.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int run(const char *text, size_t len, size_t step, lc_usage *u, lc_error *err)
{
	lc_stream_usage s;
	size_t i;
	int rc = 0;

	lc_stream_usage_init(&s, LC_SHAPE_AUTO, NULL, "fuzz");
	for (i = 0; i < len && rc == 0; i += step)
		rc = lc_stream_usage_feed(&s, text + i, len - i < step ? len - i : step, err);
	if (rc == 0)
		rc = lc_stream_usage_finish(&s, u, err);
	lc_stream_usage_free(&s);
	return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	lc_usage whole, part;
	lc_error e1, e2;
	size_t step;
	int r1, r2;

	if (size < 1)
		return 0;
	step = (size_t)(data[0] % 16) + 1;
	data++;
	size--;
	memset(&whole, 0, sizeof whole);
	memset(&part, 0, sizeof part);
	r1 = run((const char *)data, size, size ? size : 1, &whole, &e1);
	r2 = run((const char *)data, size, step, &part, &e2);
	if (r1 != r2)
		abort();
	if (r1 == 0 && memcmp(&whole, &part, sizeof whole) != 0)
		abort();
	return 0;
}
