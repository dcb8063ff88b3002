/*
 * admin.c - organization usage and cost exports: OpenAI's Usage API and Costs API pages,
 * Anthropic's Admin usage_report/messages and cost_report pages. All four are pages of
 * time buckets holding results; each result becomes one record stamped with its bucket's
 * start, with a dedup id made of the bucket start and every grouping field (so that
 * re-importing an overlapping download adds nothing).
 *
 * Unit traps (pitfall 15): OpenAI's amount.value is in DOLLARS (a JSON number); Anthropic's
 * cost amount is a decimal STRING in CENTS. Both are parsed exactly from their text, never
 * through a float. Cost records carry no tokens and say so (LC_USAGE_NO_USAGE).
 */
#include <ctype.h>
#include <string.h>

#include "usage/usage_int.h"

/* 1: emit u; 0: nothing billable in this result; <0: a bad result (err set). */
typedef int (*result_fn)(lcu_file *f, const lcu_src *s, json_object *r, lc_usage *u);

typedef struct bucket_rule {
	const char *start;     /* "start_time" (unix seconds) or "starting_at" (RFC 3339) */
	const char *id_prefix; /* first part of the dedup id */
	const char *const *group; /* grouping fields, NULL-terminated */
	result_fn fn;
} bucket_rule;

static int bucket_time(const lcu_src *s, json_object *b, const char *key, lc_time_ms *t,
		       lc_error *err)
{
	json_object *v = lcu_get(b, key);

	if (!v)
		return lcu_fail_key(s, key, LC_PARSE, err, "bucket without '%s'", key);
	if (json_object_is_type(v, json_type_int)) {
		int64_t sec = json_object_get_int64(v);
		if (sec < 0 || sec > INT64_C(100000000000))
			return lcu_fail_key(s, key, LC_PARSE, err, "'%s': time out of range", key);
		*t = sec * 1000;
		return LC_OK;
	}
	if (json_object_is_type(v, json_type_string)) {
		const char *txt = json_object_get_string(v);
		char c[48];
		int rc = lc_time_parse(txt, strlen(txt), 0, t);
		if (rc < 0)
			return lcu_fail_key(s, key, LC_PARSE, err,
					    "'%s': not an RFC 3339 time with a zone: \"%s\"", key,
					    lcu_clean(txt, c, sizeof c));
		return LC_OK;
	}
	return lcu_fail_key(s, key, LC_PARSE, err, "'%s': expected a time", key);
}

static int one_result(lcu_file *f, const lcu_src *s, const bucket_rule *br, json_object *b,
		      json_object *r, lc_time_ms t)
{
	const char *parts[16];
	lc_usage u;
	int n = 0, rc, i;

	if (!json_object_is_type(r, json_type_object))
		return lcu_fail_key(s, "results", LC_PARSE, f->err, "a result is not an object");
	lc_usage_init(&u);
	u.time = t;
	if ((rc = br->fn(f, s, r, &u)) <= 0)
		return rc;
	parts[n++] = br->id_prefix;
	parts[n++] = lcu_scalar(b, br->start);
	for (i = 0; br->group[i] && n < 16; i++)
		parts[n++] = lcu_scalar(r, br->group[i]);
	lcu_set_id(&u, parts, n);
	return lcu_emit(f, &u, s->line);
}

/* Walk page.data[].results[] with rule br. */
static int each_result(lcu_file *f, const lcu_src *s, json_object *page, const bucket_rule *br)
{
	json_object *data = lcu_get(page, "data");
	size_t i, j;
	int rc;

	if (!data || !json_object_is_type(data, json_type_array))
		return lcu_bad(f, lcu_fail(s, 0, LC_PARSE, f->err,
					   "not a page of buckets: no 'data' array"));
	for (i = 0; i < json_object_array_length(data); i++) {
		json_object *b = json_object_array_get_idx(data, i), *res;
		lc_time_ms t = 0;

		res = lcu_get(b, "results");
		if (!res || !json_object_is_type(res, json_type_array)) {
			rc = lcu_fail(s, 0, LC_PARSE, f->err, "bucket %zu has no 'results' array", i);
			if ((rc = lcu_bad(f, rc)) < 0)
				return rc;
			continue;
		}
		if ((rc = bucket_time(s, b, br->start, &t, f->err)) < 0) {
			if ((rc = lcu_bad(f, rc)) < 0)
				return rc;
			continue;
		}
		for (j = 0; j < json_object_array_length(res); j++) {
			rc = one_result(f, s, br, b, json_object_array_get_idx(res, j), t);
			if (rc < 0)
				rc = lcu_bad(f, rc);
			if (rc != 0)
				return rc;
		}
	}
	return LC_OK;
}

static void tag(lc_usage *u, const char *key, json_object *r, const char *path)
{
	const char *v = lcu_scalar(r, path);
	if (*v)
		lc_usage_set_tag(u, key, v); /* over-long values are left out */
}

/* ------------------------------------------------------------------ OpenAI */

static int openai_usage_result(lcu_file *f, const lcu_src *s, json_object *r, lc_usage *u)
{
	int64_t input, cached, written;
	json_object *batch;
	int rc;

	u->flags |= LC_USAGE_AGGREGATE; /* a bucket of requests, not one */
	if (!lcu_get(r, "input_tokens") && !lcu_get(r, "output_tokens"))
		return 0; /* images, audio seconds, vector-store bytes: no tokens to price */
	lcu_set_provider(u, f->hint, "openai");
	if ((rc = lcu_tokens(s, r, "input_tokens", 1, &input, f->err)) < 0 ||
	    (rc = lcu_tokens(s, r, "input_cached_tokens", 0, &cached, f->err)) < 0 ||
	    (rc = lcu_tokens(s, r, "input_cache_write_tokens", 0, &written, f->err)) < 0 ||
	    (rc = lcu_tokens(s, r, "output_tokens", 0, &u->output_tokens, f->err)) < 0 ||
	    (rc = lcu_split_input(s, "input_tokens", input, cached, written, u, f->err)) < 0 ||
	    (rc = lcu_str(s, r, "model", u->model, sizeof u->model, f->err)) < 0)
		return rc;
	lcu_set_tier(u, lcu_cstr(r, "service_tier"));
	batch = lcu_get(r, "batch");
	if (batch && json_object_is_type(batch, json_type_boolean) && json_object_get_boolean(batch))
		u->tier = LC_TIER_BATCH;
	tag(u, "project", r, "project_id");
	tag(u, "user", r, "user_id");
	tag(u, "key", r, "api_key_id");
	return 1;
}

/* Exact money from a JSON number or decimal string (its text, never a double). */
static int money_of(const lcu_src *s, json_object *v, const char *what, lc_money *m,
		    lc_error *err)
{
	const char *txt;
	char c[48];

	if (!v)
		return lcu_fail_kv(s, what, v, LC_PARSE, err, "missing field '%s'", what);
	if (json_object_is_type(v, json_type_int) &&
	    (json_object_get_uint64(v) == UINT64_MAX || json_object_get_int64(v) == INT64_MIN))
		/* json-c clamps an integer beyond 64 bits: its digits are lost */
		return lcu_fail_kv(s, what, v, LC_RANGE, err, "'%s': number too large", what);
	if (json_object_is_type(v, json_type_string))
		txt = json_object_get_string(v);
	else if (json_object_is_type(v, json_type_int) || json_object_is_type(v, json_type_double))
		txt = json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN);
	else
		return lcu_fail_kv(s, what, v, LC_PARSE, err, "'%s': expected an amount", what);
	if (lc_money_parse(txt, (size_t)-1, m) != LC_OK)
		return lcu_fail_kv(s, what, v, LC_PARSE, err, "'%s': not an exact decimal: \"%s\"",
				    what, lcu_clean(txt, c, sizeof c));
	return LC_OK;
}

static int set_currency(const lcu_src *s, lc_usage *u, const char *cur, lc_error *err)
{
	char c[24];
	size_t i;

	if (!cur)
		cur = "USD";
	if (strlen(cur) != 3)
		return lcu_fail_key(s, "currency", LC_PARSE, err, "bad currency \"%s\"",
				    lcu_clean(cur, c, 24));
	for (i = 0; i < 3; i++)
		u->source_currency[i] = (char)toupper((unsigned char)cur[i]);
	u->source_currency[3] = '\0';
	u->has_source_cost = 1;
	u->flags |= LC_USAGE_NO_USAGE;
	return LC_OK;
}

static int openai_cost_result(lcu_file *f, const lcu_src *s, json_object *r, lc_usage *u)
{
	const char *item = lcu_cstr(r, "line_item");
	int rc;

	lcu_set_provider(u, f->hint, "openai");
	if ((rc = money_of(s, lcu_get(r, "amount.value"), "amount.value", &u->source_cost,
			   f->err)) < 0 ||
	    (rc = set_currency(s, u, lcu_cstr(r, "amount.currency"), f->err)) < 0)
		return rc;
	if (item) {
		/* "gpt-4o-2024-08-06, input": the model is the part before the comma */
		const char *comma = strchr(item, ',');
		size_t n = comma ? (size_t)(comma - item) : strlen(item);
		if (n < sizeof u->model) {
			memcpy(u->model, item, n);
			u->model[n] = '\0';
		}
		tag(u, "line_item", r, "line_item");
	}
	tag(u, "project", r, "project_id");
	tag(u, "key", r, "api_key_id");
	return 1;
}

/* ------------------------------------------------------------------ Anthropic */

static int anthropic_usage_result(lcu_file *f, const lcu_src *s, json_object *r, lc_usage *u)
{
	int rc;

	lcu_set_provider(u, f->hint, "anthropic");
	if ((rc = lcu_tokens(s, r, "uncached_input_tokens", 1, &u->input_tokens, f->err)) < 0 ||
	    (rc = lcu_tokens(s, r, "cache_read_input_tokens", 0, &u->cache_read_tokens, f->err)) <
		    0 ||
	    (rc = lcu_tokens(s, r, "cache_creation.ephemeral_5m_input_tokens", 0,
			     &u->cache_write_5m_tokens, f->err)) < 0 ||
	    (rc = lcu_tokens(s, r, "cache_creation.ephemeral_1h_input_tokens", 0,
			     &u->cache_write_1h_tokens, f->err)) < 0 ||
	    (rc = lcu_tokens(s, r, "output_tokens", 1, &u->output_tokens, f->err)) < 0 ||
	    (rc = lcu_tokens(s, r, "server_tool_use.web_search_requests", 0,
			     &u->web_search_requests, f->err)) < 0 ||
	    (rc = lcu_str(s, r, "model", u->model, sizeof u->model, f->err)) < 0)
		return rc;
	lcu_set_tier(u, lcu_cstr(r, "service_tier"));
	{
		const char *speed = lcu_cstr(r, "speed");
		if (speed && strcmp(speed, "fast") == 0)
			u->flags |= LC_USAGE_FAST;
	}
	u->flags |= LC_USAGE_AGGREGATE; /* a bucket of requests: see context_window */
	tag(u, "context_window", r, "context_window");
	tag(u, "workspace", r, "workspace_id");
	tag(u, "key", r, "api_key_id");
	tag(u, "inference_geo", r, "inference_geo");
	return 1;
}

static int anthropic_cost_result(lcu_file *f, const lcu_src *s, json_object *r, lc_usage *u)
{
	lc_money cents;
	int rc;

	lcu_set_provider(u, f->hint, "anthropic");
	if ((rc = money_of(s, lcu_get(r, "amount"), "amount", &cents, f->err)) < 0)
		return rc;
	if (lc_money_scale10(cents, -2, &u->source_cost) != LC_OK) /* cents -> dollars */
		return lcu_fail_key(s, "amount", LC_RANGE, f->err, "'amount' out of range");
	if ((rc = set_currency(s, u, lcu_cstr(r, "currency"), f->err)) < 0 ||
	    (rc = lcu_str(s, r, "model", u->model, sizeof u->model, f->err)) < 0)
		return rc;
	lcu_set_tier(u, lcu_cstr(r, "service_tier"));
	tag(u, "cost_type", r, "cost_type");
	tag(u, "token_type", r, "token_type");
	tag(u, "context_window", r, "context_window");
	tag(u, "workspace", r, "workspace_id");
	tag(u, "description", r, "description");
	return 1;
}

static const char *const openai_usage_group[] = {"object", "project_id", "user_id",
						 "api_key_id", "model", "batch",
						 "service_tier", NULL};
static const char *const openai_cost_group[] = {"line_item", "project_id", "api_key_id", NULL};
static const char *const anthropic_usage_group[] = {
	"model", "service_tier", "context_window", "workspace_id", "api_key_id", "account_id",
	"service_account_id", "inference_geo", "speed", NULL};
static const char *const anthropic_cost_group[] = {
	"workspace_id", "model", "cost_type", "token_type", "service_tier", "context_window",
	"inference_geo", "speed", "description", NULL};

static const bucket_rule openai_usage = {"start_time", "openai-usage", openai_usage_group,
					 openai_usage_result};
static const bucket_rule openai_costs = {"start_time", "openai-cost", openai_cost_group,
					 openai_cost_result};
static const bucket_rule anthropic_usage = {"starting_at", "anthropic-usage",
					    anthropic_usage_group, anthropic_usage_result};
static const bucket_rule anthropic_costs = {"starting_at", "anthropic-cost",
					    anthropic_cost_group, anthropic_cost_result};

static int on_page(lcu_file *f, const lcu_src *s, json_object *v)
{
	return each_result(f, s, v, f->user);
}

int lcu_parse_admin(lcu_file *f, lc_format fmt)
{
	f->user = fmt == LC_FMT_OPENAI_USAGE	? &openai_usage
		  : fmt == LC_FMT_OPENAI_COSTS	? &openai_costs
		  : fmt == LC_FMT_ANTHROPIC_USAGE ? &anthropic_usage
						  : &anthropic_costs;
	return lcu_each_json(f, on_page);
}
