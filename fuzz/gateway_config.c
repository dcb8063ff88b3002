/*
 * gateway_config.c - fuzz target for the gateway's YAML configuration parser
 * (src/gateway/config.c): any input either parses or fails with a message; never crashes.
 * Both load modes: the strict one of `serve` and the secret-free one of `keys`.
 */
#include <stdlib.h>

#include "llmcost/gateway.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	for (unsigned flags = 0; flags <= LC_GW_CONFIG_KEYS_ONLY; flags++) {
		lc_gw_config *c = NULL;
		lc_error err;
		err.msg[0] = '\0';
		if (lc_gw_config_parse_flags((const char *)data, size, "fuzz.yaml", flags, &c, &err) == 0)
			lc_gw_config_free(c);
		else if (!err.msg[0])
			abort();
	}
	return 0;
}
