/*
 * usage_fast.c - differential fuzz target for the gateway's usage fast path
 * (src/usage/fast.c): wherever it answers for an OpenAI chat body, the json-c reader
 * (lc_usage_from_text, the reference) must accept the same bytes and make the very same
 * record; where the fast path is unsure it must say so rather than guess.
 */
#include <stdint.h>
#include <stdlib.h>

#include "llmcost.h"
#include "usage/usage_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const hints[] = {NULL, "x-ai"};
	for (size_t i = 0; i < 2; i++) {
		lc_usage fast, ref;
		lc_error err = {0, ""};
		if (!lcu_fast_openai_chat((const char *)data, size, hints[i], &fast))
			continue;
		if (lc_usage_from_text(NULL, (const char *)data, size, LC_SHAPE_OPENAI_CHAT, hints[i],
				       &ref, &err) != LC_OK ||
		    !lcu_usage_same(&fast, &ref))
			abort();
	}
	return 0;
}
