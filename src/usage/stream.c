/*
 * stream.c - usage of one streamed response, accumulated event by event on top of the SSE
 * parser: OpenAI chat chunks (usage only in the last chunk, and only with include_usage),
 * Responses API events (usage in the terminal response.* event), Anthropic message_start +
 * cumulative message_delta (pitfall 9: replace, never add), Gemini chunks (last
 * usageMetadata wins). finish() says honestly how complete the stream was (pitfall 10).
 */
#include <string.h>

#include "usage/usage_int.h"

typedef struct feed_ctx {
	lc_stream_usage *s;
	json_tokener *tok;
	lc_error *err;
} feed_ctx;

void lc_stream_usage_init(lc_stream_usage *s, lc_shape shape, const char *hint_provider,
			  const char *name)
{
	memset(s, 0, sizeof *s);
	lc_sse_init(&s->sse, 0, 0);
	s->shape = shape;
	if (!hint_provider || lc_provider_normalize(hint_provider, s->hint) != LC_OK)
		s->hint[0] = '\0';
	if (!name || lcu_copy(s->name, sizeof s->name, name) != LC_OK)
		lcu_copy(s->name, sizeof s->name, "stream");
	lc_usage_init(&s->u);
}

void lc_stream_usage_free(lc_stream_usage *s)
{
	if (!s)
		return;
	lc_sse_free(&s->sse);
	if (s->tok)
		json_tokener_free(s->tok); /* not NULL-safe in json-c 0.16 */
	s->tok = NULL;
}

/* Set up the callback context; the tokener lives as long as the stream. */
static int ctx_init(lc_stream_usage *s, feed_ctx *fc, lc_error *err)
{
	if (!s->tok && !(s->tok = json_tokener_new_ex(64)))
		return lc_error_set(err, LC_NOMEM, "out of memory");
	fc->s = s;
	fc->tok = s->tok;
	fc->err = err;
	return LC_OK;
}

static int has_finish_reason(json_object *root)
{
	json_object *c = lcu_get(root, "candidates");
	size_t i, n;

	if (!c || !json_object_is_type(c, json_type_array))
		return 0;
	n = json_object_array_length(c);
	for (i = 0; i < n; i++)
		if (lcu_cstr(json_object_array_get_idx(c, i), "finishReason"))
			return 1;
	return 0;
}

/* One parsed event of a known shape. Returns <0 on error. */
static int apply(lc_stream_usage *s, const lcu_src *src, json_object *o, const char *evtype,
		 lc_error *err)
{
	const char *hint = s->hint[0] ? s->hint : NULL;
	const char *type = lcu_cstr(o, "type");
	json_object *v;
	int rc = 0;

	if (!type)
		type = evtype;
	if (lcu_get(o, "error") || strcmp(type, "error") == 0) {
		s->failed = 1;
		return LC_OK;
	}
	switch (s->shape) {
	case LC_SHAPE_OPENAI_CHAT:
	case LC_SHAPE_OPENAI_EMBEDDINGS:
		rc = lcu_norm_openai_chat(src, o, hint, &s->u, err);
		break;
	case LC_SHAPE_OPENAI_RESPONSES:
		v = lcu_get(o, "response");
		if (!v)
			break;
		rc = lcu_norm_openai_responses(src, v, hint, &s->u, err);
		if (strcmp(type, "response.completed") == 0 ||
		    strcmp(type, "response.incomplete") == 0 || strcmp(type, "response.failed") == 0)
			s->done = 1;
		break;
	case LC_SHAPE_ANTHROPIC:
		if (strcmp(type, "message_start") == 0) {
			v = lcu_get(o, "message");
			if (v)
				rc = lcu_norm_anthropic(src, v, hint, &s->u, err);
		} else if (strcmp(type, "message_delta") == 0) {
			v = lcu_get(o, "usage");
			if (v) {
				rc = lcu_norm_anthropic_usage(src, v, &s->u, err);
				if (rc == LC_OK)
					rc = 1;
			}
		} else if (strcmp(type, "message_stop") == 0) {
			s->done = 1;
		}
		break;
	case LC_SHAPE_GEMINI:
		rc = lcu_norm_gemini(src, o, hint, &s->u, err);
		if (has_finish_reason(o))
			s->done = 1;
		break;
	case LC_SHAPE_AUTO:
		break;
	}
	if (rc == 1)
		s->have_usage = 1;
	return rc < 0 ? rc : LC_OK;
}

/* The value after the key at p (a pointer to its opening quote) is not null. */
static int non_null_after(const char *p, const char *end, size_t keylen)
{
	p += keylen;
	while (p < end && (lcu_is_space(*p) || *p == ':'))
		p++;
	return p < end && *p != 'n';
}

/* Whether data contains "key" (quoted) with a non-null value somewhere. */
static int has_key(const char *d, size_t n, const char *qkey)
{
	size_t k = strlen(qkey);
	const char *end = d + n, *p = d;

	while ((p = memmem(p, (size_t)(end - p), qkey, k)) != NULL) {
		if (non_null_after(p, end, k))
			return 1;
		p += k;
	}
	return 0;
}

/*
 * Events that cannot change the record are skipped without parsing: text deltas are
 * nearly all of a stream, and a gateway meters every stream it proxies. Only the record's
 * metadata (taken from the first events), usage-bearing events and error events are parsed.
 * The tests are conservative: a false "may matter" only costs a parse.
 */
static int skippable(const lc_stream_usage *s, const lc_sse_event *ev)
{
	const char *d = ev->data, *t = ev->type;
	size_t n = ev->data_len;

	if (!s->u.model[0] || !s->u.id[0])
		return 0;
	switch (s->shape) {
	case LC_SHAPE_OPENAI_CHAT:
		return !has_key(d, n, "\"usage\"") && !has_key(d, n, "\"error\"");
	case LC_SHAPE_ANTHROPIC:
		if (!*t) /* no event names (some proxies drop them): look at the data */
			return n > 23 && memcmp(d, "{\"type\":\"content_block_", 23) == 0;
		return strncmp(t, "content_block_", 14) == 0 || strcmp(t, "ping") == 0;
	case LC_SHAPE_OPENAI_RESPONSES:
		return strncmp(t, "response.", 9) == 0 && strcmp(t, "response.completed") != 0 &&
		       strcmp(t, "response.incomplete") != 0 && strcmp(t, "response.failed") != 0 &&
		       !has_key(d, n, "\"usage\"");
	case LC_SHAPE_AUTO:
	case LC_SHAPE_OPENAI_EMBEDDINGS:
	case LC_SHAPE_GEMINI:
		break;
	}
	return 0;
}

static int on_event(const lc_sse_event *ev, void *ctx)
{
	feed_ctx *fc = ctx;
	lc_stream_usage *s = fc->s;
	lcu_src src;
	json_object *o = NULL;
	int rc;

	s->events++;
	if (ev->data_len == 6 && memcmp(ev->data, "[DONE]", 6) == 0) {
		s->done = 1;
		return LC_OK;
	}
	if (strcmp(ev->type, "ping") == 0 || skippable(s, ev))
		return LC_OK;
	src.name = s->name;
	src.text = ev->data;
	src.len = ev->data_len;
	src.line = ev->data_line;
	src.col = ev->data_col;
	if ((rc = lcu_json_parse(&src, fc->tok, &o, fc->err)) < 0)
		return rc;
	if (!json_object_is_type(o, json_type_object)) {
		rc = lcu_fail(&src, 0, LC_PARSE, fc->err, "stream event data is not a JSON object");
		goto out;
	}
	if (s->shape == LC_SHAPE_AUTO)
		s->shape = lcu_detect_shape(o);
	rc = apply(s, &src, o, ev->type, fc->err);
out:
	json_object_put(o);
	return rc;
}

int lc_stream_usage_feed(lc_stream_usage *s, const char *bytes, size_t n, lc_error *err)
{
	feed_ctx fc;
	int rc;

	if ((rc = ctx_init(s, &fc, err)) < 0)
		return rc;
	rc = lc_sse_feed(&s->sse, bytes, n, on_event, &fc, err);
	if (rc < 0 && err && strncmp(err->msg, "line ", 5) == 0)
		lc_error_prefix(err, "%s:", s->name);
	return rc;
}

int lc_stream_usage_finish(lc_stream_usage *s, lc_usage *out, lc_error *err)
{
	feed_ctx fc;
	int rc;

	if ((rc = ctx_init(s, &fc, err)) < 0)
		return rc;
	rc = lc_sse_finish(&s->sse, on_event, &fc, err);
	if (rc < 0)
		return rc;
	if (s->events == 0)
		return lc_error_set(err, LC_PARSE, "%s: no server-sent events in the stream",
				    s->name);
	if (s->shape == LC_SHAPE_AUTO)
		return lc_error_set(err, LC_PARSE, "%s: not a stream of a known provider API",
				    s->name);
	if (!s->have_usage)
		s->u.flags |= LC_USAGE_NO_USAGE;
	/* OpenAI sends usage as the very last chunk: once seen, nothing billable is missing */
	if ((!s->done && !(s->have_usage && s->shape == LC_SHAPE_OPENAI_CHAT)) || s->failed)
		s->u.flags |= LC_USAGE_PARTIAL;
	if (!s->u.provider[0])
		lcu_set_provider(&s->u, s->hint[0] ? s->hint : NULL,
				 s->shape == LC_SHAPE_ANTHROPIC ? "anthropic"
				 : s->shape == LC_SHAPE_GEMINI  ? "google"
								: "openai");
	*out = s->u;
	return LC_OK;
}
