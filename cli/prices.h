/*
 * prices.h - what the `prices` subcommand files share (cmd_prices.c: list, show;
 * prices_diff.c: import, diff).
 */
#ifndef LLMCOST_CLI_PRICES_H
#define LLMCOST_CLI_PRICES_H

#include "cli/cli.h"

/* JSON keys of the price kinds, in lc_price_kind order ("input_mtok", ...). */
extern const char *const prices_kind_key[LC_KIND_COUNT];
/* Exact per-Mtok (per-thousand for web search) text of a per-token rate; buf has
 * LC_MONEY_STRMAX bytes. */
const char *prices_fmt(lc_money rate, int kind, char *buf);
int prices_parse_at(const char *s, lc_time_ms *at);

int cmd_prices(int argc, char **argv);
/* Print the usage text to stdout; returns 0. */
int prices_help(void);
int prices_import(int argc, char **argv);
int prices_diff(int argc, char **argv);

#endif
