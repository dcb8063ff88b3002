/*
 * plan_util.c - the plumbing `llmcost plan` sub-commands share: common options, resolving
 * --gpu and --model (listing the known ids when one is unknown), strict number parsing,
 * and the text/JSON writer.
 */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "plan.h"

#define CONFIG_MAX (1u << 20)

int plan_common_option(plan_ctx *c, int opt, const char *arg)
{
	switch (opt) {
	case PO_JSON: c->json = 1; return 1;
	case PO_EXPLAIN: c->explain = 1; return 1;
	case PO_HELP: c->help = 1; return 1;
	case PO_GPU: c->gpu_id = arg; return 1;
	case PO_PRICE: c->price_arg = arg; return 1;
	case PO_MODEL: c->model_id = arg; return 1;
	case PO_MODEL_CONFIG: c->config_path = arg; return 1;
	default: return 0;
	}
}

int plan_getopt(plan_ctx *c, int argc, char **argv, const struct option *longopts,
		int (*handle)(plan_ctx *c, int opt, const char *arg, void *data), void *data)
{
	int opt, idx, rc;

	opterr = 0;
	optind = 0; /* glibc: full re-initialization */
	while ((opt = getopt_long(argc, argv, ":h", longopts, &idx)) != -1) {
		if (opt == 'h') {
			c->help = 1;
			continue;
		}
		if (opt == '?')
			return cli_usage(c->cmd, "unknown option '%s'", argv[optind - 1]);
		if (opt == ':')
			return cli_usage(c->cmd, "%s needs a value", argv[optind - 1]);
		if (plan_common_option(c, opt, optarg))
			continue;
		if (handle && (rc = handle(c, opt, optarg, data)) != 0)
			return rc;
	}
	if (optind < argc)
		return cli_usage(c->cmd, "unexpected argument '%s'", argv[optind]);
	return 0;
}

int plan_fail(plan_ctx *c, int code, const lc_error *err)
{
	return cli_fail(c->cmd, code, err && err->msg[0] ? err->msg : NULL);
}

int plan_resolve_gpu(plan_ctx *c)
{
	const char *id = c->gpu_id ? c->gpu_id : "h100-sxm";
	size_t i, n;
	const lc_gpu *all = lc_gpu_catalog(&n);

	c->gpu = lc_gpu_find(id);
	if (!c->gpu) {
		fprintf(stderr, "llmcost %s: unknown GPU '%s'; known:", c->cmd, id);
		for (i = 0; i < n; i++)
			fprintf(stderr, " %s", all[i].id);
		fprintf(stderr, " (see 'llmcost plan gpus')\n");
		return EXIT_NOTFOUND;
	}
	if (c->price_arg) {
		c->price_given = 1;
		return plan_arg_money(c, "--price", c->price_arg, 0, &c->price);
	}
	c->price = lc_gpu_price(c->gpu);
	return 0;
}

int plan_resolve_model(plan_ctx *c, int required)
{
	size_t i, n;
	const lc_model *all;

	if (c->model_id && c->config_path)
		return cli_usage(c->cmd, "give --model or --model-config, not both");
	if (c->config_path) {
		char *text = NULL;
		size_t len = 0;
		lc_error err = {0};
		int rc = lc_read_file(c->config_path, CONFIG_MAX, &text, &len, &err);
		if (rc == 0)
			rc = lc_model_from_hf_config(text, len, c->config_path, &c->model_buf, &err);
		free(text);
		if (rc)
			return plan_fail(c, rc, &err);
		c->model = &c->model_buf;
		return 0;
	}
	if (!c->model_id) {
		if (required)
			return cli_usage(c->cmd, "--model ID or --model-config FILE is required");
		return 0;
	}
	c->model = lc_model_find(c->model_id);
	if (c->model)
		return 0;
	all = lc_model_catalog(&n);
	fprintf(stderr, "llmcost %s: unknown model '%s'; known:", c->cmd, c->model_id);
	for (i = 0; i < n; i++)
		fprintf(stderr, " %s", all[i].id);
	fprintf(stderr, " (or --model-config config.json)\n");
	return EXIT_NOTFOUND;
}

/* ------------------------------------------------------------------ numbers */

static int bad_number(plan_ctx *c, const char *opt, const char *s, const char *why)
{
	fprintf(stderr, "llmcost %s: %s: '%s' %s\n", c->cmd, opt, s, why);
	return EXIT_USAGE;
}

int plan_arg_count(plan_ctx *c, const char *opt, const char *s, double lo, double hi,
		   double *out)
{
	char *end;
	double v, mult = 1;

	if (!s || !*s || isspace((unsigned char)*s))
		return bad_number(c, opt, s ? s : "", "is not a number");
	v = strtod(s, &end);
	if (end == s)
		return bad_number(c, opt, s, "is not a number");
	switch (toupper((unsigned char)*end)) {
	case 'K': mult = 1e3; end++; break;
	case 'M': mult = 1e6; end++; break;
	case 'B':
	case 'G': mult = 1e9; end++; break;
	case 'T': mult = 1e12; end++; break;
	default: break;
	}
	if (*end)
		return bad_number(c, opt, s, "is not a number (suffixes: K, M, B, T)");
	v *= mult;
	if (!isfinite(v))
		return bad_number(c, opt, s, "is not finite");
	if (v < lo || v > hi || (lo == 0 && v == 0)) {
		if (lo == 0)
			fprintf(stderr, "llmcost %s: %s: %s must be above 0 and at most %g\n", c->cmd,
				opt, s, hi);
		else
			fprintf(stderr, "llmcost %s: %s: %s must be between %g and %g\n", c->cmd,
				opt, s, lo, hi);
		return EXIT_USAGE;
	}
	*out = v;
	return 0;
}

int plan_arg_int(plan_ctx *c, const char *opt, const char *s, long lo, long hi, int *out)
{
	double v;
	int rc = plan_arg_count(c, opt, s, -1e18, 1e18, &v);
	if (rc)
		return rc;
	if (v != floor(v))
		return bad_number(c, opt, s, "is not a whole number");
	if (v < lo || v > hi) {
		fprintf(stderr, "llmcost %s: %s: %s is out of range %ld..%ld\n", c->cmd, opt, s,
			lo, hi);
		return EXIT_USAGE;
	}
	*out = (int)v;
	return 0;
}

int plan_arg_money(plan_ctx *c, const char *opt, const char *s, int pct, lc_money *out)
{
	size_t len = strlen(s);
	int percent = pct && len > 0 && s[len - 1] == '%';

	if (lc_money_parse(s, percent ? len - 1 : len, out) != 0)
		return bad_number(c, opt, s, "is not a decimal number");
	if (out->atto < 0)
		return bad_number(c, opt, s, "must not be negative");
	if (percent && lc_money_scale10(*out, -2, out) != 0)
		return bad_number(c, opt, s, "has too many decimals");
	return 0;
}

int plan_arg_frac(plan_ctx *c, const char *opt, const char *s, int allow_zero, double *out)
{
	lc_money m;
	int rc = plan_arg_money(c, opt, s, 1, &m);
	if (rc)
		return rc;
	*out = (double)m.atto / 1e18;
	if (*out > 1 || (!allow_zero && *out == 0))
		return bad_number(c, opt, s, allow_zero ? "must be between 0 and 1"
							 : "must be above 0 and at most 1");
	return 0;
}

/* ------------------------------------------------------------------ output */

void plan_out_begin(plan_out *o, const plan_ctx *c)
{
	memset(o, 0, sizeof *o);
	o->json = c->json;
	lc_buf_init(&o->b, 1 << 20);
	if (o->json)
		lc_buf_puts(&o->b, "{");
}

/* Start an entry: the JSON key, or the indented text label. */
static void entry(plan_out *o, const char *key, const char *label)
{
	if (o->json) {
		lc_buf_puts(&o->b, o->need_comma ? ", " : "");
		lc_buf_json_str(&o->b, key, strlen(key));
		lc_buf_puts(&o->b, ": ");
		o->need_comma = 1;
	} else {
		lc_buf_printf(&o->b, "%*s%-*s ", 2 * o->depth, "", 30 - 2 * o->depth, label);
	}
}

void plan_out_num(plan_out *o, const char *key, const char *label, const char *fmt, double v,
		  const char *unit)
{
	entry(o, key, label);
	if (o->json) {
		lc_buf_printf(&o->b, "%.10g", v);
		return;
	}
	lc_buf_printf(&o->b, fmt, v);
	lc_buf_printf(&o->b, "%s%s\n", unit && *unit ? " " : "", unit ? unit : "");
}

void plan_out_int(plan_out *o, const char *key, const char *label, long long v,
		  const char *unit)
{
	entry(o, key, label);
	if (o->json)
		lc_buf_printf(&o->b, "%lld", v);
	else
		lc_buf_printf(&o->b, "%lld%s%s\n", v, unit && *unit ? " " : "", unit ? unit : "");
}

void plan_out_str(plan_out *o, const char *key, const char *label, const char *v)
{
	entry(o, key, label);
	if (o->json)
		lc_buf_json_str(&o->b, v, strlen(v));
	else
		lc_buf_printf(&o->b, "%s\n", v);
}

void plan_out_bool(plan_out *o, const char *key, const char *label, int v)
{
	entry(o, key, label);
	lc_buf_puts(&o->b, o->json ? (v ? "true" : "false") : (v ? "yes\n" : "no\n"));
}

void plan_out_money(plan_out *o, const char *key, const char *label, lc_money m, int places)
{
	char buf[LC_MONEY_STRMAX];
	entry(o, key, label);
	if (o->json) {
		lc_buf_printf(&o->b, "\"%s\"", cli_money(m, -1, buf));
		return;
	}
	lc_buf_printf(&o->b, "$%s\n", cli_money(m, places, buf));
}

void plan_out_obj(plan_out *o, const char *key, const char *label)
{
	if (o->json) {
		entry(o, key, label);
		lc_buf_puts(&o->b, "{");
		o->need_comma = 0;
	} else {
		lc_buf_printf(&o->b, "%*s%s\n", 2 * o->depth, "", label);
	}
	o->depth++;
}

void plan_out_obj_end(plan_out *o)
{
	o->depth--;
	if (o->json) {
		lc_buf_puts(&o->b, "}");
		o->need_comma = 1;
	}
}

void plan_out_explain(plan_out *o, const plan_ctx *c, const char *const *lines)
{
	if (!c->explain)
		return;
	if (o->json) {
		entry(o, "explain", "");
		lc_buf_puts(&o->b, "[");
		for (; *lines; lines++) {
			lc_buf_json_str(&o->b, *lines, strlen(*lines));
			if (lines[1])
				lc_buf_puts(&o->b, ", ");
		}
		lc_buf_puts(&o->b, "]");
		return;
	}
	lc_buf_puts(&o->b, "\nAssumptions and formulas:\n");
	for (; *lines; lines++)
		lc_buf_printf(&o->b, "  %s\n", *lines);
}

void plan_out_end(plan_out *o)
{
	if (o->json)
		lc_buf_puts(&o->b, ", \"currency\": \"USD\"}\n");
	if (o->b.data)
		fputs(o->b.data, stdout);
	lc_buf_free(&o->b);
}
