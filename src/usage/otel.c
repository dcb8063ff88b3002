/*
 * otel.c - OpenTelemetry traces in OTLP JSON (resourceSpans[].scopeSpans[].spans[], one
 * export per file or one per line as the collector's file exporter writes them): every
 * span with gen_ai.usage.* attributes becomes a record.
 *
 * The GenAI semantic conventions say gen_ai.usage.input_tokens SHOULD include cache reads
 * and writes, but instrumentations disagree (pitfall 3): when input < cache_read +
 * cache_creation the value cannot be inclusive, so it is taken as the uncached part.
 * Both attribute spellings are read (cache_read.input_tokens and the older
 * cache_read_input_tokens), and the deprecated prompt/completion names too. intValue is a
 * string in OTLP JSON (64-bit) but some exporters write a number: both are accepted.
 */
#include <string.h>

#include "usage/usage_int.h"

/* The value of attribute key: OTLP's [{key, value:{intValue|stringValue|...}}] or a plain
 * {key: value} map. Returns the inner typed value, NULL when absent. */
static json_object *attr(json_object *holder, const char *key)
{
	json_object *a = lcu_get(holder, "attributes"), *v;
	size_t i, n;

	if (!a)
		return NULL;
	if (json_object_is_type(a, json_type_object))
		return json_object_object_get_ex(a, key, &v) ? v : NULL;
	if (!json_object_is_type(a, json_type_array))
		return NULL;
	n = json_object_array_length(a);
	for (i = 0; i < n; i++) {
		json_object *kv = json_object_array_get_idx(a, i), *val;
		const char *k = lcu_cstr(kv, "key");
		if (!k || strcmp(k, key) != 0)
			continue;
		val = lcu_get(kv, "value");
		if (!val || !json_object_is_type(val, json_type_object))
			return val;
		json_object_object_foreach(val, vk, vv)
		{
			(void)vk;
			return vv; /* the one typed member: intValue, stringValue, ... */
		}
		return NULL;
	}
	return NULL;
}

static const char *attr_str(json_object *holder, const char *key)
{
	json_object *v = attr(holder, key);
	return v && json_object_is_type(v, json_type_string) ? json_object_get_string(v) : NULL;
}

/* First present of two spellings. Returns 1 present, 0 absent, <0 error. */
static int attr_tokens(const lcu_src *s, json_object *span, const char *k1, const char *k2,
		       int64_t *out, lc_error *err)
{
	json_object *v = attr(span, k1);
	const char *k = k1;

	if (!v && k2) {
		v = attr(span, k2);
		k = k2;
	}
	return lcu_tokens_lenient(s, v, k, out, err);
}

/* OTLP times: uint64 nanoseconds, a decimal string in OTLP JSON (a number from some). */
static int unix_nano_ms(json_object *v, lc_time_ms *out)
{
	const char *t;
	int64_t ns = 0;
	size_t i, n;

	if (json_object_is_type(v, json_type_int)) {
		ns = json_object_get_int64(v);
		if (ns < 0)
			return LC_PARSE;
		*out = ns / 1000000;
		return LC_OK;
	}
	if (!json_object_is_type(v, json_type_string))
		return LC_PARSE;
	t = json_object_get_string(v);
	n = strlen(t);
	if (n == 0 || n > 19)
		return LC_PARSE;
	for (i = 0; i < n; i++) {
		if (t[i] < '0' || t[i] > '9' || ns > (INT64_MAX - 9) / 10)
			return LC_PARSE;
		ns = ns * 10 + (t[i] - '0');
	}
	*out = ns / 1000000;
	return LC_OK;
}

static int span_usage(lcu_file *f, const lcu_src *s, json_object *span, const char *service,
		      lc_usage *u)
{
	int64_t input, output, cr, cw, rsn;
	int has_in, has_out, rc;
	const char *p, *t;
	json_object *tv;

	if ((has_in = attr_tokens(s, span, "gen_ai.usage.input_tokens",
				  "gen_ai.usage.prompt_tokens", &input, f->err)) < 0)
		return has_in;
	if ((has_out = attr_tokens(s, span, "gen_ai.usage.output_tokens",
				   "gen_ai.usage.completion_tokens", &output, f->err)) < 0)
		return has_out;
	if (!has_in && !has_out)
		return 0; /* not an LLM call span (or no usage recorded): nothing to bill */
	if ((rc = attr_tokens(s, span, "gen_ai.usage.cache_read.input_tokens",
			      "gen_ai.usage.cache_read_input_tokens", &cr, f->err)) < 0 ||
	    (rc = attr_tokens(s, span, "gen_ai.usage.cache_creation.input_tokens",
			      "gen_ai.usage.cache_creation_input_tokens", &cw, f->err)) < 0 ||
	    (rc = attr_tokens(s, span, "gen_ai.usage.reasoning.output_tokens", NULL, &rsn,
			      f->err)) < 0)
		return rc;
	/* inclusive as the spec says, unless the numbers prove otherwise */
	u->input_tokens = input >= cr + cw ? input - cr - cw : input;
	u->cache_read_tokens = cr;
	u->cache_write_5m_tokens = cw;
	u->output_tokens = rsn > output ? output + rsn : output;
	u->reasoning_tokens = rsn;

	p = attr_str(span, "gen_ai.provider.name");
	if (!p)
		p = attr_str(span, "gen_ai.system");
	lcu_set_provider(u, p ? p : f->hint, "unknown");
	t = attr_str(span, "gen_ai.response.model");
	if (!t)
		t = attr_str(span, "gen_ai.request.model");
	if (t && lcu_copy(u->model, sizeof u->model, t) != LC_OK)
		return lcu_fail_key(s, "gen_ai.response.model", LC_PARSE, f->err,
				    "model name longer than %zu bytes", sizeof u->model - 1);
	t = attr_str(span, "gen_ai.conversation.id");
	if (t)
		lcu_copy(u->session, sizeof u->session, t); /* an over-long id is left out */
	t = attr_str(span, "openai.response.service_tier");
	if (!t)
		t = attr_str(span, "gen_ai.openai.response.service_tier");
	lcu_set_tier(u, t);
	if (service && *service)
		lc_usage_set_tag(u, "service", service);

	t = attr_str(span, "gen_ai.response.id");
	if (t && *t) {
		const char *parts[2] = {u->provider, t};
		lcu_set_id(u, parts, 2); /* the same call imported from a response dedups */
	} else {
		const char *parts[3] = {"otel", lcu_scalar(span, "traceId"), lcu_scalar(span, "spanId")};
		lcu_set_id(u, parts, 3);
	}
	tv = lcu_get(span, "startTimeUnixNano");
	if (!tv) /* required by OTLP; without it the call would take the file's time */
		return lcu_fail(s, 0, LC_PARSE, f->err, "a span with usage has no 'startTimeUnixNano'");
	if (unix_nano_ms(tv, &u->time) != LC_OK)
		return lcu_fail_key(s, "startTimeUnixNano", LC_PARSE, f->err,
				    "'startTimeUnixNano': not a count of nanoseconds");
	return 1;
}

static int each_span(lcu_file *f, const lcu_src *s, json_object *scope, const char *service)
{
	json_object *spans = lcu_get(scope, "spans");
	size_t i, n;
	int rc;

	if (!spans || !json_object_is_type(spans, json_type_array))
		return LC_OK;
	n = json_object_array_length(spans);
	for (i = 0; i < n; i++) {
		lc_usage u;
		lc_usage_init(&u);
		rc = span_usage(f, s, json_object_array_get_idx(spans, i), service, &u);
		if (rc < 0 && (rc = lcu_bad(f, rc)) < 0)
			return rc;
		if (rc == 1 && (rc = lcu_emit(f, &u, s->line)) != 0)
			return rc;
	}
	return LC_OK;
}

static int on_export(lcu_file *f, const lcu_src *s, json_object *v)
{
	json_object *rs = lcu_get(v, "resourceSpans");
	size_t i, j;
	int rc;

	if (!rs || !json_object_is_type(rs, json_type_array))
		return lcu_bad(f, lcu_fail(s, 0, LC_PARSE, f->err,
					   "not an OTLP traces export: no 'resourceSpans' array"));
	for (i = 0; i < json_object_array_length(rs); i++) {
		json_object *r = json_object_array_get_idx(rs, i);
		json_object *ss = lcu_get(r, "scopeSpans");
		const char *service = attr_str(lcu_get(r, "resource"), "service.name");

		if (!ss)
			ss = lcu_get(r, "instrumentationLibrarySpans"); /* OTLP before 0.15 */
		if (!ss || !json_object_is_type(ss, json_type_array))
			continue;
		for (j = 0; j < json_object_array_length(ss); j++)
			if ((rc = each_span(f, s, json_object_array_get_idx(ss, j), service)) != 0)
				return rc;
	}
	return LC_OK;
}

int lcu_parse_otel(lcu_file *f)
{
	return lcu_each_json(f, on_export);
}
