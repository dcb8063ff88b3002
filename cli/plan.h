/*
 * plan.h - what the `llmcost plan` sub-command files share: the common options (--gpu,
 * --model, --model-config, --price, --json, --explain), number parsing with K/M/B/T
 * suffixes and ranges, and one output writer that prints either aligned text or JSON from
 * the same calls, so the two never disagree.
 */
#ifndef LLMCOST_CLI_PLAN_H
#define LLMCOST_CLI_PLAN_H

#include <getopt.h>

#include "cli.h"

/* Long options every sub-command accepts; their values start at 1000 so that sub-commands
 * can number their own from 256. */
enum {
	PO_JSON = 1000, PO_EXPLAIN, PO_HELP, PO_GPU, PO_PRICE, PO_MODEL, PO_MODEL_CONFIG
};
#define PLAN_COMMON_OPTIONS                                                         \
	{"json", no_argument, NULL, PO_JSON}, {"explain", no_argument, NULL, PO_EXPLAIN}, \
	{"help", no_argument, NULL, PO_HELP}, {"gpu", required_argument, NULL, PO_GPU},   \
	{"price", required_argument, NULL, PO_PRICE},                                    \
	{"model", required_argument, NULL, PO_MODEL},                                    \
	{"model-config", required_argument, NULL, PO_MODEL_CONFIG}

typedef struct plan_ctx {
	const char *cmd; /* "plan serve", for messages */
	int json, explain, help;
	const char *gpu_id, *price_arg, *model_id, *config_path;
	const lc_gpu *gpu;
	const lc_model *model;
	lc_model model_buf; /* a model read from --model-config */
	lc_money price;     /* per GPU-hour: --price or the GPU's default */
	int price_given;
} plan_ctx;

/* Handle a common option; 1 if it was one, 0 if not (the caller handles it). */
int plan_common_option(plan_ctx *c, int opt, const char *arg);
/* Run getopt_long over argv with longopts; calls handle(c, opt, arg, data) for options that
 * are not common. Returns 0, or an exit code after printing a usage error. */
int plan_getopt(plan_ctx *c, int argc, char **argv, const struct option *longopts,
		int (*handle)(plan_ctx *c, int opt, const char *arg, void *data), void *data);

/* --gpu (default h100-sxm) and the price; prints the error and returns an exit code. */
int plan_resolve_gpu(plan_ctx *c);
/* --model or --model-config; required: an error when neither is given. */
int plan_resolve_model(plan_ctx *c, int required);

/* Numbers from the command line. A count takes K, M, B (or G), T suffixes (x1e3..1e12):
 * "7B", "2T", "3.14e23". Each returns 0 or prints "llmcost plan X: --opt: why" and returns
 * the exit code. */
int plan_arg_count(plan_ctx *c, const char *opt, const char *s, double lo, double hi,
		   double *out);
int plan_arg_int(plan_ctx *c, const char *opt, const char *s, long lo, long hi, int *out);
/* A fraction in (0, 1] given as "0.4" or "40%". allow_zero admits 0. */
int plan_arg_frac(plan_ctx *c, const char *opt, const char *s, int allow_zero, double *out);
/* An exact non-negative decimal ("2.49", "0.10"; "40%" as 0.4 when pct is set). */
int plan_arg_money(plan_ctx *c, const char *opt, const char *s, int pct, lc_money *out);

/* Print a library error (with its exit code) for this sub-command. */
int plan_fail(plan_ctx *c, int code, const lc_error *err);

/* ------------------------------------------------------------------ output */

typedef struct plan_out {
	int json;
	int depth;
	int need_comma;
	lc_buf b;
} plan_out;

void plan_out_begin(plan_out *o, const plan_ctx *c);
/* A number: JSON key and value; text "label  value unit" with printf format fmt. */
void plan_out_num(plan_out *o, const char *key, const char *label, const char *fmt, double v,
		  const char *unit);
void plan_out_int(plan_out *o, const char *key, const char *label, long long v,
		  const char *unit);
void plan_out_str(plan_out *o, const char *key, const char *label, const char *v);
void plan_out_bool(plan_out *o, const char *key, const char *label, int v);
/* Money: exact decimal string in JSON, rounded to places for text ("$1,234.57"). */
void plan_out_money(plan_out *o, const char *key, const char *label, lc_money m, int places);
void plan_out_obj(plan_out *o, const char *key, const char *label);
void plan_out_obj_end(plan_out *o);
/* Assumptions and formulas (only with --explain): text block or a JSON "explain" array. */
void plan_out_explain(plan_out *o, const plan_ctx *c, const char *const *lines);
/* Write everything to stdout and free. */
void plan_out_end(plan_out *o);

/* The command (cli/main.c) and its sub-commands. */
int cmd_plan(int argc, char **argv);
int plan_train(int argc, char **argv);
int plan_finetune(int argc, char **argv);
int plan_serve(int argc, char **argv);
int plan_tco(int argc, char **argv);
int plan_breakeven(int argc, char **argv);
int plan_gpus(int argc, char **argv);
int plan_models(int argc, char **argv);

#endif
