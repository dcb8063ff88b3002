/*
 * cli.h - what the subcommand files share: the command signature, exit codes, and a few
 * helpers for printing errors and money. Each subcommand lives in cli/cmd_NAME.c and uses
 * only the public API (llmcost.h) plus this file.
 */
#ifndef LLMCOST_CLI_H
#define LLMCOST_CLI_H

#include <stdio.h>

#include "llmcost.h"

/* Exit codes (a contract, documented in docs/exit-codes.md). */
enum {
	EXIT_OK_ = 0,
	EXIT_FAIL = 1,     /* general failure */
	EXIT_USAGE = 2,    /* bad command line */
	EXIT_DATA = 3,     /* malformed or invalid input data */
	EXIT_NOTFOUND = 4, /* file, model, GPU, encoding... not found */
	EXIT_LEDGER = 5,   /* ledger could not be opened or written */
	EXIT_LIMIT = 6,    /* a size or count limit was exceeded */
	EXIT_UNPRICED = 7  /* asked for a cost that has no price */
};

/* Map a library error code to the exit code above. */
int cli_exit_code(int lc_code);

/* Print "llmcost CMD: message" to stderr and return the exit code for code. */
int cli_fail(const char *cmd, int code, const char *msg);
/* Print "llmcost CMD: usage error text" + "try 'llmcost help CMD'" and return EXIT_USAGE. */
int cli_usage(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* 1 when colour should be used on this stream (a terminal and NO_COLOR unset). */
int cli_color(FILE *f);

/* Format money exactly into a static-free buffer the caller gives (LC_MONEY_STRMAX). */
const char *cli_money(lc_money m, int places, char *buf);

#endif
