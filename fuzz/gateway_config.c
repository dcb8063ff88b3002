/*
 * gateway_config.c - fuzz target for the gateway's YAML configuration parser
 * (src/gateway/config.c): any input either parses or fails with a message; never crashes.
 */
#include <stdlib.h>

#include "llmcost/gateway.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	lc_gw_config *c = NULL;
	lc_error err;
	if (lc_gw_config_parse((const char *)data, size, "fuzz.yaml", &c, &err) == 0)
		lc_gw_config_free(c);
	else if (!err.msg[0])
		abort();
	return 0;
}
