/*
 * batch.c - files of saved responses: a JSONL of response bodies (or one body, or one SSE
 * stream), OpenAI Batch API output files and Anthropic Message Batches results.
 *
 * Batch lines are billed at the batch rate, so their records get LC_TIER_BATCH whatever
 * the body says (pitfall 14). Lines that carry no billed call - an OpenAI line with an
 * error or a non-200 status, an Anthropic result that errored, was canceled or expired -
 * produce no record and are not "invalid" either: nothing was charged for them.
 */
#include <stdio.h>
#include <string.h>

#include "usage/usage_int.h"

/* When a record has no id of its own: provider:source:line, unique within the file. */
static void fallback_id(lcu_file *f, const lcu_src *s, lc_usage *u)
{
	char line[24];
	const char *parts[3] = {u->provider, f->name, line};

	if (u->id[0])
		return;
	snprintf(line, sizeof line, "%lld", (long long)s->line);
	lcu_set_id(u, parts, 3);
}

/* f->user points at the lc_shape to expect. */
static int on_response(lcu_file *f, const lcu_src *s, json_object *v)
{
	lc_usage u;
	int rc;

	lc_usage_init(&u);
	if ((rc = lcu_from_value(s, v, *(const lc_shape *)f->user, f->hint, &u, f->err)) < 0)
		return lcu_bad(f, rc);
	fallback_id(f, s, &u);
	return lcu_emit(f, &u, s->line);
}

int lcu_parse_responses(lcu_file *f, lc_format fmt)
{
	static const lc_shape shapes[] = {LC_SHAPE_AUTO, LC_SHAPE_ANTHROPIC, LC_SHAPE_GEMINI};
	size_t i;

	for (i = 0; i < f->len && lcu_is_space(f->data[i]); i++)
		;
	if (i < f->len && f->data[i] != '{' && f->data[i] != '[') {
		/* a saved stream: the whole file is one response */
		lc_usage u;
		int rc = lc_usage_from_text(f->name, f->data, f->len, LC_SHAPE_AUTO, f->hint, &u,
					    f->err);
		if (rc < 0)
			return lcu_bad(f, rc);
		return lcu_emit(f, &u, 1);
	}
	f->user = &shapes[fmt == LC_FMT_ANTHROPIC ? 1 : fmt == LC_FMT_GEMINI ? 2 : 0];
	return lcu_each_json(f, on_response);
}

/* Tag the batch's custom_id (best effort: an over-long one is left out). */
static void batch_tags(lc_usage *u, json_object *line)
{
	const char *cid = lcu_cstr(line, "custom_id");

	u->tier = LC_TIER_BATCH;
	if (cid && *cid)
		lc_usage_set_tag(u, "custom_id", cid);
}

static int on_openai_batch(lcu_file *f, const lcu_src *s, json_object *v)
{
	json_object *resp, *body, *st;
	lc_usage u;
	int rc;

	if (!json_object_is_type(v, json_type_object))
		return lcu_bad(f, lcu_fail(s, 0, LC_PARSE, f->err, "expected a JSON object"));
	if (lcu_get(v, "error"))
		return LC_OK; /* failed request: not billed */
	resp = lcu_get(v, "response");
	if (!resp || !json_object_is_type(resp, json_type_object))
		return lcu_bad(f, lcu_fail(s, 0, LC_PARSE, f->err,
					   "missing field 'response' (not an OpenAI batch output line)"));
	st = lcu_get(resp, "status_code");
	if (st && (!json_object_is_type(st, json_type_int) || json_object_get_int64(st) != 200))
		return LC_OK;
	body = lcu_get(resp, "body");
	if (!body)
		return lcu_bad(f, lcu_fail_key(s, "response", LC_PARSE, f->err,
					       "missing field 'response.body'"));
	lc_usage_init(&u);
	if ((rc = lcu_from_value(s, body, LC_SHAPE_AUTO, f->hint, &u, f->err)) < 0)
		return lcu_bad(f, rc);
	if (!u.id[0] && (rc = lcu_take_id(s, v, "id", &u, f->err)) < 0)
		return lcu_bad(f, rc);
	batch_tags(&u, v);
	fallback_id(f, s, &u);
	return lcu_emit(f, &u, s->line);
}

int lcu_parse_openai_batch(lcu_file *f)
{
	return lcu_each_json(f, on_openai_batch);
}

static int on_anthropic_batch(lcu_file *f, const lcu_src *s, json_object *v)
{
	json_object *res, *msg;
	const char *type;
	lc_usage u;
	int rc;

	if (!json_object_is_type(v, json_type_object))
		return lcu_bad(f, lcu_fail(s, 0, LC_PARSE, f->err, "expected a JSON object"));
	res = lcu_get(v, "result");
	type = lcu_cstr(res, "type");
	if (!type)
		return lcu_bad(f, lcu_fail_key(s, "result", LC_PARSE, f->err,
					       "missing field 'result.type' (not an Anthropic "
					       "batch result line)"));
	if (strcmp(type, "succeeded") != 0)
		return LC_OK; /* errored / canceled / expired: not billed */
	msg = lcu_get(res, "message");
	if (!msg || !json_object_is_type(msg, json_type_object))
		return lcu_bad(f, lcu_fail_key(s, "result", LC_PARSE, f->err,
					       "missing field 'result.message'"));
	lc_usage_init(&u);
	if ((rc = lcu_norm_anthropic(s, msg, f->hint, &u, f->err)) < 0)
		return lcu_bad(f, rc);
	if (rc == 0)
		u.flags |= LC_USAGE_NO_USAGE;
	batch_tags(&u, v);
	fallback_id(f, s, &u);
	return lcu_emit(f, &u, s->line);
}

int lcu_parse_anthropic_batch(lcu_file *f)
{
	return lcu_each_json(f, on_anthropic_batch);
}
