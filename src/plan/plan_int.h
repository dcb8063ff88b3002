/*
 * plan_int.h - what the plan module's files share and the public header does not promise:
 * name matching for catalogs and the limits that bound every estimator input.
 */
#ifndef LLMCOST_PLAN_INT_H
#define LLMCOST_PLAN_INT_H

#include "llmcost/plan.h"

/* 1 when name equals id or one of the space-separated aliases, ignoring case. */
int lc_plan_name_matches(const char *name, const char *id, const char *aliases);

/* An lc_money as a double, for ratios of physical quantities (never for money results). */
static inline double lc_plan_money_to_double(lc_money m)
{
	return (double)m.atto / 1e18;
}

/* Sanity limits on inputs: beyond them an input is a typo, not a plan. */
#define LC_PLAN_MAX_PARAMS 1e15  /* parameters */
#define LC_PLAN_MAX_TOKENS 1e18  /* training tokens */
#define LC_PLAN_MAX_FLOPS 1e32
#define LC_PLAN_MAX_GPUS 10000000
#define LC_PLAN_MAX_CTX 10000000 /* tokens per sequence */

#endif
