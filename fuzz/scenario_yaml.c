/*
 * scenario_yaml.c - fuzz target for the scenario loader: any bytes must either be refused
 * with an error or give a scenario whose base case and tornado compute without a fault.
 */
#include <stdint.h>
#include <stdlib.h>

#include "llmcost.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	lc_scenario *sc = NULL;
	lc_error err;
	lc_roi_metrics m;
	lc_tornado_bar bars[4];
	int n, i;

	if (lc_scenario_parse("fuzz.yaml", (const char *)data, size, &sc, &err) != 0)
		return 0;
	for (i = 0; i < lc_scenario_alternatives(sc); i++) {
		lc_roi_base(sc, i, NULL, &m, &err);
		lc_roi_tornado(sc, i, bars, 4, &n, &err);
	}
	lc_scenario_free(sc);
	return 0;
}
