/*
 * gw_body.c - differential fuzz target for the gateway's request-body scanner
 * (src/gateway/body.c): wherever gw_body_fast answers, the json-c reference must read the
 * very same verdict, model, stream, include_usage and output-token caps from the bytes.
 */
#include <stdint.h>
#include <stdlib.h>

#include "gateway/body.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static json_tokener *tok;
	gw_body fast, ref;
	json_object *tree = NULL;
	if (size > (1u << 20))
		return 0;
	if (!gw_body_fast((const char *)data, size, &fast))
		return 0;
	if (!tok && !(tok = json_tokener_new_ex(64)))
		return 0;
	gw_body_ref(tok, (const char *)data, size, &ref, &tree);
	json_object_put(tree);
	if (!gw_body_same(&fast, &ref))
		abort();
	return 0;
}
