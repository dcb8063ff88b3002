/*
 * breakeven.c - pay-per-token API versus self-hosting, as a function of monthly volume.
 *
 *   API        V x (share_in x p_in + (1 - share_in) x p_out)          linear in V
 *   self-host  k(V) x R + F,  k(V) = ceil(V / capacity)                a staircase
 *              R = GPUs x $/GPU-hour x 730 h, capacity = tokens/s x 3600 x 730 x target
 *              utilization, F = fixed operations per month
 *
 * With k replicas the self-hosted cost is flat over ((k-1)·cap, k·cap] and the API's rises,
 * so they cross inside step k when (kR + F)/p < k·cap, i.e. for the first k > F/(p·cap - R).
 * If one replica's capacity priced at the API rate (p·cap) does not exceed R, self-hosting
 * never wins. Volumes are doubles (tokens); every cost is exact money: the volume is priced
 * as V/1e6 Mtok rounded to the token (lc_plan_price_quantity), so the table is exact.
 */
#include <math.h>

#include "llmcost/plan.h"
#include "plan/plan_int.h"

static const lc_i128 ONE = (lc_i128)1000000000000000000LL;

static int check(const lc_breakeven_in *in, lc_error *err)
{
	if (in->api_in_per_mtok.atto < 0 || in->api_out_per_mtok.atto < 0 ||
	    in->gpu_price.atto < 0 || in->fixed_per_month.atto < 0)
		return lc_error_set(err, LC_RANGE, "prices and costs must not be negative");
	if (in->input_share.atto < 0 || in->input_share.atto > ONE)
		return lc_error_set(err, LC_RANGE, "input share must be in [0, 1]");
	if (in->gpus_per_replica < 1 || in->gpus_per_replica > 100000)
		return lc_error_set(err, LC_RANGE, "GPUs per replica %d out of range",
				    in->gpus_per_replica);
	if (!(isfinite(in->tokens_per_s) && in->tokens_per_s > 0 && in->tokens_per_s <= 1e9))
		return lc_error_set(err, LC_RANGE, "tokens/s %g out of range (0, 1e9]",
				    in->tokens_per_s);
	if (!(in->target_util > 0 && in->target_util <= 1))
		return lc_error_set(err, LC_RANGE, "target utilization %g out of range (0, 1]",
				    in->target_util);
	return LC_OK;
}

/* Blended API price per Mtok and the monthly cost of one replica. */
static int unit_costs(const lc_breakeven_in *in, lc_money *blend, lc_money *replica)
{
	lc_money a, b, rest = {ONE - in->input_share.atto};
	int rc = 0;
	rc |= lc_money_mul_dec(in->api_in_per_mtok, in->input_share, &a);
	rc |= lc_money_mul_dec(in->api_out_per_mtok, rest, &b);
	rc |= lc_money_add(a, b, blend);
	rc |= lc_money_mul_int(in->gpu_price, (int64_t)in->gpus_per_replica * LC_HOURS_PER_MONTH,
			       replica);
	return rc ? LC_RANGE : LC_OK;
}

int lc_plan_breakeven_at(const lc_breakeven_in *in, double tokens, lc_breakeven_point *out,
			 lc_error *err)
{
	lc_money blend, replica, t;
	double cap, k;
	int rc;

	*out = (lc_breakeven_point){0};
	if ((rc = check(in, err)))
		return rc;
	if (!(isfinite(tokens) && tokens >= 0 && tokens <= 1e18))
		return lc_error_set(err, LC_RANGE, "volume %g tokens out of range [0, 1e18]", tokens);
	if (unit_costs(in, &blend, &replica))
		return lc_error_set(err, LC_RANGE, "amounts too large");
	cap = in->tokens_per_s * 3600.0 * LC_HOURS_PER_MONTH * in->target_util;
	k = ceil(tokens / cap);
	if (k > 1e9)
		return lc_error_set(err, LC_RANGE, "%.3g replicas needed: volume beyond planning",
				    k);
	out->tokens = tokens;
	out->replicas = (int)k;
	if (lc_plan_price_quantity(blend, tokens / 1e6, &out->api_cost) ||
	    lc_money_mul_int(replica, (int64_t)k, &t) ||
	    lc_money_add(t, in->fixed_per_month, &out->self_cost))
		return lc_error_set(err, LC_RANGE, "amounts too large");
	return LC_OK;
}

int lc_plan_breakeven(const lc_breakeven_in *in, lc_breakeven_out *out, lc_error *err)
{
	double p, r, f, cap, k;
	int rc;

	*out = (lc_breakeven_out){0};
	if ((rc = check(in, err)))
		return rc;
	if (unit_costs(in, &out->api_per_mtok, &out->replica_per_month))
		return lc_error_set(err, LC_RANGE, "amounts too large");
	cap = in->tokens_per_s * 3600.0 * LC_HOURS_PER_MONTH * in->target_util;
	out->capacity_per_replica = cap;
	p = lc_plan_money_to_double(out->api_per_mtok) / 1e6; /* $ per token */
	r = lc_plan_money_to_double(out->replica_per_month);
	f = lc_plan_money_to_double(in->fixed_per_month);
	out->breakeven_tokens = -1;
	if (p * cap <= r)
		return LC_OK; /* a full replica earns less at API prices than it costs */
	k = floor(f / (p * cap - r)) + 1;
	if (k > 1e9)
		return LC_OK;
	out->breakeven_replicas = (int)k;
	out->breakeven_tokens = fmax((k * r + f) / p, (k - 1) * cap);
	return LC_OK;
}
