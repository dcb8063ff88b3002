/*
 * plan_breakeven.c - `llmcost plan breakeven`: a pay-per-token API against a self-hosted
 * configuration. The API side is a model of the price catalog (--api-model: its standard-tier
 * input and output rates now) or --api-price-in/--api-price-out ($ per million tokens, no
 * catalog needed); the self-hosted side is a measured --tokens-per-s for --gpus, or the serving estimate of
 * --model on --gpu at maximum throughput. Prints the break-even monthly volume and a table of
 * both costs over volume, with the replicas (capacity steps) each volume needs.
 */
#include <math.h>
#include <string.h>

#include "plan.h"

enum { O_API_MODEL = 255, O_API_IN = 256, O_API_OUT, O_TPS, O_GPUS, O_TP, O_PRECISION, O_IN, O_OUT, O_SHARE,
	O_UTIL, O_FIXED, O_MAXVOL, O_HTML };

static const struct option longopts[] = {
	PLAN_COMMON_OPTIONS,
	{"api-model", required_argument, NULL, O_API_MODEL},
	{"api-price-in", required_argument, NULL, O_API_IN},
	{"api-price-out", required_argument, NULL, O_API_OUT},
	{"tokens-per-s", required_argument, NULL, O_TPS},
	{"gpus", required_argument, NULL, O_GPUS},
	{"tp", required_argument, NULL, O_TP},
	{"precision", required_argument, NULL, O_PRECISION},
	{"input-tokens", required_argument, NULL, O_IN},
	{"output-tokens", required_argument, NULL, O_OUT},
	{"input-share", required_argument, NULL, O_SHARE},
	{"utilization", required_argument, NULL, O_UTIL},
	{"fixed", required_argument, NULL, O_FIXED},
	{"max-volume", required_argument, NULL, O_MAXVOL},
	{"html", required_argument, NULL, O_HTML},
	{NULL, 0, NULL, 0},
};

static const char usage_text[] =
	"usage: llmcost plan breakeven (--api-model [PROVIDER/]MODEL | --api-price-in X\n"
	"                               --api-price-out Y)\n"
	"                              (--tokens-per-s T --gpus K | --model ID [--gpu ID] [--tp N]\n"
	"                               [--precision P]) [--input-tokens N] [--output-tokens N]\n"
	"                              [--input-share F] [--utilization F] [--fixed USD]\n"
	"                              [--price P] [--max-volume V] [--html OUT] [--json]\n"
	"                              [--explain]\n"
	"\n"
	"  --api-model M   an API model of the price catalog (gpt-4o, anthropic/claude-sonnet-4):\n"
	"                  its standard-tier input and output prices today\n"
	"  --api-price-in X, --api-price-out Y  or the API's $ per million input / output tokens\n"
	"  --tokens-per-s T --gpus K  measured throughput (input + output tokens) of one replica\n"
	"  --model ID ...  or estimate it: `plan serve --max-throughput` for the request shape\n"
	"  --input-tokens N, --output-tokens N  request shape (default 1000 / 1000); it sets the\n"
	"                  input share of the volume unless --input-share F is given\n"
	"  --utilization F usable fraction of self-hosted capacity (default 0.7)\n"
	"  --fixed USD     self-hosting operations per month, whatever the volume (default 0)\n"
	"  --max-volume V  last row of the table, tokens per month (default 100B)\n"
	"  --html OUT      also write a self-contained HTML page with a chart to OUT\n";

struct be_args {
	lc_breakeven_in in;
	const char *api_model, *html;
	int api_in_given, api_out_given, share_given, gpus, tp, tin, tout;
	lc_precision prec;
	double max_volume;
};

static int handle(plan_ctx *c, int opt, const char *arg, void *data)
{
	struct be_args *a = data;
	switch (opt) {
	case O_API_MODEL: a->api_model = arg; return 0;
	case O_API_IN:
		a->api_in_given = 1;
		return plan_arg_money(c, "--api-price-in", arg, 0, &a->in.api_in_per_mtok);
	case O_API_OUT:
		a->api_out_given = 1;
		return plan_arg_money(c, "--api-price-out", arg, 0, &a->in.api_out_per_mtok);
	case O_TPS: return plan_arg_count(c, "--tokens-per-s", arg, 0, 1e9, &a->in.tokens_per_s);
	case O_GPUS: return plan_arg_int(c, "--gpus", arg, 1, 100000, &a->gpus);
	case O_TP: return plan_arg_int(c, "--tp", arg, 1, 1024, &a->tp);
	case O_PRECISION:
		if (lc_precision_parse(arg, &a->prec) != 0)
			return cli_usage(c->cmd, "--precision: '%s' is not fp16, bf16, fp8, int8, "
					 "int4 or fp4", arg);
		return 0;
	case O_IN: return plan_arg_int(c, "--input-tokens", arg, 1, 10000000, &a->tin);
	case O_OUT: return plan_arg_int(c, "--output-tokens", arg, 1, 10000000, &a->tout);
	case O_SHARE:
		a->share_given = 1;
		if (plan_arg_money(c, "--input-share", arg, 1, &a->in.input_share))
			return EXIT_USAGE;
		if (a->in.input_share.atto > 1000000000000000000LL)
			return cli_usage(c->cmd, "--input-share: '%s' must be between 0 and 1", arg);
		return 0;
	case O_UTIL: return plan_arg_frac(c, "--utilization", arg, 0, &a->in.target_util);
	case O_FIXED: return plan_arg_money(c, "--fixed", arg, 0, &a->in.fixed_per_month);
	case O_HTML: a->html = arg; return 0;
	case O_MAXVOL: return plan_arg_count(c, "--max-volume", arg, 0, 1e15, &a->max_volume);
	default: return cli_usage(c->cmd, "unknown option");
	}
}

static const char *const explain_lines[] = {
	"API $/month = V x (share_in x p_in + (1 - share_in) x p_out) (prices per Mtok)",
	"self-hosted $/month = replicas x GPUs x $/GPU-hour x 730 h + fixed",
	"replicas = ceil(V / capacity), capacity = tokens/s x 3600 x 730 x utilization",
	"break-even: first step k with k > fixed / (p x capacity - replica cost); V* = max((k x",
	"  replica + fixed) / p, (k-1) x capacity); never when a full replica at API prices earns",
	"  less than it costs",
	"throughput from --model: plan serve --max-throughput, counted as input + output tokens",
	"  per second (output tokens/s x (T_in + T_out) / T_out)",
	"every cost exact decimal; the volume is priced to the token",
	NULL,
};

/*
 * The API's per-Mtok input and output prices from the catalog: the standard-tier base rates
 * (no long-context surcharge) in force now. "provider/model" is tried whole first (some model
 * ids contain slashes), then split at the first slash.
 */
static int api_prices(plan_ctx *c, struct be_args *a, char *label, size_t cap)
{
	lc_catalog *cat = NULL;
	lc_rates r;
	lc_error err = {0};
	const char *slash = strchr(a->api_model, '/');
	char provider[LC_PROVIDER_MAX] = "";
	int rc;

	if ((rc = lc_catalog_open_default(&cat, &err)))
		return plan_fail(c, rc, &err);
	rc = lc_catalog_lookup(cat, NULL, a->api_model, lc_time_now(), LC_TIER_STANDARD, &r, &err);
	if (rc == LC_UNPRICED && slash && (size_t)(slash - a->api_model) < sizeof provider) {
		memcpy(provider, a->api_model, (size_t)(slash - a->api_model));
		provider[slash - a->api_model] = '\0';
		rc = lc_catalog_lookup(cat, provider, slash + 1, lc_time_now(), LC_TIER_STANDARD, &r,
				       &err);
	}
	lc_catalog_free(cat);
	if (rc == LC_UNPRICED) {
		fprintf(stderr, "llmcost %s: no price for API model '%s' (see 'llmcost prices list'; "
			"or give --api-price-in and --api-price-out)\n", c->cmd, a->api_model);
		return EXIT_UNPRICED;
	}
	if (rc)
		return plan_fail(c, rc, &err);
	if (strcmp(r.currency, "USD") != 0) {
		fprintf(stderr, "llmcost %s: %s/%s is priced in %s; give --api-price-in and "
			"--api-price-out in USD\n", c->cmd, r.provider, r.model, r.currency);
		return EXIT_DATA;
	}
	if (lc_money_scale10(r.rate[0][LC_KIND_INPUT], 6, &a->in.api_in_per_mtok) ||
	    lc_money_scale10(r.rate[0][LC_KIND_OUTPUT], 6, &a->in.api_out_per_mtok))
		return cli_fail(c->cmd, LC_RANGE, "catalog price out of range");
	snprintf(label, cap, "%s/%s", r.provider, r.model);
	return 0;
}

/* Self-hosted throughput of one replica (input + output tokens/s) from the serving model. */
static int estimate_throughput(plan_ctx *c, struct be_args *a)
{
	lc_serve_in s;
	lc_serve_out out;
	lc_error err = {0};
	int rc;

	lc_plan_serve_defaults(&s);
	s.model = c->model;
	s.gpu = c->gpu;
	s.tp = a->tp;
	s.precision = a->prec;
	s.input_tokens = a->tin;
	s.output_tokens = a->tout;
	s.max_throughput = 1;
	s.price = c->price;
	if ((rc = lc_plan_serve(&s, &out, &err)))
		return plan_fail(c, rc, &err);
	a->in.tokens_per_s = out.tokens_per_s * (a->tin + a->tout) / a->tout;
	a->in.gpus_per_replica = a->tp;
	return 0;
}

static void row(plan_out *o, const struct be_args *a, double v, int *first)
{
	lc_breakeven_point p;
	char api[LC_MONEY_STRMAX], self[LC_MONEY_STRMAX];
	const char *cheaper;

	if (lc_plan_breakeven_at(&a->in, v, &p, NULL))
		return;
	switch (lc_money_cmp(p.self_cost, p.api_cost)) {
	case -1: cheaper = "self-host"; break;
	case 0: cheaper = "equal"; break;
	default: cheaper = "api"; break;
	}
	if (o->json) {
		lc_buf_printf(&o->b, "%s{\"tokens\": %.10g, \"replicas\": %d, \"api_cost\": \"%s\", "
			      "\"self_cost\": \"%s\", \"cheaper\": \"%s\"}", *first ? "" : ", ", v,
			      p.replicas, cli_money(p.api_cost, -1, api),
			      cli_money(p.self_cost, -1, self), cheaper);
	} else {
		lc_buf_printf(&o->b, "  %14.4g %9d %16s", v, p.replicas, cli_money(p.api_cost, 2, api));
		lc_buf_printf(&o->b, " %16s  %s\n", cli_money(p.self_cost, 2, self), cheaper);
	}
	*first = 0;
}

static void table(plan_out *o, const struct be_args *a, double breakeven)
{
	static const double steps[] = {1, 3};
	double v, decade;
	int first = 1, i, done_be = breakeven < 0;

	if (o->json)
		lc_buf_puts(&o->b, ", \"table\": [");
	else
		lc_buf_printf(&o->b, "\n  %14s %9s %16s %16s  %s\n", "tokens/month", "replicas",
			      "API $", "self-host $", "cheaper");
	for (decade = 1e6; decade <= a->max_volume; decade *= 10)
		for (i = 0; i < 2; i++) {
			v = decade * steps[i];
			if (v > a->max_volume)
				break;
			if (!done_be && breakeven <= v) {
				if (breakeven < v)
					row(o, a, ceil(breakeven), &first);
				done_be = 1;
			}
			row(o, a, v, &first);
		}
	if (o->json)
		lc_buf_puts(&o->b, "]");
}

/* --html OUT: the page, written whole or not at all (temporary file, then rename). */
static int write_html(plan_ctx *c, const struct be_args *a, const lc_breakeven_out *out,
		      const char *api_label)
{
	char title[512], tmp[4096];
	lc_buf b;
	lc_error err = {0};
	FILE *f;
	int rc, ok;

	snprintf(title, sizeof title, "%s vs %s on %d x %s", api_label[0] ? api_label : "API",
		 c->model ? c->model->id : "a measured replica", a->in.gpus_per_replica, c->gpu->id);
	lc_buf_init(&b, 8u << 20);
	if ((rc = lc_plan_breakeven_html(&a->in, out, a->max_volume, title, &b, &err))) {
		lc_buf_free(&b);
		return plan_fail(c, rc, &err);
	}
	snprintf(tmp, sizeof tmp, "%s.tmp", a->html);
	f = fopen(tmp, "wb");
	ok = f && fwrite(b.data, 1, b.len, f) == b.len;
	if (f && fclose(f) != 0)
		ok = 0;
	lc_buf_free(&b);
	if (!ok || rename(tmp, a->html) != 0) {
		remove(tmp);
		lc_error_set(&err, LC_IO, "%s: cannot write", a->html);
		return plan_fail(c, LC_IO, &err);
	}
	return 0;
}

int plan_breakeven(int argc, char **argv)
{
	plan_ctx c = {.cmd = "plan breakeven"};
	struct be_args a = {0};
	lc_breakeven_out out;
	lc_error err = {0};
	plan_out o;
	char api_label[2 * LC_MODEL_MAX] = "";
	int rc;

	a.tp = 1;
	a.tin = a.tout = 1000;
	a.prec = LC_PREC_BF16;
	a.in.target_util = 0.7;
	a.max_volume = 1e11;
	if ((rc = plan_getopt(&c, argc, argv, longopts, handle, &a)))
		return rc;
	if (c.help) {
		fputs(usage_text, stdout);
		return 0;
	}
	if (a.api_model && (a.api_in_given || a.api_out_given))
		return cli_usage(c.cmd, "give --api-model or --api-price-in/--api-price-out, not both");
	if (a.api_model) {
		if ((rc = api_prices(&c, &a, api_label, sizeof api_label)))
			return rc;
	} else if (!a.api_in_given || !a.api_out_given) {
		return cli_usage(c.cmd, "the API side needs --api-model M, or --api-price-in X and "
				 "--api-price-out Y ($ per million tokens)");
	}
	if ((rc = plan_resolve_gpu(&c)) || (rc = plan_resolve_model(&c, 0)))
		return rc;
	a.in.gpu_price = c.price;
	if (a.in.tokens_per_s > 0) {
		if (c.model)
			return cli_usage(c.cmd, "give --tokens-per-s or --model, not both");
		a.in.gpus_per_replica = a.gpus ? a.gpus : 1;
	} else if (c.model) {
		if ((rc = estimate_throughput(&c, &a)))
			return rc;
	} else {
		return cli_usage(c.cmd, "the self-hosted side needs --tokens-per-s T --gpus K or "
				 "--model ID");
	}
	if (!a.share_given)
		lc_money_mul_ratio((lc_money){1000000000000000000LL}, a.tin, a.tin + a.tout,
				   &a.in.input_share);
	if ((rc = lc_plan_breakeven(&a.in, &out, &err)))
		return plan_fail(&c, rc, &err);

	plan_out_begin(&o, &c);
	if (api_label[0])
		plan_out_str(&o, "api_model", "API model", api_label);
	plan_out_money(&o, "api_price_in", "API input $/Mtok", a.in.api_in_per_mtok, 4);
	plan_out_money(&o, "api_price_out", "API output $/Mtok", a.in.api_out_per_mtok, 4);
	if (c.model)
		plan_out_str(&o, "model", "self-hosted model", c.model->id);
	plan_out_str(&o, "gpu", "GPU", c.gpu->id);
	plan_out_int(&o, "gpus_per_replica", "GPUs per replica", a.in.gpus_per_replica, "");
	plan_out_num(&o, "tokens_per_s", "replica throughput", "%.1f", a.in.tokens_per_s,
		     "tokens/s");
	plan_out_money(&o, "api_usd_per_mtok", "API blended $/Mtok", out.api_per_mtok, 4);
	plan_out_money(&o, "replica_per_month", "replica per month", out.replica_per_month, 2);
	plan_out_money(&o, "fixed_per_month", "fixed per month", a.in.fixed_per_month, 2);
	plan_out_num(&o, "capacity_per_replica", "capacity per replica", "%.4g",
		     out.capacity_per_replica, "tokens/month");
	if (out.breakeven_tokens >= 0) {
		plan_out_num(&o, "breakeven_tokens_per_month", "break-even volume", "%.4g",
			     out.breakeven_tokens, "tokens/month");
		plan_out_int(&o, "breakeven_replicas", "replicas at break-even",
			     out.breakeven_replicas, "");
	} else if (o.json) {
		lc_buf_puts(&o.b, ", \"breakeven_tokens_per_month\": null");
	} else {
		plan_out_str(&o, "", "break-even volume", "never: a full replica earns less at API "
			     "prices than it costs");
	}
	table(&o, &a, out.breakeven_tokens);
	plan_out_explain(&o, &c, explain_lines);
	if (a.html && (rc = write_html(&c, &a, &out, api_label))) {
		lc_buf_free(&o.b);
		return rc;
	}
	plan_out_end(&o);
	return 0;
}
