/*
 * cmd_plan.c - `llmcost plan SUB`: lifecycle cost estimators. This file only dispatches;
 * each sub-command lives in cli/plan_SUB.c and the formulas in src/plan/.
 */
#include <string.h>

#include "plan.h"

static const struct {
	const char *name;
	int (*fn)(int, char **);
	const char *help;
} subs[] = {
	{"train", plan_train, "pre-training compute, time, energy, memory and cost"},
	{"finetune", plan_finetune, "full, LoRA and QLoRA fine-tuning: memory, fit, time, cost"},
	{"serve", plan_serve, "inference latency, throughput and $ per million tokens"},
	{"tco", plan_tco, "cloud vs on-prem cost of a GPU-hour"},
	{"breakeven", plan_breakeven, "API vs self-hosting: the volume where self-hosting wins"},
	{"gpus", plan_gpus, "the hardware catalog with figures and sources"},
	{"models", plan_models, "the model catalog with shapes and parameter counts"},
};

static void usage(FILE *f)
{
	size_t i;
	fprintf(f, "usage: llmcost plan SUBCOMMAND [OPTIONS]\n\n");
	for (i = 0; i < sizeof subs / sizeof subs[0]; i++)
		fprintf(f, "  %-10s %s\n", subs[i].name, subs[i].help);
	fprintf(f, "\nEvery sub-command takes --json and --explain; "
		   "'llmcost plan SUB --help' for its options. See docs/plan.md.\n");
}

int cmd_plan(int argc, char **argv)
{
	size_t i;
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return 0;
	}
	for (i = 0; i < sizeof subs / sizeof subs[0]; i++)
		if (strcmp(argv[1], subs[i].name) == 0)
			return subs[i].fn(argc - 1, argv + 1);
	return cli_usage("plan", "unknown sub-command '%s'", argv[1]);
}
