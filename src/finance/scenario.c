/*
 * scenario.c - reading an investment scenario from YAML (format: docs/formats/scenario.md).
 *
 * libyaml loads the document into a node tree that keeps line numbers; this file walks it,
 * checks every field and distribution, and builds the model of model.h. All checking happens
 * here, before any computation: an error names file:line and the field ("scenario.yaml:14:
 * 'growth' must be a percentage (e.g. 5%)"). Amounts are parsed exactly with lc_money_parse.
 * Limits: 4 MiB of text, FIN_MAX_* lines, inputs, alternatives and gates.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "core/yamldoc.h"
#include "estimate.h"
#include "model.h"

#define MAX_TEXT (4u << 20)

typedef struct ctx {
	const char *file;
	lc_error *err;
	yaml_document_t *doc;
	lc_scenario *sc;
	int cap_inputs, cap_lines;
} ctx;

static int fail(ctx *c, const yaml_node_t *n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int fail(ctx *c, const yaml_node_t *n, const char *fmt, ...)
{
	char msg[LC_ERRMSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	/* No node (an empty document has no root): the file's first line. */
	return lc_error_set(c->err, LC_PARSE, "%s:%lu: %s", c->file,
			    n ? (unsigned long)n->start_mark.line + 1 : 1UL, msg);
}

static const char *scalar(const yaml_node_t *n)
{
	return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

static yaml_node_t *node(ctx *c, int id) { return yaml_document_get_node(c->doc, id); }

/* ------------------------------------------------------------------ scalars */

static int get_string(ctx *c, const yaml_node_t *n, const char *key, char *dst, size_t cap)
{
	const char *s = scalar(n);
	if (!s)
		return fail(c, n, "'%s' must be a string", key);
	if (strlen(s) >= cap)
		return fail(c, n, "'%s' is too long (at most %zu characters)", key, cap - 1);
	memcpy(dst, s, strlen(s) + 1);
	return 0;
}

static int get_int(ctx *c, const yaml_node_t *n, const char *key, int lo, int hi, int *out)
{
	const char *s = scalar(n);
	char *end;
	long v;

	if (!s || !*s)
		return fail(c, n, "'%s' must be a whole number", key);
	v = strtol(s, &end, 10);
	if (*end)
		return fail(c, n, "'%s' must be a whole number", key);
	if (v < lo || v > hi)
		return fail(c, n, "'%s' must be between %d and %d", key, lo, hi);
	*out = (int)v;
	return 0;
}

static int get_bool(ctx *c, const yaml_node_t *n, const char *key, int *out)
{
	const char *s = scalar(n);
	if (s && (!strcmp(s, "true") || !strcmp(s, "yes")))
		return *out = 1, 0;
	if (s && (!strcmp(s, "false") || !strcmp(s, "no")))
		return *out = 0, 0;
	return fail(c, n, "'%s' must be true or false", key);
}

/* An exact decimal, optionally with a '%' suffix (then divided by 100 exactly). pct: 1 the
 * suffix is required, 0 it is allowed. */
static int get_number(ctx *c, const yaml_node_t *n, const char *key, int pct, lc_money *exact,
		      double *out)
{
	const char *s = scalar(n);
	size_t len;
	lc_money m;
	int has_pct;

	if (!s || !*s)
		return fail(c, n, pct ? "'%s' must be a percentage (e.g. 5%%)" : "'%s' must be a number",
			    key);
	len = strlen(s);
	has_pct = s[len - 1] == '%';
	if (pct && !has_pct)
		return fail(c, n, "'%s' must be a percentage (e.g. 5%%)", key);
	if (lc_money_parse(s, len - (size_t)has_pct, &m) != 0)
		return fail(c, n, pct ? "'%s' must be a percentage (e.g. 5%%)" : "'%s' must be a number",
			    key);
	if (has_pct && lc_money_mul_ratio(m, 1, 100, &m) != 0)
		return fail(c, n, "'%s' is out of range", key);
	if (exact)
		*exact = m;
	*out = lc_fin_double(m);
	return 0;
}

/* ------------------------------------------------------------------ inputs */

static const struct {
	const char *name;
	lc_dist_kind kind;
	int nparams;
	const char *params;
} dists[] = {
	{"triangular", LC_DIST_TRIANGULAR, 3, "[min, mode, max]"},
	{"pert", LC_DIST_PERT, 3, "[min, mode, max]"},
	{"normal", LC_DIST_NORMAL, 2, "[mean, sd]"},
	{"lognormal", LC_DIST_LOGNORMAL, 2, "[mean, sd]"},
	{"uniform", LC_DIST_UNIFORM, 2, "[min, max]"},
};

static int new_input(ctx *c, const yaml_node_t *n, const char *line, const char *key, int *idx)
{
	lc_scenario *sc = c->sc;
	fin_input *in;

	if (sc->ninputs >= FIN_MAX_INPUTS)
		return fail(c, n, "too many inputs (at most %d)", FIN_MAX_INPUTS);
	if (sc->ninputs == c->cap_inputs) {
		int cap = c->cap_inputs ? c->cap_inputs * 2 : 32;
		fin_input *p = realloc(sc->inputs, (size_t)cap * sizeof *p);
		if (!p)
			return lc_error_set(c->err, LC_NOMEM, "out of memory");
		sc->inputs = p;
		c->cap_inputs = cap;
	}
	in = &sc->inputs[sc->ninputs];
	memset(in, 0, sizeof *in);
	snprintf(in->label, sizeof in->label, "%s: %s", line, key);
	in->line_no = (int)n->start_mark.line + 1;
	*idx = sc->ninputs++;
	return 0;
}

/* A field value: a number (exact) or a one-key mapping {kind: [params...]} (with an
 * optional `lambda` for pert). Adds an input and returns its index. */
static int get_input(ctx *c, const yaml_node_t *n, const char *line, const char *key, int *idx)
{
	fin_input *in;
	yaml_node_pair_t *pr;
	const yaml_node_t *list = NULL;
	size_t d = sizeof dists / sizeof dists[0], k;
	int rc;

	if ((rc = new_input(c, n, line, key, idx)))
		return rc;
	in = &c->sc->inputs[*idx];
	if (n->type == YAML_SCALAR_NODE) {
		in->dist.kind = LC_DIST_FIXED;
		if ((rc = get_number(c, n, key, 0, &in->exact, &in->dist.p[0])))
			return rc;
		in->base = in->dist.p[0];
		return 0;
	}
	if (n->type != YAML_MAPPING_NODE)
		return fail(c, n, "'%s' must be a number or a distribution such as {pert: [1, 2, 4]}",
			    key);
	for (pr = n->data.mapping.pairs.start; pr < n->data.mapping.pairs.top; pr++) {
		const char *name = scalar(node(c, pr->key));
		yaml_node_t *v = node(c, pr->value);
		if (name && strcmp(name, "lambda") == 0) {
			if ((rc = get_number(c, v, "lambda", 0, NULL, &in->dist.p[3])))
				return rc;
			if (in->dist.p[3] <= 0)
				return fail(c, v, "'%s': lambda must be positive", key);
			continue;
		}
		for (d = 0; name && d < sizeof dists / sizeof dists[0]; d++)
			if (strcmp(name, dists[d].name) == 0)
				break;
		if (!name || d == sizeof dists / sizeof dists[0])
			return fail(c, v, "'%s': unknown distribution '%s' (triangular, pert, normal, "
					  "lognormal, uniform)", key, name ? name : "?");
		if (list)
			return fail(c, v, "'%s': one distribution per value", key);
		list = v;
		in->dist.kind = dists[d].kind;
	}
	if (!list)
		return fail(c, n, "'%s': a distribution needs a kind, e.g. {pert: [1, 2, 4]}", key);
	if (in->dist.p[3] != 0 && in->dist.kind != LC_DIST_PERT)
		return fail(c, n, "'%s': lambda is for pert distributions", key);
	for (d = 0; dists[d].kind != in->dist.kind; d++)
		;
	if (list->type != YAML_SEQUENCE_NODE ||
	    list->data.sequence.items.top - list->data.sequence.items.start != dists[d].nparams)
		return fail(c, list, "'%s': %s takes %s", key, dists[d].name, dists[d].params);
	for (k = 0; k < (size_t)dists[d].nparams; k++) {
		yaml_node_t *v = node(c, list->data.sequence.items.start[k]);
		if ((rc = get_number(c, v, key, 0, NULL, &in->dist.p[k])))
			return rc;
	}
	if (lc_dist_init(&in->dist, c->err) != 0)
		return lc_error_prefix(c->err, "%s:%lu: '%s': impossible %s distribution: ", c->file,
				       (unsigned long)list->start_mark.line + 1, key, dists[d].name),
		       c->err ? c->err->code : LC_RANGE;
	in->base = lc_dist_base(&in->dist);
	return 0;
}

/* ------------------------------------------------------------------ lines */

static const char *const cost_categories[] = {"development", "deployment", "operations", "talent",
					      NULL};
static const char *const drivers[] = {"efficiency", "quality", "revenue", "retention", NULL};
static const char *const kinds[] = {"direct", "indirect", "opportunity", NULL};

static const char *pick(const char *const *set, const char *s)
{
	int i;
	for (i = 0; s && set[i]; i++)
		if (strcmp(set[i], s) == 0)
			return set[i];
	return NULL;
}

/* Every field any line may have; which ones a given line takes is checked in parse_line. */
static int known_field(const char *key)
{
	static const char *const fields[] = {"name", "category", "driver", "kind", "start", "end",
		"month", "growth", "tokens", "ramp", "source", "model", "tag", "adoption", "once",
		"monthly", "yearly", "role", "headcount", "loaded_cost", "hours", "rate",
		"errors_avoided", "cost_per_error", "customers", "value_per_customer", "margin",
		"note", "gpu", "tp", "gpus", "precision", "method", "lora_rank", "dataset_tokens",
		"epochs", "tokens_per_month", "utilization", "input_tokens", "output_tokens",
		"price_per_gpu_hour", NULL};
	return pick(fields, key) != NULL;
}

static int add_field(ctx *c, fin_line *l, const yaml_node_t *v, const char *key)
{
	int rc, idx = 0;
	if (l->nfields >= FIN_MAX_FIELDS)
		return fail(c, v, "'%s': too many amount fields on one line", key);
	if ((rc = get_input(c, v, l->name, key, &idx)))
		return rc;
	l->field[l->nfields++] = idx;
	return 0;
}

/* A key given twice in one mapping would leave one of the values silently unused. */
static int check_unique(ctx *c, const yaml_node_t *map)
{
	yaml_node_pair_t *a, *b;
	for (a = map->data.mapping.pairs.start; a < map->data.mapping.pairs.top; a++) {
		const char *ka = scalar(node(c, a->key));
		for (b = map->data.mapping.pairs.start; ka && b < a; b++) {
			const char *kb = scalar(node(c, b->key));
			if (kb && strcmp(ka, kb) == 0)
				return fail(c, node(c, a->key), "'%s' is given twice", ka);
		}
	}
	return 0;
}

static yaml_node_t *lookup(ctx *c, const yaml_node_t *map, const char *key)
{
	yaml_node_pair_t *pr;
	for (pr = map->data.mapping.pairs.start; pr < map->data.mapping.pairs.top; pr++) {
		const char *k = scalar(node(c, pr->key));
		if (k && strcmp(k, key) == 0)
			return node(c, pr->value);
	}
	return NULL;
}

/* Fields a line needs, in the order they multiply, per category/driver. */
static const char *const *needs(int benefit, const char *cat)
{
	static const char *const talent[] = {"headcount", "loaded_cost", NULL};
	static const char *const efficiency[] = {"hours", "rate", NULL};
	static const char *const quality[] = {"errors_avoided", "cost_per_error", NULL};
	static const char *const retention[] = {"customers", "value_per_customer", NULL};
	static const char *const none[] = {NULL};
	if (!benefit && strcmp(cat, "talent") == 0)
		return talent;
	if (benefit && strcmp(cat, "efficiency") == 0)
		return efficiency;
	if (benefit && strcmp(cat, "quality") == 0)
		return quality;
	if (benefit && strcmp(cat, "retention") == 0)
		return retention;
	return none;
}

static int parse_ramp(ctx *c, fin_line *l, const yaml_node_t *n)
{
	yaml_node_t *v;
	const char *shape;
	int rc;

	if (n->type != YAML_MAPPING_NODE)
		return fail(c, n, "'ramp' must be a mapping such as {shape: linear, months: 6}");
	v = lookup(c, n, "shape");
	shape = scalar(v);
	if (!shape || (strcmp(shape, "linear") && strcmp(shape, "s-curve")))
		return fail(c, v ? v : n, "'ramp.shape' must be linear or s-curve");
	l->ramp = shape[0] == 'l' ? 1 : 2;
	l->ramp_from = l->start;
	if ((v = lookup(c, n, "from")) && (rc = get_int(c, v, "ramp.from", 0, FIN_MAX_MONTHS, &l->ramp_from)))
		return rc;
	if (!(v = lookup(c, n, "months")))
		return fail(c, n, "'ramp' needs 'months'");
	return get_int(c, v, "ramp.months", 1, FIN_MAX_MONTHS, &l->ramp_months);
}

static int new_line(ctx *c, const yaml_node_t *n, int *idx)
{
	lc_scenario *sc = c->sc;
	if (sc->nlines >= FIN_MAX_LINES)
		return fail(c, n, "too many lines (at most %d)", FIN_MAX_LINES);
	if (sc->nlines == c->cap_lines) {
		int cap = c->cap_lines ? c->cap_lines * 2 : 16;
		fin_line *p = realloc(sc->lines, (size_t)cap * sizeof *p);
		if (!p)
			return lc_error_set(c->err, LC_NOMEM, "out of memory");
		sc->lines = p;
		c->cap_lines = cap;
	}
	memset(&sc->lines[sc->nlines], 0, sizeof sc->lines[0]);
	*idx = sc->nlines++;
	return 0;
}

/* ------------------------------------------------------------------ estimator lines */

static const char *const plan_fields[] = {"gpu", "tp", "gpus", "precision", "method", "lora_rank",
	"dataset_tokens", "epochs", "tokens_per_month", "utilization", "input_tokens",
	"output_tokens", "price_per_gpu_hour", NULL};

/* A positive count written as an exact decimal ("2e9", "150000000"). */
static int get_count(ctx *c, const yaml_node_t *n, const char *key, double *out)
{
	int rc = get_number(c, n, key, 0, NULL, out);
	if (rc == 0 && !(*out > 0))
		return fail(c, n, "'%s' must be positive", key);
	return rc;
}

/* `source: plan serve` (a monthly amount) or `source: plan finetune` (a one-off amount):
 * read the estimator's inputs, run it, and return the amount. Unknown models and GPUs are
 * missing references, refused here with the line. */
static int parse_plan(ctx *c, const yaml_node_t *n, fin_line *l, int finetune, lc_money *amount)
{
	fin_plan_req q;
	yaml_node_t *v;
	const char *s;
	lc_error e = {0};
	double x;
	int rc, i;

	memset(&q, 0, sizeof q);
	q.finetune = finetune;
	for (i = 0; plan_fields[i]; i++) {
		static const char *const serve_only[] = {"tp", "precision", "tokens_per_month",
			"utilization", "input_tokens", "output_tokens", NULL};
		static const char *const ft_only[] = {"gpus", "method", "lora_rank", "dataset_tokens",
			"epochs", NULL};
		v = lookup(c, n, plan_fields[i]);
		if (v && pick(finetune ? serve_only : ft_only, plan_fields[i]))
			return fail(c, v, "'%s' is not a field of a 'plan %s' line", plan_fields[i],
				    finetune ? "finetune" : "serve");
	}
	if (!(v = lookup(c, n, "model")))
		return fail(c, n, "'%s': a plan line needs 'model' (see 'llmcost plan models')", l->name);
	if ((rc = get_string(c, v, "model", q.model, sizeof q.model)))
		return rc;
	if ((v = lookup(c, n, "gpu")) && (rc = get_string(c, v, "gpu", q.gpu, sizeof q.gpu)))
		return rc;
	if ((v = lookup(c, n, "tp")) && (rc = get_int(c, v, "tp", 1, 64, &q.tp)))
		return rc;
	if ((v = lookup(c, n, "gpus")) && (rc = get_int(c, v, "gpus", 1, 100000, &q.gpus)))
		return rc;
	if ((v = lookup(c, n, "lora_rank")) && (rc = get_int(c, v, "lora_rank", 1, 65536, &q.rank)))
		return rc;
	if ((v = lookup(c, n, "input_tokens")) &&
	    (rc = get_int(c, v, "input_tokens", 1, 10000000, &q.input_tokens)))
		return rc;
	if ((v = lookup(c, n, "output_tokens")) &&
	    (rc = get_int(c, v, "output_tokens", 1, 10000000, &q.output_tokens)))
		return rc;
	if ((v = lookup(c, n, "precision"))) {
		if (!(s = scalar(v)) || lc_precision_parse(s, &q.precision) != 0)
			return fail(c, v, "'precision' must be fp32, bf16, fp16, fp8, int8, int4 or fp4");
		q.has_precision = 1;
	}
	q.method = LC_FT_LORA;
	if ((v = lookup(c, n, "method"))) {
		s = scalar(v);
		if (s && strcmp(s, "full") == 0)
			q.method = LC_FT_FULL;
		else if (s && strcmp(s, "qlora") == 0)
			q.method = LC_FT_QLORA;
		else if (!s || strcmp(s, "lora") != 0)
			return fail(c, v, "'method' must be full, lora or qlora");
	}
	if ((v = lookup(c, n, "utilization"))) {
		if ((rc = get_number(c, v, "utilization", 0, NULL, &q.utilization)))
			return rc;
		if (!(q.utilization > 0 && q.utilization <= 1))
			return fail(c, v, "'utilization' must be in (0%%, 100%%]");
	}
	if ((v = lookup(c, n, "epochs")) && (rc = get_count(c, v, "epochs", &q.epochs)))
		return rc;
	if ((v = lookup(c, n, "price_per_gpu_hour"))) {
		if ((rc = get_number(c, v, "price_per_gpu_hour", 0, &q.price, &x)))
			return rc;
		if (x < 0)
			return fail(c, v, "'price_per_gpu_hour' must not be negative");
		q.has_price = 1;
	}
	if (!q.has_price && strcmp(c->sc->currency, "USD") != 0)
		return fail(c, n, "'%s': the GPU catalog prices are in USD; give 'price_per_gpu_hour' "
				  "in %s", l->name, c->sc->currency);
	if (finetune) {
		if (!(v = lookup(c, n, "dataset_tokens")))
			return fail(c, n, "'%s': a plan finetune line needs 'dataset_tokens'", l->name);
		if ((rc = get_count(c, v, "dataset_tokens", &q.dataset_tokens)))
			return rc;
	} else {
		if (!(v = lookup(c, n, "tokens_per_month")))
			return fail(c, n, "'%s': a plan serve line needs 'tokens_per_month'", l->name);
		if ((rc = get_count(c, v, "tokens_per_month", &q.tokens_per_month)))
			return rc;
	}
	if ((rc = fin_plan_amount(&q, amount, &e)))
		return lc_error_set(c->err, rc, "%s:%lu: '%s': plan %s: %s", c->file,
				    (unsigned long)n->start_mark.line + 1, l->name,
				    finetune ? "finetune" : "serve", e.msg);
	return 0;
}

/* A field whose value is known exactly (an estimator's amount), as an input. */
static int add_fixed_field(ctx *c, fin_line *l, const yaml_node_t *n, const char *key,
			   lc_money amount)
{
	int rc, idx;
	fin_input *in;
	if ((rc = new_input(c, n, l->name, key, &idx)))
		return rc;
	in = &c->sc->inputs[idx];
	in->dist.kind = LC_DIST_FIXED;
	in->exact = amount;
	in->dist.p[0] = in->base = lc_fin_double(amount);
	l->field[l->nfields++] = idx;
	return 0;
}

static int parse_line(ctx *c, const yaml_node_t *n, int benefit, int *idx)
{
	static const char *const amounts[] = {"once", "monthly", "yearly", NULL};
	const char *section = benefit ? "benefit" : "cost";
	const char *const *need;
	yaml_node_pair_t *pr;
	yaml_node_t *v;
	fin_line *l;
	const char *s, *amount = NULL;
	int rc, i, has_month = 0, plan = 0;

	if (n->type != YAML_MAPPING_NODE)
		return fail(c, n, "a %s line must be a mapping (name: ..., ...)", section);
	if ((rc = check_unique(c, n)) || (rc = new_line(c, n, idx)))
		return rc;
	l = &c->sc->lines[*idx];
	l->line_no = (int)n->start_mark.line + 1;
	l->benefit = benefit;
	l->end = c->sc->horizon - 1;
	l->scale = 1;
	if (!(v = lookup(c, n, "name")))
		return fail(c, n, "a %s line needs a 'name'", section);
	if ((rc = get_string(c, v, "name", l->name, sizeof l->name)))
		return rc;
	/* Unknown keys first: a typo must not pass silently. */
	for (pr = n->data.mapping.pairs.start; pr < n->data.mapping.pairs.top; pr++) {
		s = scalar(node(c, pr->key));
		if (!s || !known_field(s))
			return fail(c, node(c, pr->key), "'%s' is not a field of a %s line", s ? s : "?",
				    section);
		if (pick(amounts, s)) {
			if (amount)
				return fail(c, node(c, pr->key), "'%s': give one of once, monthly, yearly",
					    l->name);
			amount = pick(amounts, s);
		}
	}
	v = lookup(c, n, benefit ? "driver" : "category");
	s = scalar(v);
	l->category = pick(benefit ? drivers : cost_categories, s);
	if (!l->category)
		return fail(c, v ? v : n, benefit ? "'driver' must be one of efficiency, quality, revenue, "
						    "retention"
						  : "'category' must be one of development, deployment, "
						    "operations, talent");
	if (benefit && lookup(c, n, "category"))
		return fail(c, lookup(c, n, "category"), "benefit lines have a 'driver', not a 'category'");
	l->kind = "direct";
	if ((v = lookup(c, n, "kind")) && !(l->kind = pick(kinds, scalar(v))))
		return fail(c, v, "'kind' must be one of direct, indirect, opportunity");
	if ((v = lookup(c, n, "start")) && (rc = get_int(c, v, "start", 0, c->sc->horizon - 1, &l->start)))
		return rc;
	if ((v = lookup(c, n, "end")) && (rc = get_int(c, v, "end", 0, c->sc->horizon - 1, &l->end)))
		return rc;
	if (l->end < l->start)
		return fail(c, v, "'end' is before 'start'");
	if ((v = lookup(c, n, "month"))) {
		if ((rc = get_int(c, v, "month", 0, c->sc->horizon - 1, &l->month)))
			return rc;
		has_month = 1;
	}
	if ((v = lookup(c, n, "growth")) && (rc = get_number(c, v, "growth", 1, NULL, &l->growth)))
		return rc;
	if (l->growth <= -1)
		return fail(c, v, "'growth' must be above -100%%");
	if ((v = lookup(c, n, "tokens")) && (rc = get_bool(c, v, "tokens", &l->tokens)))
		return rc;
	if ((v = lookup(c, n, "ramp")) && (rc = parse_ramp(c, l, v)))
		return rc;

	need = needs(benefit, l->category);
	/* Where the amount comes from. */
	if ((v = lookup(c, n, "source"))) {
		s = scalar(v);
		if (s && strcmp(s, "ledger") == 0) {
			yaml_node_t *m = lookup(c, n, "model"), *t = lookup(c, n, "tag");
			if (benefit)
				return fail(c, v, "'source: ledger' is for cost lines");
			if (!m && !t)
				return fail(c, v, "'%s': a ledger line needs 'model' or 'tag'", l->name);
			if (m && (rc = get_string(c, m, "model", l->model, sizeof l->model)))
				return rc;
			if (t && (rc = get_string(c, t, "tag", l->tag, sizeof l->tag)))
				return rc;
			if (!amount || strcmp(amount, "monthly"))
				return fail(c, v, "'%s': a ledger line needs its planned 'monthly' amount", l->name);
			l->ledger = 1;
		} else if (s && (strcmp(s, "plan serve") == 0 || strcmp(s, "plan finetune") == 0)) {
			lc_money est;
			int ft = s[5] == 'f';
			if (benefit || strcmp(l->category, "talent") == 0)
				return fail(c, v, "'source: %s' is for development, deployment or "
						  "operations cost lines", s);
			if (amount)
				return fail(c, lookup(c, n, amount), "'%s': the amount of a plan line comes "
								     "from the estimator; remove '%s'",
					    l->name, amount);
			if (lookup(c, n, "tag"))
				return fail(c, lookup(c, n, "tag"), "'tag' belongs to 'source: ledger' lines");
			plan = 1;
			if ((rc = parse_plan(c, n, l, ft, &est)) || (rc = add_fixed_field(c, l, v, s, est)))
				return rc;
			if (ft) {
				l->one_off = 1;
				if (!has_month)
					l->month = l->start;
			} else if (has_month)
				return fail(c, lookup(c, n, "month"), "'month' is for one-off amounts; use "
								      "'start' and 'end'");
			goto extras;
		} else
			return fail(c, v, "'source' must be ledger, plan serve or plan finetune (got '%s')",
				    s ? s : "?");
	} else if (lookup(c, n, "model") || lookup(c, n, "tag"))
		return fail(c, lookup(c, n, "model") ? lookup(c, n, "model") : lookup(c, n, "tag"),
			    "'model' and 'tag' belong to 'source: ledger' lines");

	if (need[0]) {
		if (amount)
			return fail(c, lookup(c, n, amount), "'%s': a %s line takes %s and %s, not '%s'",
				    l->name, l->category, need[0], need[1], amount);
		for (i = 0; need[i]; i++) {
			if (!(v = lookup(c, n, need[i])))
				return fail(c, n, "'%s': a %s line needs '%s'", l->name, l->category, need[i]);
			if ((rc = add_field(c, l, v, need[i])))
				return rc;
		}
		if (!benefit) /* talent: loaded cost is per year */
			l->scale = 1.0 / 12;
	} else {
		if (!amount)
			return fail(c, n, "'%s' needs an amount: once, monthly or yearly", l->name);
		if ((rc = add_field(c, l, lookup(c, n, amount), amount)))
			return rc;
		if (strcmp(amount, "once") == 0) {
			l->one_off = 1;
			if (!has_month)
				l->month = l->start;
		} else if (has_month)
			return fail(c, lookup(c, n, "month"), "'month' is for one-off ('once') amounts; "
							      "use 'start' and 'end'");
		if (strcmp(amount, "yearly") == 0)
			l->scale = 1.0 / 12;
	}
extras:
	if ((v = lookup(c, n, "margin")) && (rc = add_field(c, l, v, "margin")))
		return rc;
	if ((v = lookup(c, n, "adoption")) && (rc = add_field(c, l, v, "adoption")))
		return rc;
	/* Fields of other categories are refused rather than ignored. */
	for (pr = n->data.mapping.pairs.start; pr < n->data.mapping.pairs.top; pr++) {
		static const char *const specific[] = {"headcount", "loaded_cost", "hours", "rate",
			"errors_avoided", "cost_per_error", "customers", "value_per_customer", NULL};
		s = scalar(node(c, pr->key));
		if (pick(specific, s) && !pick(need, s))
			return fail(c, node(c, pr->key), "'%s' is not a field of a %s line", s,
				    l->category);
		if (s && strcmp(s, "margin") == 0 && strcmp(l->category, "revenue"))
			return fail(c, node(c, pr->key), "'margin' is for revenue lines");
		if (s && strcmp(s, "role") == 0 && strcmp(l->category, "talent"))
			return fail(c, node(c, pr->key), "'role' is for talent lines");
		if (pick(plan_fields, s) && !plan)
			return fail(c, node(c, pr->key), "'%s' is for 'source: plan ...' lines", s);
	}
	return 0;
}

static int parse_lines(ctx *c, const yaml_node_t *seq, int benefit, fin_alt *alt)
{
	yaml_node_item_t *it;
	int rc, idx = 0;

	if (seq->type != YAML_SEQUENCE_NODE)
		return fail(c, seq, "'%s' must be a list of lines", benefit ? "benefits" : "costs");
	for (it = seq->data.sequence.items.start; it < seq->data.sequence.items.top; it++) {
		int *p;
		if ((rc = parse_line(c, node(c, *it), benefit, &idx)))
			return rc;
		p = realloc(alt->lines, (size_t)(alt->nlines + 1) * sizeof *p);
		if (!p)
			return lc_error_set(c->err, LC_NOMEM, "out of memory");
		alt->lines = p;
		alt->lines[alt->nlines++] = idx;
	}
	return 0;
}

/* ------------------------------------------------------------------ top level */

static int parse_gates(ctx *c, const yaml_node_t *seq)
{
	lc_scenario *sc = c->sc;
	yaml_node_item_t *it;
	int rc;

	if (seq->type != YAML_SEQUENCE_NODE)
		return fail(c, seq, "'gates' must be a list");
	for (it = seq->data.sequence.items.start; it < seq->data.sequence.items.top; it++) {
		yaml_node_t *g = node(c, *it), *v;
		fin_gate *gt;
		if (sc->ngates >= FIN_MAX_GATES)
			return fail(c, g, "too many gates (at most %d)", FIN_MAX_GATES);
		if (g->type != YAML_MAPPING_NODE)
			return fail(c, g, "a gate is a mapping {name, month, probability}");
		gt = &sc->gates[sc->ngates++];
		if (!(v = lookup(c, g, "name")) || (rc = get_string(c, v, "name", gt->name, sizeof gt->name)))
			return v ? rc : fail(c, g, "a gate needs a 'name'");
		if (!(v = lookup(c, g, "month")) ||
		    (rc = get_int(c, v, "month", 0, sc->horizon - 1, &gt->month)))
			return v ? rc : fail(c, g, "a gate needs a 'month'");
		if (!(v = lookup(c, g, "probability")) ||
		    (rc = get_number(c, v, "probability", 1, NULL, &gt->p)))
			return v ? rc : fail(c, g, "a gate needs a 'probability'");
		if (gt->p < 0 || gt->p > 1)
			return fail(c, v, "'probability' must be between 0%% and 100%%");
	}
	return 0;
}

static int parse_alternatives(ctx *c, const yaml_node_t *seq, const fin_alt *shared)
{
	lc_scenario *sc = c->sc;
	yaml_node_item_t *it;
	int rc, i;

	if (seq->type != YAML_SEQUENCE_NODE)
		return fail(c, seq, "'alternatives' must be a list");
	for (it = seq->data.sequence.items.start; it < seq->data.sequence.items.top; it++) {
		yaml_node_t *a = node(c, *it), *v;
		yaml_node_pair_t *pr;
		fin_alt *alt;
		if (sc->nalts >= FIN_MAX_ALTS)
			return fail(c, a, "too many alternatives (at most %d)", FIN_MAX_ALTS);
		if (a->type != YAML_MAPPING_NODE)
			return fail(c, a, "an alternative is a mapping {name, costs, benefits}");
		alt = &sc->alts[sc->nalts++];
		if (!(v = lookup(c, a, "name")))
			return fail(c, a, "an alternative needs a 'name'");
		if ((rc = get_string(c, v, "name", alt->name, sizeof alt->name)))
			return rc;
		for (i = 0; i < sc->nalts - 1; i++)
			if (strcmp(sc->alts[i].name, alt->name) == 0)
				return fail(c, v, "two alternatives named '%s'", alt->name);
		if (shared->nlines) {
			alt->lines = malloc((size_t)shared->nlines * sizeof *alt->lines);
			if (!alt->lines)
				return lc_error_set(c->err, LC_NOMEM, "out of memory");
			memcpy(alt->lines, shared->lines, (size_t)shared->nlines * sizeof *alt->lines);
			alt->nlines = shared->nlines;
		}
		for (pr = a->data.mapping.pairs.start; pr < a->data.mapping.pairs.top; pr++) {
			const char *k = scalar(node(c, pr->key));
			if (k && strcmp(k, "costs") == 0)
				rc = parse_lines(c, node(c, pr->value), 0, alt);
			else if (k && strcmp(k, "benefits") == 0)
				rc = parse_lines(c, node(c, pr->value), 1, alt);
			else if (k && (strcmp(k, "name") == 0 || strcmp(k, "note") == 0))
				rc = 0;
			else
				rc = fail(c, node(c, pr->key), "'%s' is not a field of an alternative",
					  k ? k : "?");
			if (rc)
				return rc;
		}
	}
	return 0;
}

static int parse_root(ctx *c, const yaml_node_t *root)
{
	static const char *const keys[] = {"title", "currency", "start", "horizon_months",
		"discount_rate", "token_price_decline", "roi_horizons", "gates", "costs", "benefits",
		"alternatives", "note", NULL};
	lc_scenario *sc = c->sc;
	fin_alt shared = {{0}, 0, NULL};
	yaml_node_pair_t *pr;
	yaml_node_t *v;
	lc_time_ms t;
	int rc = 0, i;

	if (!root || root->type != YAML_MAPPING_NODE)
		return fail(c, root, "a scenario is a mapping (title: ..., horizon_months: ..., ...)");
	if ((rc = check_unique(c, root)))
		return rc;
	for (pr = root->data.mapping.pairs.start; pr < root->data.mapping.pairs.top; pr++) {
		const char *k = scalar(node(c, pr->key));
		if (!pick(keys, k))
			return fail(c, node(c, pr->key), "'%s' is not a scenario field", k ? k : "?");
	}
	if ((v = lookup(c, root, "title")) && (rc = get_string(c, v, "title", sc->title, sizeof sc->title)))
		return rc;
	memcpy(sc->currency, "USD", 4);
	if ((v = lookup(c, root, "currency"))) {
		const char *s = scalar(v);
		if (!s || strlen(s) != 3 || s[0] < 'A' || s[0] > 'Z' || s[1] < 'A' || s[1] > 'Z' ||
		    s[2] < 'A' || s[2] > 'Z')
			return fail(c, v, "'currency' must be a three-letter code such as USD");
		memcpy(sc->currency, s, 4);
	}
	if (!(v = lookup(c, root, "start")))
		return fail(c, root, "missing 'start' (the first month, YYYY-MM-DD)");
	if (!scalar(v) || strlen(scalar(v)) != 10 || lc_time_parse(scalar(v), 10, 0, &t) != 0)
		return fail(c, v, "'start' must be a date YYYY-MM-DD");
	memcpy(sc->start, scalar(v), 11);
	if (!(v = lookup(c, root, "horizon_months")))
		return fail(c, root, "missing 'horizon_months'");
	if ((rc = get_int(c, v, "horizon_months", 1, FIN_MAX_MONTHS, &sc->horizon)))
		return rc;
	if (!(v = lookup(c, root, "discount_rate")))
		return fail(c, root, "missing 'discount_rate' (annual, e.g. 10%%)");
	if ((rc = get_number(c, v, "discount_rate", 1, NULL, &sc->rate)))
		return rc;
	if (sc->rate <= -1)
		return fail(c, v, "'discount_rate' must be above -100%%");
	if ((v = lookup(c, root, "token_price_decline"))) {
		if ((rc = get_number(c, v, "token_price_decline", 1, NULL, &sc->price_decline)))
			return rc;
		if (sc->price_decline < 0 || sc->price_decline >= 1)
			return fail(c, v, "'token_price_decline' must be in [0%%, 100%%)");
	}
	sc->roi_h[0] = 12, sc->roi_h[1] = 36, sc->roi_h[2] = 60;
	if ((v = lookup(c, root, "roi_horizons"))) {
		if (v->type != YAML_SEQUENCE_NODE ||
		    v->data.sequence.items.top - v->data.sequence.items.start != LC_ROI_HORIZONS)
			return fail(c, v, "'roi_horizons' must list three month counts (short, mid, long)");
		for (i = 0; i < LC_ROI_HORIZONS; i++)
			if ((rc = get_int(c, node(c, v->data.sequence.items.start[i]), "roi_horizons", 1,
					  FIN_MAX_MONTHS, &sc->roi_h[i])))
				return rc;
	}
	if ((v = lookup(c, root, "gates")) && (rc = parse_gates(c, v)))
		return rc;
	if ((v = lookup(c, root, "costs")) && (rc = parse_lines(c, v, 0, &shared)))
		goto out;
	if ((v = lookup(c, root, "benefits")) && (rc = parse_lines(c, v, 1, &shared)))
		goto out;
	if ((v = lookup(c, root, "alternatives"))) {
		if ((rc = parse_alternatives(c, v, &shared)))
			goto out;
	}
	if (sc->nalts == 0) {
		sc->nalts = 1;
		snprintf(sc->alts[0].name, sizeof sc->alts[0].name, "%s", "base");
		sc->alts[0].lines = shared.lines;
		sc->alts[0].nlines = shared.nlines;
		shared.lines = NULL;
	}
	for (i = 0; i < sc->nalts; i++)
		if (sc->alts[i].nlines == 0) {
			rc = fail(c, root, "alternative '%s' has no cost or benefit lines", sc->alts[i].name);
			goto out;
		}
out:
	free(shared.lines);
	return rc;
}

int lc_scenario_parse(const char *name, const char *text, size_t len, lc_scenario **out,
		      lc_error *err)
{
	yaml_document_t doc;
	lc_scenario *sc = NULL;
	ctx c = {name ? name : "scenario", err, &doc, NULL, 0, 0};
	int rc, have_doc = 0;

	*out = NULL;
	if (len > MAX_TEXT)
		return lc_error_set(err, LC_LIMIT, "%s: larger than %u bytes", c.file, MAX_TEXT);
	if ((rc = lc_yaml_load_one(c.file, text, len, &doc, err)))
		return rc;
	have_doc = 1;
	sc = calloc(1, sizeof *sc);
	if (!sc) {
		rc = lc_error_set(err, LC_NOMEM, "out of memory");
		goto out;
	}
	c.sc = sc;
	snprintf(sc->file, sizeof sc->file, "%s", c.file);
	rc = parse_root(&c, yaml_document_get_root_node(&doc));
	if (rc == 0)
		rc = fin_prepare(sc, err);
	if (rc == 0) {
		*out = sc;
		sc = NULL;
	}
out:
	lc_scenario_free(sc);
	if (have_doc)
		yaml_document_delete(&doc);
	return rc;
}

int lc_scenario_load(const char *path, lc_scenario **out, lc_error *err)
{
	char *text = NULL;
	size_t len = 0;
	int rc;

	*out = NULL;
	if ((rc = lc_read_file(path, MAX_TEXT, &text, &len, err)))
		return rc;
	rc = lc_scenario_parse(path, text, len, out, err);
	free(text);
	return rc;
}

void lc_scenario_free(lc_scenario *sc)
{
	int i;

	if (!sc)
		return;
	for (i = 0; i < sc->nlines; i++) {
		free(sc->lines[i].factor);
		free(sc->lines[i].has_actual);
		free(sc->lines[i].actual);
	}
	for (i = 0; i < sc->nalts; i++)
		free(sc->alts[i].lines);
	free(sc->lines);
	free(sc->inputs);
	free(sc->disc);
	free(sc);
}

/* ------------------------------------------------------------------ accessors */

const char *lc_scenario_title(const lc_scenario *sc) { return sc->title; }
const char *lc_scenario_currency(const lc_scenario *sc) { return sc->currency; }
int lc_scenario_horizon(const lc_scenario *sc) { return sc->horizon; }
double lc_scenario_rate(const lc_scenario *sc) { return sc->rate; }
const char *lc_scenario_start(const lc_scenario *sc) { return sc->start; }
int lc_scenario_alternatives(const lc_scenario *sc) { return sc->nalts; }
const char *lc_scenario_alt_name(const lc_scenario *sc, int alt) { return sc->alts[alt].name; }

int lc_scenario_ninputs(const lc_scenario *sc)
{
	int i, n = 0;
	for (i = 0; i < sc->ninputs; i++)
		n += sc->inputs[i].dist.kind != LC_DIST_FIXED;
	return n;
}
