/*
 * main.c - the llmcost command: a table of subcommands, each in its own cli/cmd_NAME.c.
 *
 * Every entry is declared weak, so a command whose file is not linked in simply does not
 * exist (its pointer is NULL): the table lists the whole planned surface of PRODUCT.md and
 * adding a command is adding its file. Global options (--ledger URL, anywhere on the line)
 * are taken out here before the subcommand sees its arguments.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

typedef int (*cmd_fn)(int argc, char **argv);

#define CMDS(X)                                                                        \
	X(import, "import usage from files: agent logs, provider responses, exports")     \
	X(report, "cost reports by day, week, month, session, model, provider or tag")     \
	X(claude, "report Claude Code usage from its local logs (no setup)")              \
	X(codex, "report Codex CLI usage from its local logs (no setup)")                 \
	X(cost, "price one API response or stream")                                       \
	X(tokens, "count tokens exactly (o200k_base, cl100k_base)")                       \
	X(estimate, "price a prompt before sending it, across models")                    \
	X(prices, "browse, import and compare price catalogs")                            \
	X(plan, "training, fine-tuning, serving, TCO and break-even estimators")          \
	X(finance, "NPV, IRR, MIRR, payback of cash flows")                               \
	X(roi, "ROI and risk of an LLM initiative from a scenario file")                  \
	X(serve, "run the gateway: metered proxy, budgets, cache, dashboard")            \
	X(keys, "create, list and revoke gateway virtual keys")                           \
	X(budget, "budgets and alerts")                                                   \
	X(audit, "find and price savings in recorded traffic")                            \
	X(abtest, "compare two strategies on cost and quality")                           \
	X(forecast, "forecast month-end spend")                                           \
	X(export, "export the ledger as CSV, FOCUS or Prometheus metrics")

#define DECLARE_(name, help) extern int cmd_##name(int argc, char **argv) __attribute__((weak));
CMDS(DECLARE_)
#undef DECLARE_

static const struct command {
	const char *name;
	cmd_fn fn;
	const char *help;
} commands[] = {
#define ENTRY_(name, help) {#name, cmd_##name, help},
	CMDS(ENTRY_)
#undef ENTRY_
};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

static const struct command *find(const char *name)
{
	size_t i;
	for (i = 0; i < NCOMMANDS; i++)
		if (commands[i].fn && strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

static void usage(FILE *f)
{
	size_t i;
	fprintf(f, "usage: llmcost [--ledger URL] COMMAND [ARGS...]\n\ncommands:\n");
	for (i = 0; i < NCOMMANDS; i++)
		if (commands[i].fn)
			fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].help);
	fprintf(f, "  %-10s %s\n  %-10s %s\n", "help", "show this list, or 'help COMMAND'",
		"version", "print the version");
	fprintf(f, "\nThe ledger is --ledger URL, else $LLMCOST_LEDGER, else "
		   "$XDG_DATA_HOME/llmcost/ledger.db.\nSee 'man llmcost' and docs/.\n");
}

/* Remove "--ledger URL" / "--ledger=URL" from anywhere in argv and export it for
 * lc_ledger_open(NULL). Returns the new argc, or -1 on a missing value. */
static int take_global_options(int argc, char **argv)
{
	int i, j = 0;
	for (i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0) {
			while (i < argc)
				argv[j++] = argv[i++];
			break;
		}
		if (strcmp(argv[i], "--ledger") == 0) {
			if (i + 1 >= argc)
				return -1;
			setenv("LLMCOST_LEDGER", argv[++i], 1);
			continue;
		}
		if (strncmp(argv[i], "--ledger=", 9) == 0) {
			setenv("LLMCOST_LEDGER", argv[i] + 9, 1);
			continue;
		}
		argv[j++] = argv[i];
	}
	argv[j] = NULL;
	return j;
}

int main(int argc, char **argv)
{
	const struct command *c;

	argc = take_global_options(argc, argv);
	if (argc < 0)
		return cli_usage("", "--ledger needs a value");
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "help") == 0 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0) {
		if (argc > 2 && (c = find(argv[2]))) {
			char *sub[] = {argv[2], "--help", NULL};
			return c->fn(2, sub);
		}
		usage(stdout);
		return 0;
	}
	if (strcmp(argv[1], "version") == 0 || strcmp(argv[1], "--version") == 0) {
		printf("llmcost %s\n", lc_version());
		return 0;
	}
	c = find(argv[1]);
	if (!c) {
		fprintf(stderr, "llmcost: unknown command '%s' (see 'llmcost help')\n", argv[1]);
		return EXIT_USAGE;
	}
	return c->fn(argc - 1, argv + 1);
}
