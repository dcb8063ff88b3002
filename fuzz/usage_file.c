/*
 * usage_file.c - fuzz target for lc_usage_parse_file. The first byte picks the format
 * (auto included) and skip_invalid; the rest is the file. Checks the all-or-nothing
 * contract: without skip_invalid, a failed parse never reached the callback.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "llmcost.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int count(const lc_usage *u, int64_t line, void *ctx)
{
	if (line < 1 || u->input_tokens < 0 || u->output_tokens < 0)
		abort();
	(*(int64_t *)ctx)++;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int64_t n = 0, skipped = 0;
	lc_parse_opts o = {"fuzz", NULL, NULL, 0, &skipped};
	lc_error err;
	lc_format fmt;
	int rc;

	if (size < 1)
		return 0;
	fmt = (lc_format)(data[0] % 12);
	o.skip_invalid = (data[0] >> 4) & 1;
	if (fmt == LC_FMT_CSV && (data[0] & 0x80))
		o.csv_mapping = "when=time,who=provider,what=model,in=input_tokens,out=output_tokens";
	rc = lc_usage_parse_file((const char *)data + 1, size - 1, fmt, &o, count, &n, &err);
	if (rc != 0 && !o.skip_invalid && n != 0)
		abort(); /* records were delivered before an error */
	if (rc != 0 && (!err.msg[0] || strchr(err.msg, '\n')))
		abort();
	return 0;
}
