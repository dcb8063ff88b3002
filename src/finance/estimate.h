/*
 * estimate.h - the request a `source: plan ...` scenario line makes to the plan module's
 * estimators (private to src/finance/; see estimate.c).
 */
#ifndef LC_FINANCE_ESTIMATE_H
#define LC_FINANCE_ESTIMATE_H

#include "llmcost/finance.h"
#include "llmcost/plan.h"

typedef struct fin_plan_req {
	int finetune;            /* 0: plan serve (monthly cost), 1: plan finetune (one-off) */
	char model[64];          /* plan model catalog id or alias */
	char gpu[64];            /* "" = h100-sxm, as the plan commands */
	int tp;                  /* serve: GPUs per replica (0 = 1) */
	int gpus;                /* finetune: GPUs (0 = 1) */
	int rank;                /* finetune: LoRA rank (0 = 16) */
	int has_precision;
	lc_precision precision;  /* serve: weights */
	lc_ft_method method;     /* finetune */
	int input_tokens, output_tokens; /* serve: request shape (0 = plan's defaults) */
	double tokens_per_month; /* serve: output tokens a month */
	double utilization;      /* serve: usable share of capacity (0 = 0.7) */
	double dataset_tokens;   /* finetune: tokens per epoch */
	double epochs;           /* finetune (0 = 1) */
	int has_price;
	lc_money price;          /* per GPU-hour; default the GPU's catalog price */
} fin_plan_req;

/* The amount: a month of serving, or a whole fine-tuning run. Errors name the input. */
int fin_plan_amount(const fin_plan_req *q, lc_money *out, lc_error *err);

#endif
